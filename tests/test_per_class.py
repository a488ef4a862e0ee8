"""Per-class values (``<name>/<class name>``) and the confusion matrix, against scikit-learn."""

from __future__ import annotations

import functools
import math
import warnings
from pathlib import Path
from typing import ClassVar

import keras
import numpy as np
import pytest
from conftest import fit_identity, identity_model
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn import metrics as skm
from test_builtin_parity import classification, regression

import skcb
from skcb import Matrix, MetricsCallback, Sink, get_registry, hookimpl
from skcb.evaluation import Evaluator
from skcb.plugins import BUILTIN_PLUGINS
from skcb.selection import select
from skcb.targets import interpret, resolve

# what scikit-learn gives per class, written out by hand
LABEL_FNS = {"precision": skm.precision_score, "recall": skm.recall_score, "f1": skm.f1_score,
             "jaccard": skm.jaccard_score, "fbeta": functools.partial(skm.fbeta_score, beta=1.0)}
SCORE_FNS = {"roc_auc": functools.partial(skm.roc_auc_score, multi_class="ovr"),
             "roc_auc_ovr": functools.partial(skm.roc_auc_score, multi_class="ovr"),
             "average_precision": skm.average_precision_score}
REGRESSION_FNS = {"mae": skm.mean_absolute_error, "mse": skm.mean_squared_error,
                  "rmse": skm.root_mean_squared_error, "msle": skm.mean_squared_log_error,
                  "rmsle": skm.root_mean_squared_log_error,
                  "mape": skm.mean_absolute_percentage_error,
                  "median_absolute_error": skm.median_absolute_error,
                  "r2": skm.r2_score, "explained_variance": skm.explained_variance_score,
                  "d2_absolute_error_score": skm.d2_absolute_error_score}
REGRESSION_FNS.update({f"neg_{fn.__name__}": fn for n, fn in list(REGRESSION_FNS.items())
                       if n in ("mae", "mse", "rmse", "msle", "rmsle", "mape",
                                "median_absolute_error")})


def expected_per_class(name: str, task: str, y, out, w, k: int) -> np.ndarray:
    if task == "regression":
        y = y[:, 0] if y.ndim == 2 and y.shape[1] == 1 else y
        values = out[:, 0] if out.shape[1] == 1 and y.ndim == 1 else out
        sign = -1 if name.startswith("neg_") else 1
        return sign * REGRESSION_FNS[name](y, values, multioutput="raw_values", sample_weight=w)
    labels = list(range(k))
    if name in SCORE_FNS:
        kwargs = {"labels": labels} if task == "multiclass" and name != "average_precision" else {}
        return SCORE_FNS[name](y, out, average=None, sample_weight=w, **kwargs)
    pred = (out > 0.5).astype(int) if task == "multilabel" else (
        out.argmax(1) if task == "multiclass" else (out[:, -1] > 0.5).astype(int))
    kwargs = {} if task == "multilabel" else {"labels": labels}
    return LABEL_FNS[name](y, pred, average=None, sample_weight=w, **kwargs)


def per_class_values(name: str, task: str, y, out, w, names) -> dict[str, float]:
    target = resolve(y, out.shape[1], task=task, class_names=names)
    evaluator = Evaluator(select([skcb.metric(name, per_class=True)], get_registry()), target)
    state = evaluator.new_state()
    state.update(interpret(target, y, out, w))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return evaluator.compute(state).scalars


CASES = [(n, t) for n, m in sorted(get_registry().metrics.items())
         if m.plugin in BUILTIN_PLUGINS for t in sorted(m.per_class)]


def test_every_per_class_metric_has_a_reference() -> None:
    known = set(LABEL_FNS) | set(SCORE_FNS) | set(REGRESSION_FNS)
    assert {n for n, _ in CASES} <= known, "add the per-class reference here"
    assert {"f1", "jaccard", "precision", "recall", "roc_auc", "mse"} <= {n for n, _ in CASES}


