"""Keras 3 backends other than TensorFlow must not break: a real fit in a fresh process."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = r"""
import json, sys
import numpy as np, keras
from sklearn import metrics as skm
from skcb import MetricsCallback
assert keras.backend.backend() == sys.argv[1], keras.backend.backend()
rng = np.random.default_rng(0)
x = rng.normal(size=(300, 6)).astype("float32"); y = rng.integers(0, 3, 300)
model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
cb = MetricsCallback(["f1", "mcc", "roc_auc"], validation_data=(x[:100], y[:100]), log_dir=sys.argv[2])
history = model.fit(x[100:], y[100:], epochs=2, verbose=0, callbacks=[cb]).history
p = np.asarray(model.predict(x[:100], verbose=0))
print(json.dumps({"f1": history["val_f1"][-1], "ref": skm.f1_score(y[:100], p.argmax(1), average="macro"),
                  "n": len(history["val_mcc"])}))
"""


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["jax", "torch"])
def test_fit_on_backend(backend: str, tmp_path: Path) -> None:
    if importlib.util.find_spec(backend) is None:
        pytest.skip(f"{backend} is not installed in this environment")
    env = {**os.environ, "KERAS_BACKEND": backend, "TF_CPP_MIN_LOG_LEVEL": "3"}
    proc = subprocess.run([sys.executable, "-c", SCRIPT, backend, str(tmp_path)], env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["n"] == 2
    assert result["f1"] == pytest.approx(result["ref"], abs=1e-6)  # same model, another runtime
    assert list((tmp_path / "validation").glob("events.out.tfevents.*"))
