"""Named metric and sink specs: collection from plugins, name resolution, loud errors."""

from __future__ import annotations

import difflib
from dataclasses import replace
from typing import Any, Callable, Iterable

from .specs import Metric, SinkSpec


class RegistryError(ValueError):
    """A plugin registered something invalid or a name twice."""


def closest(name: str, names: Iterable[str]) -> str:
    """`` Did you mean 'x'?`` for the nearest of ``names``, or an empty string."""
    match = difflib.get_close_matches(name, list(names), n=1, cutoff=0.6)
    return f" Did you mean {match[0]!r}?" if match else ""


def _available(names: Iterable[str]) -> str:
    return f"Available: {', '.join(sorted(names)) or '(none)'} (see `skcb list`)."


def _clash(kind: str, name: str, first: str, second: str) -> RegistryError:
    if first == second:
        return RegistryError(f"{kind} name {name!r} is registered twice by plugin {first!r}")
    return RegistryError(
        f"{kind} name {name!r} is registered by two plugins: {first!r} and {second!r}"
    )


class Registry:
    """Every metric and sink the loaded plugins registered, by name (and alias)."""

    def __init__(self) -> None:
        self.metrics: dict[str, Metric] = {}
        self.sinks: dict[str, SinkSpec] = {}
        self._names: dict[str, Metric] = {}  # names and aliases -> metric

    # -- registration (called through the ``register`` callables handed to plugins) --------
    def metric_registrar(self, plugin: str) -> Callable[..., Metric]:
        """The ``register`` callable handed to ``plugin``'s ``register_metrics`` hook."""

        def register(metric: Metric | str, fn: Callable[..., Any] | None = None, **fields: Any) -> Metric:
            if isinstance(metric, Metric):
                if fn is not None or fields:
                    raise TypeError("register(Metric(...)) takes no further arguments")
                spec = replace(metric, plugin=plugin)
            else:
                if fn is None:
                    raise TypeError(f"register({metric!r}, fn, ...) needs the metric function")
                spec = Metric(name=metric, fn=fn, plugin=plugin, **fields)
            self._add_metric(spec)
            return spec

        return register

    def sink_registrar(self, plugin: str) -> Callable[..., SinkSpec]:
        """The ``register`` callable handed to ``plugin``'s ``register_sinks`` hook."""

        def register(name: str, factory: Callable[..., Any], **fields: Any) -> SinkSpec:
            if not name or not isinstance(name, str):
                raise ValueError(f"sink name must be a non-empty string, got {name!r}")
            if not callable(factory):
                raise TypeError(f"sink {name!r}: factory must be callable, got {factory!r}")
            spec = SinkSpec(name=name, factory=factory, plugin=plugin, **fields)
            if name in self.sinks:
                raise _clash("sink", name, self.sinks[name].plugin, plugin)
            self.sinks[name] = spec
            return spec

        return register

    def _add_metric(self, spec: Metric) -> None:
        keys = (spec.name, *spec.aliases)
        if len(set(keys)) != len(keys):
            raise RegistryError(f"metric {spec.name!r} lists the same name twice: {keys}")
        for key in keys:
            if key in self._names:
                raise _clash("metric", key, self._names[key].plugin, spec.plugin)
        self.metrics[spec.name] = spec
        for key in keys:
            self._names[key] = spec

    # -- all-or-nothing registration of one plugin --------------------------------------------
    def checkpoint(self) -> tuple[dict[str, Any], ...]:
        """A snapshot to :meth:`rollback` to when a plugin fails half-way through its hooks."""
        return dict(self.metrics), dict(self.sinks), dict(self._names)

    def rollback(self, snapshot: tuple[dict[str, Any], ...]) -> None:
        """Forget everything registered since ``snapshot`` was taken."""
        metrics, sinks, names = snapshot
        self.metrics, self.sinks, self._names = dict(metrics), dict(sinks), dict(names)

    # -- lookup -------------------------------------------------------------------------------
    def metric(self, name: str) -> Metric:
        """The metric registered under ``name`` or one of its aliases."""
        try:
            return self._names[name]
        except KeyError:
            raise ValueError(f"unknown metric {name!r}.{closest(name, self._names)} "
                             f"{_available(self.metrics)}") from None

    def sink(self, name: str) -> SinkSpec:
        """The sink registered under ``name``."""
        try:
            return self.sinks[name]
        except KeyError:
            raise ValueError(f"unknown sink {name!r}.{closest(name, self.sinks)} "
                             f"{_available(self.sinks)}") from None

    def by_plugin(self, plugin: str) -> tuple[list[str], list[str]]:
        """The metric and sink names ``plugin`` registered."""
        return (
            sorted(n for n, m in self.metrics.items() if m.plugin == plugin),
            sorted(n for n, s in self.sinks.items() if s.plugin == plugin),
        )
