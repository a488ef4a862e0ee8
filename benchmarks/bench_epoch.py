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


def run(repeats: int = 7) -> dict[str, float]:
    import keras
    import tensorflow as tf

    from common import timings, verdict
    from skcb import MetricsCallback
    from skcb.demo import build_cnn

    keras.utils.set_random_seed(0)
    x, y = data()
    model = build_cnn(x.shape[1:], 10)
    model.fit(x[:2000], y[:2000], epochs=1, batch_size=128, verbose=0)  # not a random model
    callback = MetricsCallback(EIGHT, validation_data=(x, y), sinks=())
    callback.set_model(model)
    callback.set_params({"epochs": 1})
    callback.on_train_begin()
    batch = callback.data.batch_size

    bare = tf.function(lambda t: model(t, training=False), reduce_retracing=True)

    def recipe_one() -> None:
        skm.jaccard_score(y, model.predict(x, verbose=0).argmax(1), average="macro")

    def recipe_eight() -> None:
        pred = model.predict(x, verbose=0).argmax(1)
        for fn in SKLEARN_EIGHT:
            fn(y, pred)

    def forward_only() -> None:
        for i in range(0, len(x), batch):
            bare(x[i:i + batch]).numpy()

    t = timings({"a": recipe_one, "b": recipe_eight,
                 "c": lambda: callback.on_epoch_end(0, {}), "d": forward_only}, repeats)
    print(f"[epoch] 10,000 samples, batch {batch}: a={t['a']*1e3:.1f} ms  b={t['b']*1e3:.1f} ms  "
          f"c={t['c']*1e3:.1f} ms  d={t['d']*1e3:.1f} ms")
    print(f"[epoch] c/d = {t['c']/t['d']:.2f} {verdict(t['c']/t['d'], 1.3)}; "
          f"c/a = {t['c']/t['a']:.3f} {verdict(t['c']/t['a'], 0.1)}; "
          f"a/d = {t['a']/t['d']:.1f}; b/c = {t['b']/t['c']:.1f}")
    return {"c/d": t["c"] / t["d"], "c/a": t["c"] / t["a"]}


if __name__ == "__main__":
    run()
