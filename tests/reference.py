"""Independent references: each built-in metric name -> the scikit-learn call it must equal.

Written out by hand from scikit-learn's documentation, not derived from skcb's specs, so a
wrong default in a spec shows up as a parity failure.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
from sklearn import metrics as skm

SENSIBLE = {"binary": {"average": "binary"}, "multiclass": {"average": "macro"},
            "multilabel": {"average": "macro"}}


def _ref(fn: Callable[..., Any], needs: str, per_task: dict | None = None, **kwargs: Any) -> dict:
    return {"fn": fn, "needs": needs, "per_task": per_task or {}, "kwargs": kwargs}


REFERENCE: dict[str, dict] = {
    "accuracy": _ref(skm.accuracy_score, "labels"),
    "balanced_accuracy": _ref(skm.balanced_accuracy_score, "labels"),
    "mcc": _ref(skm.matthews_corrcoef, "labels"),
    "matthews_corrcoef": _ref(skm.matthews_corrcoef, "labels"),
    "cohen_kappa": _ref(skm.cohen_kappa_score, "labels"),
    "roc_auc": _ref(skm.roc_auc_score, "scores", {"multiclass": {"multi_class": "ovr"}}),
    "log_loss": _ref(skm.log_loss, "scores"),
}
for _name, _fn in [("precision", skm.precision_score), ("recall", skm.recall_score),
                   ("f1", skm.f1_score), ("jaccard", skm.jaccard_score)]:
    REFERENCE[_name] = _ref(_fn, "labels", SENSIBLE)
    for _avg in ("micro", "macro", "weighted"):
        REFERENCE[f"{_name}_{_avg}"] = _ref(_fn, "labels", average=_avg)


def labels_and_scores(task: str, outputs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """What a correct callback derives from model outputs (sigmoid/softmax, no logits)."""
    out = np.asarray(outputs)  # scores reach scikit-learn in the model's own dtype
    if task == "binary":
        p = out[:, 0] if out.shape[1] == 1 else out[:, 1]
        return (p > 0.5).astype(int), p
    if task == "multiclass":
        return out.argmax(axis=1), out
    return (out > 0.5).astype(int), out


def reference_value(name: str, task: str, y: np.ndarray, outputs: np.ndarray,
                    weight: np.ndarray | None, n_classes: int) -> float:
    ref = REFERENCE[name]
    labels, scores = labels_and_scores(task, outputs)
    kwargs = {**ref["kwargs"], **ref["per_task"].get(task, {})}
    if ref["fn"] in (skm.log_loss, skm.roc_auc_score) and task != "multilabel":
        kwargs["labels"] = list(range(n_classes))
    if weight is not None:
        kwargs["sample_weight"] = weight
    return float(ref["fn"](y, scores if ref["needs"] == "scores" else labels, **kwargs))
