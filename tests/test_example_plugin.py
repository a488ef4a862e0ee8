"""plugins/skcb-example-metrics, installed by ``make venv``, seen end to end in fresh processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
PLUGIN = "example_metrics"
ENV = {k: v for k, v in os.environ.items() if not k.startswith("SKCB_")}

FIT = textwrap.dedent("""
    import json, sys
    import keras, numpy as np
    from skcb import MetricsCallback

    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(256, 4)).astype("float32")
    y = (x[:, 0] + 0.8 * rng.normal(size=256) > 0.3).astype("int64")
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="binary_crossentropy")
    names = ["specificity", "expected_calibration_error", "tnr"]
    cb = MetricsCallback(names, validation_data=(x[192:], y[192:]), sinks=("jsonl",),
                         log_dir=sys.argv[1])
    history = model.fit(x[:192], y[:192], epochs=2, verbose=0, callbacks=[cb])
    probs = model.predict(x[192:], verbose=0)[:, 0]
    print(json.dumps({"history": history.history, "probs": probs.tolist(),
                      "y": y[192:].tolist()}))
""")


def skcb_script() -> str:
    return str(Path(sys.executable).with_name("skcb"))


def reference_ece(y: np.ndarray, p: np.ndarray, n_bins: int = 10) -> float:
    pred = (p > 0.5).astype(int)
    conf = np.where(pred == 1, p, 1 - p)
    edges = np.linspace(0, 1, n_bins + 1)
    total = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        in_bin = (conf > lo) & (conf <= hi)
        if in_bin.any():
            total += in_bin.mean() * abs((pred[in_bin] == y[in_bin]).mean() - conf[in_bin].mean())
    return total


@pytest.mark.slow
def test_skcb_list_in_a_fresh_process_shows_the_plugin():
    done = subprocess.run([skcb_script(), "list", "--json"], env=ENV, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    metrics = {m["name"]: m for m in data["metrics"]}
    assert metrics["specificity"]["plugin"] == PLUGIN
    assert metrics["specificity"]["aliases"] == ["tnr"]
    assert metrics["expected_calibration_error"] | {"description": ""} == {
        "name": "expected_calibration_error", "plugin": PLUGIN, "needs": "scores",
        "tasks": ["binary", "multiclass"], "direction": "lower", "aliases": ["ece"],
        "description": "",
    }
    assert {"name": "jsonl", "plugin": PLUGIN} .items() <= next(
        s for s in data["sinks"] if s["name"] == "jsonl").items()
    plugins = subprocess.run([skcb_script(), "plugins"], env=ENV, capture_output=True, text=True,
                             timeout=60)
    row = next(line.split() for line in plugins.stdout.splitlines() if line.startswith(PLUGIN))
    assert row == [PLUGIN, "entry", "point", "skcb-example-metrics", "0.1.0",
                   "register_metrics,register_sinks", "loaded"]


@pytest.mark.slow
def test_metrics_callback_uses_the_plugin_metrics_in_a_real_fit(tmp_path):
    done = subprocess.run([sys.executable, "-c", FIT, str(tmp_path)], env=ENV,
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    history, y, p = result["history"], np.array(result["y"]), np.array(result["probs"])
    assert len(history["val_specificity"]) == 2 and history["val_tnr"] == history["val_specificity"]
    negatives = y == 0
    specificity = float(np.mean(p[negatives] <= 0.5))
    assert history["val_specificity"][-1] == pytest.approx(specificity, abs=1e-12)
    ece = history["val_expected_calibration_error"][-1]
    assert ece == pytest.approx(reference_ece(y, p), abs=1e-5)
    assert 0.0 < ece < 1.0
    rows = [json.loads(line) for line in (tmp_path / "skcb.jsonl").read_text().splitlines()]
    assert [r["step"] for r in rows] == [0, 1]
    assert [r["val_specificity"] for r in rows] == history["val_specificity"]


@pytest.mark.slow
def test_the_plugin_own_test_suite_passes():
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
         str(ROOT / "plugins" / "skcb-example-metrics")],
        env=ENV, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stdout[-3000:]
    assert " passed" in done.stdout
