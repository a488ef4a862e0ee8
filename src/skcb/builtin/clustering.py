"""Built-in label-comparison metrics: scikit-learn's clustering scorers applied to the true and
predicted classes. They ignore which class is which (only the partition counts) and take no
sample weights, so weights given with the evaluation data do not reach them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sklearn import metrics as skm

from ..hookspecs import hookimpl
from .common import SINGLE_LABEL, adder

COMPARISONS: tuple[tuple[Callable[..., Any], str], ...] = (
    (skm.adjusted_mutual_info_score, "mutual information adjusted for chance"),
    (skm.adjusted_rand_score, "Rand index adjusted for chance"),
    (skm.completeness_score, "each true class falls in one predicted class"),
    (skm.fowlkes_mallows_score, "geometric mean of pairwise precision and recall"),
    (skm.homogeneity_score, "each predicted class holds one true class"),
    (skm.mutual_info_score, "mutual information (nats)"),
    (skm.normalized_mutual_info_score, "mutual information normalized to [0, 1]"),
    (skm.rand_score, "fraction of sample pairs on which both partitions agree"),
    (skm.v_measure_score, "harmonic mean of homogeneity and completeness"),
)


@hookimpl
def register_metrics(register: Callable[..., Any]) -> None:
    add = adder(register)
    for fn, what in COMPARISONS:
        add(fn.__name__, fn, "labels", SINGLE_LABEL, description=f"partition agreement: {what}")
