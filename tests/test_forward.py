"""The forward pass: compiled once per run, reused every epoch, no growth over many epochs."""

from __future__ import annotations

import tracemalloc

import keras
import numpy as np
import pytest

from skcb import MetricsCallback
from skcb.data import auto_batch_size


def _model() -> keras.Model:
    model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    return model


@pytest.mark.slow
def test_fifty_epochs_trace_once_and_do_not_grow() -> None:
    rng = np.random.default_rng(0)
    x, y = rng.random((1000, 6)).astype("float32"), rng.integers(0, 3, 1000)
    cb = MetricsCallback(["f1", "mcc"], validation_data=(x, y), sinks=(), batch_size=300)
    model = _model()
    cb.set_model(model)
    cb.set_params({"epochs": 50})
    cb.on_train_begin()
    for epoch in range(5):
        cb.on_epoch_end(epoch, {})
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    for epoch in range(5, 50):
        cb.on_epoch_end(epoch, {})
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    grown = sum(stat.size_diff for stat in after.compare_to(before, "filename"))
    assert grown < 256 * 1024, f"{grown} bytes kept after 45 more epochs"
    # full batches and the shorter last one: at most two traces, never one per epoch
    assert cb._forward.tracing_count() <= 2


def test_no_model_predict_per_epoch() -> None:
    calls = []

    class Counting(keras.Sequential):
        def predict(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
            calls.append(1)
            return super().predict(*args, **kwargs)

    model = Counting([keras.Input((2,)), keras.layers.Identity()])
    model.compile(optimizer="sgd", loss="mse")
    x = np.array([[0.2, 0.8], [0.9, 0.1]], dtype="float32")
    cb = MetricsCallback(["accuracy"], validation_data=(x, np.array([1, 0])), sinks=())
    history = model.fit(x, x, epochs=3, verbose=0, callbacks=[cb]).history
    assert history["val_accuracy"] == [1.0, 1.0, 1.0] and calls == []


@pytest.mark.parametrize(("shape", "expected"), [((8, 8, 1), 1024), ((224, 224, 3), 32),
                                                 ((64, 64, 3), 256)])
def test_auto_batch_size_keeps_about_16_mib_of_input(shape: tuple, expected: int) -> None:
    assert auto_batch_size(np.zeros((2, *shape), dtype="float32")) == expected
