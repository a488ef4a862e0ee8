"""Turning what the user asked for (metric names) into enabled metrics with their kwargs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from .registry import Registry
from .specs import Metric
from .targets import TargetSpec


@dataclass(frozen=True)
class Selected:
    """A metric as enabled in a callback: the logged key, its spec and the user's kwargs."""

    key: str
    metric: Metric
    kwargs: Mapping[str, Any] = field(default_factory=dict)

    def call_kwargs(self, target: TargetSpec) -> dict[str, Any]:
        """The keyword arguments for the metric function on ``target``'s task."""
        kwargs = {**self.metric.kwargs_for(target.task), **self.kwargs}
        if "labels" in self.metric.context and target.n_classes is not None:
            kwargs.setdefault("labels", list(range(target.n_classes)))
        return kwargs


def select(entries: str | Iterable[Any], registry: Registry) -> list[Selected]:
    """Resolve the user's metric entries; unknown names raise with the closest match."""
    names = [entries] if isinstance(entries, str) else list(entries)
    if not names:
        raise ValueError("metrics is empty: name at least one metric (see `skcb list`)")
    selected = [Selected(name, registry.metric(name)) for name in names]
    keys = [s.key for s in selected]
    if len(set(keys)) != len(keys):
        raise ValueError(f"metrics lists a name twice: {keys}")
    return selected
