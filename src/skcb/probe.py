"""A dry run of every enabled metric on a small, well-formed synthetic evaluation, at the
start of training: arguments a metric's function refuses (``average="bogus"``, ``k=0``,
``pos_label=2`` on 0/1 labels, ...) and shapes it cannot take fail there, not as NaN every
epoch."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from .targets import Batch, TargetSpec


def synthetic(target: TargetSpec, weighted: bool, dtype: Any = np.float32) -> Batch:
    """Every class present in truth and predictions, scores consistent with the labels."""
    task, k = target.task, target.n_classes or 2
    if task == "regression":
        m = target.n_outputs or 1
        y = np.linspace(1.0, 2.0, 12).astype(dtype)
        y = y if m == 1 else np.tile(y[:, None], (1, m)) + np.arange(m, dtype=dtype)
        return Batch(y, (y * 1.1).astype(dtype), None, np.linspace(0.5, 1.5, 12) if weighted else None)
    if task == "multilabel":
        eye = np.eye(k, dtype=np.int64)
        y = np.vstack([eye, 1 - eye, eye])
        pred = np.roll(y, 1, axis=0)
        scores = np.where(pred == 1, 0.8, 0.2).astype(dtype)
    else:
        y = np.tile(np.arange(k), 3)
        pred = np.concatenate([np.arange(k), np.arange(k), np.roll(np.arange(k), 1)])
        if task == "binary":
            scores = np.where(pred == 1, 0.8, 0.2).astype(dtype)
        else:
            scores = np.full((len(y), k), 0.5 / (k - 1), dtype=np.float64)
            scores[np.arange(len(y)), pred] = 0.5
            scores = scores.astype(dtype)
    w = np.linspace(0.5, 1.5, len(y)) if weighted else None
    return Batch(y, pred, scores, w)


def failures(evaluator: Any, weighted: bool) -> dict[str, Exception]:
    """Metric key -> the error its function raised on the synthetic evaluation."""
    state = evaluator.new_state()
    state.update(synthetic(evaluator.target, weighted))
    data = state.collected.result() if state.collected is not None else None
    found: dict[str, Exception] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for sel, form in zip(evaluator.selected, evaluator.plan):
            try:
                evaluator.value(sel, form, state, data)
            except Exception as exc:
                found[sel.key] = exc
    return found
