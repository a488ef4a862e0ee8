"""One epoch's evaluation: accumulate interpreted batches, then compute every enabled metric.

Shared work: every metric that can be derived from a confusion matrix (and that scikit-learn
computes from one) reads the same streamed matrix, O(classes^2) however many samples; only
what the other metrics need (labels, scores or values) is kept in full. A metric that fails
for an input (e.g. ROC AUC with one class present) gives NaN and one warning, unless
``on_error="raise"``. Nothing here knows about Keras.
"""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from .confusion import FORMS, Confusion
from .results import flatten
from .selection import Selected
from .specs import Metric
from .targets import Batch, TargetSpec


class MetricWarning(UserWarning):
    """A metric could not be computed (NaN was logged) or warned while computing."""


@lru_cache(maxsize=1)
def _forms_by_function() -> dict[Any, Any]:
    from sklearn import metrics as skm

    return {getattr(skm, name): form for name, form in FORMS.items()}


def confusion_form(metric: Metric) -> Any:
    """The confusion-matrix form declared by ``metric``, or the one whose values equal its
    scikit-learn function's (so plugins registering sklearn's functions share the fast path)."""
    if metric.confusion is not None:
        return metric.confusion
    try:
        return _forms_by_function().get(metric.fn)
    except TypeError:  # an unhashable callable has no known form
        return None


class Collected:
    """Keeps interpreted batches (for metrics that need every prediction or score).

    Two collections merge by concatenation, so shards evaluated apart can be combined.
    """

    def __init__(self) -> None:
        self.batches: list[Batch] = []

    def update(self, batch: Batch) -> None:
        self.batches.append(batch)

    def merge(self, other: Collected) -> None:
        self.batches.extend(other.batches)

    def result(self) -> Batch:
        def cat(attr: str) -> np.ndarray | None:
            parts = [getattr(b, attr) for b in self.batches]
            return None if any(p is None for p in parts) else np.concatenate(parts)

        if not self.batches:
            raise ValueError("no evaluation batches were seen")
        weights = None
        if any(b.sample_weight is not None for b in self.batches):  # unweighted batches weigh 1
            weights = np.concatenate([np.ones(len(b)) if b.sample_weight is None
                                      else b.sample_weight for b in self.batches])
        return Batch(cat("y_true"), cat("y_pred"), cat("scores"), weights)


class EvalState:
    """One evaluation's accumulation: a confusion matrix and/or the fields other metrics need.

    States merge (a sum of confusion matrices, a concatenation of kept fields), the primitive
    for combining shards evaluated by different processes.
    """

    def __init__(self, confusion: Confusion | None, keep: frozenset[str]) -> None:
        self.confusion = confusion
        self.keep = keep  # subset of {"y_pred", "scores"}
        self.collected = Collected() if keep else None
        self.n_samples = 0

    def update(self, batch: Batch) -> None:
        self.n_samples += len(batch)
        if self.confusion is not None:
            self.confusion.update(batch)
        if self.collected is not None:
            self.collected.update(Batch(
                batch.y_true,
                batch.y_pred if "y_pred" in self.keep else None,
                batch.scores if "scores" in self.keep else None,
                batch.sample_weight,
            ))

    def merge(self, other: EvalState) -> None:
        self.n_samples += other.n_samples
        if self.confusion is not None and other.confusion is not None:
            self.confusion.merge(other.confusion)
        if self.collected is not None and other.collected is not None:
            self.collected.merge(other.collected)

    @property
    def nbytes(self) -> int:
        """Bytes held by the accumulation (bounded by classes^2 when nothing is kept)."""
        total = 0 if self.confusion is None else self.confusion.counts.nbytes * 2
        for b in self.collected.batches if self.collected else ():
            total += sum(a.nbytes for a in (b.y_true, b.y_pred, b.scores, b.sample_weight)
                         if a is not None)
        return total


@dataclass
class Results:
    """One evaluation: scalars (for logs and every sink) and non-scalar results."""

    scalars: dict[str, float] = field(default_factory=dict)
    others: dict[str, Any] = field(default_factory=dict)


