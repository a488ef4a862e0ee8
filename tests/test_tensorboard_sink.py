"""The TensorBoard sink, read back with TensorBoard's own event reader."""

from __future__ import annotations

from pathlib import Path

import keras
import numpy as np
import pytest
from sklearn import metrics as skm

from conftest import fit_identity, identity_model, read_scalars
from skcb import MetricsCallback
from skcb.builtin.tensorboard import TensorBoardSink

OUT = np.array([[0.9], [0.2], [0.7], [0.4], [0.6]], dtype="float32")
Y = np.array([1, 1, 0, 0, 1])


def test_tags_values_and_steps(log_dir: Path) -> None:
    cb = MetricsCallback(["f1", "mcc", "roc_auc"], validation_data=(OUT, Y), log_dir=log_dir)
    history = fit_identity(cb, 1, epochs=3).history
    scalars = read_scalars(log_dir / "validation")
    assert set(scalars) == {"epoch_f1", "epoch_mcc", "epoch_roc_auc"}
    labels = (OUT[:, 0] > 0.5).astype(int)
    expected = {"f1": skm.f1_score(Y, labels), "mcc": skm.matthews_corrcoef(Y, labels),
                "roc_auc": skm.roc_auc_score(Y, OUT[:, 0])}
    for name, value in expected.items():
        points = scalars[f"epoch_{name}"]
        assert [step for step, _ in points] == [0, 1, 2]
        for (_, logged), kept in zip(points, history[f"val_{name}"]):
            assert logged == pytest.approx(value, abs=1e-12) and logged == kept  # float64 kept


def test_resume_with_initial_epoch_continues_the_curve(log_dir: Path) -> None:
    model = identity_model(1)
    cb = MetricsCallback(["f1"], validation_data=(OUT, Y), log_dir=log_dir)
    model.fit(OUT, OUT, epochs=2, verbose=0, callbacks=[cb])
    model.fit(OUT, OUT, epochs=4, initial_epoch=2, verbose=0, callbacks=[cb])
    steps = [step for step, _ in read_scalars(log_dir / "validation")["epoch_f1"]]
    assert steps == [0, 1, 2, 3]
    assert len(list((log_dir / "validation").glob("events.out.tfevents.*"))) == 2  # one per run


def test_shares_the_validation_run_with_keras_tensorboard(log_dir: Path) -> None:
    model = identity_model(1)
    cb = MetricsCallback(["f1"], validation_data=(OUT, Y), log_dir=log_dir)
    model.fit(OUT, OUT, epochs=2, verbose=0, validation_data=(OUT, OUT),
              callbacks=[keras.callbacks.TensorBoard(str(log_dir)), cb])
    scalars = read_scalars(log_dir / "validation")
    assert {"epoch_loss", "epoch_f1"} <= set(scalars)
    assert [s for s, _ in scalars["epoch_f1"]] == [0, 1]  # written once per epoch, not twice


def test_other_prefix_gets_its_own_run(log_dir: Path) -> None:
    cb = MetricsCallback(["f1"], validation_data=(OUT, Y), log_dir=log_dir, prefix="test_")
    history = fit_identity(cb, 1).history
    assert "test_f1" in history
    assert list(read_scalars(log_dir / "test")) == ["epoch_f1"]


def test_values_are_on_disk_after_each_epoch_even_if_training_dies(log_dir: Path) -> None:
    class Die(keras.callbacks.Callback):
        def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
            if epoch == 1:
                raise RuntimeError("killed")

    model = identity_model(1)
    cb = MetricsCallback(["f1"], validation_data=(OUT, Y), log_dir=log_dir)
    with pytest.raises(RuntimeError, match="killed"):
        model.fit(OUT, OUT, epochs=5, verbose=0, callbacks=[cb, Die()])
    steps = [step for step, _ in read_scalars(log_dir / "validation")["epoch_f1"]]
    assert steps == [0, 1]


def test_sink_options_choose_the_run(log_dir: Path) -> None:
    sink = TensorBoardSink(log_dir=log_dir, prefix="val_", run="custom")
    sink.write(5, {"x": 0.25})
    sink.close()
    assert read_scalars(log_dir / "custom") == {"epoch_x": [(5, 0.25)]}
