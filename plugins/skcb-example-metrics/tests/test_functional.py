"""Reference tests: each metric against a direct, loop-by-loop computation or sklearn."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import recall_score

from skcb_example_metrics import expected_calibration_error, specificity


def reference_specificity(y_true, y_pred, cls, w=None):
    w = np.ones(len(y_true)) if w is None else w
    negative = y_true != cls
    return w[negative & (y_pred != cls)].sum() / w[negative].sum()


def reference_ece(y_true, conf, pred, n_bins, w=None):
    w = np.ones(len(y_true)) if w is None else w
    edges = np.linspace(0, 1, n_bins + 1)
    total = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        in_bin = (conf > lo) & (conf <= hi) if lo > 0 else (conf <= hi)
        if w[in_bin].sum():
            acc = np.average(pred[in_bin] == y_true[in_bin], weights=w[in_bin])
            mean_conf = np.average(conf[in_bin], weights=w[in_bin])
            total += w[in_bin].sum() / w.sum() * abs(acc - mean_conf)
    return total


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
def test_binary_specificity_is_recall_of_the_negative_class(seed, weighted):
    rng = np.random.default_rng(seed)
    y, p = rng.integers(0, 2, 50), rng.integers(0, 2, 50)
    w = rng.random(50) if weighted else None
    expected = recall_score(y, p, pos_label=0, sample_weight=w)
    assert specificity(y, p, sample_weight=w) == pytest.approx(expected, abs=1e-12)
    assert specificity(y, p, sample_weight=w) == pytest.approx(reference_specificity(y, p, 1, w))


@pytest.mark.parametrize("seed", range(5))
def test_multiclass_macro_and_micro(seed):
    rng = np.random.default_rng(seed)
    y, p = rng.integers(0, 4, 60), rng.integers(0, 4, 60)
    per_class = [reference_specificity(y, p, c) for c in range(4)]
    np.testing.assert_allclose(specificity(y, p, average=None), per_class)
    assert specificity(y, p, average="macro") == pytest.approx(np.mean(per_class))
    tn = sum(((y != c) & (p != c)).sum() for c in range(4))
    fp = sum(((y != c) & (p == c)).sum() for c in range(4))
    assert specificity(y, p, average="micro") == pytest.approx(tn / (tn + fp))


def test_absent_class_counts_when_labels_are_given():
    y, p = np.array([0, 1, 1, 0]), np.array([0, 1, 0, 0])
    # class 2 never occurs and is never predicted: specificity 1, which pulls the macro mean up
    with_absent = specificity(y, p, labels=[0, 1, 2], average="macro")
    assert with_absent == pytest.approx(np.mean([0.5, 1.0, 1.0]))
    assert specificity(y, p, average="macro") == pytest.approx(np.mean([0.5, 1.0]))


def test_multilabel_and_zero_division():
    y = np.array([[1, 0], [1, 1], [1, 0]])
    p = np.array([[1, 1], [1, 0], [1, 1]])
    # column 0 has no negatives at all; column 1: 2 negatives, both predicted positive
    np.testing.assert_allclose(specificity(y, p, average=None, zero_division=0.5), [0.5, 0.0])
    with pytest.raises(ValueError, match="binary"):
        specificity(y, p)
    with pytest.raises(ValueError, match="average"):
        specificity(y[:, 0], p[:, 0], average="weighted")


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("n_bins", [1, 5, 15])
def test_ece_multiclass_matches_reference(seed, n_bins):
    rng = np.random.default_rng(seed)
    prob = rng.dirichlet(np.ones(3), size=80)
    y, w = rng.integers(0, 3, 80), rng.random(80)
    conf, pred = prob.max(axis=1), prob.argmax(axis=1)
    got = expected_calibration_error(y, prob, n_bins=n_bins, sample_weight=w)
    assert got == pytest.approx(reference_ece(y, conf, pred, n_bins, w), abs=1e-12)


@pytest.mark.parametrize("seed", range(5))
def test_ece_binary_one_column_equals_two_columns(seed):
    rng = np.random.default_rng(seed)
    p1, y = rng.random(70), rng.integers(0, 2, 70)
    two = np.column_stack([1 - p1, p1])
    assert expected_calibration_error(y, p1) == pytest.approx(expected_calibration_error(y, two))
    pred = (p1 > 0.5).astype(int)
    conf = np.where(pred == 1, p1, 1 - p1)
    assert expected_calibration_error(y, p1) == pytest.approx(reference_ece(y, conf, pred, 10))


def test_ece_edge_cases():
    assert expected_calibration_error([1, 0], [1.0, 0.0]) == 0.0  # confident and right
    assert expected_calibration_error([0, 1], [1.0, 0.0]) == 1.0  # confident and wrong
    assert expected_calibration_error([0, 1], np.eye(2)[[0, 1]]) == 0.0  # one-hot truth too
    with pytest.raises(ValueError, match="n_bins"):
        expected_calibration_error([0], [0.2], n_bins=0)
    with pytest.raises(ValueError, match="samples"):
        expected_calibration_error([0, 1], [0.2])
