"""What ``skcb list`` and ``skcb plugins`` print: plain tables, or JSON with ``--json``.

Reads the registry and the plugin manager only, so neither Keras nor TensorFlow is imported.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any, Sequence, TextIO

from .plugins import get_registry, plugin_infos
from .registry import Registry


def metric_rows(registry: Registry) -> list[dict[str, Any]]:
    """One dict per metric, sorted by name."""
    return [
        {
            "name": name,
            "plugin": m.plugin,
            "needs": m.needs,
            "tasks": sorted(m.tasks),
            "direction": "none" if m.kind == "matrix" else "higher" if m.greater_is_better
            else "lower",
            "aliases": list(m.aliases),
            "description": m.description,
        }
        for name, m in sorted(registry.metrics.items())
    ]


def sink_rows(registry: Registry) -> list[dict[str, Any]]:
    """One dict per sink, sorted by name."""
    return [
        {"name": name, "plugin": s.plugin, "options": dict(s.options), "description": s.description}
        for name, s in sorted(registry.sinks.items())
    ]


def plugin_rows() -> list[dict[str, Any]]:
    """One dict per plugin skcb knows of, in loading order."""
    return [{**asdict(info), "hooks": list(info.hooks)} for info in plugin_infos()]


def _table(rows: Sequence[Sequence[str]], out: TextIO, indent: str = "  ") -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths)]
        print((indent + "  ".join(cells)).rstrip(), file=out)


def print_list(out: TextIO, as_json: bool = False) -> None:
    """Every registered metric and sink with its plugin."""
    registry = get_registry()
    metrics, sinks = metric_rows(registry), sink_rows(registry)
    if as_json:
        json.dump({"metrics": metrics, "sinks": sinks}, out, indent=2)
        print(file=out)
        return
    print(f"metrics ({len(metrics)}):", file=out)
    _table([("NAME", "PLUGIN", "NEEDS", "TASKS", "DIRECTION", "ALIASES")] + [
        (m["name"], m["plugin"], m["needs"], ",".join(m["tasks"]),
         "-" if m["direction"] == "none" else f"{m['direction']} is better",
         ",".join(m["aliases"]))
        for m in metrics
    ], out)
    print(f"sinks ({len(sinks)}):", file=out)
    _table([("NAME", "PLUGIN", "OPTIONS", "DESCRIPTION")] + [
        (s["name"], s["plugin"], ",".join(s["options"]) or "-", s["description"]) for s in sinks
    ], out)


def print_plugins(out: TextIO, as_json: bool = False) -> None:
    """Every plugin: where it comes from, its version, the hooks it implements, its status."""
    rows = plugin_rows()
    if as_json:
        json.dump(rows, out, indent=2)
        print(file=out)
        return
    _table([("NAME", "SOURCE", "DISTRIBUTION", "HOOKS", "STATUS")] + [
        (p["name"], p["source"], f"{p['distribution']} {p['version']}".strip() or "-",
         ",".join(p["hooks"]) or "-", p["status"])
        for p in rows
    ], out, indent="")
