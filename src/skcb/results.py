"""A metric's return value as logged results: scalars for logs and every sink, the rest
(non-scalar results) only for sinks that can show them."""

from __future__ import annotations

from typing import Any, Mapping, Sequence


def flatten(key: str, value: Any, class_names: Sequence[str] | None = None
            ) -> tuple[dict[str, float], dict[str, Any]]:
    """Split a metric's result into ``(scalars, others)``; a mapping gives ``key/sub`` scalars."""
    if isinstance(value, Mapping):
        return {f"{key}/{k}": float(v) for k, v in value.items()}, {}
    return {key: float(value)}, {}
