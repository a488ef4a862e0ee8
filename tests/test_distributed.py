"""Multi-device training: a MirroredStrategy over two logical CPU devices, in a fresh process
(logical devices must be set before TensorFlow starts)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = r"""
import json, sys
import tensorflow as tf
cpu = tf.config.list_physical_devices("CPU")[0]
tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
import numpy as np, keras
from sklearn import metrics as skm
from skcb import MetricsCallback
strategy = tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])
rng = np.random.default_rng(0)
x = rng.normal(size=(400, 6)).astype("float32"); y = rng.integers(0, 3, 400)
with strategy.scope():
    model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
cb = MetricsCallback(["f1", "mcc"], validation_data=(x[:100], y[:100]), log_dir=sys.argv[1])
history = model.fit(x[100:], y[100:], epochs=2, batch_size=32, verbose=0, callbacks=[cb]).history
pred = np.asarray(model.predict(x[:100], verbose=0)).argmax(1)
print(json.dumps({"replicas": strategy.num_replicas_in_sync, "f1": history["val_f1"],
                  "ref": skm.f1_score(y[:100], pred, average="macro"),
                  "mcc": history["val_mcc"][-1], "ref_mcc": skm.matthews_corrcoef(y[:100], pred)}))
"""


@pytest.mark.slow
def test_mirrored_strategy_two_devices(tmp_path: Path) -> None:
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "KERAS_BACKEND": "tensorflow"}
    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path)], env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["replicas"] == 2 and len(result["f1"]) == 2
    assert result["f1"][-1] == pytest.approx(result["ref"], abs=1e-12)
    assert result["mcc"] == pytest.approx(result["ref_mcc"], abs=1e-12)
    assert list((tmp_path / "validation").glob("events.out.tfevents.*"))
