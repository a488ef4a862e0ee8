"""Shared fixtures: quiet TensorFlow, identity models that emit exact outputs, event reading."""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pytest


def identity_model(width: int) -> Any:
    """A model whose output is its input, so ``x`` of validation data is the exact output."""
    import keras

    model = keras.Sequential([keras.Input(shape=(width,)), keras.layers.Identity()])
    model.compile(optimizer="sgd", loss="mse")
    return model


def fit_identity(callback: Any, width: int, epochs: int = 1, **fit_kwargs: Any) -> Any:
    """Run a real ``model.fit`` of an identity model with ``callback`` attached."""
    model = identity_model(width)
    x = np.zeros((4, width), dtype="float32")
    return model.fit(x, x, epochs=epochs, verbose=0, callbacks=[callback], **fit_kwargs)


@contextmanager
def plugged(plugin: Any) -> Iterator[Any]:
    """Register an in-code plugin for the duration of a test."""
    import skcb

    skcb.register_plugin(plugin)
    try:
        yield plugin
    finally:
        skcb.unregister_plugin(plugin)


def read_scalars(run_dir: str | Path) -> dict[str, list[tuple[int, float]]]:
    """Every scalar in a TensorBoard run directory, read with TensorBoard's own reader."""
    from tensorboard.backend.event_processing.event_accumulator import (
        TENSORS,
        EventAccumulator,
    )
    from tensorboard.util.tensor_util import make_ndarray

    acc = EventAccumulator(str(run_dir), size_guidance={TENSORS: 0})
    acc.Reload()
    return {
        tag: [(e.step, float(make_ndarray(e.tensor_proto).item())) for e in acc.Tensors(tag)]
        for tag in acc.Tags()["tensors"]
        if acc.SummaryMetadata(tag).plugin_data.plugin_name == "scalars"
    }


@pytest.fixture
def log_dir(tmp_path: Path) -> Path:
    return tmp_path / "logs"
