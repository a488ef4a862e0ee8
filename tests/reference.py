"""Independent references: each built-in metric name -> the scikit-learn value it must equal.

Written out by hand, not derived from skcb's specs, so a wrong default in a spec shows up as a
parity failure. For scorer names the reference is the issue's definition of parity:
``sklearn.metrics.get_scorer(name)(estimator, X, y)`` with a fake estimator whose ``predict``,
``predict_proba`` and ``decision_function`` return the model's predictions. The deliberate,
documented deviations are stated below as the scorer (or call) that stands in.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sklearn
from sklearn import metrics as skm
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin

SENSIBLE = {"binary": "binary", "multiclass": "macro", "multilabel": "macro"}
SCORERS = set(skm.get_scorer_names())
# skcb names that are another name of a scorer
ALIASES = {"mcc": "matthews_corrcoef", "r2_score": "r2",
           "explained_variance_score": "explained_variance"}
# natural-sign names: minus the scorer
NATURAL = {"log_loss": "neg_log_loss", "brier": "neg_brier_score",
           "brier_score_loss": "neg_brier_score",
           "negative_likelihood_ratio": "neg_negative_likelihood_ratio",
           "max_error": "neg_max_error", "median_absolute_error": "neg_median_absolute_error",
           "medae": "neg_median_absolute_error",
           "mean_poisson_deviance": "neg_mean_poisson_deviance",
           "mean_gamma_deviance": "neg_mean_gamma_deviance"}
for _short, _long in [("mae", "mean_absolute_error"), ("mse", "mean_squared_error"),
                      ("rmse", "root_mean_squared_error"), ("msle", "mean_squared_log_error"),
                      ("rmsle", "root_mean_squared_log_error"),
                      ("mape", "mean_absolute_percentage_error")]:
    NATURAL[_short] = NATURAL[_long] = f"neg_{_long}"
# deviation 1: bare averaged names average 'macro' beyond binary; roc_auc is ovr for multiclass
INSTEAD = {(n, t): f"{n}_macro" for n in ("precision", "recall", "f1", "jaccard")
           for t in ("multiclass", "multilabel")}
INSTEAD[("roc_auc", "multiclass")] = "roc_auc_ovr"
# deviation 2: probability metrics are told every class (labels=range(k)) for 1-D targets
WITH_LABELS = {"log_loss", "neg_log_loss", "brier", "brier_score_loss", "neg_brier_score",
               "d2_brier_score", "d2_log_loss_score", "top_k_accuracy", "roc_auc",
               "roc_auc_ovr", "roc_auc_ovo", "roc_auc_ovr_weighted", "roc_auc_ovo_weighted"}
# scikit-learn functions without sample_weight: skcb leaves the weights out
UNWEIGHTED = {"adjusted_mutual_info_score", "adjusted_rand_score", "completeness_score",
              "fowlkes_mallows_score", "homogeneity_score", "mutual_info_score",
              "normalized_mutual_info_score", "rand_score", "v_measure_score",
              "max_error", "neg_max_error"}
# deviation 3: likelihood ratios take sample weights (the scorer's functions do not)
LIKELIHOOD = {"positive_likelihood_ratio": (0, 1), "negative_likelihood_ratio": (1, 1),
              "neg_negative_likelihood_ratio": (1, -1)}
# names that are no scorer: the scikit-learn call, written out
DIRECT = {
    "fbeta": lambda task, y, labels, w: skm.fbeta_score(
        y, labels, beta=1.0, average=SENSIBLE[task], sample_weight=w),
    "cohen_kappa": lambda task, y, labels, w: skm.cohen_kappa_score(y, labels, sample_weight=w),
    "hamming_loss": lambda task, y, labels, w: skm.hamming_loss(y, labels, sample_weight=w),
    "zero_one_loss": lambda task, y, labels, w: skm.zero_one_loss(y, labels, sample_weight=w),
}
NOT_SCALAR = {"confusion_matrix"}


class FakeClassifier(ClassifierMixin, BaseEstimator):
    """A fitted classifier that answers with fixed predictions."""

    def __init__(self, labels: Any = None, proba: Any = None, decision: Any = None,
                 classes: Any = None) -> None:
        self.labels, self.proba, self.decision, self.classes = labels, proba, decision, classes

    @property
    def classes_(self) -> Any:
        return self.classes

    def predict(self, X: Any) -> Any:
        return self.labels

    def predict_proba(self, X: Any) -> Any:
        return self.proba

    def decision_function(self, X: Any) -> Any:
        return self.decision


class FakeRegressor(RegressorMixin, BaseEstimator):
    """A fitted regressor that answers with fixed predictions."""

    def __init__(self, values: Any = None) -> None:
        self.values = values

    def predict(self, X: Any) -> Any:
        return self.values


def derive(task: str, y: np.ndarray, outputs: np.ndarray, threshold: float = 0.5) -> tuple:
    """What a correct callback derives: (y_true, labels or values, scores), in the model's dtype."""
    out = np.asarray(outputs)
    if task == "regression":
        y = y[:, 0] if y.ndim == 2 and y.shape[1] == 1 else y
        return y, (out[:, 0] if out.shape[1] == 1 and y.ndim == 1 else out), None
    if task == "binary":
        p = out[:, 0] if out.shape[1] == 1 else out[:, 1]
        return y, (p > threshold).astype(int), p
    if task == "multiclass":
        return y, out.argmax(axis=1), out
    return y, (out > threshold).astype(int), out


