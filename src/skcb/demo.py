"""The main job: a small CNN on real data, skcb metrics every epoch, TensorBoard logs.

Data: scikit-learn's bundled digits (1,797 8x8 images; no download), or MNIST from a local
``mnist.npz`` in Keras's format.
"""

from __future__ import annotations

import os
import sys
from typing import Any, Sequence, TextIO

import numpy as np

DEFAULT_METRICS = ("accuracy", "f1", "jaccard", "mcc", "cohen_kappa", "roc_auc")


def load_digits_split(seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Digits as (n, 8, 8, 1) floats in [0, 1], split 80/20, stratified."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    x = (digits.images / 16.0).astype("float32")[..., None]
    return tuple(train_test_split(x, digits.target, test_size=0.2, stratify=digits.target,
                                  random_state=seed))  # type: ignore[return-value]


def load_mnist(path: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """MNIST from a local ``mnist.npz``; the last 10% of the training set is held out."""
    with np.load(path) as f:
        x, y = f["x_train"], f["y_train"]
    x = (x.astype("float32") / 255.0)[..., None]
    n_val = int(round(len(x) * 0.1))
    return x[:-n_val], x[-n_val:], y[:-n_val], y[-n_val:]


def build_cnn(input_shape: Sequence[int], n_classes: int, mnist: bool = False) -> Any:
    """Conv2D -> MaxPool -> Conv2D -> MaxPool -> Flatten -> Dropout -> softmax Dense."""
    import keras
    from keras import layers

    width = (32, 64) if mnist else (16, 32)
    model = keras.Sequential([
        keras.Input(shape=tuple(input_shape)),
        layers.Conv2D(width[0], 3, activation="relu", padding="valid" if mnist else "same"),
        layers.MaxPooling2D(2),
        layers.Conv2D(width[1], 3, activation="relu", padding="valid" if mnist else "same"),
        layers.MaxPooling2D(2),
        layers.Flatten(),
        layers.Dropout(0.5),
        layers.Dense(n_classes, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    return model


def _table_printer(names: Sequence[str], out: TextIO) -> Any:
    import keras

    columns = ["epoch", "loss", "val_loss", *[f"val_{n}" for n in names]]
    widths = [max(7, len(c)) for c in columns]

    class Table(keras.callbacks.Callback):
        def on_train_begin(self, logs: Any = None) -> None:
            print("  ".join(c.rjust(w) for c, w in zip(columns, widths)), file=out, flush=True)

        def on_epoch_end(self, epoch: int, logs: Any = None) -> None:
            logs = logs or {}
            cells = [str(epoch + 1)] + [f"{logs.get(c, float('nan')):.4f}" for c in columns[1:]]
            print("  ".join(c.rjust(w) for c, w in zip(cells, widths)), file=out, flush=True)

    return Table()


def run_demo(epochs: int = 10, metrics: Sequence[str] = DEFAULT_METRICS, logdir: str = "logs/demo",
             mnist: str | None = None, seed: int = 0, out: TextIO = sys.stdout) -> dict[str, list[float]]:
    """Train, evaluate ``metrics`` every epoch, write TensorBoard logs; returns the history."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras

    from .callback import MetricsCallback

    keras.utils.set_random_seed(seed)
    if mnist:
        x_tr, x_val, y_tr, y_val = load_mnist(mnist)
        batch, source = 128, f"MNIST from {mnist}"
    else:
        x_tr, x_val, y_tr, y_val = load_digits_split(seed)
        batch, source = 32, "scikit-learn's bundled digits"
    print(f"skcb demo: {source}: {len(x_tr)} training and {len(x_val)} held-out images, "
          f"{epochs} epochs, metrics {', '.join(metrics)}", file=out)
    model = build_cnn(x_tr.shape[1:], 10, mnist=bool(mnist))
    skcb_cb = MetricsCallback(list(metrics), validation_data=(x_val, y_val), log_dir=logdir)
    history = model.fit(
        x_tr, y_tr, batch_size=batch, epochs=epochs, validation_data=(x_val, y_val), verbose=0,
        # Keras's TensorBoard goes first: placed after skcb it would write skcb's values again.
        callbacks=[keras.callbacks.TensorBoard(logdir), skcb_cb, _table_printer(metrics, out)],
    )
    print(f"\nTensorBoard logs in {logdir}. View them with:\n  tensorboard --logdir {logdir}",
          file=out)
    return history.history
