"""Breadth: every scikit-learn scorer name resolves, with the scorer's sign and direction;
natural-sign names; tasks a metric does not support are refused before training; failures."""

from __future__ import annotations

import math

import numpy as np
import pytest
from conftest import fit_identity
from reference import FakeClassifier
from sklearn import metrics as skm

from skcb import MetricsCallback, get_registry

NATURAL = ["log_loss", "brier", "mae", "mse", "rmse", "mape", "max_error", "hamming_loss",
           "zero_one_loss", "msle", "rmsle", "median_absolute_error", "mean_poisson_deviance",
           "mean_gamma_deviance", "negative_likelihood_ratio"]
SCORERS = skm.get_scorer_names()


def test_every_scorer_name_is_a_metric_with_higher_is_better() -> None:
    registry = get_registry()
    assert len(SCORERS) >= 58
    for name in SCORERS:
        assert registry.metric(name).greater_is_better, name  # scorers: bigger is better


@pytest.mark.parametrize("name", NATURAL)
def test_natural_sign_names_are_lower_is_better(name: str) -> None:
    assert not get_registry().metric(name).greater_is_better


@pytest.mark.parametrize(("task", "y", "width"), [
    ("binary", np.array([0, 1, 1, 0]), 1), ("multiclass", np.array([0, 2, 1, 2]), 3),
    ("multilabel", np.array([[0, 1], [1, 1], [0, 0], [1, 0]]), 2),
    ("regression", np.array([0.3, 1.2, 2.5, 0.7]), 1)],
    ids=lambda v: v if isinstance(v, str) else "")
def test_scorer_names_build_where_they_apply_and_are_refused_elsewhere(
        task: str, y: np.ndarray, width: int) -> None:
    out = np.full((4, width), 0.5, dtype="float32")
    for name in SCORERS:
        supported = get_registry().metric(name).tasks
        if task in supported:
            MetricsCallback([name], validation_data=(out, y), sinks=(), task=task)
        else:
            with pytest.raises(ValueError, match=f"'{name}' does not apply to a {task} task: "
                                                 "it supports"):
                MetricsCallback([name], validation_data=(out, y), sinks=(), task=task)


def test_multiclass_bare_names_deviate_from_scorers_that_raise() -> None:
    """skcb's f1/roc_auc on multiclass are f1_macro/roc_auc_ovr; sklearn's own scorers raise."""
    rng = np.random.default_rng(0)
    out = rng.random((30, 3)).astype("float32")
    out /= out.sum(axis=1, keepdims=True)
    y = rng.integers(0, 3, 30)
    est = FakeClassifier(out.argmax(1), out, out, np.arange(3))
    x = np.zeros((30, 1))
    for bare, instead in [("f1", "f1_macro"), ("roc_auc", "roc_auc_ovr")]:
        with pytest.raises(ValueError):
            skm.get_scorer(bare)(est, x, y)
        cb = MetricsCallback([bare], validation_data=(out, y), sinks=())
        value = fit_identity(cb, 3).history[f"val_{bare}"][0]
        assert value == pytest.approx(skm.get_scorer(instead)(est, x, y), abs=1e-12)


@pytest.mark.slow
def test_a_metric_refusing_its_input_logs_nan_once_and_training_goes_on() -> None:
    out = np.array([[0.5], [1.5], [2.0]], dtype="float32")
    y = np.array([0.0, 1.0, 2.0])  # zero: outside the Gamma deviance's domain
    cb = MetricsCallback(["mean_gamma_deviance", "mse"], validation_data=(out, y), sinks=())
    with pytest.warns(UserWarning, match="mean_gamma_deviance.*logged NaN") as record:
        history = fit_identity(cb, 1, epochs=3).history
    assert [math.isnan(v) for v in history["val_mean_gamma_deviance"]] == [True] * 3
    assert history["val_mse"][0] == pytest.approx(skm.mean_squared_error(y, out[:, 0]), abs=1e-12)
    assert len([w for w in record if "mean_gamma_deviance" in str(w.message)]) == 1
    cb = MetricsCallback(["mean_gamma_deviance"], validation_data=(out, y), sinks=(),
                         on_error="raise")
    with pytest.raises(ValueError, match="strictly positive"):
        fit_identity(cb, 1)
