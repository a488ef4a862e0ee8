"""Built-in classification metrics: scikit-learn's functions and scorers, with their metadata.

Every classification name of ``sklearn.metrics.get_scorer_names()`` is here, giving the value
that scorer gives for an estimator with the model's predictions (``neg_*`` names included),
plus natural-sign names (``log_loss``, ``brier``, ``hamming_loss``, ...) and a confusion matrix.
Deviations, all documented in ``docs/metrics.md``: bare ``precision``/``recall``/``f1``/``jaccard``
/``fbeta`` average 'macro' beyond binary targets, and ``roc_auc`` is one-vs-rest for multiclass
(scikit-learn's scorers raise there); probability metrics are told every class
(``labels=range(n_classes)``), so an epoch without some class still has a value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sklearn import metrics as skm

from ..hookspecs import hookimpl
from .common import (
    BINARY,
    CLASSIFICATION,
    MULTILABEL,
    SENSIBLE_AVERAGE,
    SINGLE_LABEL,
    adder,
    negated,
    scores_of_pos_label,
)

PER_CLASS = {task: {"average": None} for task in CLASSIFICATION}
PER_CLASS_SCORES = {"multiclass": {"average": None}, "multilabel": {"average": None}}
LABELS = ("labels",)  # context: pass labels=range(n_classes)
AVERAGED = {
    "precision": (skm.precision_score, "precision"),
    "recall": (skm.recall_score, "recall"),
    "f1": (skm.f1_score, "F1 score"),
    "jaccard": (skm.jaccard_score, "Jaccard index (intersection over union)"),
}


def positive_likelihood_ratio(y_true: Any, y_pred: Any, *, sample_weight: Any = None,
                              replace_undefined_by: Any = 1.0) -> float:
    """scikit-learn's ``positive_likelihood_ratio`` scorer, also taking sample weights."""
    return float(skm.class_likelihood_ratios(
        y_true, y_pred, sample_weight=sample_weight, replace_undefined_by=replace_undefined_by)[0])


def negative_likelihood_ratio(y_true: Any, y_pred: Any, *, sample_weight: Any = None,
                              replace_undefined_by: Any = 1.0) -> float:
    """``-neg_negative_likelihood_ratio``, also taking sample weights."""
    return float(skm.class_likelihood_ratios(
        y_true, y_pred, sample_weight=sample_weight, replace_undefined_by=replace_undefined_by)[1])


def _labels(add: Callable[..., Any]) -> None:
    add("accuracy", skm.accuracy_score, "labels", CLASSIFICATION,
        description="fraction of exactly right predictions (subset accuracy for multilabel)")
    add("balanced_accuracy", skm.balanced_accuracy_score, "labels", SINGLE_LABEL,
        description="mean of per-class recall")
    for name, (fn, what) in AVERAGED.items():
        add(name, fn, "labels", CLASSIFICATION, task_kwargs=SENSIBLE_AVERAGE, per_class=PER_CLASS,
            description=f"{what}; average 'binary' for binary targets, 'macro' otherwise")
        for average in ("micro", "macro", "weighted"):
            add(f"{name}_{average}", fn, "labels", CLASSIFICATION, kwargs={"average": average},
                description=f"{what}, {average}-averaged")
        add(f"{name}_samples", fn, "labels", MULTILABEL, kwargs={"average": "samples"},
            description=f"{what} of each sample's label set, averaged over samples")
    add("fbeta", skm.fbeta_score, "labels", CLASSIFICATION, kwargs={"beta": 1.0},
        task_kwargs=SENSIBLE_AVERAGE, per_class=PER_CLASS,
        description="F-beta score (beta=1 unless given); averaged as f1")
    add("mcc", skm.matthews_corrcoef, "labels", SINGLE_LABEL, aliases=("matthews_corrcoef",),
        description="Matthews correlation coefficient")
    add("cohen_kappa", skm.cohen_kappa_score, "labels", SINGLE_LABEL,
        description="Cohen's kappa: agreement corrected for chance")
    add("hamming_loss", skm.hamming_loss, "labels", CLASSIFICATION, lower=True,
        description="fraction of wrong labels (per label for multilabel)")
    add("zero_one_loss", skm.zero_one_loss, "labels", CLASSIFICATION, lower=True,
        description="fraction of wrong predictions (1 - accuracy)")
    add("positive_likelihood_ratio", positive_likelihood_ratio, "labels", BINARY,
        description="LR+ = sensitivity / (1 - specificity); 1 where undefined, as the scorer")
    add("neg_negative_likelihood_ratio",
        negated(negative_likelihood_ratio, "neg_negative_likelihood_ratio"), "labels", BINARY,
        description="-LR- (scorer sign: higher is better)")
    add("negative_likelihood_ratio", negative_likelihood_ratio, "labels", BINARY, lower=True,
        description="LR- = (1 - sensitivity) / specificity; 1 where undefined, as the scorer")
    add("confusion_matrix", skm.confusion_matrix, "labels", SINGLE_LABEL, context=LABELS,
        kind="matrix", description="confusion matrix (rows true, columns predicted): an image, not a scalar")


