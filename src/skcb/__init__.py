"""skcb: exact scikit-learn (and plugin) metrics for Keras, every epoch.

``import skcb`` stays light: Keras and TensorFlow load only when ``MetricsCallback`` is used.
"""

from __future__ import annotations

from typing import Any

from .hookspecs import hookimpl, hookspec
from .plugins import get_registry, register_plugin, unregister_plugin
from .results import Matrix
from .selection import MetricRequest, metric
from .sink import Sink
from .specs import Metric, SinkSpec

__version__ = "0.1.0"
__all__ = [
    "Matrix",
    "Metric",
    "MetricRequest",
    "MetricsCallback",
    "Sink",
    "SinkSpec",
    "__version__",
    "get_registry",
    "hookimpl",
    "hookspec",
    "metric",
    "register_plugin",
    "unregister_plugin",
]


def __getattr__(name: str) -> Any:
    if name == "MetricsCallback":  # imports keras; only when asked for
        from .callback import MetricsCallback

        return MetricsCallback
    raise AttributeError(f"module 'skcb' has no attribute {name!r}")
