"""The base class every sink implements. A sink never knows about metrics."""

from __future__ import annotations

from typing import Any, Mapping


class Sink:
    """Receives evaluated values once per evaluated epoch.

    Only :meth:`write` is required. Names arrive without the callback's prefix (``f1``, not
    ``val_f1``); the prefix a sink was opened with is available as ``self.prefix`` when the
    sink stores it.
    """

    def write(self, step: int, scalars: Mapping[str, float]) -> None:
        """Write scalar values for ``step`` (the 0-based epoch index Keras passes)."""
        raise NotImplementedError

    def write_other(self, step: int, name: str, value: Any) -> None:
        """Write a non-scalar result (e.g. a confusion matrix). Scalar-only sinks ignore it."""

    def flush(self) -> None:
        """Make what was written so far durable (called after every write)."""

    def close(self) -> None:
        """Release resources at the end of a training run."""
