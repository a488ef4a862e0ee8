"""Every built-in metric name equals scikit-learn (1e-12, or both NaN) on every task it supports,
over generated inputs pooled from random batch splits: random class counts, classes missing from
``y`` or from the predictions, one class, ties, zero division, sample weights (zeros included)."""

from __future__ import annotations

import itertools
import math
import warnings

import numpy as np
import pytest
from conftest import fit_identity
from hypothesis import given, settings
from hypothesis import strategies as st
from reference import NOT_SCALAR, has_reference, reference_value

from skcb import MetricsCallback, get_registry
from skcb.evaluation import Evaluator
from skcb.plugins import BUILTIN_PLUGINS
from skcb.selection import select
from skcb.targets import interpret, resolve


def builtin_metrics() -> dict:
    return {k: m for k, m in get_registry()._names.items() if m.plugin in BUILTIN_PLUGINS}


def skcb_value(name: str, task: str, y: np.ndarray, outputs: np.ndarray,
               weight: np.ndarray | None, cuts: list[int]) -> float:
    target = resolve(y, outputs.shape[1], task=task)
    evaluator = Evaluator(select([name], get_registry()), target)
    state = evaluator.new_state()
    bounds = [0, *sorted(set(cuts)), len(y)]
    for a, b in itertools.pairwise(bounds):
        if b > a:
            state.update(interpret(target, y[a:b], outputs[a:b],
                                   None if weight is None else weight[a:b]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return evaluator.compute(state).scalars[name]


@st.composite
def weights(draw: st.DrawFn, n: int, rng: np.random.Generator) -> np.ndarray | None:
    kind = draw(st.sampled_from(["none", "none", "real", "integral"]))
    if kind == "none":
        return None
    return rng.random(n) * 3 if kind == "real" else rng.integers(0, 3, n).astype(float)


@st.composite
def classification(draw: st.DrawFn, task: str) -> tuple:
    n = draw(st.integers(1, 40) | st.integers(12, 40))  # mostly enough for every class
    k = 2 if task == "binary" else draw(st.integers(3 if task == "multiclass" else 2, 6))
    width = draw(st.sampled_from([1, 2])) if task == "binary" else k
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    raw = np.round(rng.random((n, width)), draw(st.sampled_from([1, 6])))  # coarse: ties
    if draw(st.booleans()):  # a class (or label) the model never predicts: zero division
        raw[:, draw(st.integers(0, width - 1))] *= 0.01
    if task == "multiclass" or width == 2:
        raw = raw + 1e-3
        raw = raw / raw.sum(axis=1, keepdims=True)
    if task == "multilabel":
        y = (rng.random((n, k)) < draw(st.sampled_from([0.4, 0.0, 0.2, 1.0, 0.5]))).astype(int)
    else:  # only some classes present in y, maybe one
        present = rng.choice(k, size=k - draw(st.integers(0, k - 1)), replace=False)
        y = rng.choice(present, size=n)
    cuts = draw(st.lists(st.integers(0, n), max_size=4))
    return y, raw.astype("float32"), draw(weights(n, rng)), cuts


@st.composite
def regression(draw: st.DrawFn) -> tuple:
    n = draw(st.integers(1, 40) | st.integers(12, 40))
    shape = draw(st.sampled_from(["1d", "column", "2", "1d", "3"]))
    m = int(shape) if shape.isdigit() else 1
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    low = draw(st.sampled_from([0.5, 0.0, -2.0, 0.5]))  # > 0 for deviances, >= 0, negative
    y = low + rng.random((n, m)) * 3
    if draw(st.integers(0, 3)) == 0:
        y = np.round(y)  # integral targets, and zeros for percentage errors
    if draw(st.integers(0, 5)) == 0:
        y[:] = y[0]  # a constant target: R^2's 0/0
    out = (low + rng.random((n, m)) * 3).astype("float32")
    y = y[:, 0] if shape == "1d" else y
    cuts = draw(st.lists(st.integers(0, n), max_size=4))
    return y, out, draw(weights(n, rng)), cuts


def check(name: str, task: str, problem: tuple) -> None:
    y, outputs, weight, cuts = problem
    n_classes = outputs.shape[1] if task in ("multiclass", "multilabel") else 2
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            expected = reference_value(name, task, y, outputs, weight, n_classes)
        except Exception:  # scikit-learn refuses the input: skcb logs NaN
            expected = math.nan
    got = skcb_value(name, task, y, outputs, weight, cuts)
    if math.isnan(expected):
        assert math.isnan(got), (name, task, got)
    else:
        assert got == pytest.approx(expected, abs=1e-12, rel=0), (name, task)


CASES = [(name, task) for name, m in sorted(builtin_metrics().items()) if name not in NOT_SCALAR
         for task in sorted(m.tasks)]


@pytest.mark.parametrize(("name", "task"), CASES, ids=[f"{n}-{t}" for n, t in CASES])
@settings(max_examples=20, deadline=None)
@given(data=st.data())
def test_builtin_equals_sklearn(name: str, task: str, data: st.DataObject) -> None:
    problem = regression() if task == "regression" else classification(task)
    check(name, task, data.draw(problem))


def test_every_builtin_has_an_independent_reference() -> None:
    missing = sorted(n for n in builtin_metrics() if not has_reference(n))
    assert not missing, f"add these to tests/reference.py: {missing}"


@pytest.mark.slow
@pytest.mark.parametrize("task", ["binary", "multiclass", "multilabel", "regression"])
def test_all_builtins_in_one_real_fit(task: str) -> None:
    rng = np.random.default_rng(7)
    k = {"binary": 1, "multiclass": 4, "multilabel": 3, "regression": 1}[task]
    outputs = (rng.random((60, k)) * 0.9 + 0.05).astype("float32")
    if task == "multiclass":
        outputs /= outputs.sum(axis=1, keepdims=True)
    y = {"binary": rng.integers(0, 2, 60), "multiclass": rng.integers(0, 4, 60),
         "multilabel": (rng.random((60, 3)) < 0.5).astype(int),
         "regression": rng.random(60) * 2 + 0.1}[task]
    names = [n for n, m in builtin_metrics().items() if task in m.tasks and n not in NOT_SCALAR]
    cb = MetricsCallback(names, validation_data=(outputs, y), sinks=(), batch_size=16)
    history = fit_identity(cb, k).history
    n_classes = {"binary": 2, "multiclass": 4, "multilabel": 3, "regression": 2}[task]
    for name in names:
        expected = reference_value(name, task, y, outputs, None, n_classes)
        assert history[f"val_{name}"][0] == pytest.approx(expected, abs=1e-12, rel=0), name
