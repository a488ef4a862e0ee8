"""The rows of docs/metrics.md's tables, from the registry: run ``python tests/metrics_table.py``
to print them after changing a built-in metric; ``tests/test_metrics_docs.py`` keeps the page
and the registry in step."""

from __future__ import annotations

from typing import Any

from skcb import get_registry
from skcb.plugins import BUILTIN_PLUGINS
from skcb.selection import _arguments
from skcb.specs import Metric

SECTIONS = {  # section heading -> which built-in metrics it lists
    "Classification from predicted labels": lambda m: m.needs == "labels" and m.plugin.endswith(
        "classification"),
    "Classification from scores": lambda m: m.needs == "scores",
    "Label comparison (clustering scorers)": lambda m: m.plugin.endswith("clustering"),
    "Regression": lambda m: m.needs == "values",
}
TASK_ORDER = ("binary", "multiclass", "multilabel", "regression")


def _tasks(tasks: Any) -> str:
    return ", ".join(t for t in TASK_ORDER if t in tasks) or "-"


def _arguments_cell(m: Metric) -> str:
    per_task = {k for kw in m.task_kwargs.values() for k in kw}
    cells = []
    for name in _arguments(m):
        if name in m.kwargs:
            cells.append(f"`{name}={m.kwargs[name]!r}`")
        elif name in per_task:
            cells.append(f"`{name}` (by task)")
        elif name == "labels" and "labels" in m.context:
            cells.append("`labels` (all classes)")
        else:
            cells.append(f"`{name}`")
    return ", ".join(cells) or "-"


def row(m: Metric) -> str:
    """One table row: name (aliases), tasks, needs, direction, per class, arguments, what."""
    name = f"`{m.name}`" + (f" (alias {', '.join(f'`{a}`' for a in m.aliases)})"
                            if m.aliases else "")
    direction = "-" if m.kind == "matrix" else "higher" if m.greater_is_better else "lower"
    cells = [name, _tasks(m.tasks), m.needs, direction, _tasks(m.per_class), _arguments_cell(m),
             m.description]
    return "| " + " | ".join(cells) + " |"


def rows_by_section() -> dict[str, list[str]]:
    metrics = [m for _, m in sorted(get_registry().metrics.items())
               if m.plugin in BUILTIN_PLUGINS]
    return {title: [row(m) for m in metrics if keep(m)] for title, keep in SECTIONS.items()}


if __name__ == "__main__":
    for title, rows in rows_by_section().items():
        print(f"\n## {title}\n")
        print("| name | tasks | needs | direction | per class | arguments | what it is |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        print("\n".join(rows))
