"""Named metric and sink specs: collection from plugins, name resolution, loud errors."""

from __future__ import annotations

import difflib
from dataclasses import replace
from typing import Any, Callable, Iterable

from .specs import Metric, SinkSpec


class RegistryError(ValueError):
    """A plugin registered something invalid or a name twice."""


def _closest(name: str, names: Iterable[str]) -> str:
    match = difflib.get_close_matches(name, list(names), n=1, cutoff=0.6)
    return f" Did you mean {match[0]!r}?" if match else ""


class Registry:
    """Every metric and sink the loaded plugins registered, by name (and alias)."""

    def __init__(self) -> None:
        self.metrics: dict[str, Metric] = {}
        self.sinks: dict[str, SinkSpec] = {}
        self._names: dict[str, Metric] = {}  # names and aliases -> metric

    # -- registration (called through the ``register`` callables handed to plugins) --------
    def metric_registrar(self, plugin: str) -> Callable[..., Metric]:
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
        def register(name: str, factory: Callable[..., Any], **fields: Any) -> SinkSpec:
            spec = SinkSpec(name=name, factory=factory, plugin=plugin, **fields)
            if name in self.sinks:
                other = self.sinks[name].plugin
                raise RegistryError(
                    f"sink {name!r} is registered by two plugins: {other!r} and {plugin!r}"
                )
            self.sinks[name] = spec
            return spec

        return register

    def _add_metric(self, spec: Metric) -> None:
        for key in (spec.name, *spec.aliases):
            if key in self._names:
                other = self._names[key].plugin
                raise RegistryError(
                    f"metric name {key!r} is registered by two plugins: {other!r} and {spec.plugin!r}"
                )
        self.metrics[spec.name] = spec
        for key in (spec.name, *spec.aliases):
            self._names[key] = spec

    # -- lookup -------------------------------------------------------------------------------
    def metric(self, name: str) -> Metric:
        """The metric registered under ``name`` or one of its aliases."""
        try:
            return self._names[name]
        except KeyError:
            raise ValueError(
                f"unknown metric {name!r}.{_closest(name, self._names)} "
                f"Available: {', '.join(sorted(self.metrics))}"
            ) from None

    def sink(self, name: str) -> SinkSpec:
        try:
            return self.sinks[name]
        except KeyError:
            raise ValueError(
                f"unknown sink {name!r}.{_closest(name, self.sinks)} "
                f"Available: {', '.join(sorted(self.sinks)) or '(none)'}"
            ) from None
