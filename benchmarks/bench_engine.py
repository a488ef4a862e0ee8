"""Benchmark 2: the metric engine. 1,000,000 labels, 100 classes, the 8 confusion-matrix
metrics: skcb (one streamed confusion matrix) against the sum of the scikit-learn calls,
values checked equal to 1e-12."""

from __future__ import annotations

import warnings

import common  # noqa: F401
import numpy as np

from bench_epoch import EIGHT, SKLEARN_EIGHT


def run(n: int = 1_000_000, k: int = 100, repeats: int = 3) -> dict[str, float]:
    from common import timings, verdict
    from skcb import get_registry
    from skcb.evaluation import Evaluator
    from skcb.selection import select
    from skcb.targets import Batch, TargetSpec

    rng = np.random.default_rng(0)
    y = rng.integers(0, k, n)
    pred = np.where(rng.random(n) < 0.7, y, rng.integers(0, k, n))  # 70 % right
    target = TargetSpec("multiclass", k)
    evaluator = Evaluator(select(EIGHT, get_registry()), target)
    assert evaluator.streaming
    values: dict[str, float] = {}

    def skcb_engine() -> None:
        state = evaluator.new_state()
        for i in range(0, n, 65_536):  # as batches arrive from the forward pass
            state.update(Batch(y[i:i + 65_536], pred[i:i + 65_536], None))
        values.update(evaluator.compute(state).scalars)

    def sklearn_calls() -> None:
        values["_ref"] = [fn(y, pred) for fn in SKLEARN_EIGHT]

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t = timings({"skcb": skcb_engine, "sklearn": sklearn_calls}, repeats)
    for name, ref in zip(EIGHT, values["_ref"]):
        assert abs(values[name] - ref) <= 1e-12, (name, values[name], ref)
    speedup = t["sklearn"] / t["skcb"]
    print(f"[engine] {n:,} labels, {k} classes, 8 metrics: sklearn {t['sklearn']*1e3:.0f} ms, "
          f"skcb {t['skcb']*1e3:.1f} ms; values equal to 1e-12")
    print(f"[engine] speed-up = {speedup:.0f}x {verdict(speedup, 50, below=False)}")
    return {"speedup": speedup}


if __name__ == "__main__":
    run()
