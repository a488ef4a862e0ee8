"""Built-in classification metrics: scikit-learn's functions, declared with their metadata."""

from __future__ import annotations

from typing import Any, Callable

from sklearn import metrics as skm

from ..hookspecs import hookimpl

CLASSIFICATION = frozenset({"binary", "multiclass", "multilabel"})
SINGLE_LABEL = frozenset({"binary", "multiclass"})
# bare names: binary average for binary targets, macro otherwise
SENSIBLE_AVERAGE = {
    "binary": {"average": "binary"},
    "multiclass": {"average": "macro"},
    "multilabel": {"average": "macro"},
}


def _averaged(register: Callable[..., Any], name: str, fn: Callable[..., Any], what: str) -> None:
    """Register ``name`` (sensible average) and ``name_micro|_macro|_weighted``."""
    register(
        name, fn, needs="labels", tasks=CLASSIFICATION, task_kwargs=SENSIBLE_AVERAGE,
        description=f"{what}; average 'binary' for binary targets, 'macro' otherwise",
    )
    for average in ("micro", "macro", "weighted"):
        register(
            f"{name}_{average}", fn, needs="labels", tasks=CLASSIFICATION,
            kwargs={"average": average}, description=f"{what}, {average}-averaged",
        )


@hookimpl
def register_metrics(register: Callable[..., Any]) -> None:
    register(
        "accuracy", skm.accuracy_score, needs="labels", tasks=CLASSIFICATION,
        description="fraction of exactly right predictions (subset accuracy for multilabel)",
    )
    register(
        "balanced_accuracy", skm.balanced_accuracy_score, needs="labels", tasks=SINGLE_LABEL,
        description="mean of per-class recall",
    )
    _averaged(register, "precision", skm.precision_score, "precision")
    _averaged(register, "recall", skm.recall_score, "recall")
    _averaged(register, "f1", skm.f1_score, "F1 score")
    _averaged(register, "jaccard", skm.jaccard_score, "Jaccard index (intersection over union)")
    register(
        "mcc", skm.matthews_corrcoef, needs="labels", tasks=SINGLE_LABEL,
        aliases=("matthews_corrcoef",), description="Matthews correlation coefficient",
    )
    register(
        "cohen_kappa", skm.cohen_kappa_score, needs="labels", tasks=SINGLE_LABEL,
        description="Cohen's kappa: agreement corrected for chance",
    )
    register(
        "roc_auc", skm.roc_auc_score, needs="scores", tasks=CLASSIFICATION,
        task_kwargs={"multiclass": {"multi_class": "ovr"}}, context=("labels",),
        description="area under the ROC curve from scores (one-vs-rest macro for multiclass)",
    )
    register(
        "log_loss", skm.log_loss, needs="scores", tasks=SINGLE_LABEL, greater_is_better=False,
        context=("labels",), description="cross-entropy of the predicted probabilities",
    )
