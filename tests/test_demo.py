"""The main job, run as a user runs it: the `skcb demo` console script."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import read_scalars

SKCB = str(Path(sys.executable).with_name("skcb"))


@pytest.mark.slow
def test_demo_two_epochs_prints_a_table_and_writes_readable_logs(tmp_path: Path) -> None:
    logdir = tmp_path / "demo"
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    proc = subprocess.run([SKCB, "demo", "--epochs", "2", "--metrics", "jaccard,f1,mcc",
                           "--logdir", str(logdir)], capture_output=True, text=True, env=env,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    header = next(line for line in lines if line.strip().startswith("epoch"))
    assert header.split() == ["epoch", "loss", "val_loss", "val_jaccard", "val_f1", "val_mcc"]
    rows = [line.split() for line in lines if line.strip()[:1].isdigit()]
    assert [row[0] for row in rows] == ["1", "2"]
    assert f"tensorboard --logdir {logdir}" in proc.stdout
    ours = read_scalars(logdir / "validation")
    for name in ("jaccard", "f1", "mcc"):
        points = ours[f"epoch_{name}"]
        assert [s for s, _ in points] == [0, 1]
        assert [f"{v:.4f}" for _, v in points] == [r[3 + ("jaccard", "f1", "mcc").index(name)]
                                                 for r in rows]
    assert "epoch_loss" in ours and "epoch_loss" in read_scalars(logdir / "train")


def test_demo_rejects_an_unknown_metric_before_training() -> None:
    proc = subprocess.run([SKCB, "demo", "--metrics", "f1,jacard"], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode != 0
    assert "unknown metric 'jacard'" in proc.stderr and "Did you mean 'jaccard'" in proc.stderr
    assert "epoch" not in proc.stdout


@pytest.mark.slow
def test_demo_mnist_from_a_local_file(tmp_path: Path) -> None:
    import numpy as np

    rng = np.random.default_rng(0)  # a small file in Keras's mnist.npz format
    path = tmp_path / "mnist.npz"
    np.savez(path, x_train=rng.integers(0, 255, (300, 28, 28), dtype=np.uint8),
             y_train=rng.integers(0, 10, 300), x_test=rng.integers(0, 255, (50, 28, 28), dtype=np.uint8),
             y_test=rng.integers(0, 10, 50))
    proc = subprocess.run([SKCB, "demo", "--epochs", "1", "--mnist", str(path), "--logdir",
                           str(tmp_path / "logs")], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
    assert proc.returncode == 0, proc.stderr
    assert "270 training and 30 held-out" in proc.stdout
    assert "epoch_f1" in read_scalars(tmp_path / "logs" / "validation")
