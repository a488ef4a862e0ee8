"""An example skcb plugin: metrics scikit-learn lacks, registered through the ``skcb`` hooks.

``pyproject.toml`` names this module in the ``skcb`` entry-point group; skcb imports it and
calls the hooks below with a ``register`` callable. The maths lives in :mod:`.functional`.
"""

from __future__ import annotations

from typing import Any, Callable

from skcb import Metric, hookimpl

from .functional import expected_calibration_error, specificity
from .jsonl import JsonLinesSink

__all__ = ["JsonLinesSink", "expected_calibration_error", "specificity"]
__version__ = "0.1.0"

# As for skcb's precision or recall: the positive class for binary targets, macro otherwise.
SENSIBLE_AVERAGE = {
    "binary": {"average": "binary"},
    "multiclass": {"average": "macro"},
    "multilabel": {"average": "macro"},
}


@hookimpl
def register_metrics(register: Callable[..., Any]) -> None:
    # Either a Metric object ...
    register(Metric(
        name="specificity", fn=specificity, needs="labels",
        tasks=frozenset({"binary", "multiclass", "multilabel"}), task_kwargs=SENSIBLE_AVERAGE,
        context=("labels",),  # classes absent from an epoch's data still count in the average
        aliases=("tnr",),
        description="true-negative rate TN/(TN+FP); positive class if binary, macro otherwise",
    ))
    # ... or the same fields as keyword arguments.
    register(
        "expected_calibration_error", expected_calibration_error, needs="scores",
        tasks={"binary", "multiclass"}, greater_is_better=False, kwargs={"n_bins": 10},
        aliases=("ece",),
        description="top-label expected calibration error, 10 equal-width confidence bins",
    )


@hookimpl
def register_sinks(register: Callable[..., Any]) -> None:
    register(
        "jsonl", JsonLinesSink,
        description="one JSON object per evaluated epoch in <log_dir>/skcb.jsonl",
        options={"filename": "file name under log_dir (default 'skcb.jsonl')"},
    )
