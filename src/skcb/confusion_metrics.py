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
