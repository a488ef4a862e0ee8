"""skcb.targets: task inference, output interpretation, string labels, shapes, thresholds."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import expit, softmax
from sklearn import metrics as skm

from skcb.targets import candidate_tasks, encode, interpret, resolve, validate

F32 = np.float32
ONE_HOT3 = np.eye(3)[[0, 2, 1, 2]]


@pytest.mark.parametrize(("y", "n_outputs", "class_names", "task"), [
    (np.array([0, 1, 1, 0]), 1, None, "binary"),
    (np.array([[0], [1], [1]]), 1, None, "binary"),
    (np.array([0.0, 1.0, 1.0]), 1, None, "binary"),
    (np.array([0, 1, 1]), 2, None, "binary"),
    (np.array([0, 2, 1]), 3, None, "multiclass"),
    (np.array([0, 0, 0]), 4, None, "multiclass"),
    (np.eye(2)[[0, 1, 1]], 2, None, "binary"),
    (ONE_HOT3, 3, None, "multiclass"),
    (np.array([[1, 1, 0], [0, 0, 0], [1, 0, 0]]), 3, None, "multilabel"),
    (np.array([0.5, 1.7, 2.0]), 1, None, "regression"),
    (np.array([0, 3, 7]), 1, None, "regression"),
    (np.array([[0.5], [1.5]]), 1, None, "regression"),
    (np.array([[0.5, 2.0], [1.5, 0.0]]), 2, None, "regression"),
    (np.array(["cat", "dog"]), 1, ["cat", "dog"], "binary"),
    (np.array(["cat", "dog"]), 2, ["cat", "dog"], "binary"),
    (np.array([b"cat", b"bird"]), 3, ["cat", "dog", "bird"], "multiclass"),
    (np.array(["cat", "dog"], dtype=object), 3, ["cat", "dog", "bird"], "multiclass"),
], ids=lambda v: None if isinstance(v, np.ndarray) else str(v))
def test_inference_rules(y: np.ndarray, n_outputs: int, class_names: list | None,
                         task: str) -> None:
    assert candidate_tasks(y, n_outputs, class_names) == {task}
    assert resolve(y, n_outputs, class_names=class_names).task == task
    assert task in candidate_tasks(y, class_names=class_names)  # before the model is known


def test_task_given_overrides_inference() -> None:
    assert resolve(np.array([0, 1]), 1, task="regression").task == "regression"
    assert resolve(np.eye(3), 3, task="multilabel").task == "multilabel"


def test_single_sigmoid_column_and_1d_outputs_are_thresholded_not_argmaxed() -> None:
    spec = resolve(np.array([0, 1, 1]), 1)
    for out in (np.array([[0.2], [0.7], [0.5]], F32), np.array([0.2, 0.7, 0.5], F32)):
        batch = interpret(spec, np.array([0, 1, 1]), out)
        assert batch.y_pred.tolist() == [0, 1, 0]  # 0.5 is not above the threshold
        assert batch.scores.dtype == F32 and batch.scores.tolist() == pytest.approx([.2, .7, .5])
    lower = resolve(np.array([0, 1]), 1, threshold=0.3)
    batch = interpret(lower, np.array([0, 1]), np.array([[0.2], [0.4]], F32))
    assert batch.y_pred.tolist() == [0, 1]


def test_two_column_softmax_for_binary_uses_column_one() -> None:
    out = np.array([[0.9, 0.1], [0.3, 0.7], [0.5, 0.5]], F32)
    batch = interpret(resolve(np.array([0, 1, 0]), 2), np.array([0, 1, 0]), out)
    assert batch.y_pred.tolist() == [0, 1, 0]
    assert batch.scores.tolist() == pytest.approx([0.1, 0.7, 0.5])


def test_softmax_matrix_is_argmaxed_ties_to_the_lower_class() -> None:
    out = np.array([[0.2, 0.5, 0.3], [0.4, 0.4, 0.2]], F32)
    batch = interpret(resolve(np.array([1, 0]), 3), np.array([1, 0]), out)
    assert batch.y_pred.tolist() == [1, 0]
    assert batch.scores is not None and batch.scores.shape == (2, 3)


def test_multilabel_is_thresholded_per_column_never_argmaxed() -> None:
    y = np.array([[1, 1, 0], [0, 0, 0]])
    out = np.array([[0.6, 0.7, 0.1], [0.2, 0.4, 0.3]], F32)
    batch = interpret(resolve(y, 3), y, out)
    assert batch.y_pred.tolist() == [[1, 1, 0], [0, 0, 0]]
    batch = interpret(resolve(y, 3, threshold=0.25), y, out)
    assert batch.y_pred.tolist() == [[1, 1, 0], [0, 1, 1]]


def test_one_hot_y_becomes_class_indices() -> None:
    out = np.eye(3, dtype=F32)[[0, 2, 2, 1]]
    batch = interpret(resolve(ONE_HOT3, 3), ONE_HOT3, out)
    assert batch.y_true.tolist() == [0, 2, 1, 2] and batch.y_pred.tolist() == [0, 2, 2, 1]


@pytest.mark.parametrize("task", ["binary", "binary2", "multiclass", "multilabel"])
def test_logits_give_the_probabilities_in_float64(task: str) -> None:
    rng = np.random.default_rng(0)
    width = {"binary": 1, "binary2": 2, "multiclass": 4, "multilabel": 3}[task]
    z = (rng.normal(size=(30, width)) * 30).astype(F32)  # large logits: saturation in float32
    if task == "multilabel":
        y = (rng.random((30, 3)) < 0.5).astype(int)
    else:
        y = rng.integers(0, max(width, 2), 30)
    spec = resolve(y, width, from_logits=True)
    batch = interpret(spec, y, z)
    if width == 1:
        expected = expit(z[:, 0].astype(np.float64))
    elif task == "multilabel":
        expected = expit(z.astype(np.float64))
    else:
        expected = softmax(z.astype(np.float64), axis=1)
        expected = expected[:, 1] if width == 2 else expected
    assert batch.scores.dtype == np.float64
    np.testing.assert_array_equal(batch.scores, expected)
    if task == "binary":  # ranks survive where a float32 sigmoid would tie at 0 and 1
        assert skm.roc_auc_score(y, batch.scores) == skm.roc_auc_score(y, z[:, 0])


@pytest.mark.parametrize(("y_shape", "out_shape"), [((5,), (5,)), ((5,), (5, 1)), ((5, 1), (5,)),
                                                    ((5, 1), (5, 1)), ((5, 2), (5, 2))])
def test_regression_shapes(y_shape: tuple, out_shape: tuple) -> None:
    rng = np.random.default_rng(1)
    y, out = rng.random(y_shape) * 3, rng.random(out_shape).astype(F32)
    spec = resolve(y, 1 if len(out_shape) == 1 else out_shape[1])
    assert spec.task == "regression"
    validate(spec, y)
    batch = interpret(spec, y, out)
    assert batch.y_true.shape == batch.y_pred.shape == (y_shape if y_shape[-1] == 2 else (5,))
    assert batch.y_pred.dtype == F32 and batch.y_true.dtype == np.float64


def test_regression_width_must_match_the_outputs() -> None:
    y = np.random.default_rng(0).random((4, 2))
    with pytest.raises(ValueError, match="2 column.*3 output"):
        validate(resolve(y, 3, task="regression"), y)


def test_string_and_bytes_labels_map_through_class_names() -> None:
    names = ["cat", "dog", "bird"]
    assert encode(np.array(["bird", "cat"]), names).tolist() == [2, 0]
    assert encode(np.array([[b"dog"], [b"bird"]], dtype=object), names).tolist() == [[1], [2]]
    spec = resolve(np.array(["bird", "dog"]), 3, class_names=names)
    validate(spec, np.array(["bird", "dog"]))
    batch = interpret(spec, np.array([b"bird", b"dog"]), np.eye(3, dtype=F32)[[2, 0]])
    assert batch.y_true.tolist() == [2, 1] and batch.y_pred.tolist() == [2, 0]


@pytest.mark.parametrize(("call", "match"), [
    (lambda: encode(np.array(["cat"])), "pass class_names"),
    (lambda: encode(np.array(["cow", "cat", "eel"]), ["cat", "dog"]),
     r"\['cow', 'eel'\], not among"),
    (lambda: candidate_tasks(np.array(["cow"]), 2, ["cat", "dog"]), "not among"),
    (lambda: resolve(np.array([0, 1, 2]), 3, class_names=["a", "b"]), "2 names but.*3 classes"),
    (lambda: resolve(np.array([0, 1]), 1, class_names=["a", "b", "c"]), "3 names but.*2 classes"),
    (lambda: resolve(np.array([0.5, 1.5]), 1, class_names=["a", "b"]), "2 names but.*1 outputs"),
    (lambda: resolve(np.array([0, 1]), 3, task="binary"), "1 or 2 output columns"),
    (lambda: resolve(np.array([0, 1]), 1, task="multiclass"), "one output column per class"),
    (lambda: validate(resolve(np.array([0, 3]), 3), np.array([0, 3])), "class indices 0..2"),
    (lambda: validate(resolve(np.eye(3), 3, task="multilabel"), np.eye(3)[:, :2]), r"\(n, 3\)"),
    (lambda: validate(resolve(np.eye(2), 2, task="multilabel"), np.eye(2) * 2), "only 0 and 1"),
    (lambda: validate(resolve(np.eye(4), 3, task="multiclass"), np.eye(4)), "one-hot y has 4"),
    (lambda: validate(resolve(np.array([.5, 1.]), 1), np.array([np.nan, 1.])), "NaN"),
    (lambda: candidate_tasks(np.zeros((2, 2, 2))), "1-D or 2-D"),
], ids=lambda v: v if isinstance(v, str) else None)
def test_loud_errors(call, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()


# -- real fits ---------------------------------------------------------------------------------
def _fit(callback, model) -> dict:
    x = np.zeros((4, model.input_shape[-1]), dtype=F32)
    return model.fit(x, np.zeros((4,) + model.output_shape[1:], F32), epochs=1, verbose=0,
                     callbacks=[callback]).history


def _one_d_model():
    import keras

    model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Reshape(())])
    model.compile(optimizer="sgd", loss="mse")
    return model


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["arrays", "tf.data"])
def test_string_labels_in_a_real_fit(kind: str) -> None:
    import tensorflow as tf
    from conftest import identity_model

    from skcb import MetricsCallback

    names = ["cat", "dog", "bird"]
    rng = np.random.default_rng(3)
    out = rng.random((40, 3)).astype(F32)
    out /= out.sum(axis=1, keepdims=True)
    y = np.array(names)[rng.integers(0, 3, 40)]
    data = (out, y) if kind == "arrays" else tf.data.Dataset.from_tensor_slices((out, y)).batch(7)
    cb = MetricsCallback(["f1", "neg_log_loss"], validation_data=data, sinks=(), class_names=names)
    h = _fit(cb, identity_model(3))
    codes = encode(y, names)
    assert h["val_f1"][0] == pytest.approx(skm.f1_score(codes, out.argmax(1), average="macro"),
                                           abs=1e-12)
    assert h["val_neg_log_loss"][0] == pytest.approx(-skm.log_loss(codes, out, labels=[0, 1, 2]),
                                                     abs=1e-12)


@pytest.mark.slow
def test_logits_and_one_dimensional_outputs_in_a_real_fit() -> None:
    from skcb import MetricsCallback

    rng = np.random.default_rng(4)
    z = rng.normal(size=(30, 1)).astype(F32) * 4
    y = rng.integers(0, 2, 30)
    cb = MetricsCallback(["roc_auc", "log_loss", "accuracy"], validation_data=(z, y), sinks=(),
                         from_logits=True)
    h = _fit(cb, _one_d_model())
    p = expit(z[:, 0].astype(np.float64))
    assert h["val_roc_auc"][0] == pytest.approx(skm.roc_auc_score(y, z[:, 0]), abs=1e-12)
    assert h["val_log_loss"][0] == pytest.approx(skm.log_loss(y, p, labels=[0, 1]), abs=1e-12)
    assert h["val_accuracy"][0] == pytest.approx(skm.accuracy_score(y, z[:, 0] > 0), abs=1e-12)


@pytest.mark.slow
def test_regression_column_target_with_one_dimensional_outputs() -> None:
    from skcb import MetricsCallback

    rng = np.random.default_rng(5)
    out, y = rng.random((30, 1)).astype(F32), rng.random((30, 1)) * 2
    cb = MetricsCallback(["mse", "r2"], validation_data=(out, y), sinks=())
    h = _fit(cb, _one_d_model())
    assert h["val_mse"][0] == pytest.approx(skm.mean_squared_error(y[:, 0], out[:, 0]), abs=1e-12)
    assert h["val_r2"][0] == pytest.approx(skm.r2_score(y[:, 0], out[:, 0]), abs=1e-12)


@pytest.mark.slow
def test_sample_weights_reach_every_metric_that_takes_them() -> None:
    from conftest import fit_identity

    from skcb import MetricsCallback

    rng = np.random.default_rng(6)
    out = rng.random((50, 3)).astype(F32)
    out /= out.sum(axis=1, keepdims=True)
    y, w = rng.integers(0, 3, 50), rng.random(50) * 2
    names = ["balanced_accuracy", "neg_log_loss", "top_k_accuracy", "cohen_kappa",
             "adjusted_rand_score"]
    h = fit_identity(MetricsCallback(names, validation_data=(out, y, w), sinks=()), 3).history
    labels = out.argmax(1)
    expected = {
        "balanced_accuracy": skm.balanced_accuracy_score(y, labels, sample_weight=w),
        "neg_log_loss": -skm.log_loss(y, out, sample_weight=w, labels=[0, 1, 2]),
        "top_k_accuracy": skm.top_k_accuracy_score(y, out, sample_weight=w, labels=[0, 1, 2]),
        "cohen_kappa": skm.cohen_kappa_score(y, labels, sample_weight=w),
        "adjusted_rand_score": skm.adjusted_rand_score(y, labels),  # takes no weights
    }
    for name, value in expected.items():
        assert h[f"val_{name}"][0] == pytest.approx(value, abs=1e-12), name