@pytest.mark.parametrize(("name", "task"), CASES, ids=[f"{n}-{t}" for n, t in CASES])
@settings(max_examples=10, deadline=None)
@given(data=st.data())
def test_per_class_equals_sklearn_average_none(name: str, task: str, data) -> None:
    y, out, w, _ = data.draw(regression() if task == "regression" else classification(task))
    k = 2 if task == "binary" else out.shape[1]
    width = k if task != "regression" else 1 if y.ndim == 1 else out.shape[1]
    names = [f"c {i}/x" for i in range(width)] if data.draw(st.booleans()) else None
    got = per_class_values(name, task, y, out, w, names)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            expected = expected_per_class(name, task, y, out, w, k)
        except Exception:  # scikit-learn refuses: NaN under the keys
            expected = math.nan
    if np.ndim(expected) == 0:  # refused, or NaN for all (e.g. R^2 of one sample)
        assert math.isnan(expected) and got and all(math.isnan(v) for v in got.values())
        return
    parts = [f"c_{i}_x" for i in range(width)] if names else [str(i) for i in range(width)]
    assert list(got) == [f"{name}/{p}" for p in parts]
    np.testing.assert_allclose(list(got.values()), expected, rtol=0, atol=1e-12)


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_confusion_matrix_equals_sklearn(data) -> None:
    task = data.draw(st.sampled_from(["binary", "multiclass"]))
    y, out, w, _ = data.draw(classification(task))
    k = 2 if task == "binary" else out.shape[1]
    normalize = data.draw(st.sampled_from([None, "true", "pred", "all"]))
    request = skcb.metric("confusion_matrix", **({"normalize": normalize} if normalize else {}))
    (sel,) = select([request], get_registry())
    target = resolve(y, out.shape[1], task=task)
    evaluator = Evaluator([sel], target)
    state = evaluator.new_state()
    state.update(interpret(target, y, out, w))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = evaluator.compute(state)
        pred = out.argmax(1) if task == "multiclass" else (out[:, -1] > 0.5).astype(int)
        try:
            expected = skm.confusion_matrix(y, pred, labels=list(range(k)), sample_weight=w,
                                            normalize=normalize)
        except ValueError:
            assert math.isnan(results.scalars[sel.key])
            return
    assert sel.key == ("confusion_matrix" + (f"_normalize{normalize}" if normalize else ""))
    assert results.scalars == {}
    matrix = results.others[sel.key]
    assert isinstance(matrix, Matrix) and matrix.row_labels == tuple(map(str, range(k)))
    np.testing.assert_allclose(matrix.values, expected, rtol=0, atol=1e-12)


@pytest.mark.slow
def test_per_class_keys_with_class_names_drive_early_stopping() -> None:
    rng = np.random.default_rng(2)
    out = rng.random((60, 3)).astype("float32")
    y = rng.integers(0, 3, 60)
    cb = MetricsCallback(["f1", skcb.metric("f1", per_class=True)], validation_data=(out, y),
                         sinks=(), class_names=["cat", "dog", "bird"])
    stop = keras.callbacks.EarlyStopping(monitor="val_f1/dog", mode="max", patience=1)
    model = identity_model(3)
    history = model.fit(out, out, epochs=6, verbose=0, callbacks=[cb, stop]).history
    expected = skm.f1_score(y, out.argmax(1), average=None, labels=[0, 1, 2])
    assert len(history["val_f1/dog"]) == 2  # stopped: the value never improves
    for name, value in zip(["cat", "dog", "bird"], expected):
        assert history[f"val_f1/{name}"][0] == pytest.approx(value, abs=1e-12)
    assert history["val_f1"][0] == pytest.approx(expected.mean(), abs=1e-12)


class Recorder(Sink):
    """A scalar-only sink: the base class's write_other skips matrices."""

    seen: ClassVar[list] = []

    def __init__(self, log_dir: str = "", prefix: str = "") -> None:
        pass

    def write(self, step, scalars) -> None:
        Recorder.seen.append(dict(scalars))


class RecorderPlugin:
    @hookimpl
    def register_sinks(self, register) -> None:
        register("recorder", Recorder)


@pytest.mark.slow
def test_confusion_matrix_is_an_image_for_tensorboard_and_skipped_by_scalar_sinks(
        log_dir: Path) -> None:
    from tensorboard.backend.event_processing.event_accumulator import TENSORS, EventAccumulator
    from tensorboard.util.tensor_util import make_ndarray

    plugin = RecorderPlugin()
    skcb.register_plugin(plugin, "recorder-plugin")
    try:
        out = np.eye(3, dtype="float32")[[0, 1, 2, 2, 1]]
        y = np.array([0, 1, 2, 1, 1])
        cb = MetricsCallback(["accuracy", "confusion_matrix"], validation_data=(out, y),
                             sinks=("tensorboard", "recorder"), log_dir=log_dir,
                             class_names=["a", "b", "c"])
        history = fit_identity(cb, 3, epochs=2).history
    finally:
        skcb.unregister_plugin(plugin)
    assert "val_confusion_matrix" not in history and Recorder.seen[-1] == {"accuracy": 0.8}
    acc = EventAccumulator(str(log_dir / "validation"), size_guidance={TENSORS: 0})
    acc.Reload()
    assert acc.SummaryMetadata("epoch_confusion_matrix").plugin_data.plugin_name == "images"
    events = acc.Tensors("epoch_confusion_matrix")
    assert [e.step for e in events] == [0, 1]
    width, height, image = make_ndarray(events[0].tensor_proto).tolist()
    assert image.startswith(b"\x89PNG") and int(width) > 3 * 12 and int(height) > 3 * 12
