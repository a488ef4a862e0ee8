"""Each handed case (../shared/cases/handed-01.json) through a real fit, one test per case."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import tensorflow as tf

from conftest import fit_identity
from skcb import MetricsCallback

# The handed file lives in ../shared/cases/; a copy is kept in tests/data so the tests run
# where shared/ is absent, and a test below keeps the copy identical to the original.
SHARED_FILE = Path(__file__).resolve().parents[2] / "shared" / "cases" / "handed-01.json"
CASES_FILE = Path(__file__).parent / "data" / "handed-01.json"
CASES = {c["id"]: c for c in json.loads(CASES_FILE.read_text())}


def _run_case(case_id: str) -> dict[str, list[float]]:
    case = CASES[case_id]
    outputs = np.asarray(case["outputs"], dtype="float32")
    y = np.asarray(case["y"])
    data = (outputs, y)
    if "batches" in case:  # pooled over these batches, as a tf.data pipeline gives them
        data = tf.data.Dataset.from_tensor_slices((outputs, y)).batch(case["batches"])
    callback = MetricsCallback(list(case["expect"]), validation_data=data, sinks=())
    history = fit_identity(callback, outputs.shape[1])
    for name, expected in case["expect"].items():
        (value,) = history.history[f"val_{name}"]
        assert value == pytest.approx(expected, abs=1e-12), (case_id, name)
    return history.history


def test_case_binary_single_sigmoid_column() -> None:
    _run_case("binary_single_sigmoid_column")


def test_case_multilabel_thresholded_per_column() -> None:
    _run_case("multilabel_thresholded_per_column")


def test_case_true_and_predicted_not_swapped_binary() -> None:
    _run_case("true_and_predicted_not_swapped_binary")


def test_case_true_and_predicted_not_swapped_weighted() -> None:
    _run_case("true_and_predicted_not_swapped_weighted")


def test_case_class_never_predicted() -> None:
    with pytest.warns() as record:
        _run_case("class_never_predicted")
    # 0/0 precision counts as 0 by default; training carried on, at most one note per metric
    assert len([w for w in record if "skcb metric" in str(w.message)]) <= 3


def test_case_pooled_over_batches_not_averaged() -> None:
    _run_case("pooled_over_batches_not_averaged")


def test_case_roc_auc_from_scores() -> None:
    _run_case("roc_auc_from_scores")


def test_every_handed_case_has_a_test() -> None:
    assert CASES, "no handed cases were read"
    names = {name for name in globals() if name.startswith("test_case_")}
    missing = [cid for cid in CASES if f"test_case_{cid}" not in names]
    assert not missing, f"handed cases without a test: {missing}"


def test_case_copy_matches_shared() -> None:
    if not SHARED_FILE.exists():
        pytest.skip("../shared/cases is not beside this checkout")
    assert json.loads(SHARED_FILE.read_text()) == json.loads(CASES_FILE.read_text())
