"""Asking for metrics with arguments: ``skcb.metric(name, **arguments)``, logged names, errors."""

from __future__ import annotations

from pathlib import Path

import keras
import numpy as np
import pytest
from conftest import identity_model
from sklearn import metrics as skm

import skcb
from skcb import MetricsCallback, get_registry
from skcb.selection import MetricRequest, select
from skcb.targets import resolve


def key(entry) -> str:
    (sel,) = select([entry], get_registry())
    return sel.key


@pytest.mark.parametrize(("entry", "expected"), [
    ("f1", "f1"),
    ("matthews_corrcoef", "matthews_corrcoef"),  # an alias logs as asked
    (skcb.metric("fbeta", beta=2), "fbeta_beta2"),
    (skcb.metric("fbeta", beta=2.0), "fbeta_beta2"),
    (skcb.metric("fbeta", beta=1), "fbeta"),  # the default
    (skcb.metric("fbeta", beta=0.5), "fbeta_beta0p5"),
    (skcb.metric("top_k_accuracy", k=3), "top_k_accuracy_k3"),
    (skcb.metric("top_k_accuracy", k=2), "top_k_accuracy"),  # scikit-learn's default
    (skcb.metric("precision", pos_label=0), "precision_pos_label0"),
    (skcb.metric("precision", zero_division=1), "precision_zero_division1"),
    (skcb.metric("precision", zero_division=np.nan), "precision_zero_divisionnan"),
    (skcb.metric("precision", zero_division="warn"), "precision"),
    (skcb.metric("f1", average="micro"), "f1_averagemicro"),  # set per task: always shown
    (skcb.metric("recall", labels=[0, 2]), "recall_labels0_2"),
    (skcb.metric("cohen_kappa", weights="quadratic"), "cohen_kappa_weightsquadratic"),
    (skcb.metric("r2", force_finite=False), "r2_force_finiteFalse"),
    (skcb.metric("fbeta", beta=2, key="f2"), "f2"),
    (skcb.metric("f1", per_class=True), "f1"),
], ids=lambda v: v if isinstance(v, str) else None)
def test_logged_names(entry, expected: str) -> None:
    assert key(entry) == expected
    assert expected.isidentifier()  # usable in ModelCheckpoint file names too


def test_metric_returns_a_small_request_object() -> None:
    request = skcb.metric("fbeta", beta=2)
    assert request == MetricRequest("fbeta", {"beta": 2}) and not request.per_class
    assert skcb.metric("f1", per_class=True).per_class


def test_arguments_reach_the_function_and_override_defaults() -> None:
    (sel,) = select([skcb.metric("fbeta", beta=2, average="weighted")], get_registry())
    kwargs = sel.call_kwargs(resolve(np.array([0, 2, 1]), 3))
    assert kwargs == {"beta": 2, "average": "weighted"}
    (sel,) = select([skcb.metric("log_loss", labels=[0, 1, 2, 3])], get_registry())
    assert sel.call_kwargs(resolve(np.array([0, 1]), 3))["labels"] == [0, 1, 2, 3]


@pytest.mark.parametrize(("entries", "error", "match"), [
    ([skcb.metric("fbeta", bta=2)], ValueError, "takes no argument 'bta'. Did you mean 'beta'"),
    ([skcb.metric("f1", sample_weight=[1])], ValueError, "validation_data's third element"),
    ([skcb.metric("fbeat", beta=2)], ValueError, "unknown metric 'fbeat'. Did you mean 'fbeta'"),
    ([skcb.metric("accuracy", per_class=True)], ValueError, "no per-class form; these have: .*f1"),
    ([skcb.metric("f1", per_class=True, average="micro")], ValueError, r"sets \['average'\]"),
    ([skcb.metric("mse", per_class=True, multioutput="raw_values")], ValueError, "sets"),
    ([("fbeta", {"beta": 2})], TypeError, r"skcb.metric\(name, \*\*arguments\)"),
    ([skcb.metric("fbeta", beta=2), skcb.metric("fbeta", beta=2.0)], ValueError,
     "twice: .*fbeta_beta2.*key="),
    ([], ValueError, "metrics is empty"),
], ids=lambda v: v if isinstance(v, str) else None)
def test_loud_errors_at_selection(entries: list, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        select(entries, get_registry())


@pytest.mark.parametrize(("kwargs", "match"), [({"key": ""}, "key must be"), ({"key": 3}, "key")])
def test_bad_request(kwargs: dict, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        skcb.metric("f1", **kwargs)


def test_a_plain_and_a_per_class_request_of_one_metric_coexist() -> None:
    selected = select(["f1", skcb.metric("f1", per_class=True)], get_registry())
    assert [(s.key, s.per_class) for s in selected] == [("f1", False), ("f1", True)]


def test_per_class_keeps_only_the_tasks_with_a_per_class_form() -> None:
    out = np.array([[0.2], [0.7]], "float32")
    cb = MetricsCallback([skcb.metric("roc_auc", per_class=True)], validation_data=(out, [0, 1]),
                         sinks=())
    with pytest.raises(ValueError, match="'roc_auc' does not apply to a binary task"):
        identity_model(1).fit(out, out, epochs=1, verbose=0, callbacks=[cb])  # known: 1 column
    with pytest.raises(ValueError, match="'mse' does not apply to a binary task"):
        MetricsCallback([skcb.metric("mse", per_class=True)], validation_data=(out, [0.0, 1.0]),
                        sinks=(), task="binary")


@pytest.mark.slow
def test_an_argument_metric_drives_early_stopping_and_checkpoints(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    out = rng.random((40, 1)).astype("float32")
    y = rng.integers(0, 2, 40)
    cb = MetricsCallback([skcb.metric("fbeta", beta=2)], validation_data=(out, y), sinks=())
    stop = keras.callbacks.EarlyStopping(monitor="val_fbeta_beta2", mode="max", patience=1)
    path = tmp_path / "model-{epoch}-{val_fbeta_beta2:.4f}.keras"
    ckpt = keras.callbacks.ModelCheckpoint(str(path), monitor="val_fbeta_beta2", mode="max")
    model = identity_model(1)
    history = model.fit(out, out, epochs=5, verbose=0, callbacks=[cb, stop, ckpt]).history
    expected = skm.fbeta_score(y, (out[:, 0] > 0.5).astype(int), beta=2)
    assert history["val_fbeta_beta2"] == pytest.approx([expected] * 2, abs=1e-12)  # stopped
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f"model-{e}-{expected:.4f}.keras" for e in (1, 2)]