def _scores(add: Callable[..., Any]) -> None:
    roc = "area under the ROC curve from scores"
    add("roc_auc", skm.roc_auc_score, "scores", CLASSIFICATION, context=LABELS,
        task_kwargs={"multiclass": {"multi_class": "ovr"}}, per_class=PER_CLASS_SCORES,
        description=f"{roc} (one-vs-rest macro for multiclass)")
    for scheme, tasks in (("ovr", CLASSIFICATION), ("ovo", SINGLE_LABEL)):
        add(f"roc_auc_{scheme}", skm.roc_auc_score, "scores", tasks, context=LABELS,
            kwargs={"multi_class": scheme}, description=f"{roc}, {scheme} macro for multiclass",
            per_class=PER_CLASS_SCORES if scheme == "ovr" else {})
        add(f"roc_auc_{scheme}_weighted", skm.roc_auc_score, "scores", tasks, context=LABELS,
            kwargs={"multi_class": scheme, "average": "weighted"},
            description=f"{roc}, {scheme} prevalence-weighted for multiclass")
    add("average_precision", scores_of_pos_label(skm.average_precision_score), "scores",
        CLASSIFICATION, per_class=PER_CLASS_SCORES,
        description="area under the precision-recall curve (step-wise), macro beyond binary")
    add("log_loss", skm.log_loss, "scores", SINGLE_LABEL, lower=True, context=LABELS,
        description="cross-entropy of the predicted probabilities")
    add("neg_log_loss", negated(skm.log_loss, "neg_log_loss"), "scores", SINGLE_LABEL,
        context=LABELS, description="-log_loss (scorer sign: higher is better)")
    brier = scores_of_pos_label(skm.brier_score_loss)
    add("brier", brier, "scores", SINGLE_LABEL, lower=True, context=LABELS,
        aliases=("brier_score_loss",), description="mean squared error of the probabilities")
    add("neg_brier_score", negated(brier, "neg_brier_score"), "scores", SINGLE_LABEL,
        context=LABELS, description="-brier (scorer sign: higher is better)")
    add("d2_brier_score", scores_of_pos_label(skm.d2_brier_score), "scores", SINGLE_LABEL,
        context=LABELS, description="Brier skill: 1 - brier / brier of the class prior")
    add("d2_log_loss_score", skm.d2_log_loss_score, "scores", SINGLE_LABEL, context=LABELS,
        description="log-loss skill: 1 - log_loss / log_loss of the class prior")
    add("top_k_accuracy", skm.top_k_accuracy_score, "scores", SINGLE_LABEL, context=LABELS,
        description="fraction whose true class is among the k (default 2) highest scores")


@hookimpl
def register_metrics(register: Callable[..., Any]) -> None:
    add = adder(register)
    _labels(add)
    _scores(add)
