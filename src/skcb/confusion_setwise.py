"""Set-wise scores from a :class:`~skcb.confusion.Confusion`: precision, recall, F-beta, F1 and
Jaccard, with scikit-learn's label selection, averaging, ``zero_division`` and warnings."""

from __future__ import annotations

import math
import warnings
from numbers import Real
from typing import TYPE_CHECKING, Any, Sequence

import numpy as np
from sklearn.exceptions import UndefinedMetricWarning

from .confusion_metrics import AVERAGES, Score, _check_nonempty

if TYPE_CHECKING:
    from .confusion import Confusion


def _check_zero_division(zero_division: Any, allow_nan: bool = True) -> float:
    if isinstance(zero_division, str) and zero_division == "warn":
        return 0.0
    if isinstance(zero_division, Real) and not isinstance(zero_division, str):
        if zero_division in (0, 1) or (allow_nan and math.isnan(zero_division)):
            return float(zero_division)
    allowed = "'warn', 0, 1" + (" or np.nan" if allow_nan else "")
    raise ValueError(f"zero_division must be {allowed}, got {zero_division!r}")


def _set_labels(state: Confusion, average: Any, labels: Any, pos_label: Any) -> np.ndarray:
    """sklearn's ``_check_set_wise_labels`` plus its default of the present labels."""
    if average not in AVERAGES:
        raise ValueError(f"average has to be one of {AVERAGES}, got {average!r}")
    _check_nonempty(state)
    y_type, present = state.target_type(), state.present_labels()
    if average == "binary":
        if y_type != "binary":
            raise ValueError(f"Target is {y_type} but average='binary'; choose another average")
        if pos_label not in present and len(present) >= 2:
            raise ValueError(f"pos_label={pos_label} is not a valid label: one of {present}")
        return np.array([pos_label], dtype=np.int64)
    if pos_label not in (None, 1):
        msg = f"pos_label (set to {pos_label!r}) is ignored when average != 'binary'"
        warnings.warn(msg, UserWarning, stacklevel=3)
    if average == "samples":
        if y_type != "multilabel-indicator":
            raise ValueError("Samplewise metrics are not available outside of multilabel")
        raise NotImplementedError("average='samples' needs per-sample values")
    if labels is None:
        return present
    lab = np.asarray(labels, dtype=np.int64).reshape(-1)
    k = state.n_classes
    if y_type == "multilabel-indicator" and lab.size and (lab.max() >= k or lab.min() < 0):
        raise ValueError(f"All labels must be in [0, {k}) for multilabel targets")
    return lab


def _tp_fp_fn(state: Confusion, labels: np.ndarray) -> tuple[np.ndarray, ...]:
    """Weighted true positives, false positives and false negatives of each label."""
    if state.target_type() == "multilabel-indicator":
        M = state.weighted[labels]
        return M[:, 1, 1], M[:, 0, 1], M[:, 1, 0]
    W = state.square()[0]
    inside = (labels >= 0) & (labels < len(W))
    idx = labels[inside]
    tp, pred, true = (np.zeros(labels.shape) for _ in range(3))
    tp[inside], pred[inside], true[inside] = np.diag(W)[idx], W.sum(0)[idx], W.sum(1)[idx]
    return tp, pred - tp, true - tp


def _prf_divide(num, den, metric: str, modifier: str, warn_for, zero_division) -> np.ndarray:
    """``num / den``, with ``zero_division`` (and maybe a warning) where ``den`` is 0."""
    mask = den == 0
    result = np.asarray(num, dtype=np.float64) / np.where(mask, 1.0, den)
    if not mask.any():
        return result
    result[mask] = _check_zero_division(zero_division)
    if isinstance(zero_division, str) and metric in warn_for:
        where = "due to" if result.shape[0] == 1 else "in labels with"
        msg = f"{metric.capitalize()} is ill-defined and being set to 0.0 {where} no {modifier} "
        msg += "samples. Use `zero_division` parameter to control this behavior."
        warnings.warn(msg, UndefinedMetricWarning, stacklevel=4)
    return result


