"""scikit-learn's classification metrics, computed from a :class:`~skcb.confusion.Confusion`.

Each function takes the sklearn function's keyword arguments (less ``sample_weight``, which the
accumulation already holds) and mirrors its arithmetic, edge cases, errors and
``UndefinedMetricWarning`` s, so values equal sklearn's on the pooled data (to float rounding).
``average="samples"`` is not available: it needs per-sample values.
"""

from __future__ import annotations

import math
import warnings
from numbers import Real
from typing import TYPE_CHECKING, Any, Sequence

import numpy as np
from sklearn.exceptions import UndefinedMetricWarning

if TYPE_CHECKING:
    from .confusion import Confusion

AVERAGES = (None, "binary", "micro", "macro", "weighted", "samples")
Score = Any  # a float, or an array of per-label floats for ``average=None``


def _check_nonempty(state: Confusion) -> None:
    if state.n_samples == 0:
        raise ValueError("Found empty input: no samples were accumulated")
    if state.nonzero_count == 0:
        raise ValueError("Sample weights must contain at least one non-zero number.")


def _present_square(state: Confusion) -> np.ndarray:
    """The weighted confusion matrix over present labels, as ``confusion_matrix`` returns it."""
    _check_nonempty(state)
    idx = state.present_labels()
    return state.square()[0][np.ix_(idx, idx)]


def accuracy(state: Confusion, *, normalize: bool = True) -> float:
    """``accuracy_score``; subset accuracy for multilabel."""
    _check_nonempty(state)
    if state.task == "multilabel":
        correct = state.exact_weight
    else:
        correct = float(np.trace(state.weighted))
    if not normalize:
        return float(correct)
    if state.total_weight == 0:
        raise ZeroDivisionError("Weights sum to zero, can't be normalized")
    return float(correct / state.total_weight)


def balanced_accuracy(state: Confusion, *, adjusted: bool = False) -> float:
    """``balanced_accuracy_score``: mean recall over classes present in ``y_true``."""
    C = _present_square(state)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_class = np.diag(C) / C.sum(axis=1)
    if np.any(np.isnan(per_class)):
        warnings.warn("y_pred contains classes not in y_true", stacklevel=2)
        per_class = per_class[~np.isnan(per_class)]
    score = per_class.mean() if per_class.size else np.float64(np.nan)
    if adjusted:
        if per_class.size == 0:
            raise ZeroDivisionError("balanced accuracy: no class has any weight in y_true")
        chance = 1 / per_class.shape[0]
        with np.errstate(divide="ignore", invalid="ignore"):
            score = (score - chance) / (1 - chance)
    return float(score)


def matthews_corrcoef(state: Confusion) -> float:
    """``matthews_corrcoef``; 0.0 when the denominator is 0, as sklearn."""
    C = _present_square(state)
    t_sum, p_sum = C.sum(axis=1), C.sum(axis=0)
    n_correct = np.trace(C)
    n_samples = p_sum.sum()
    cov_ytyp = n_correct * n_samples - np.dot(t_sum, p_sum)
    cov_ypyp = n_samples**2 - np.dot(p_sum, p_sum)
    cov_ytyt = n_samples**2 - np.dot(t_sum, t_sum)
    cov_ypyp_ytyt = cov_ypyp * cov_ytyt
    return 0.0 if cov_ypyp_ytyt == 0 else float(cov_ytyp / np.sqrt(cov_ypyp_ytyt))


def _kappa_matrix(state: Confusion, labels: Sequence[int] | None) -> np.ndarray:
    """``confusion_matrix(labels=labels)``: rows and columns in ``labels`` order."""
    if labels is None:
        return _present_square(state)
    _check_nonempty(state)
    lab = np.asarray(labels, dtype=np.int64).reshape(-1)
    if lab.size == 0:
        raise ValueError("'labels' should contain at least one label.")
    W = state.square()[0]
    inside = (lab >= 0) & (lab < len(W))
    if not state.seen_true()[lab[inside]].any():
        raise ValueError("At least one label in `labels` must be present in `y1`")
    last = {int(v): i for i, v in enumerate(lab)}  # sklearn's label -> index map: last one wins
    keep = np.array([i for i, v in enumerate(lab) if last[int(v)] == i and inside[i]], dtype=int)
    C = np.zeros((lab.size, lab.size))
    C[np.ix_(keep, keep)] = W[np.ix_(lab[keep], lab[keep])]
    return C


def cohen_kappa(
    state: Confusion,
    *,
    labels: Sequence[int] | None = None,
    weights: str | None = None,
    replace_undefined_by: float = np.nan,
) -> float:
    """``cohen_kappa_score``; linear/quadratic weights use positions among the labels."""
    if weights not in (None, "linear", "quadratic"):
        raise ValueError(f"weights must be None, 'linear' or 'quadratic', got {weights!r}")
    undefined = replace_undefined_by
    if not (isinstance(undefined, Real) and (math.isnan(undefined) or -1 <= undefined <= 1)):
        raise ValueError(f"replace_undefined_by must be in [-1, 1] or nan, got {undefined!r}")
    C = _kappa_matrix(state, labels)
    n = C.shape[0]
    sum0, sum1 = C.sum(axis=0), C.sum(axis=1)
    total = sum0.sum()
    if total == 0:
        warnings.warn("cohen_kappa_score: no weight on shared labels", UndefinedMetricWarning, 2)
        return replace_undefined_by
    expected = np.outer(sum0, sum1) / total
    if weights is None:
        w_mat = 1.0 - np.eye(n)
    else:
        diff = np.arange(n, dtype=np.float64)[None, :] - np.arange(n)[:, None]
        w_mat = np.abs(diff) if weights == "linear" else diff**2
    denominator = np.sum(w_mat * expected)
    if denominator == 0:
        warnings.warn("cohen_kappa_score: only one label in common", UndefinedMetricWarning, 2)
        return replace_undefined_by
    return float(1 - np.sum(w_mat * C) / denominator)


# --- set-wise metrics: precision, recall, F-beta, Jaccard ---------------------------------------


# The set-wise scores live in their own module; they are part of this one's interface.
from .confusion_setwise import (  # noqa: E402
    f1,
    fbeta,
    jaccard,
    precision,
    precision_recall_fscore,
    recall,
)

__all__ = ["accuracy", "balanced_accuracy", "cohen_kappa", "f1", "fbeta", "jaccard",
           "matthews_corrcoef", "precision", "precision_recall_fscore", "recall"]
