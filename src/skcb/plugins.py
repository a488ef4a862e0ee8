"""The plugin manager: built-ins, entry points (group ``skcb``), in-code plugins, switches.

Environment switches (read when the registry is first built):
    SKCB_DISABLE_PLUGIN_AUTOLOAD=1  load only the built-in plugins (and in-code ones)
    SKCB_PLUGINS=a,b                load only these third-party entry points
    SKCB_STRICT_PLUGINS=1           a failing plugin raises instead of warning and being skipped
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import threading
import warnings
from typing import Any

import pluggy

from . import hookspecs
from .registry import Registry, RegistryError

BUILTIN_PLUGINS = (
    "skcb.builtin.classification",
    "skcb.builtin.tensorboard",
)
ENTRY_POINT_GROUP = "skcb"

_lock = threading.RLock()
_registry: Registry | None = None
_manager: pluggy.PluginManager | None = None
_extra: list[tuple[Any, str | None]] = []  # plugins registered in code
_dists: dict[str, Any] = {}  # entry-point plugin name -> its distribution (for `skcb plugins`)


class PluginWarning(UserWarning):
    """A third-party plugin failed and was skipped."""


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def _fail(plugin: str, exc: BaseException, what: str) -> None:
    if _flag("SKCB_STRICT_PLUGINS"):
        raise exc
    warnings.warn(
        f"skcb plugin {plugin!r} {what} and was skipped: {type(exc).__name__}: {exc} "
        "(set SKCB_STRICT_PLUGINS=1 to raise)",
        PluginWarning,
        stacklevel=3,
    )


def _load_entry_points(pm: pluggy.PluginManager) -> None:
    if _flag("SKCB_DISABLE_PLUGIN_AUTOLOAD"):
        return
    wanted = {p.strip() for p in os.environ.get("SKCB_PLUGINS", "").split(",") if p.strip()}
    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        if wanted and ep.name not in wanted:
            continue
        if pm.get_plugin(ep.name) is not None or pm.is_blocked(ep.name):
            continue
        try:
            plugin = ep.load()
        except Exception as exc:  # a broken plugin must not take training down
            _fail(ep.name, exc, "failed to import")
            continue
        pm.register(plugin, name=ep.name)
        _dists[ep.name] = getattr(ep, "dist", None)


def build_manager() -> pluggy.PluginManager:
    """A fresh plugin manager with built-ins, entry points and in-code plugins registered."""
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    for modname in BUILTIN_PLUGINS:
        pm.register(importlib.import_module(modname), name=modname)
    _load_entry_points(pm)
    for plugin, name in _extra:
        pm.register(plugin, name=name)
    try:
        pm.check_pending()  # a misspelled hook name must not pass silently
    except pluggy.PluginValidationError as exc:
        raise RegistryError(f"skcb: {exc}") from None
    return pm


def _collect(pm: pluggy.PluginManager) -> Registry:
    registry = Registry()
    calls = (
        (pm.hook.register_metrics, registry.metric_registrar),
        (pm.hook.register_sinks, registry.sink_registrar),
    )
    for hook, registrar in calls:
        for impl in reversed(hook.get_hookimpls()):  # registration order
            name = impl.plugin_name
            try:
                impl.function(register=registrar(name))
            except RegistryError:
                raise
            except Exception as exc:
                if name in BUILTIN_PLUGINS:
                    raise
                _fail(name, exc, f"raised in {hook.name}")
    return registry


def get_registry() -> Registry:
    """The registry of every loaded plugin's metrics and sinks (built once, then cached)."""
    global _registry, _manager
    with _lock:
        if _registry is None:
            pm = build_manager()
            _registry = _collect(pm)
            _manager = pm
        return _registry


def get_manager() -> pluggy.PluginManager:
    get_registry()
    assert _manager is not None
    return _manager


def register_plugin(plugin: Any, name: str | None = None) -> None:
    """Register a plugin (module or object with ``@hookimpl`` functions) in code.

    For notebooks and tests; takes effect for every callback built afterwards.
    """
    with _lock:
        _extra.append((plugin, name))
        reset()


def unregister_plugin(plugin: Any) -> None:
    """Undo :func:`register_plugin`."""
    with _lock:
        _extra[:] = [(p, n) for p, n in _extra if p is not plugin]
        reset()


def reset() -> None:
    """Forget the cached registry; the next lookup rebuilds it (reads the switches again)."""
    global _registry, _manager
    with _lock:
        _registry = None
        _manager = None
