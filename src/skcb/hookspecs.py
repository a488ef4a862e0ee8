"""The whole contract between skcb and its plugins: two markers and the hook specs.

A plugin module needs one import, ``from skcb import hookimpl``, and implements any of the
hooks below. Each hook receives a ``register`` callable; call it once per item.
"""

from __future__ import annotations

from typing import Any, Callable

import pluggy

PROJECT = "skcb"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def register_metrics(register: Callable[..., Any]) -> None:
    """Register named metric functions.

    Call ``register(Metric(...))`` or ``register(name, fn, needs=..., tasks=..., ...)`` once per
    metric. Fields are those of :class:`skcb.Metric`; the registry records which plugin
    registered each name and rejects duplicates across plugins.
    """


@hookspec
def register_sinks(register: Callable[..., Any]) -> None:
    """Register named sinks, where evaluated values are written.

    Call ``register(name, factory, description=..., options=...)`` once per sink. ``factory``
    is called as ``factory(log_dir=..., prefix=..., **options)`` when a training run starts and
    returns a :class:`skcb.Sink`.
    """
