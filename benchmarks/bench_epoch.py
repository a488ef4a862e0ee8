"""Benchmark 1: per-epoch evaluation overhead on a small CNN, 10,000 samples, 10 classes.

(a) the one-metric recipe: model.predict + jaccard_score
(b) the same recipe with the 8 confusion-matrix metrics
(c) skcb's MetricsCallback.on_epoch_end with the same 8 metrics (logs filled, no sink)
(d) one bare compiled forward pass over the same data, same batch size
"""

from __future__ import annotations

import common  # noqa: F401  (quiet TensorFlow first)
import numpy as np
from sklearn import metrics as skm
from sklearn.datasets import load_digits

EIGHT = ["accuracy", "balanced_accuracy", "precision_macro", "recall_macro", "f1_macro",
         "jaccard_macro", "mcc", "cohen_kappa"]
SKLEARN_EIGHT = [
    skm.accuracy_score, skm.balanced_accuracy_score,
    lambda y, p: skm.precision_score(y, p, average="macro", zero_division=0),
    lambda y, p: skm.recall_score(y, p, average="macro", zero_division=0),
    lambda y, p: skm.f1_score(y, p, average="macro", zero_division=0),
    lambda y, p: skm.jaccard_score(y, p, average="macro", zero_division=0),
    skm.matthews_corrcoef, skm.cohen_kappa_score,
]


def data(n: int = 10_000) -> tuple[np.ndarray, np.ndarray]:
    """Digits tiled to n samples with a little noise: real images, the issue's size."""
    digits = load_digits()
    rng = np.random.default_rng(0)
    idx = rng.integers(0, len(digits.target), n)
    x = digits.images[idx] / 16.0 + rng.normal(0, 0.05, (n, 8, 8))
    return x.astype("float32")[..., None], digits.target[idx]


def run(repeats: int = 7, batch_sizes: tuple = (None, 4096)) -> dict[str, float]:
    import keras
    import tensorflow as tf

    from common import timings, verdict
    from skcb import MetricsCallback
    from skcb.demo import build_cnn

    keras.utils.set_random_seed(0)
    x, y = data()
    model = build_cnn(x.shape[1:], 10)
    model.fit(x[:2000], y[:2000], epochs=1, batch_size=128, verbose=0)  # not a random model
    bare = tf.function(lambda t: model(t, training=False), reduce_retracing=True)

    def recipe_one() -> None:
        skm.jaccard_score(y, model.predict(x, verbose=0).argmax(1), average="macro")

    def recipe_eight() -> None:
        pred = model.predict(x, verbose=0).argmax(1)
        for fn in SKLEARN_EIGHT:
            fn(y, pred)

    candidates = {"a": recipe_one, "b": recipe_eight}
    for size in batch_sizes:
        callback = MetricsCallback(EIGHT, validation_data=(x, y), sinks=(), batch_size=size)
        callback.set_model(model)
        callback.set_params({"epochs": 1})
        callback.on_train_begin()
        batch = callback.data.batch_size

        def forward_only(batch: int = batch) -> None:
            for i in range(0, len(x), batch):
                bare(x[i:i + batch]).numpy()

        candidates[f"c{batch}"] = lambda cb=callback: cb.on_epoch_end(0, {})
        candidates[f"d{batch}"] = forward_only
    t = timings(candidates, repeats)
    print(f"[epoch] 10,000 samples, 10 classes: (a) predict + jaccard {t['a']*1e3:.0f} ms, "
          f"(b) predict + 8 metrics {t['b']*1e3:.0f} ms")
    ratios = {}
    for key in [k for k in t if k.startswith("c")]:
        batch = key[1:]
        c, d = t[key], t[f"d{batch}"]
        default = " (default)" if batch == list(t)[2][1:] else ""
        print(f"[epoch] batch {batch}{default}: (c) skcb 8 metrics {c*1e3:.1f} ms, (d) bare forward "
              f"{d*1e3:.1f} ms: c/d = {c/d:.2f} {verdict(c/d, 1.3)}; c/a = {c/t['a']:.3f} "
              f"{verdict(c/t['a'], 0.1)}; a/d = {t['a']/d:.1f}; b/c = {t['b']/c:.0f}")
        ratios[f"c/d@{batch}"], ratios[f"c/a@{batch}"] = c / d, c / t["a"]
    return ratios


if __name__ == "__main__":
    run()
