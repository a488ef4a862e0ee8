"""A sink writing one JSON line per evaluated epoch: easy to read back with pandas or jq."""

from __future__ import annotations

import json
import os
from typing import Any, Mapping

from skcb import Sink


class JsonLinesSink(Sink):
    """Appends ``{"step": ..., "<prefix><name>": value, ...}`` to ``<log_dir>/<filename>``."""

    def __init__(self, log_dir: str = "logs", prefix: str = "val_",
                 filename: str = "skcb.jsonl") -> None:
        os.makedirs(log_dir, exist_ok=True)
        self.prefix = prefix
        self.path = os.path.join(os.fspath(log_dir), filename)
        self._file: Any = open(self.path, "a", encoding="utf-8")  # noqa: SIM115 (closed in close)

    def write(self, step: int, scalars: Mapping[str, float]) -> None:
        row = {"step": int(step), **{self.prefix + k: float(v) for k, v in scalars.items()}}
        self._file.write(json.dumps(row) + "\n")  # NaN is written as NaN, as json.loads reads it

    def flush(self) -> None:
        self._file.flush()

    def close(self) -> None:
        self._file.close()
