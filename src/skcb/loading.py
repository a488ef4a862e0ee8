"""Building the plugin manager and the registry: load, validate, collect, fail politely.

:mod:`skcb.plugins` holds the cached result and the public functions; this module does the
work each time the registry is (re)built.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import warnings
from dataclasses import dataclass
from typing import Any

import pluggy

from .registry import Registry, RegistryError, closest

ENTRY_POINT_GROUP = "skcb"


class PluginWarning(UserWarning):
    """A third-party plugin failed and was skipped."""


@dataclass
class PluginInfo:
    """What ``skcb plugins`` reports about one plugin."""

    name: str
    source: str  # "builtin", "entry point" or "in code"
    target: str  # module or entry-point value
    distribution: str = ""
    version: str = ""
    hooks: tuple[str, ...] = ()
    status: str = "loaded"  # or "failed: ...", "not loaded: ..."


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _fail(info: PluginInfo, exc: BaseException, what: str) -> None:
    info.status = f"failed: {what}: {type(exc).__name__}: {exc}"
    if info.source != "entry point" or _flag("SKCB_STRICT_PLUGINS"):
        raise exc
    warnings.warn(
        f"skcb plugin {info.name!r} {what} and was skipped: {type(exc).__name__}: {exc} "
        "(set SKCB_STRICT_PLUGINS=1 to raise)",
        PluginWarning,
        stacklevel=4,
    )


def add_plugin(pm: pluggy.PluginManager, plugin: Any, info: PluginInfo) -> None:
    """Register ``plugin`` under ``info.name``; pluggy's validation errors name the plugin."""
    try:
        pm.register(plugin, name=info.name)
    except pluggy.PluginValidationError as exc:  # e.g. a hook with the wrong arguments
        raise RegistryError(f"skcb plugin {info.name!r}: " + str(exc).replace("\n", "; ")) from None
    except ValueError as exc:  # pluggy: name or object already registered
        raise RegistryError(f"skcb plugin {info.name!r} cannot be registered: {exc}") from None
    info.hooks = tuple(sorted(c.name for c in pm.get_hookcallers(plugin) or ()))


def load_entry_points(pm: pluggy.PluginManager, infos: dict[str, PluginInfo]) -> None:
    """Import and register the ``skcb`` entry points the switches allow."""
    wanted = {p.strip() for p in os.environ.get("SKCB_PLUGINS", "").split(",") if p.strip()}
    off = _flag("SKCB_DISABLE_PLUGIN_AUTOLOAD") and not wanted
    seen: set[str] = set()
    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        dist = getattr(ep, "dist", None)
        dist_name = dist.metadata["Name"] if dist is not None else ""
        info = PluginInfo(ep.name, "entry point", ep.value, dist_name,
                          dist.version if dist is not None else "")
        names = {ep.name, _norm(dist_name)} & ({*wanted, *map(_norm, wanted)})
        seen |= names
        if ep.name in infos and infos[ep.name].distribution != dist_name:
            raise RegistryError(f"skcb plugin name {ep.name!r} is provided by two distributions: "
                                f"{infos[ep.name].distribution!r} and {dist_name!r}")
        infos[ep.name] = info
        if off or (wanted and not names):
            info.status = ("not loaded: SKCB_DISABLE_PLUGIN_AUTOLOAD is set" if off
                           else "not loaded: not named in SKCB_PLUGINS")
            continue
        try:
            plugin = ep.load()
        except Exception as exc:  # a broken plugin must not take training down
            _fail(info, exc, "failed to import")
            continue
        add_plugin(pm, plugin, info)
    missing = {w for w in wanted if w not in seen and _norm(w) not in seen}
    if missing:
        known = sorted(i.name for i in infos.values() if i.source == "entry point")
        raise RegistryError(
            f"SKCB_PLUGINS names {', '.join(map(repr, sorted(missing)))}: no installed skcb "
            "plugin has that name."
            f"{closest(sorted(missing)[0], known)} Installed: {', '.join(known) or '(none)'}"
        )


def check_hooks(pm: pluggy.PluginManager) -> None:
    """Like ``pm.check_pending()``, with the plugin's name and the likely hook in the error."""
    hooks = {n: h for n, h in vars(pm.hook).items() if not n.startswith("_")}
    known = sorted(n for n, h in hooks.items() if h.has_spec())
    for name, hook in hooks.items():
        if hook.has_spec():
            continue
        for impl in hook.get_hookimpls():
            if not impl.optionalhook:
                raise RegistryError(
                    f"skcb plugin {impl.plugin_name!r} implements unknown hook {name!r}."
                    f"{closest(name, known)} Known hooks: {', '.join(known)}"
                )


def collect(pm: pluggy.PluginManager, infos: dict[str, PluginInfo]) -> Registry:
    """Call every plugin's hooks, plugin by plugin, each all or nothing."""
    registry = Registry()
    calls = (
        (pm.hook.register_metrics, registry.metric_registrar),
        (pm.hook.register_sinks, registry.sink_registrar),
    )
    for name, _ in pm.list_name_plugin():  # registration order
        snapshot = registry.checkpoint()
        for hook, registrar in calls:
            for impl in hook.get_hookimpls():
                if impl.plugin_name != name:
                    continue
                try:
                    impl.function(**{a: registrar(name) for a in impl.argnames})
                except RegistryError:
                    raise
                except Exception as exc:  # all or nothing: drop what it registered so far
                    registry.rollback(snapshot)
                    pm.unregister(name=name)
                    _fail(infos[name], exc, f"raised in {hook.name}")
                    break
            if infos[name].status != "loaded":
                break
    return registry
