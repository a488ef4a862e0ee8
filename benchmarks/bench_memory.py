"""Benchmark 3: memory. Evaluation samples streamed from a tf.data.Dataset, 100 classes: peak
memory growth of skcb (confusion-matrix metrics) against the recipe that collects all
predictions (model.predict on the dataset). Each variant runs in a fresh process; growth is
the process's peak resident memory during the evaluation minus its resident memory before."""

from __future__ import annotations

import json
import subprocess
import sys

import common  # noqa: F401

BATCH, FEATURES, CLASSES = 4096, 16, 100


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20


def _peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


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
    small = dataset(BATCH * 4)
    if variant == "skcb":
        cb.data.data = small
        cb.on_epoch_end(0, {})  # warm-up on a small set (allocator pools, traces)
        cb.data.data = dataset(n)
        run = lambda: cb.on_epoch_end(0, {})  # noqa: E731
    else:
        model.predict(small, verbose=0)

        def run() -> None:
            import numpy as np

            probs = model.predict(dataset(n), verbose=0)  # everything in memory
            y = np.concatenate([y.numpy() for _, y in dataset(n)])
            pred = probs.argmax(1)
            for fn in SKLEARN_EIGHT:
                fn(y, pred)
    before = _rss_mb()
    run()
    print(json.dumps({"growth_mb": _peak_mb() - before}))


def measure(variant: str, n: int) -> float:
    proc = subprocess.run([sys.executable, __file__, variant, str(n)], capture_output=True,
                          text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])["growth_mb"]


def run(n: int = 2_000_000) -> dict[str, float]:
    from common import verdict

    small = n // 10
    ours_small, ours, recipe = measure("skcb", small), measure("skcb", n), measure("recipe", n)
    print(f"[memory] peak growth, 100 classes: skcb {ours_small:.1f} MB at {small:,} samples, "
          f"{ours:.1f} MB at {n:,}; recipe (collect all predictions) {recipe:.0f} MB at {n:,}")
    print(f"[memory] skcb growth {ours:.1f} MB {verdict(ours, 64)}; "
          f"recipe/skcb = {recipe / max(ours, 1):.0f}x")
    return {"skcb_mb": ours, "recipe_mb": recipe}


if __name__ == "__main__":
    if len(sys.argv) == 3:
        _child(sys.argv[1], int(sys.argv[2]))
    else:
        run()
