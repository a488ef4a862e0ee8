"""Built-in regression metrics: every regression scorer of scikit-learn (``neg_*`` signs kept)
and the natural-sign names (``mae``, ``mse``, ``rmse``, ...), on the model's predicted values.

Multi-output targets are averaged uniformly, as the scorers do; ``per_class=True`` gives one
value per output where scikit-learn's function takes ``multioutput``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sklearn import metrics as skm

from ..hookspecs import hookimpl
from .common import REGRESSION, adder, negated, takes

PER_OUTPUT = {"regression": {"multioutput": "raw_values"}}

# scorer name without "neg_", natural name, function, aliases, what it measures
ERRORS: tuple[tuple[str, str, Callable[..., Any], tuple[str, ...], str], ...] = (
    ("mean_absolute_error", "mae", skm.mean_absolute_error, ("mean_absolute_error",),
     "mean absolute error"),
    ("mean_squared_error", "mse", skm.mean_squared_error, ("mean_squared_error",),
     "mean squared error"),
    ("root_mean_squared_error", "rmse", skm.root_mean_squared_error,
     ("root_mean_squared_error",), "root of the mean squared error"),
    ("mean_squared_log_error", "msle", skm.mean_squared_log_error, ("mean_squared_log_error",),
     "mean squared error of log(1 + y); y and predictions must be > -1"),
    ("root_mean_squared_log_error", "rmsle", skm.root_mean_squared_log_error,
     ("root_mean_squared_log_error",), "root of msle"),
    ("mean_absolute_percentage_error", "mape", skm.mean_absolute_percentage_error,
     ("mean_absolute_percentage_error",), "mean absolute percentage error (as a fraction)"),
    ("median_absolute_error", "median_absolute_error", skm.median_absolute_error, ("medae",),
     "median absolute error"),
    ("max_error", "max_error", skm.max_error, (), "largest absolute error (one output only)"),
    ("mean_poisson_deviance", "mean_poisson_deviance", skm.mean_poisson_deviance, (),
     "mean Poisson deviance; y >= 0 and predictions > 0"),
    ("mean_gamma_deviance", "mean_gamma_deviance", skm.mean_gamma_deviance, (),
     "mean Gamma deviance; y and predictions > 0"),
)
SCORES: tuple[tuple[str, Callable[..., Any], tuple[str, ...], str], ...] = (
    ("r2", skm.r2_score, ("r2_score",), "coefficient of determination R^2"),
    ("explained_variance", skm.explained_variance_score, ("explained_variance_score",),
     "explained variance"),
    ("d2_absolute_error_score", skm.d2_absolute_error_score, (),
     "D^2: fraction of absolute error explained, against the median"),
)


def _per_output(fn: Callable[..., Any]) -> dict[str, Any]:
    return PER_OUTPUT if takes(fn, "multioutput") else {}


@hookimpl
def register_metrics(register: Callable[..., Any]) -> None:
    add = adder(register)
    for scorer, natural, fn, aliases, what in ERRORS:
        add(natural, fn, "values", REGRESSION, lower=True, aliases=aliases,
            per_class=_per_output(fn), description=what)
        add(f"neg_{scorer}", negated(fn, f"neg_{scorer}"), "values", REGRESSION,
            per_class=_per_output(fn), description=f"-{natural} (scorer sign: higher is better)")
    for name, fn, aliases, what in SCORES:
        add(name, fn, "values", REGRESSION, aliases=aliases, per_class=_per_output(fn),
            description=what)
