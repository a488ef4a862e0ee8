"""Every built-in metric equals scikit-learn (1e-12) on binary, multiclass and multilabel data,
pooled over random batch splits, with and without sample weights."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import fit_identity
from reference import REFERENCE, reference_value
from skcb import MetricsCallback, get_registry
from skcb.evaluation import Evaluator
from skcb.selection import Selected
from skcb.targets import interpret, resolve

TASK_OF = {"binary", "multiclass", "multilabel"}


def builtin_metrics() -> dict:
    return {k: m for k, m in get_registry()._names.items() if m.plugin.startswith("skcb.builtin")}


def _skcb_value(name: str, task: str, y: np.ndarray, outputs: np.ndarray,
                weight: np.ndarray | None, cuts: list[int]) -> float:
    metric = get_registry().metric(name)
    target = resolve(y, outputs.shape[1], task=task)
    evaluator = Evaluator([Selected(name, metric)], target)
    state = evaluator.new_state()
    bounds = [0, *sorted(set(cuts)), len(y)]
    for a, b in zip(bounds, bounds[1:]):
        if b > a:
            state.update(interpret(target, y[a:b], outputs[a:b],
                                   None if weight is None else weight[a:b]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return evaluator.compute(state).scalars[name]


@st.composite
def problems(draw: st.DrawFn, task: str) -> tuple:
    n = draw(st.integers(1, 40))
    k = 2 if task == "binary" else draw(st.integers(3 if task == "multiclass" else 2, 6))
    width = draw(st.sampled_from([1, 2])) if task == "binary" else k
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    present = draw(st.integers(1, k))  # classes missing from y on purpose
    raw = rng.random((n, width))
    raw = np.round(raw, draw(st.sampled_from([1, 6])))  # coarse values make ties
    if task == "multiclass" or width == 2:
        raw = raw + 1e-3
        raw = raw / raw.sum(axis=1, keepdims=True)
    if task == "multilabel":
        y = (rng.random((n, k)) < 0.4).astype(int)
    else:
        y = rng.integers(0, present, size=n)
    weight = rng.random(n) * 3 if draw(st.booleans()) else None
    cuts = draw(st.lists(st.integers(0, n), max_size=4))
    return y, raw.astype("float32"), weight, cuts


def _check(name: str, task: str, problem: tuple) -> None:
    y, outputs, weight, cuts = problem
    n_classes = 2 if task == "binary" else outputs.shape[1]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            expected = reference_value(name, task, y, outputs, weight, n_classes)
        except ValueError:
            expected = math.nan  # scikit-learn refuses the input: skcb logs NaN
    got = _skcb_value(name, task, y, outputs, weight, cuts)
    if math.isnan(expected):
        assert math.isnan(got), (name, task, got)
    else:
        assert got == pytest.approx(expected, abs=1e-12, rel=0), (name, task)


CASES = [(name, task) for name, m in sorted(builtin_metrics().items())
         for task in sorted(m.tasks & TASK_OF)]


@pytest.mark.parametrize(("name", "task"), CASES, ids=[f"{n}-{t}" for n, t in CASES])
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_builtin_equals_sklearn(name: str, task: str, data: st.DataObject) -> None:
    _check(name, task, data.draw(problems(task)))


def test_every_builtin_has_an_independent_reference() -> None:
    missing = sorted(set(builtin_metrics()) - set(REFERENCE))
    assert not missing, f"add these to tests/reference.py: {missing}"


@pytest.mark.slow
@pytest.mark.parametrize("task", sorted(TASK_OF))
def test_all_builtins_in_one_real_fit(task: str) -> None:
    rng = np.random.default_rng(7)
    k = {"binary": 1, "multiclass": 4, "multilabel": 3}[task]
    outputs = rng.random((60, k)).astype("float32")
    if task == "multiclass":
        outputs /= outputs.sum(axis=1, keepdims=True)
    y = (rng.random((60, k)) < 0.5).astype(int) if task == "multilabel" else rng.integers(0, max(k, 2), 60)
    names = [n for n, m in builtin_metrics().items() if task in m.tasks]
    cb = MetricsCallback(names, validation_data=(outputs, y), sinks=(), batch_size=16)
    history = fit_identity(cb, k).history
    for name in names:
        expected = reference_value(name, task, y, outputs, None, 2 if task == "binary" else k)
        assert history[f"val_{name}"][0] == pytest.approx(expected, abs=1e-12, rel=0), name