def estimator(task: str, labels: np.ndarray, scores: np.ndarray | None, k: int) -> Any:
    """The fake estimator; multilabel ones answer as scikit-learn's multilabel classifiers do
    (``classes_`` a list of [0, 1] and ``predict_proba`` a list of (n, 2) arrays), because with
    ``classes_ = arange(2)`` a scorer takes one column of a two-label matrix."""
    if task == "regression":
        return FakeRegressor(labels)
    if task == "binary":
        return FakeClassifier(labels, np.stack([1 - scores, scores], axis=1), scores, np.arange(2))
    if task == "multiclass":
        return FakeClassifier(labels, scores, scores, np.arange(k))
    proba = [np.stack([1 - c, c], axis=1) for c in scores.T]
    return FakeClassifier(labels, proba, scores, [np.arange(2)] * k)


def _scorer(name: str, task: str, y: np.ndarray, est: Any, w: np.ndarray | None, k: int) -> float:
    x = np.zeros((len(y), 1))
    kwargs: dict[str, Any] = {} if w is None else {"sample_weight": w}
    if name in WITH_LABELS and task != "multilabel":
        with sklearn.config_context(enable_metadata_routing=True):
            scorer = skm.get_scorer(name).set_score_request(labels=True, sample_weight=True)
            return float(scorer(est, x, y, labels=list(range(k)), **kwargs))
    return float(skm.get_scorer(name)(est, x, y, **kwargs))


def reference_value(name: str, task: str, y: np.ndarray, outputs: np.ndarray,
                    weight: np.ndarray | None, n_classes: int) -> float:
    """scikit-learn's value for skcb metric ``name``; raises where scikit-learn raises."""
    y, labels, scores = derive(task, np.asarray(y), outputs)
    w = None if name in UNWEIGHTED else weight
    if name in DIRECT:
        return float(DIRECT[name](task, y, labels, w))
    if name in LIKELIHOOD and w is not None:
        index, sign = LIKELIHOOD[name]
        ratios = skm.class_likelihood_ratios(y, labels, sample_weight=w, replace_undefined_by=1.0)
        return sign * float(ratios[index])
    est = estimator(task, labels, scores, n_classes)
    if name in NATURAL:
        return -_scorer(NATURAL[name], task, y, est, w, n_classes)
    scorer = INSTEAD.get((name, task), ALIASES.get(name, name))
    assert scorer in SCORERS, f"no reference for {name!r}: add it to tests/reference.py"
    return _scorer(scorer, task, y, est, w, n_classes)


def has_reference(name: str) -> bool:
    """Whether this file states how scikit-learn computes ``name``."""
    return name in SCORERS | set(ALIASES) | set(NATURAL) | set(DIRECT) | NOT_SCALAR
