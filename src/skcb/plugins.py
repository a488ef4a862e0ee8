"""The plugin manager: built-ins, entry points (group ``skcb``), in-code plugins, switches.

Environment switches, read each time the registry is built (first use, or after ``reset()``):
    SKCB_DISABLE_PLUGIN_AUTOLOAD=1  load no third-party entry points, only the built-ins
    SKCB_PLUGINS=a,b                load only these entry points (by entry-point or distribution
                                    name); when set it wins over SKCB_DISABLE_PLUGIN_AUTOLOAD
    SKCB_STRICT_PLUGINS=1           a failing third-party plugin raises instead of warning

Built-in and in-code plugins (``register_plugin``) always raise on failure: they are ours or
the caller's. An unknown hook name or a duplicate metric/sink name is always an error.
"""

from __future__ import annotations

import importlib
import threading
from typing import Any

import pluggy

from . import hookspecs
from .loading import (
    ENTRY_POINT_GROUP,
    PluginInfo,
    PluginWarning,
    add_plugin,
    check_hooks,
    collect,
    load_entry_points,
)
from .registry import Registry

__all__ = [
    "BUILTIN_PLUGINS", "ENTRY_POINT_GROUP", "PluginInfo", "PluginWarning", "get_manager",
    "get_registry", "plugin_infos", "register_plugin", "reset", "unregister_plugin",
]

BUILTIN_PLUGINS = (
    "skcb.builtin.classification",
    "skcb.builtin.regression",
    "skcb.builtin.clustering",
    "skcb.builtin.tensorboard",
)

_lock = threading.RLock()
_registry: Registry | None = None
_manager: pluggy.PluginManager | None = None
_infos: dict[str, PluginInfo] = {}
_extra: list[tuple[Any, str]] = []  # plugins registered in code


def _build() -> tuple[pluggy.PluginManager, Registry, dict[str, PluginInfo]]:
    from . import __version__

    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    infos: dict[str, PluginInfo] = {}
    for modname in BUILTIN_PLUGINS:
        infos[modname] = PluginInfo(modname, "builtin", modname, "skcb", __version__)
        add_plugin(pm, importlib.import_module(modname), infos[modname])
    load_entry_points(pm, infos)
    for plugin, name in _extra:
        target = getattr(plugin, "__name__", type(plugin).__name__)
        infos[name] = PluginInfo(name, "in code", target)
        add_plugin(pm, plugin, infos[name])
    check_hooks(pm)
    return pm, collect(pm, infos), infos


def _ensure() -> None:
    global _registry, _manager, _infos
    with _lock:
        if _registry is None:
            _manager, _registry, _infos = _build()


def get_registry() -> Registry:
    """The registry of every loaded plugin's metrics and sinks (built once, then cached)."""
    _ensure()
    assert _registry is not None
    return _registry


def get_manager() -> pluggy.PluginManager:
    """The pluggy plugin manager behind the registry."""
    _ensure()
    assert _manager is not None
    return _manager


def plugin_infos() -> list[PluginInfo]:
    """Every plugin known to skcb (loaded, failed or switched off), in loading order."""
    _ensure()
    return list(_infos.values())


def register_plugin(plugin: Any, name: str | None = None) -> str:
    """Register a plugin (module or object with ``@hookimpl`` functions) in code.

    For notebooks and tests; takes effect for every callback built afterwards. Errors (an
    unknown hook, a duplicate name, a hook that raises) surface here and nothing is kept.
    Returns the plugin's name (``name``, else the module's ``__name__`` or the class name).
    """
    name = name or getattr(plugin, "__name__", None) or type(plugin).__name__
    with _lock:
        if any(p is plugin for p, _ in _extra):
            raise ValueError(f"skcb plugin {name!r} is already registered")
        _extra.append((plugin, name))
        reset()
        try:
            _ensure()
        except BaseException:
            _extra.pop()
            reset()
            raise
    return name


def unregister_plugin(plugin: Any) -> None:
    """Undo :func:`register_plugin` (takes the plugin object or the name it returned)."""
    with _lock:
        _extra[:] = [(p, n) for p, n in _extra if p is not plugin and n != plugin]
        reset()


def reset() -> None:
    """Forget the cached registry; the next lookup rebuilds it (reads the switches again)."""
    global _registry, _manager
    with _lock:
        _registry = None
        _manager = None
