"""Evaluation data kinds: arrays, tf.data.Dataset (even shuffling), PyDataset, multi-input."""

from __future__ import annotations

import keras
import numpy as np
import pytest
import tensorflow as tf
from sklearn import metrics as skm

from conftest import fit_identity
from skcb import MetricsCallback

RNG = np.random.default_rng(3)
OUT = RNG.random((103, 4)).astype("float32")
Y = RNG.integers(0, 4, 103)
W = RNG.random(103)
EXPECTED = skm.f1_score(Y, OUT.argmax(1), average="macro", sample_weight=W)


def test_shuffling_dataset_keeps_each_batch_together() -> None:
    ds = tf.data.Dataset.from_tensor_slices((OUT, Y, W)).shuffle(103, reshuffle_each_iteration=True).batch(10)
    cb = MetricsCallback(["f1"], validation_data=ds, sinks=())
    history = fit_identity(cb, 4, epochs=3).history
    assert history["val_f1"] == pytest.approx([EXPECTED] * 3, abs=1e-12)


def test_one_hot_dataset_labels() -> None:
    ds = tf.data.Dataset.from_tensor_slices((OUT, np.eye(4)[Y], W)).batch(32)
    history = fit_identity(MetricsCallback(["f1"], validation_data=ds, sinks=()), 4).history
    assert history["val_f1"][0] == pytest.approx(EXPECTED, abs=1e-12)


class _Batches(keras.utils.PyDataset):
    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def __len__(self) -> int:
        return -(-len(Y) // self.size)

    def __getitem__(self, i: int) -> tuple:
        s = slice(i * self.size, (i + 1) * self.size)
        return OUT[s], Y[s], W[s]


def test_pydataset() -> None:
    history = fit_identity(MetricsCallback(["f1"], validation_data=_Batches(17), sinks=()), 4).history
    assert history["val_f1"][0] == pytest.approx(EXPECTED, abs=1e-12)


@pytest.mark.parametrize("batch_size", [1, 7, 103, 1000])
def test_array_batch_sizes_pool_over_all_samples(batch_size: int) -> None:
    cb = MetricsCallback(["f1"], validation_data=(OUT, Y, W), sinks=(), batch_size=batch_size)
    assert fit_identity(cb, 4).history["val_f1"][0] == pytest.approx(EXPECTED, abs=1e-12)


def test_multi_input_model() -> None:
    a, b = keras.Input(shape=(2,), name="a"), keras.Input(shape=(2,), name="b")
    model = keras.Model({"a": a, "b": b}, keras.layers.Concatenate()([a, b]))
    model.compile(optimizer="sgd", loss="mse")
    x = {"a": OUT[:, :2], "b": OUT[:, 2:]}
    cb = MetricsCallback(["f1"], validation_data=(x, Y, W), sinks=(), batch_size=20)
    history = model.fit(x, OUT, epochs=1, verbose=0, callbacks=[cb]).history
    assert history["val_f1"][0] == pytest.approx(EXPECTED, abs=1e-12)


def test_dataset_with_bad_elements_fails_before_training() -> None:
    ds = tf.data.Dataset.from_tensor_slices(OUT).batch(10)  # no labels
    cb = MetricsCallback(["f1"], validation_data=ds, sinks=())
    with pytest.raises(ValueError, match=r"must give \(x, y\)"):
        fit_identity(cb, 4)