class Evaluator:
    """Plans the shared work for the selected metrics and computes them, with error policy."""

    def __init__(self, selected: list[Selected], target: TargetSpec, on_error: str = "warn",
                 shared: bool = True) -> None:
        if on_error not in ("warn", "raise"):
            raise ValueError(f"on_error must be 'warn' or 'raise', got {on_error!r}")
        self.selected, self.target, self.on_error = selected, target, on_error
        self._warned: set[str] = set()
        self.plan: list[Any] = []  # per selected metric: its confusion form, or None
        keep: set[str] = set()
        for sel in selected:
            form = confusion_form(sel.metric) if shared else None
            if form is not None and form.supports(target.task, sel.call_kwargs(target)):
                self.plan.append(form)
            else:
                self.plan.append(None)
                keep.add("scores" if sel.metric.needs == "scores" else "y_pred")
        self.keep = frozenset(keep)
        self.uses_confusion = any(form is not None for form in self.plan)

    @property
    def streaming(self) -> bool:
        """True when every metric is fed from the confusion matrix alone (O(k^2) memory)."""
        return not self.keep

    def new_state(self) -> EvalState:
        confusion = None
        if self.uses_confusion:
            confusion = Confusion(self.target.task, self.target.n_classes)
        return EvalState(confusion, self.keep)

    def compute(self, state: EvalState) -> Results:
        if state.n_samples == 0:
            raise ValueError("no evaluation samples were seen")
        data = state.collected.result() if state.collected is not None else None
        results = Results()
        for sel, form in zip(self.selected, self.plan):
            scalars, others = self._one(sel, form, state, data)
            results.scalars.update(scalars)
            results.others.update(others)
        return results

    def _call(self, sel: Selected, form: Any, state: EvalState, data: Batch | None) -> Any:
        kwargs = sel.call_kwargs(self.target)
        if form is not None:
            return form.compute(state.confusion, self.target.task, **kwargs)
        assert data is not None
        if data.sample_weight is not None and sel.metric.sample_weight:
            kwargs["sample_weight"] = data.sample_weight
        y = data.scores if sel.metric.needs == "scores" else data.y_pred
        return sel.metric.fn(data.y_true, y, **kwargs)

    def value(self, sel: Selected, form: Any, state: EvalState, data: Batch | None
              ) -> tuple[dict[str, float], dict[str, Any]]:
        """One metric's logged results (raises what its function raises)."""
        names = sel.class_names(self.target) if sel.per_class else self.target.class_names
        return flatten(sel.key, self._call(sel, form, state, data), names)

    def _one(self, sel: Selected, form: Any, state: EvalState, data: Batch | None
             ) -> tuple[dict[str, float], dict[str, Any]]:
        error: Exception | None = None
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:  # a wrong return type fails this metric only, never the others
                out = self.value(sel, form, state, data)
            except Exception as exc:
                if self.on_error == "raise":
                    raise
                error = exc
        messages = [str(w.message) for w in caught]
        if self.on_error == "raise" and error is None and messages \
                and any(math.isnan(v) for v in out[0].values()):
            raise ValueError(f"metric {sel.key!r} is undefined for this evaluation's data: "
                             f"{messages[0]}")
        for message in messages:  # re-issued outside the recording block
            self._warn(sel.key, message)
        if error is not None:
            self._warn(sel.key, f"{type(error).__name__}: {error}; logged NaN")
            return sel.nan_scalars(self.target), {}
        return out

    def _warn(self, key: str, message: str) -> None:
        self.warn_once(f"skcb metric {key!r}: {message}")

    def warn_once(self, text: str) -> None:
        """Warn once per kind of message (numbers in a message change every epoch)."""
        kind = re.sub(r"[-+]?\d[\d.eE+-]*", "#", text)
        if kind not in self._warned:
            self._warned.add(kind)
            warnings.warn(text, MetricWarning, stacklevel=4)
