"""Helpers shared by the benchmarks: interleaved timing and a compact report line."""

from __future__ import annotations

import os
import statistics
import time
from typing import Callable

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def timings(candidates: dict[str, Callable[[], object]], repeats: int) -> dict[str, float]:
    """Median seconds of each candidate, run interleaved (a, b, c, a, b, c, ...) after one
    warm-up each, so drift on a noisy machine hits them all alike."""
    for fn in candidates.values():
        fn()
    samples: dict[str, list[float]] = {name: [] for name in candidates}
    for _ in range(repeats):
        for name, fn in candidates.items():
            start = time.perf_counter()
            fn()
            samples[name].append(time.perf_counter() - start)
    return {name: statistics.median(s) for name, s in samples.items()}


def verdict(ratio: float, target: float, below: bool = True) -> str:
    ok = ratio <= target if below else ratio >= target
    return f"{'PASS' if ok else 'MISS'} (target {'<=' if below else '>='} {target:g})"
