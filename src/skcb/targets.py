"""Turning ``y`` and model outputs into what metrics take: labels, scores or values.

This is the one place where outputs are interpreted, so every metric sees the same, correct
inputs. Inference rules (``task=`` overrides them):

* ``y`` with two or more columns of 0/1 values: one 1 per row is one-hot (``binary`` for two
  columns, else ``multiclass``); otherwise ``multilabel``. Other values: ``regression``.
* ``y`` with one column: non-integral floats are ``regression``. Integral values with a model
  of two or more output columns are ``multiclass`` (``binary`` for two columns); with one
  output column, only 0/1 values are ``binary`` and anything else is ``regression``.

Outputs: one column (or 1-D) is a sigmoid probability thresholded at ``threshold`` (never
argmax); a two-column softmax for ``binary`` uses column 1; a softmax matrix is argmaxed; a
``multilabel`` matrix is thresholded per column; ``from_logits=True`` applies the sigmoid or
softmax first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .specs import TASKS

__all__ = ["TASKS", "Batch", "TargetSpec", "candidate_tasks", "interpret", "resolve", "validate"]


@dataclass(frozen=True)
class TargetSpec:
    """How to interpret one model's outputs, fixed for a training run."""

    task: str
    n_classes: int | None = None  # classes (binary/multiclass) or labels (multilabel)
    threshold: float = 0.5
    from_logits: bool = False
    class_names: tuple[str, ...] | None = None  # display names (and string labels) by index


@dataclass
class Batch:
    """Interpreted truth and predictions for a batch (or a whole evaluation set)."""

    y_true: np.ndarray
    y_pred: np.ndarray  # labels (classification) or values (regression)
    scores: np.ndarray | None  # probability of class 1 (binary), (n, k) probabilities otherwise
    sample_weight: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.y_true)


def _is_01(a: np.ndarray) -> bool:
    return a.size > 0 and bool(np.all((a == 0) | (a == 1)))


def _integral(a: np.ndarray) -> bool:
    return a.dtype.kind in "iub" or (a.dtype.kind == "f" and bool(np.all(np.mod(a, 1) == 0)))


def _as_column(y: Any) -> np.ndarray:
    y = np.asarray(y)
    return y[:, 0] if y.ndim == 2 and y.shape[1] == 1 else y


def candidate_tasks(y: Any, n_outputs: int | None = None) -> set[str]:
    """Tasks ``y`` may belong to; a single one once ``n_outputs`` (output columns) is known."""
    y = _as_column(y)
    if y.dtype.kind not in "iubf":
        raise ValueError(f"y must be numeric labels or values, got dtype {y.dtype}")
    if y.ndim == 2:
        if not _is_01(y):
            return {"regression"}
        if np.all(y.sum(axis=1) == 1):
            return {"binary"} if y.shape[1] == 2 else {"multiclass"}
        return {"multilabel"}
    if y.ndim != 1:
        raise ValueError(f"y must be 1-D or 2-D, got shape {y.shape}")
    if not _integral(y):
        return {"regression"}
    if n_outputs is None:
        return {"binary", "multiclass"} | ({"regression"} if not _is_01(y) else set())
    if n_outputs == 1:
        return {"binary"} if _is_01(y) else {"regression"}
    return {"binary"} if n_outputs == 2 else {"multiclass"}


def resolve(
    y: Any,
    n_outputs: int,
    task: str | None = None,
    threshold: float = 0.5,
    from_logits: bool = False,
    class_names: Any = None,
) -> TargetSpec:
    """Fix the task and class count from ``y`` and the number of output columns."""
    if task is None:
        (task,) = candidate_tasks(y, n_outputs)
    elif task not in TASKS:
        raise ValueError(f"task must be one of {TASKS}, got {task!r}")
    if task == "binary":
        n_classes: int | None = 2
        if n_outputs > 2:
            raise ValueError(f"task 'binary' needs 1 or 2 output columns, the model has {n_outputs}")
    elif task in ("multiclass", "multilabel"):
        n_classes = n_outputs
        if task == "multiclass" and n_outputs < 2:
            raise ValueError("task 'multiclass' needs one output column per class (softmax)")
    else:
        n_classes = None
    names = None if class_names is None else tuple(str(c) for c in class_names)
    return TargetSpec(task, n_classes, float(threshold), bool(from_logits), names)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _class_indices(y: np.ndarray, n_classes: int) -> np.ndarray:
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] > 1:  # one-hot
        return np.argmax(y, axis=1).astype(np.int64)
    return _as_column(y).astype(np.int64)


def interpret(spec: TargetSpec, y: Any, outputs: Any, sample_weight: Any = None) -> Batch:
    """Turn one batch of ``y`` and raw model ``outputs`` into a :class:`Batch`."""
    out = np.asarray(outputs)
    if out.dtype.kind != "f" or out.itemsize < 4:  # keep float32/64 as the model gave them
        out = out.astype(np.float32)
    if out.ndim == 1:
        out = out[:, None]
    w = None if sample_weight is None else np.asarray(sample_weight, dtype=np.float64).reshape(-1)
    task = spec.task
    if task == "regression":
        y_true = np.asarray(y, dtype=np.float64)
        values = out[:, 0] if out.shape[1] == 1 and _as_column(y_true).ndim == 1 else out
        return Batch(_as_column(y_true), values, None, w)
    if task == "binary":
        if out.shape[1] == 1:
            p = _sigmoid(out[:, 0]) if spec.from_logits else out[:, 0]
        else:
            p = (_softmax(out) if spec.from_logits else out)[:, 1]
        return Batch(_class_indices(y, 2), (p > spec.threshold).astype(np.int64), p, w)
    if task == "multiclass":
        p = _softmax(out) if spec.from_logits else out
        return Batch(_class_indices(y, p.shape[1]), np.argmax(p, axis=1).astype(np.int64), p, w)
    # multilabel: every column thresholded on its own, never argmax
    p = _sigmoid(out) if spec.from_logits else out
    y_true = np.asarray(y).reshape(len(out), -1).astype(np.int64)
    return Batch(y_true, (p > spec.threshold).astype(np.int64), p, w)


def validate(spec: TargetSpec, y: Any) -> None:
    """Check the whole truth against the resolved task before training starts."""
    y = np.asarray(y)
    if spec.task == "regression":
        if not np.all(np.isfinite(np.asarray(y, dtype=np.float64))):
            raise ValueError("y holds NaN or infinite values")
        return
    if spec.task == "multilabel":
        if y.ndim != 2 or y.shape[1] != spec.n_classes:
            raise ValueError(f"multilabel y must have shape (n, {spec.n_classes}) to match the "
                             f"model's outputs, got {y.shape}")
        if not _is_01(y):
            raise ValueError("multilabel y must hold only 0 and 1")
        return
    assert spec.n_classes is not None
    if y.ndim == 2 and y.shape[1] > 1:
        if y.shape[1] != spec.n_classes:
            raise ValueError(f"one-hot y has {y.shape[1]} columns but the model predicts "
                             f"{spec.n_classes} classes")
        return
    col = _as_column(y)
    if not _integral(col) or col.min() < 0 or col.max() >= spec.n_classes:
        raise ValueError(f"{spec.task} y must hold class indices 0..{spec.n_classes - 1}; "
                         f"got values from {col.min()} to {col.max()}")
