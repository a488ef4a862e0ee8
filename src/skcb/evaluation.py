"""One epoch's evaluation: accumulate interpreted batches, then compute every enabled metric.

The callback drives it; nothing here knows about Keras. A metric that fails for an input
(e.g. ROC AUC with one class present) gives NaN and one warning, unless ``on_error="raise"``.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import Any, Mapping

import numpy as np

from .specs import Metric
from .targets import Batch, TargetSpec


class MetricWarning(UserWarning):
    """A metric could not be computed (NaN was logged) or warned while computing."""


@dataclass(frozen=True)
class Selected:
    """A metric as enabled in a callback: the logged key, its spec and the user's kwargs."""

    key: str
    metric: Metric
    kwargs: Mapping[str, Any] = field(default_factory=dict)

    def call_kwargs(self, target: TargetSpec) -> dict[str, Any]:
        kwargs = {**self.metric.kwargs_for(target.task), **self.kwargs}
        if "labels" in self.metric.context and target.n_classes is not None:
            kwargs.setdefault("labels", list(range(target.n_classes)))
        return kwargs


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

    def compute(self, state: Collected) -> dict[str, Any]:
        data = state.result()
        values: dict[str, Any] = {}
        for sel in self.selected:
            values.update(self._one(sel, data))
        return values

    def _one(self, sel: Selected, data: Batch) -> dict[str, Any]:
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
            return {sel.key: math.nan}
        return flatten(sel.key, value)

    def _warn(self, key: str, message: str) -> None:
        if (key, message) not in self._warned:  # once per metric and message, not every epoch
            self._warned.add((key, message))
            warnings.warn(f"skcb metric {key!r}: {message}", MetricWarning, stacklevel=4)


def flatten(key: str, value: Any) -> dict[str, Any]:
    """A metric's result as logged scalars: a mapping becomes ``key/sub`` entries."""
    if isinstance(value, Mapping):
        return {f"{key}/{k}": float(v) for k, v in value.items()}
    return {key: float(value)}
