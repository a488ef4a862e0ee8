"""One epoch's evaluation: accumulate interpreted batches, then compute every enabled metric.

The callback drives it; nothing here knows about Keras. A metric that fails for an input
(e.g. ROC AUC with one class present) gives NaN and one warning, unless ``on_error="raise"``.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .results import flatten
from .selection import Selected
from .targets import Batch, TargetSpec


class MetricWarning(UserWarning):
    """A metric could not be computed (NaN was logged) or warned while computing."""


class Collected:
    """Keeps every interpreted batch (what a metric needing all predictions requires).

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
        return Batch(cat("y_true"), cat("y_pred"), cat("scores"), cat("sample_weight"))


@dataclass
class Results:
    """One evaluation: scalars (for logs and every sink) and non-scalar results."""

    scalars: dict[str, float] = field(default_factory=dict)
    others: dict[str, Any] = field(default_factory=dict)


class Evaluator:
    """Computes the selected metrics from an epoch's accumulation, with error policy."""

    def __init__(self, selected: list[Selected], target: TargetSpec, on_error: str = "warn") -> None:
        if on_error not in ("warn", "raise"):
            raise ValueError(f"on_error must be 'warn' or 'raise', got {on_error!r}")
        self.selected = selected
        self.target = target
        self.on_error = on_error
        self._warned: set[tuple[str, str]] = set()

    def new_state(self) -> Collected:
        return Collected()

    def compute(self, state: Collected) -> Results:
        data = state.result()
        results = Results()
        for sel in self.selected:
            scalars, others = self._one(sel, data)
            results.scalars.update(scalars)
            results.others.update(others)
        return results

    def _one(self, sel: Selected, data: Batch) -> tuple[dict[str, float], dict[str, Any]]:
        metric = sel.metric
        kwargs = sel.call_kwargs(self.target)
        if data.sample_weight is not None and metric.sample_weight:
            kwargs["sample_weight"] = data.sample_weight
        y = data.scores if metric.needs == "scores" else data.y_pred
        error: Exception | None = None
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                value = metric.fn(data.y_true, y, **kwargs)
            except Exception as exc:
                if self.on_error == "raise":
                    raise
                error = exc
        for w in caught:  # re-issued outside the recording block, each message once
            self._warn(sel.key, str(w.message))
        if error is not None:
            self._warn(sel.key, f"{type(error).__name__}: {error}; logged NaN")
            return {sel.key: math.nan}, {}
        return flatten(sel.key, value, self.target.class_names)

    def _warn(self, key: str, message: str) -> None:
        if (key, message) not in self._warned:  # once per metric and message, not every epoch
            self._warned.add((key, message))
            warnings.warn(f"skcb metric {key!r}: {message}", MetricWarning, stacklevel=4)

