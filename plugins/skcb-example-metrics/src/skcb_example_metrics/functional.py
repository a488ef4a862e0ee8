"""The maths, as plain functions with scikit-learn's calling convention ``fn(y_true, y, ...)``.

Nothing here knows about skcb, so the functions can be tested and used on their own.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
from sklearn.metrics import multilabel_confusion_matrix

AVERAGES = ("binary", "micro", "macro", None)


def specificity(
    y_true: Any,
    y_pred: Any,
    *,
    labels: Sequence[Any] | None = None,
    pos_label: Any = 1,
    average: str | None = "binary",
    sample_weight: Any = None,
    zero_division: float = 0.0,
) -> Any:
    """True-negative rate, TN / (TN + FP): how many of the true negatives were predicted so.

    Args:
        y_true, y_pred: class labels (1-D) or label indicator matrices (multilabel).
        labels: the classes to count (absent ones included); default: those present.
        pos_label: the positive class when ``average="binary"``.
        average: ``"binary"`` (``pos_label`` only), ``"micro"`` (pooled counts), ``"macro"``
            (unweighted mean over classes) or ``None`` (one value per class).
        sample_weight: per-sample weights.
        zero_division: the value when a class has no true negatives and no false positives.
    """
    if average not in AVERAGES:
        raise ValueError(f"average must be one of {AVERAGES}, got {average!r}")
    if average == "binary":
        if np.asarray(y_true).ndim > 1:
            raise ValueError("average='binary' needs 1-D labels; use 'micro' or 'macro'")
        labels = [pos_label]
    mcm = multilabel_confusion_matrix(y_true, y_pred, sample_weight=sample_weight, labels=labels)
    tn, fp = mcm[:, 0, 0].astype(np.float64), mcm[:, 0, 1].astype(np.float64)
    if average == "micro":
        tn, fp = tn.sum(keepdims=True), fp.sum(keepdims=True)
    negatives = tn + fp
    per_class = np.where(negatives > 0, tn / np.where(negatives > 0, negatives, 1), zero_division)
    if average is None:
        return per_class
    return float(per_class.mean())


def expected_calibration_error(
    y_true: Any, y_prob: Any, *, n_bins: int = 10, sample_weight: Any = None
) -> float:
    """Top-label expected calibration error (Guo et al., 2017), equal-width bins.

    The predicted class is the most probable one and its probability the confidence. The
    samples are binned by confidence into ``(0, 1/n], (1/n, 2/n], ...`` and the ECE is
    ``sum_b (n_b / n) * |accuracy_b - mean confidence_b|`` (weighted when ``sample_weight``).

    Args:
        y_true: class indices (1-D) or one-hot rows.
        y_prob: probability of class 1 (1-D, binary) or one row of class probabilities each.
        n_bins: number of equal-width confidence bins.
        sample_weight: per-sample weights.
    """
    if not isinstance(n_bins, (int, np.integer)) or n_bins < 1:
        raise ValueError(f"n_bins must be a positive integer, got {n_bins!r}")
    y = np.asarray(y_true)
    y = np.argmax(y, axis=1) if y.ndim == 2 and y.shape[1] > 1 else y.reshape(-1)
    p = np.asarray(y_prob, dtype=np.float64)
    if p.ndim == 1 or p.shape[1] == 1:
        p = p.reshape(-1)
        pred = (p > 0.5).astype(np.int64)
        conf = np.where(pred == 1, p, 1.0 - p)
    else:
        pred, conf = np.argmax(p, axis=1), np.max(p, axis=1)
    if len(y) != len(conf):
        raise ValueError(f"y_true has {len(y)} samples, y_prob {len(conf)}")
    w = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, np.float64).reshape(-1)
    if w.sum() <= 0:
        raise ValueError("expected_calibration_error needs samples with positive total weight")
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    bins = np.digitize(conf, edges[1:-1], right=True)  # bin i holds (edges[i], edges[i+1]]
    correct = np.bincount(bins, weights=w * (pred == y), minlength=n_bins)
    confident = np.bincount(bins, weights=w * conf, minlength=n_bins)
    return float(np.abs(correct - confident).sum() / w.sum())
