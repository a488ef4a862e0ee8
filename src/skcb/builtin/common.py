"""Helpers shared by the built-in metric plugins (not a plugin itself)."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

import numpy as np

CLASSIFICATION = frozenset({"binary", "multiclass", "multilabel"})
SINGLE_LABEL = frozenset({"binary", "multiclass"})
BINARY = frozenset({"binary"})
MULTILABEL = frozenset({"multilabel"})
REGRESSION = frozenset({"regression"})
# bare names: binary average for binary targets, macro otherwise
SENSIBLE_AVERAGE = {
    "binary": {"average": "binary"},
    "multiclass": {"average": "macro"},
    "multilabel": {"average": "macro"},
}


def takes(fn: Callable[..., Any], param: str) -> bool:
    """Whether ``fn`` accepts the keyword argument ``param`` (or any keyword argument)."""
    params = inspect.signature(fn).parameters
    return param in params or any(p.kind is p.VAR_KEYWORD for p in params.values())


def negated(fn: Callable[..., Any], name: str) -> Callable[..., Any]:
    """``-fn``, as scikit-learn's ``neg_*`` scorers return it; keeps ``fn``'s signature."""

    @functools.wraps(fn)
    def neg(*args: Any, **kwargs: Any) -> Any:
        return -fn(*args, **kwargs)

    neg.__name__ = neg.__qualname__ = name
    return neg


def scores_of_pos_label(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` taking binary scores of class 1; with ``pos_label=0`` it gets ``1 - p`` instead,
    the column a scorer with that ``pos_label`` would take from ``predict_proba``."""

    @functools.wraps(fn)
    def call(y_true: Any, y_score: Any, **kwargs: Any) -> Any:
        if kwargs.get("pos_label") == 0 and np.ndim(y_score) == 1:
            y_score = 1 - np.asarray(y_score)
        return fn(y_true, y_score, **kwargs)

    return call


def adder(register: Callable[..., Any]) -> Callable[..., Any]:
    """``add(name, fn, needs, tasks, lower=False, **fields)``: ``register`` with ``sample_weight``
    read from ``fn``'s signature and the direction given as ``lower``."""

    def add(name: str, fn: Callable[..., Any], needs: str, tasks: frozenset[str], *,
            lower: bool = False, **fields: Any) -> Any:
        return register(name, fn, needs=needs, tasks=tasks, greater_is_better=not lower,
                        sample_weight=takes(fn, "sample_weight"), **fields)

    return add