def _nanaverage(a: np.ndarray, weights: np.ndarray | None = None) -> float:
    if a.shape[0] == 0 or np.all(np.isnan(a)):
        return np.nan
    if weights is None:
        return float(np.nanmean(a))
    keep = ~np.isnan(a)
    try:
        return float(np.average(a[keep], weights=weights[keep]))
    except ZeroDivisionError:  # all weights are zero: ignore them
        return float(np.average(a[keep]))


def precision_recall_fscore(
    state: Confusion,
    *,
    beta: float = 1.0,
    labels: Sequence[int] | None = None,
    pos_label: int | None = 1,
    average: str | None = None,
    warn_for: Sequence[str] = ("precision", "recall", "f-score"),
    zero_division: Any = "warn",
) -> tuple[Score, Score, Score]:
    """sklearn's ``precision_recall_fscore_support`` without the support."""
    _check_zero_division(zero_division)
    if not isinstance(beta, Real) or not beta >= 0:
        raise ValueError(f"beta must be a non-negative number, got {beta!r}")
    tp, fp, fn = _tp_fp_fn(state, _set_labels(state, average, labels, pos_label))
    pred, true = tp + fp, tp + fn
    if average == "micro":
        tp, pred, true = (np.array([x.sum()]) for x in (tp, pred, true))
    args = (warn_for, zero_division)
    precision = _prf_divide(tp, pred, "precision", "predicted", *args)
    recall = _prf_divide(tp, true, "recall", "true", *args)
    if np.isposinf(beta):
        f_score = recall
    elif beta == 0:
        f_score = precision
    else:
        beta2 = beta**2
        f_score = _prf_divide((1 + beta2) * tp, beta2 * true + pred, "f-score",
                              "true nor predicted", *args)
    if average is None:
        return precision, recall, f_score
    weights = true if average == "weighted" else None
    return tuple(_nanaverage(x, weights) for x in (precision, recall, f_score))  # type: ignore


def precision(state: Confusion, *, labels=None, pos_label=1, average="binary",
              zero_division="warn") -> Score:
    """``precision_score``."""
    return precision_recall_fscore(state, labels=labels, pos_label=pos_label, average=average,
                                   warn_for=("precision",), zero_division=zero_division)[0]


def recall(state: Confusion, *, labels=None, pos_label=1, average="binary",
           zero_division="warn") -> Score:
    """``recall_score``."""
    return precision_recall_fscore(state, labels=labels, pos_label=pos_label, average=average,
                                   warn_for=("recall",), zero_division=zero_division)[1]


def fbeta(state: Confusion, *, beta: float, labels=None, pos_label=1, average="binary",
          zero_division="warn") -> Score:
    """``fbeta_score``."""
    return precision_recall_fscore(state, beta=beta, labels=labels, pos_label=pos_label,
                                   average=average, warn_for=("f-score",),
                                   zero_division=zero_division)[2]


def f1(state: Confusion, *, labels=None, pos_label=1, average="binary",
       zero_division="warn") -> Score:
    """``f1_score``."""
    return fbeta(state, beta=1, labels=labels, pos_label=pos_label, average=average,
                 zero_division=zero_division)


def jaccard(state: Confusion, *, labels=None, pos_label=1, average="binary",
            zero_division="warn") -> Score:
    """``jaccard_score`` (whose ``zero_division`` takes no ``np.nan``)."""
    _check_zero_division(zero_division, allow_nan=False)
    tp, fp, fn = _tp_fp_fn(state, _set_labels(state, average, labels, pos_label))
    numerator, denominator = tp, tp + fp + fn
    if average == "micro":
        numerator, denominator = np.array([tp.sum()]), np.array([denominator.sum()])
    score = _prf_divide(numerator, denominator, "jaccard", "true or predicted", ("jaccard",),
                        zero_division)
    if average is None:
        return score
    weights = fn + tp if average == "weighted" else None
    if weights is not None and not np.any(weights):
        weights = None
    return float(np.average(score, weights=weights))
