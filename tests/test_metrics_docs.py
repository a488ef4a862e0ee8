"""docs/metrics.md cannot rot: every built-in metric's row states the registry's facts, under
its section, and every scikit-learn scorer name is on the page."""

from __future__ import annotations

import re
from pathlib import Path

from sklearn.metrics import get_scorer_names

from metrics_table import rows_by_section

PAGE = Path(__file__).resolve().parents[1] / "docs" / "metrics.md"


def sections() -> dict[str, str]:
    parts = re.split(r"^## (.+)$", PAGE.read_text(encoding="utf-8"), flags=re.M)
    return dict(zip(parts[1::2], parts[2::2]))


def test_every_builtin_row_matches_the_registry() -> None:
    body = sections()
    for title, rows in rows_by_section().items():
        assert title in body, f"docs/metrics.md lacks the section '## {title}'"
        stale = [row for row in rows if row not in body[title].splitlines()]
        assert not stale, ("update docs/metrics.md (python tests/metrics_table.py prints the "
                           "rows):\n" + "\n".join(stale))
        listed = [line for line in body[title].splitlines() if line.startswith("| `")]
        assert len(listed) == len(rows), f"'{title}' lists metrics that are not registered"


def test_every_scorer_name_is_documented() -> None:
    text = PAGE.read_text(encoding="utf-8")
    assert not [n for n in get_scorer_names() if f"`{n}`" not in text]
