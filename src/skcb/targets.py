"""Turning ``y`` and model outputs into what metrics take: labels, scores or values.

This is the one place where outputs are interpreted, so every metric sees the same, correct
inputs. Inference rules (``task=`` overrides them; ``docs/metrics.md`` states the same):

* ``y`` of strings (or bytes, as ``tf.data`` gives them): class names, mapped to output columns
  through ``class_names=``; ``binary`` for one or two output columns, else ``multiclass``.
* ``y`` with two or more columns of 0/1 values: one 1 per row is one-hot (``binary`` for two
  columns, else ``multiclass``); otherwise ``multilabel``. Other values: ``regression``.
* ``y`` with one column: non-integral floats are ``regression``. Integral values with a model
  of two or more output columns are ``multiclass`` (``binary`` for two columns); with one
  output column, only 0/1 values are ``binary`` and anything else is ``regression``.

Outputs: one column (or 1-D) is a sigmoid probability of class 1, thresholded at
``threshold`` (``p > threshold``, never argmax); a two-column softmax for ``binary`` uses
column 1; a softmax matrix is argmaxed (ties to the lower class, as ``numpy.argmax``); a
``multilabel`` matrix is thresholded per column. ``from_logits=True`` applies the sigmoid or
softmax first, in float64. Otherwise scores keep the model's float dtype. Regression outputs
of shape (n,) or (n, 1) pair with ``y`` of shape (n,) or (n, 1); (n, m) with (n, m).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from .specs import TASKS

__all__ = ["TASKS", "Batch", "TargetSpec", "candidate_tasks", "encode", "interpret", "resolve",
           "validate"]


@dataclass(frozen=True)
class TargetSpec:
    """How to interpret one model's outputs, fixed for a training run."""

    task: str
    n_classes: int | None = None  # classes (binary/multiclass) or labels (multilabel)
    threshold: float = 0.5
    from_logits: bool = False
    class_names: tuple[str, ...] | None = None  # display names (and string labels) by index
    n_outputs: int | None = None  # output columns of the model


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


def _is_text(y: np.ndarray) -> bool:
    return y.dtype.kind in "US" or (
        y.dtype.kind == "O" and y.size > 0 and isinstance(y.flat[0], (str, bytes)))


@lru_cache(maxsize=16)
def _index(names: tuple[str, ...]) -> dict[str, int]:
    return {name: i for i, name in enumerate(names)}


def encode(y: Any, class_names: Any = None) -> np.ndarray:
    """``y`` as numbers: string (or bytes) labels become the index of their class name."""
    y = np.asarray(y)
    if not _is_text(y):
        return y.astype(np.float64) if y.dtype.kind == "O" else y
    if class_names is None:
        raise ValueError(f"y holds class names such as {y.flat[0]!r}: pass class_names=[...] "
                         "(one per output column, in column order) to map them")
    index = _index(tuple(str(c) for c in class_names))
    flat = [v.decode() if isinstance(v, bytes) else str(v) for v in y.reshape(-1)]
    unknown = sorted(set(flat) - set(index))
    if unknown:
        raise ValueError(f"y holds {unknown[:5]}, not among class_names {list(index)}")
    return np.fromiter((index[v] for v in flat), np.int64, len(flat)).reshape(y.shape)


def candidate_tasks(y: Any, n_outputs: int | None = None, class_names: Any = None) -> set[str]:
    """Tasks ``y`` may belong to; a single one once ``n_outputs`` (output columns) is known."""
    raw = np.asarray(y)
    if _is_text(raw):
        encode(raw, class_names)  # unknown names fail here, before training
        if n_outputs is None:
            return {"binary"} if class_names is not None and len(class_names) == 2 else {
                "binary", "multiclass"}
        return {"binary"} if n_outputs <= 2 else {"multiclass"}
    y = _as_column(raw)
    if y.dtype.kind not in "iubf":
        raise ValueError(f"y must be numeric labels or values, got dtype {y.dtype}")
    if y.dtype.kind == "f" and not np.all(np.isfinite(y)):
        raise ValueError("y holds NaN or infinite values")
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


