"""A streaming, mergeable confusion matrix, and scikit-learn metrics computed from it.

:class:`Confusion` keeps O(k^2) numbers however many samples it sees, and
:mod:`skcb.confusion_metrics` turns them into the values scikit-learn's functions give on the
pooled data, edge cases included. :data:`FORMS` maps sklearn function names to the
:class:`ConfusionForm` that a :class:`~skcb.specs.Metric` can carry as its ``confusion`` fast path.
"""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Integral
from typing import Any, Callable, Mapping

import numpy as np

from . import confusion_metrics as cm
from .targets import Batch

CONFUSION_TASKS = ("binary", "multiclass", "multilabel")


def _are_indices(a: np.ndarray, k: int) -> bool:
    if a.size == 0:
        return True
    integral = a.dtype.kind in "iub" or (a.dtype.kind == "f" and np.array_equal(a, np.floor(a)))
    return integral and a.min() >= 0 and a.max() < k


class Confusion:
    """Weighted confusion counts of one evaluation, built batch by batch.

    Attributes:
        task: ``"binary"``, ``"multiclass"`` or ``"multilabel"``.
        n_classes: classes (binary/multiclass) or labels (multilabel).
        counts: unweighted int64 counts: (k, k), rows true and columns predicted, as sklearn's
            ``confusion_matrix``; for multilabel (k, 2, 2) ``[[tn, fp], [fn, tp]]`` per label, as
            ``multilabel_confusion_matrix``. They decide which labels sklearn sees as present.
        weighted: the same, float64, weighted by ``sample_weight`` (1 when none is given).
        total_weight: sum of the sample weights.
        exact_count, exact_weight: multilabel rows whose labels all match (subset accuracy).
        nonzero_count: samples whose weight is not 0 (sklearn rejects weights that are all 0).
    """

    def __init__(self, task: str, n_classes: int | None = None) -> None:
        if task not in CONFUSION_TASKS:
            raise ValueError(f"task must be one of {CONFUSION_TASKS}, got {task!r}")
        if task == "binary" and n_classes not in (None, 2):
            raise ValueError(f"task 'binary' has 2 classes, got n_classes={n_classes}")
        k = 2 if task == "binary" else n_classes
        if k is None or int(k) < 1:
            raise ValueError(f"n_classes must be a positive integer, got {n_classes!r}")
        self.task, self.n_classes = task, int(k)
        self.reset()

    def reset(self) -> None:
        """Forget everything accumulated (e.g. at the start of an epoch)."""
        k = self.n_classes
        shape = (k, 2, 2) if self.task == "multilabel" else (k, k)
        self.counts = np.zeros(shape, dtype=np.int64)
        self.weighted = np.zeros(shape, dtype=np.float64)
        self.total_weight = 0.0
        self.exact_count = 0
        self.exact_weight = 0.0
        self.nonzero_count = 0

    def __repr__(self) -> str:
        return f"Confusion({self.task!r}, {self.n_classes}, n_samples={self.n_samples})"

    @property
    def n_samples(self) -> int:
        """Number of samples accumulated (whatever their weights)."""
        return int(self.counts[0].sum() if self.task == "multilabel" else self.counts.sum())

    def update(self, batch: Batch) -> Confusion:
        """Add a :class:`~skcb.targets.Batch` of class indices (or 0/1 label matrices)."""
        return self.update_arrays(batch.y_true, batch.y_pred, batch.sample_weight)

    def update_arrays(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> Confusion:
        """Add labels given as arrays; see :meth:`update`."""
        yt, yp = np.asarray(y_true), np.asarray(y_pred)
        ndim = 2 if self.task == "multilabel" else 1
        if yt.shape != yp.shape or yt.ndim != ndim:
            raise ValueError(f"y_true {yt.shape} and y_pred {yp.shape}: need equal {ndim}-D shapes")
        w = None if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
        if w is not None and (w.shape != yt.shape[:1] or not np.isfinite(w).all()):
            raise ValueError(f"sample_weight {w.shape} must be finite, of shape {yt.shape[:1]}")
        if ndim == 2:
            self._add_multilabel(yt, yp, w)
        else:
            self._add_square(yt, yp, w)
        self.total_weight += float(len(yt) if w is None else w.sum())
        self.nonzero_count += len(yt) if w is None else int(np.count_nonzero(w))
        return self

    def _add_square(self, yt: np.ndarray, yp: np.ndarray, w: np.ndarray | None) -> None:
        k = self.n_classes
        if not all(_are_indices(a, k) for a in (yt, yp)):
            raise ValueError(f"labels must be class indices in [0, {k})")
        flat = k * yt.astype(np.int64) + yp.astype(np.int64)
        counts = np.bincount(flat, minlength=k * k).reshape(k, k)
        self.counts += counts
        self.weighted += counts if w is None else np.bincount(flat, w, k * k).reshape(k, k)

    def _add_multilabel(self, yt: np.ndarray, yp: np.ndarray, w: np.ndarray | None) -> None:
        if yt.shape[1] != self.n_classes:
            raise ValueError(f"expected {self.n_classes} label columns, got {yt.shape[1]}")
        if not (np.isin(yt, (0, 1)).all() and np.isin(yp, (0, 1)).all()):
            raise ValueError("multilabel y_true and y_pred must hold only 0 and 1")
        t, p = yt.astype(bool), yp.astype(bool)
        cells = np.stack([~t & ~p, ~t & p, t & ~p, t & p], axis=1)  # (n, 4, k): tn fp fn tp
        counts = cells.sum(axis=0).T.reshape(-1, 2, 2)
        exact = (t == p).all(axis=1)
        self.counts += counts
        self.exact_count += int(exact.sum())
        if w is None:
            self.weighted += counts
            self.exact_weight += float(exact.sum())
        else:
            self.weighted += np.einsum("n,nck->kc", w, cells).reshape(-1, 2, 2)
            self.exact_weight += float(w[exact].sum())

    def merge(self, other: Confusion) -> Confusion:
        """Add another accumulation (e.g. another shard) into this one and return ``self``.

        Counts are integers, so merging is exactly associative and commutative for them; weighted
        sums are too whenever the weights are integral (up to 2**53), else up to float rounding.
        """
        if (other.task, other.n_classes) != (self.task, self.n_classes):
            raise ValueError(f"cannot merge {other!r} into {self!r}")
        self.counts += other.counts
        self.weighted += other.weighted
        self.total_weight += other.total_weight
        self.exact_count += other.exact_count
        self.exact_weight += other.exact_weight
        self.nonzero_count += other.nonzero_count
        return self

    # What sklearn's ``_check_targets`` would say about the pooled data.
    def _is_indicator(self) -> bool:
        return self.task == "multilabel" and self.n_classes > 1

    def square(self) -> tuple[np.ndarray, np.ndarray]:
        """The (weighted, counts) confusion matrices sklearn builds for 1-D labels.

        A one-column multilabel target is a 1-D 0/1 target to sklearn, so its (2, 2) matrix is it.
        """
        if self._is_indicator():
            raise ValueError("multilabel-indicator is not supported")
        if self.task == "multilabel":
            return self.weighted[0], self.counts[0]
        return self.weighted, self.counts

    def seen_true(self) -> np.ndarray:
        """Boolean mask over the 1-D labels: those occurring in ``y_true``."""
        return self.square()[1].sum(axis=1) > 0

    def present_labels(self) -> np.ndarray:
        """sklearn's ``unique_labels(y_true, y_pred)``: labels seen at least once, any weight."""
        if self._is_indicator():
            return np.arange(self.n_classes)
        counts = self.square()[1]
        return np.flatnonzero((counts.sum(axis=0) + counts.sum(axis=1)) > 0)

    def target_type(self) -> str:
        """sklearn's ``type_of_target`` of the pooled data."""
        if self._is_indicator():
            return "multilabel-indicator"
        return "binary" if len(self.present_labels()) <= 2 else "multiclass"


def _is_int_labels(labels: Any) -> bool:
    try:
        return all(isinstance(v, Integral) for v in np.asarray(labels).reshape(-1).tolist())
    except (TypeError, ValueError):
        return False


@dataclass(frozen=True)
class ConfusionForm:
    """How one sklearn metric is computed from a :class:`Confusion`.

    Attributes:
        fn: ``fn(state, **kwargs)`` with the sklearn function's keyword arguments.
        supported_kwargs: the keyword arguments ``fn`` takes.
        tasks: the tasks it supports.
    """

    fn: Callable[..., Any]
    supported_kwargs: frozenset[str]
    tasks: frozenset[str]

    def supports(self, task: str, kwargs: Mapping[str, Any]) -> bool:
        """Whether :meth:`compute` gives sklearn's value for ``task`` and ``kwargs``."""
        if task not in self.tasks or not set(kwargs) <= self.supported_kwargs:
            return False
        if kwargs.get("average") == "samples":  # needs per-sample values, not a confusion matrix
            return False
        pos_label = kwargs.get("pos_label", 1)
        if pos_label is not None and not isinstance(pos_label, Integral):
            return False
        return kwargs.get("labels") is None or _is_int_labels(kwargs["labels"])

    def compute(self, state: Confusion, task: str, **kwargs: Any) -> Any:
        """The metric's value on everything ``state`` accumulated."""
        if task != state.task:
            raise ValueError(f"task {task!r} does not match the accumulated {state.task!r}")
        return self.fn(state, **kwargs)


_ALL = frozenset(CONFUSION_TASKS)
_SINGLE = frozenset({"binary", "multiclass"})
_SET_WISE = frozenset({"labels", "pos_label", "average", "zero_division"})

FORMS: dict[str, ConfusionForm] = {
    "accuracy_score": ConfusionForm(cm.accuracy, frozenset({"normalize"}), _ALL),
    "balanced_accuracy_score": ConfusionForm(
        cm.balanced_accuracy, frozenset({"adjusted"}), _SINGLE
    ),
    "precision_score": ConfusionForm(cm.precision, _SET_WISE, _ALL),
    "recall_score": ConfusionForm(cm.recall, _SET_WISE, _ALL),
    "f1_score": ConfusionForm(cm.f1, _SET_WISE, _ALL),
    "fbeta_score": ConfusionForm(cm.fbeta, _SET_WISE | {"beta"}, _ALL),
    "jaccard_score": ConfusionForm(cm.jaccard, _SET_WISE, _ALL),
    "matthews_corrcoef": ConfusionForm(cm.matthews_corrcoef, frozenset(), _SINGLE),
    "cohen_kappa_score": ConfusionForm(
        cm.cohen_kappa, frozenset({"labels", "weights", "replace_undefined_by"}), _SINGLE
    ),
}
