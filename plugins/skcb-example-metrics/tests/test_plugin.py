"""The plugin as skcb sees it: found through its entry point, metrics and sink registered."""

from __future__ import annotations

import json

import skcb
import skcb_example_metrics


def test_entry_point_registers_the_metrics_and_the_sink():
    registry = skcb.get_registry()
    assert registry.metric("tnr") is registry.metric("specificity")
    ece = registry.metric("ece")
    assert ece.plugin == "example_metrics" and not ece.greater_is_better
    assert ece.fn is skcb_example_metrics.expected_calibration_error
    assert registry.sink("jsonl").plugin == "example_metrics"


def test_jsonl_sink_writes_one_line_per_step(tmp_path):
    sink = skcb.get_registry().sink("jsonl").factory(log_dir=str(tmp_path), prefix="val_")
    sink.write(0, {"f1": 0.5})
    sink.write(1, {"f1": 0.75, "specificity": 1.0})
    sink.close()
    rows = [json.loads(line) for line in (tmp_path / "skcb.jsonl").read_text().splitlines()]
    assert rows == [{"step": 0, "val_f1": 0.5}, {"step": 1, "val_f1": 0.75, "val_specificity": 1.0}]
