"""The evaluation plan: shared confusion matrix, bounded memory, mergeable states."""

from __future__ import annotations

import numpy as np
import pytest

from skcb import get_registry
from skcb.evaluation import Evaluator
from skcb.selection import select
from skcb.targets import interpret, resolve

EIGHT = ["accuracy", "balanced_accuracy", "precision_macro", "recall_macro", "f1_macro",
         "jaccard_macro", "mcc", "cohen_kappa"]


def _problem(n: int, k: int = 5, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    out = rng.random((n, k))
    out = (out / out.sum(axis=1, keepdims=True)).astype("float32")  # softmax-like rows
    return rng.integers(0, k, n), out, rng.random(n)


def _evaluator(names: list[str], y: np.ndarray, out: np.ndarray, shared: bool = True) -> Evaluator:
    return Evaluator(select(names, get_registry()), resolve(y, out.shape[1]), shared=shared)


def _run(ev: Evaluator, y: np.ndarray, out: np.ndarray, w: np.ndarray, batch: int = 97):
    state = ev.new_state()
    for i in range(0, len(y), batch):
        state.update(interpret(ev.target, y[i:i + batch], out[i:i + batch], w[i:i + batch]))
    return state


def test_confusion_metrics_stream_in_memory_independent_of_samples() -> None:
    sizes = []
    for n in (100, 20_000):
        y, out, w = _problem(n)
        ev = _evaluator(EIGHT, y, out)
        assert ev.streaming and ev.keep == frozenset()
        sizes.append(_run(ev, y, out, w).nbytes)
    assert sizes[0] == sizes[1] == 2 * 5 * 5 * 8


def test_score_metrics_keep_only_scores() -> None:
    y, out, w = _problem(300)
    ev = _evaluator(["f1", "roc_auc"], y, out)
    assert not ev.streaming and ev.keep == frozenset({"scores"})
    state = _run(ev, y, out, w)
    assert all(b.y_pred is None and b.scores is not None for b in state.collected.batches)


def test_shared_path_equals_the_plain_scikit_learn_path() -> None:
    y, out, w = _problem(1000, k=7, seed=4)
    names = EIGHT + ["precision", "f1_weighted", "jaccard_micro", "recall_weighted"]
    fast = _evaluator(names, y, out).compute(_run(_evaluator(names, y, out), y, out, w))
    slow_ev = _evaluator(names, y, out, shared=False)
    slow = slow_ev.compute(_run(slow_ev, y, out, w))
    assert set(fast.scalars) == set(slow.scalars)
    for key, value in slow.scalars.items():
        assert fast.scalars[key] == pytest.approx(value, abs=1e-12, rel=0), key


def test_merged_shards_equal_one_pass() -> None:
    y, out, w = _problem(900, seed=9)
    names = EIGHT + ["roc_auc"]
    ev = _evaluator(names, y, out)
    whole = ev.compute(_run(ev, y, out, w)).scalars
    first = _run(ev, y[:400], out[:400], w[:400])
    first.merge(_run(ev, y[400:], out[400:], w[400:]))
    merged = ev.compute(first).scalars
    assert not np.isnan(list(whole.values())).any()
    for key, value in whole.items():
        assert merged[key] == pytest.approx(value, abs=1e-12, rel=0), key


def test_no_samples_is_an_error_not_a_silent_zero() -> None:
    y, out, w = _problem(10)
    ev = _evaluator(["f1"], y, out)
    with pytest.raises(ValueError, match="no evaluation samples"):
        ev.compute(ev.new_state())
