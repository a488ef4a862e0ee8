"""Bad input: a clear error before training, or NaN plus one warning; training never dies."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import keras
import numpy as np
import pytest
import tensorflow as tf

import skcb
from conftest import fit_identity, identity_model, plugged
from skcb import MetricsCallback
from skcb.evaluation import MetricWarning

OUT = np.array([[0.9], [0.2], [0.7], [0.4]], dtype="float32")
Y = np.array([1, 0, 0, 1])


class _Odd:
    """An in-code plugin with metrics that misbehave in the ways plugins do."""

    calls = 0

    @skcb.hookimpl
    def register_metrics(self, register):  # noqa: ANN001, ANN201
        register("text_result", lambda yt, yp, sample_weight=None: "n/a",
                 needs="labels", tasks={"binary"})
        register("none_result", lambda yt, yp, sample_weight=None: None,
                 needs="labels", tasks={"binary"})

        def chatty(yt, yp, sample_weight=None):  # noqa: ANN001, ANN202
            _Odd.calls += 1
            import warnings

            warnings.warn(f"drifted by {_Odd.calls * 0.137:.3f}", UserWarning)
            return 0.25

        register("chatty", chatty, needs="labels", tasks={"binary"})


@pytest.fixture
def odd():  # noqa: ANN201
    with plugged(_Odd()) as plugin:
        yield plugin


def test_a_metric_returning_garbage_fails_alone(odd: _Odd) -> None:
    cb = MetricsCallback(["f1", "text_result", "none_result"], validation_data=(OUT, Y), sinks=())
    with pytest.warns(MetricWarning) as record:
        h = fit_identity(cb, 1, epochs=3).history
    assert h["val_f1"] == [0.5] * 3
    assert all(math.isnan(v) for v in h["val_text_result"] + h["val_none_result"])
    texts = [str(w.message) for w in record if w.category is MetricWarning]
    assert len([t for t in texts if "'text_result'" in t]) == 1
    assert len([t for t in texts if "'none_result'" in t]) == 1


def test_warnings_whose_numbers_change_are_given_once(odd: _Odd) -> None:
    cb = MetricsCallback(["chatty"], validation_data=(OUT, Y), sinks=())
    with pytest.warns(MetricWarning) as record:
        fit_identity(cb, 1, epochs=4)
    assert len([w for w in record if "drifted by" in str(w.message)]) == 1


def test_on_error_raise_raises_when_a_metric_is_undefined() -> None:
    cb = MetricsCallback(["roc_auc"], validation_data=(OUT, np.zeros(4, int)), sinks=(),
                         on_error="raise")
    with pytest.raises(ValueError, match="'roc_auc' is undefined"):
        fit_identity(cb, 1)


@pytest.mark.parametrize(("y", "match"), [
    (np.array([1, 2, 2, 1]), r"labels \{1, 2\}.*binary model needs y in \{0, 1\}"),
    (np.array([-1, 1, 1, -1]), r"labels \{-1, 1\}"),
    (np.array([0, 1, 2, 1]), r"k classes need k \(softmax\) output columns"),
])
def test_labels_a_sigmoid_model_cannot_have_are_explained(y: np.ndarray, match: str) -> None:
    cb = MetricsCallback(["f1"], validation_data=(OUT, y), sinks=())
    with pytest.raises(ValueError, match=match):
        fit_identity(cb, 1)


def test_label_smoothed_one_hot_is_explained() -> None:
    soft = np.eye(3)[[0, 1, 2, 1]] * 0.9 + 0.1 / 3
    with pytest.raises(ValueError, match="label smoothing"):
        MetricsCallback(["f1"], validation_data=(np.eye(3)[[0, 1, 2, 1]], soft), sinks=())


def test_broken_one_hot_row_with_a_softmax_model_is_an_error() -> None:
    out = np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6]], dtype="float32")
    y = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 0]])  # last row lost its 1
    cb = MetricsCallback(["f1"], validation_data=(out, y), sinks=())
    with pytest.raises(ValueError, match="sum to 1 per row, like a softmax"):
        fit_identity(cb, 3)
    ok = MetricsCallback(["f1"], validation_data=(out, y), sinks=(), task="multilabel")
    assert "val_f1" in fit_identity(ok, 3).history  # said explicitly: evaluated as asked


def _two_headed() -> keras.Model:
    inp = keras.Input((2,))
    model = keras.Model(inp, {"bin": keras.layers.Dense(1, activation="sigmoid", name="bin")(inp),
                              "mc": keras.layers.Dense(3, activation="softmax", name="mc")(inp)})
    model.compile(optimizer="sgd", loss={"bin": "binary_crossentropy",
                                         "mc": "sparse_categorical_crossentropy"})
    return model


def test_multi_output_model_with_a_dict_of_targets() -> None:
    rng = np.random.default_rng(0)
    x = rng.random((40, 2)).astype("float32")
    y = {"bin": rng.integers(0, 2, 40), "mc": rng.integers(0, 3, 40)}
    model = _two_headed()
    cb = MetricsCallback(["f1"], validation_data=(x, y), sinks=(), output="mc")
    history = model.fit(x, y, epochs=1, verbose=0, callbacks=[cb]).history
    from sklearn.metrics import f1_score

    pred = np.asarray(model.predict(x, verbose=0)["mc"]).argmax(1)
    assert history["val_f1"][0] == pytest.approx(f1_score(y["mc"], pred, average="macro"), abs=1e-12)
    with pytest.raises(ValueError, match="pass output= to choose"):
        MetricsCallback(["f1"], validation_data=(x, y), sinks=())
    bad = MetricsCallback(["f1"], validation_data=(x, y["mc"]), sinks=(), output="nope")
    with pytest.raises(ValueError, match=r"output='nope': the model's outputs are"):
        model.fit(x, y, epochs=1, verbose=0, callbacks=[bad])


def test_unbatched_and_infinite_datasets_are_refused() -> None:
    ds = tf.data.Dataset.from_tensor_slices((OUT, Y))
    cb = MetricsCallback(["f1"], validation_data=ds, sinks=())
    model = identity_model(1)
    with pytest.raises(ValueError, match=r"unbatched.*\.batch\(n\)"):
        model.fit(OUT, OUT, epochs=1, verbose=0, callbacks=[cb])
    with pytest.raises(ValueError, match=r"infinite.*\.take\(n\)"):
        MetricsCallback(["f1"], validation_data=ds.batch(2).repeat(), sinks=())


def test_sink_that_cannot_start_fails_before_training(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    cb = MetricsCallback(["f1"], validation_data=(OUT, Y), log_dir=blocker)
    model = identity_model(1)
    with pytest.raises(ValueError, match="sink 'tensorboard' could not start"):
        model.fit(OUT, OUT, epochs=1, verbose=0, callbacks=[cb])
    assert model.optimizer.iterations.numpy() == 0


@pytest.mark.parametrize(("args", "match"), [
    (["--mnist", "/nonexistent/mnist.npz"], "no such file"),
    (["--metrics", "f1,f1"], "twice"),
    (["--logdir", "/proc/skcb-cannot-write"], "cannot create it"),
])
def test_demo_bad_arguments_give_one_line_and_exit_2(args: list[str], match: str) -> None:
    skcb_bin = str(Path(sys.executable).with_name("skcb"))
    proc = subprocess.run([skcb_bin, "demo", *args], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and match in lines[0]


@pytest.mark.parametrize("request_", [
    skcb.metric("f1", average="bogus"), skcb.metric("fbeta", beta=-1),
    skcb.metric("precision", pos_label=2), skcb.metric("zero_one_loss", normalize="x"),
], ids=["average", "beta", "pos_label", "normalize"])
def test_bad_argument_values_fail_before_training(request_: skcb.MetricRequest) -> None:
    cb = MetricsCallback([request_], validation_data=(OUT, Y), sinks=())
    model = identity_model(1)
    with pytest.raises(ValueError, match="cannot be computed with its arguments"):
        model.fit(OUT, OUT, epochs=1, verbose=0, callbacks=[cb])
    assert model.optimizer.iterations.numpy() == 0


def test_diverged_model_outputs_give_nan_not_numbers() -> None:
    out = np.array([[0.9], [np.nan], [0.7], [0.4]], dtype="float32")
    cb = MetricsCallback(["f1", "accuracy"], validation_data=(out, Y), sinks=())
    with pytest.warns(MetricWarning, match="NaN or infinite"):
        history = fit_identity(cb, 1).history
    assert math.isnan(history["val_f1"][0]) and math.isnan(history["val_accuracy"][0])


def test_per_class_with_labels_keys_follow_the_labels() -> None:
    out = np.eye(4, dtype="float32")[[0, 1, 2, 3, 2, 1]]
    y = np.array([0, 1, 2, 3, 1, 1])
    cb = MetricsCallback([skcb.metric("f1", per_class=True, labels=[2, 0], key="sub")],
                         validation_data=(out, y), sinks=(), class_names=list("abcd"))
    history = fit_identity(cb, 4).history
    from sklearn.metrics import f1_score

    expected = f1_score(y, out.argmax(1), labels=[2, 0], average=None)
    assert history["val_sub/c"][0] == pytest.approx(expected[0], abs=1e-12)
    assert history["val_sub/a"][0] == pytest.approx(expected[1], abs=1e-12)


@pytest.mark.parametrize("names", [["a/b", "a b", "c", "d"], ["a", "a", "c", "d"], ["x", " ", "y", "z"]])
def test_class_names_that_would_collide_are_refused(names: list[str]) -> None:
    with pytest.raises(ValueError, match="class_names must be distinct"):
        MetricsCallback(["f1"], validation_data=(np.eye(4), np.arange(4)), sinks=(), class_names=names)


def test_a_key_that_shadows_a_per_class_value_is_refused() -> None:
    with pytest.raises(ValueError, match="twice"):
        MetricsCallback([skcb.metric("f1", per_class=True), skcb.metric("fbeta", beta=2, key="f1/a")],
                        validation_data=(np.eye(4), np.arange(4)), sinks=())


def test_named_output_of_a_list_output_model() -> None:
    inp = keras.Input((2,))
    model = keras.Model(inp, [keras.layers.Dense(3, activation="softmax", name="cls")(inp),
                              keras.layers.Dense(1, name="reg")(inp)])
    model.compile(optimizer="sgd", loss=["sparse_categorical_crossentropy", "mse"])
    rng = np.random.default_rng(1)
    x, y = rng.random((30, 2)).astype("float32"), rng.integers(0, 3, 30)
    cb = MetricsCallback(["accuracy"], validation_data=(x, y), sinks=(), output="cls")
    history = model.fit(x, [y, y.astype("float32")], epochs=1, verbose=0, callbacks=[cb]).history
    pred = np.asarray(model.predict(x, verbose=0)[0]).argmax(1)
    assert history["val_accuracy"][0] == pytest.approx(float((pred == y).mean()), abs=1e-12)
