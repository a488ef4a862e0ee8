"""Benchmark 3: memory. Evaluation samples streamed from a tf.data.Dataset, 100 classes: peak
memory growth of skcb (confusion-matrix metrics) against the recipe that collects all
predictions (model.predict on the dataset). Each variant runs in a fresh process, evaluates
once to warm up (allocator pools, traces, tf.data threads), then once measured: growth is the
peak resident memory sampled every 2 ms during the measured evaluation minus the resident
memory just before it."""

from __future__ import annotations

import json
import subprocess
import sys

import common  # noqa: F401

BATCH, FEATURES, CLASSES = 4096, 16, 100


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20


def _peak_during(run) -> float:  # noqa: ANN001
    """Peak resident MB while ``run()`` executes, sampled from another thread."""
    import threading

    peak, done = [_rss_mb()], threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _rss_mb())
            done.wait(0.002)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        run()
    finally:
        done.set()
        thread.join()
    return max(peak[0], _rss_mb())


def _child(variant: str, n: int) -> None:
    import keras
    import tensorflow as tf

    from bench_epoch import EIGHT, SKLEARN_EIGHT
    from skcb import MetricsCallback

    def dataset(samples: int):  # generated on the fly: the data set itself takes no memory
        def make(i):  # noqa: ANN001, ANN202
            x = tf.random.stateless_uniform((BATCH, FEATURES), seed=tf.stack([i, 0]))
            y = tf.random.stateless_uniform((BATCH,), seed=tf.stack([i, 1]), maxval=CLASSES,
                                            dtype=tf.int64)
            return x, y
        return tf.data.Dataset.range(samples // BATCH).map(make)

    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((FEATURES,)), keras.layers.Dense(CLASSES, activation="softmax")])
    model.compile(loss="sparse_categorical_crossentropy")
    cb = MetricsCallback(EIGHT, validation_data=dataset(n), sinks=())
    cb.set_model(model)
    cb.set_params({"epochs": 1})
    cb.on_train_begin()
    if variant == "skcb":
        def run() -> None:
            cb.on_epoch_end(0, {})
    else:
        def run() -> None:
            import numpy as np

            probs = model.predict(dataset(n), verbose=0)  # everything in memory
            y = np.concatenate([y.numpy() for _, y in dataset(n)])
            pred = probs.argmax(1)
            for fn in SKLEARN_EIGHT:
                fn(y, pred)
    start = _rss_mb()
    first = _peak_during(run) - start  # includes one-time costs (tf.data threads, pools)
    before = _rss_mb()
    print(json.dumps({"growth_mb": _peak_during(run) - before, "first_mb": first}))


def measure(variant: str, n: int) -> tuple[float, float]:
    proc = subprocess.run([sys.executable, __file__, variant, str(n)], capture_output=True,
                          text=True, check=True)
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    return result["growth_mb"], result["first_mb"]


def run(n: int = 2_000_000) -> dict[str, float]:
    from common import verdict

    small = n // 10
    (ours_small, first_small), (ours, first) = measure("skcb", small), measure("skcb", n)
    recipe, recipe_first = measure("recipe", n)
    print(f"[memory] peak growth of an evaluation, 100 classes: skcb {ours_small:.1f} MB at "
          f"{small:,} samples, {ours:.1f} MB at {n:,}; recipe (collect all predictions) "
          f"{recipe:.0f} MB at {n:,}")
    print(f"[memory] first evaluation of a process (one-time costs included): skcb "
          f"{first_small:.1f} MB at {small:,}, {first:.1f} MB at {n:,}; recipe {recipe_first:.0f} MB")
    print(f"[memory] skcb growth {max(ours, first):.1f} MB {verdict(max(ours, first), 64)}; "
          f"recipe/skcb = {recipe / max(ours, 1):.0f}x")
    return {"skcb_mb": ours, "skcb_first_mb": first, "recipe_mb": recipe}


if __name__ == "__main__":
    if len(sys.argv) == 3:
        _child(sys.argv[1], int(sys.argv[2]))
    else:
        run()
