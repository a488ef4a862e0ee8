"""MetricsCallback in real training runs: logs, Keras callbacks that read them, errors."""

from __future__ import annotations

import math
from pathlib import Path

import keras
import numpy as np
import pytest
from sklearn import metrics as skm

from conftest import fit_identity, identity_model, plugged
import skcb
from skcb import MetricsCallback
from skcb.evaluation import MetricWarning


def _binary_problem(n: int = 400, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 6)).astype("float32")
    y = (x[:, 0] - 0.5 * x[:, 1] + 0.3 * rng.normal(size=n) > 0).astype("int64")
    return x, y


def _mlp(width: int = 6) -> keras.Model:
    model = keras.Sequential([
        keras.Input(shape=(width,)),
        keras.layers.Dense(8, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="binary_crossentropy")
    return model


class _RecordPredictions(keras.callbacks.Callback):
    """Keeps what the model predicts on the evaluation data after each epoch."""

    def __init__(self, x: np.ndarray) -> None:
        super().__init__()
        self.x, self.outputs = x, []

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        self.outputs.append(np.asarray(self.model(self.x, training=False)))


@pytest.mark.slow
def test_early_stopping_and_checkpoint_act_on_val_f1(tmp_path: Path) -> None:
    keras.utils.set_random_seed(1)
    x, y = _binary_problem()
    x_val, y_val = x[:150], y[:150]
    recorder = _RecordPredictions(x_val)
    stop = keras.callbacks.EarlyStopping(monitor="val_f1", mode="max", patience=1,
                                         min_delta=1.0)  # nothing can improve by 1: stops early
    ckpt_path = tmp_path / "best.keras"
    ckpt = keras.callbacks.ModelCheckpoint(str(ckpt_path), monitor="val_f1", mode="max",
                                           save_best_only=True)
    cb = MetricsCallback(["f1", "mcc", "roc_auc"], validation_data=(x_val, y_val),
                         log_dir=tmp_path / "logs")
    history = _mlp().fit(x[150:], y[150:], epochs=8, batch_size=32, verbose=0,
                         callbacks=[cb, recorder, stop, ckpt])
    f1 = history.history["val_f1"]
    assert len(f1) == len(history.history["loss"]) == len(recorder.outputs) == 2  # stopped
    assert stop.stopped_epoch == 1
    assert ckpt_path.exists()
    assert ckpt.best == pytest.approx(max(f1), abs=0)
    for epoch, out in enumerate(recorder.outputs):  # exact scikit-learn values, every epoch
        labels = (out[:, 0] > 0.5).astype(int)
        assert f1[epoch] == pytest.approx(skm.f1_score(y_val, labels), abs=1e-12)
        assert history.history["val_mcc"][epoch] == pytest.approx(
            skm.matthews_corrcoef(y_val, labels), abs=1e-12)
        assert history.history["val_roc_auc"][epoch] == pytest.approx(
            skm.roc_auc_score(y_val, out[:, 0].astype(np.float64)), abs=1e-12)


def test_sample_weight_reaches_metrics() -> None:
    out = np.array([[0.9], [0.2], [0.7], [0.4], [0.6]], dtype="float32")
    y = np.array([1, 1, 0, 0, 1])
    w = np.array([1.0, 3.0, 0.5, 2.0, 1.0])
    cb = MetricsCallback(["f1", "accuracy", "roc_auc"], validation_data=(out, y, w), sinks=())
    h = fit_identity(cb, 1).history
    labels = (out[:, 0] > 0.5).astype(int)
    assert h["val_f1"][0] == pytest.approx(skm.f1_score(y, labels, sample_weight=w), abs=1e-12)
    assert h["val_accuracy"][0] == pytest.approx(skm.accuracy_score(y, labels, sample_weight=w), abs=1e-12)
    assert h["val_roc_auc"][0] == pytest.approx(
        skm.roc_auc_score(y, out[:, 0].astype(np.float64), sample_weight=w), abs=1e-12)


def test_every_n_epochs_and_always_the_last() -> None:
    out = np.array([[0.9], [0.2]], dtype="float32")
    seen = []

    class Spy(keras.callbacks.Callback):
        def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
            seen.append((epoch, "val_f1" in (logs or {})))

    cb = MetricsCallback(["f1"], validation_data=(out, np.array([1, 0])), sinks=(), every=3)
    model = identity_model(1)
    model.fit(out, out, epochs=5, verbose=0, callbacks=[cb, Spy()])
    assert seen == [(0, False), (1, False), (2, True), (3, False), (4, True)]


def test_quiet_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    out = np.array([[0.9], [0.2]], dtype="float32")
    fit_identity(MetricsCallback(["f1"], validation_data=(out, np.array([1, 0])), sinks=()), 1,
                 epochs=2)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_verbose_prints_one_line_per_evaluation(capsys: pytest.CaptureFixture[str]) -> None:
    out = np.array([[0.9], [0.2]], dtype="float32")
    cb = MetricsCallback(["f1"], validation_data=(out, np.array([1, 0])), sinks=(), verbose=1)
    fit_identity(cb, 1, epochs=2)
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("skcb")]
    assert len(lines) == 2 and "val_f1=1.0000" in lines[0]


def test_failing_metric_logs_nan_warns_once_and_training_goes_on() -> None:
    out = np.array([[0.9], [0.8], [0.7]], dtype="float32")
    y = np.array([1, 1, 1])  # one class only: ROC AUC is undefined
    cb = MetricsCallback(["roc_auc", "accuracy"], validation_data=(out, y), sinks=())
    with pytest.warns(MetricWarning, match="roc_auc") as record:
        h = fit_identity(cb, 1, epochs=3).history
    assert all(math.isnan(v) for v in h["val_roc_auc"]) and h["val_accuracy"] == [1.0] * 3
    assert len([w for w in record if "roc_auc" in str(w.message)]) == 1


class _Broken:
    """An in-code plugin whose metric always raises."""

    @skcb.hookimpl
    def register_metrics(self, register):  # noqa: ANN001, ANN201
        def broken(y_true, y_pred, **kwargs):  # noqa: ANN001, ANN202, ANN003
            raise ZeroDivisionError("broken on purpose")

        register("broken", broken, needs="labels", tasks={"binary"})


@pytest.fixture
def broken_plugin():  # noqa: ANN201
    with plugged(_Broken()) as plugin:
        yield plugin


def test_raising_metric_gives_nan_and_one_warning(broken_plugin: _Broken) -> None:
    out = np.array([[0.9], [0.2]], dtype="float32")
    cb = MetricsCallback(["broken", "f1"], validation_data=(out, np.array([1, 0])), sinks=())
    with pytest.warns(MetricWarning, match="broken on purpose") as record:
        h = fit_identity(cb, 1, epochs=2).history
    assert [math.isnan(v) for v in h["val_broken"]] == [True, True] and h["val_f1"] == [1.0, 1.0]
    runtime = [w for w in record if w.category is MetricWarning and "broken on purpose" in str(w.message)]
    assert len(runtime) == 1  # (plus one start-up note from the probe, a UserWarning)


def test_on_error_raise_reraises(broken_plugin: _Broken) -> None:
    out = np.array([[0.9], [0.2]], dtype="float32")
    cb = MetricsCallback(["broken"], validation_data=(out, np.array([1, 0])), sinks=(),
                         on_error="raise")
    with pytest.raises(ZeroDivisionError, match="broken on purpose"):
        fit_identity(cb, 1)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"metrics": ["f11"]}, r"unknown metric 'f11'.*Did you mean 'f1'.*Available: accuracy"),
        ({"metrics": []}, "metrics is empty"),
        ({"metrics": ["f1", "f1"]}, "twice"),
        ({"validation_data": None}, "validation_data is required"),
        ({"validation_data": (np.zeros((0, 1)), np.zeros(0))}, "empty"),
        ({"validation_data": (np.zeros((3, 1)), np.zeros(2))}, "x has 3 samples but y has 2"),
        ({"validation_data": (np.zeros((2, 1)), np.zeros(2), np.ones(3))}, "sample_weight has 3"),
        ({"validation_data": (np.zeros((2, 1)), np.zeros(2), [1.0, -1.0])}, ">= 0"),
        ({"sinks": ["tensorbord"]}, "unknown sink 'tensorbord'.*Did you mean 'tensorboard'"),
        ({"task": "ranking"}, "task must be one of"),
        ({"every": 0}, "every must be a whole number >= 1"),
        ({"every": 1.5}, "every must be a whole number"),
        ({"batch_size": "32"}, "batch_size must be a whole number"),
        ({"metrics": None}, "metrics must be a metric name"),
        ({"sinks": ["tensorboard"], "sink_options": {"tensorbord": {}}},
         "not among the selected sinks.*Did you mean 'tensorboard'"),
        ({"sinks": ["tensorboard"], "sink_options": {"tensorboard": {"runn": "x"}}},
         "has no option 'runn'.*Did you mean 'run'"),
        ({"validation_data": (np.zeros((2, 1)), np.array([0.0, np.nan]))}, "NaN"),
        ({"threshold": 2.0}, "threshold"),
        ({"metrics": ["roc_auc"], "validation_data": (np.zeros((2, 1)), np.array([0.5, 1.7]))},
         "does not apply to a regression task"),
    ],
    ids=lambda v: str(v)[:40] if isinstance(v, str) else None,
)
def test_bad_arguments_fail_at_construction(kwargs: dict, match: str) -> None:
    args = {"metrics": ["f1"], "validation_data": (np.zeros((2, 1)), np.array([0, 1])), "sinks": ()}
    with pytest.raises(ValueError, match=match):
        MetricsCallback(**{**args, **kwargs})


def test_labels_out_of_range_fail_before_training() -> None:
    out = np.eye(3, dtype="float32")
    cb = MetricsCallback(["f1"], validation_data=(out, np.array([0, 1, 3])), sinks=())
    model = identity_model(3)
    with pytest.raises(ValueError, match="class indices 0..2"):
        model.fit(out, out, epochs=1, verbose=0, callbacks=[cb])
    assert model.optimizer.iterations.numpy() == 0  # no training step ran