def why_regression(y: Any, n_outputs: int | None = None) -> str:
    """Why ``y`` reads as regression targets, for error messages about classification metrics."""
    y = _as_column(np.asarray(y))
    if y.ndim == 2:
        return (f"y has {y.shape[1]} columns holding values other than 0 and 1 (label smoothing?"
                " pass the hard labels)")
    if not _integral(y):
        return "y holds non-integer values"
    labels = np.unique(y)
    shown = ", ".join(str(v) for v in labels[:6]) + (", ..." if len(labels) > 6 else "")
    return (f"y holds the labels {{{shown}}} but the model has {n_outputs or 1} output column: "
            "a binary model needs y in {0, 1}; k classes need k (softmax) output columns")


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
        (task,) = candidate_tasks(y, n_outputs, class_names)
    elif task not in TASKS:
        raise ValueError(f"task must be one of {TASKS}, got {task!r}")
    n_classes: int | None = None
    if task == "binary":
        n_classes = 2
        if n_outputs > 2:
            raise ValueError(f"task 'binary' needs 1 or 2 output columns, the model has "
                             f"{n_outputs}")
    elif task in ("multiclass", "multilabel"):
        n_classes = n_outputs
        if task == "multiclass" and n_outputs < 2:
            raise ValueError("task 'multiclass' needs one output column per class (softmax)")
    names = None if class_names is None else tuple(str(c) for c in class_names)
    expected = n_classes if n_classes is not None else n_outputs
    if names is not None and len(names) != expected:
        raise ValueError(f"class_names has {len(names)} names but the {task} model has "
                         f"{expected} {'classes' if n_classes else 'outputs'}")
    return TargetSpec(task, n_classes, float(threshold), bool(from_logits), names, n_outputs)


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
        y_true = np.asarray(y)
        if y_true.dtype.kind != "f":  # float32 targets stay float32, as scikit-learn sees them
            y_true = y_true.astype(np.float64)
        y_true = _as_column(y_true)
        values = out[:, 0] if out.shape[1] == 1 and y_true.ndim == 1 else out
        return Batch(y_true, values, None, w)
    y = encode(y, spec.class_names)
    if spec.from_logits:  # float64: a float32 sigmoid saturates to ties near 0 and 1
        from scipy.special import expit, softmax

        sigmoid = task == "multilabel" or out.shape[1] == 1
        out = expit(out.astype(np.float64)) if sigmoid else softmax(out.astype(np.float64), 1)
    if task == "binary":
        p = out[:, 0] if out.shape[1] == 1 else out[:, 1]
        return Batch(_class_indices(y), (p > spec.threshold).astype(np.int64), p, w)
    if task == "multiclass":
        return Batch(_class_indices(y), np.argmax(out, axis=1).astype(np.int64), out, w)
    # multilabel: every column thresholded on its own, never argmax
    y_true = np.asarray(y).reshape(len(out), -1).astype(np.int64)
    return Batch(y_true, (out > spec.threshold).astype(np.int64), out, w)


def _class_indices(y: np.ndarray) -> np.ndarray:
    if y.ndim == 2 and y.shape[1] > 1:  # one-hot
        return np.argmax(y, axis=1).astype(np.int64)
    return _as_column(y).astype(np.int64)


def validate(spec: TargetSpec, y: Any) -> None:
    """Check the whole truth against the resolved task before training starts."""
    if spec.task == "regression":
        values = np.asarray(y, dtype=np.float64)
        if not np.all(np.isfinite(values)):
            raise ValueError("y holds NaN or infinite values")
        width = 1 if _as_column(values).ndim == 1 else values.shape[1]
        if spec.n_outputs is not None and width != spec.n_outputs:
            raise ValueError(f"regression y has {width} column(s) but the model has "
                             f"{spec.n_outputs} output(s)")
        return
    y = encode(y, spec.class_names)
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
