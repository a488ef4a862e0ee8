"""The confusion-matrix fast path must equal scikit-learn on the pooled data."""

from __future__ import annotations

import math
import warnings
from typing import Any, Callable

import numpy as np
import pytest
import sklearn.metrics as skm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.exceptions import UndefinedMetricWarning

from skcb import confusion_metrics as cm
from skcb.confusion import FORMS, Confusion
from skcb.targets import Batch

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MATCH_SETTINGS = settings(SETTINGS, max_examples=50)  # 66 cases: keeps the file under a minute
WEIGHTS = [1.0, 0.5, 2.0, 0.0, 3.25]
AVERAGES = ["binary", "micro", "macro", "weighted", None]
SET_WISE = ["precision_score", "recall_score", "f1_score", "jaccard_score"]


def case(name: str, **kwargs: Any) -> Any:
    kw = ",".join(f"{k}={v}" for k, v in kwargs.items())
    return pytest.param(name, kwargs, id=f"{name}[{kw}]")


SINGLE_CASES = [
    case("accuracy_score"),
    case("accuracy_score", normalize=False),
    case("balanced_accuracy_score"),
    case("balanced_accuracy_score", adjusted=True),
    case("matthews_corrcoef"),
    *(case("cohen_kappa_score", weights=w) for w in (None, "linear", "quadratic")),
    *(case(m, average=a) for m in SET_WISE for a in AVERAGES),
    *(case("fbeta_score", beta=0.5, average=a) for a in AVERAGES),
    *(case("fbeta_score", beta=b, average=a) for b, a in
      [(0, None), (2, "weighted"), (math.inf, "binary"), (1e-200, "macro")]),
]
MULTILABEL_CASES = [
    case("accuracy_score"),
    case("accuracy_score", normalize=False),
    *(case(m, average=a) for m in SET_WISE for a in AVERAGES),
    *(case("fbeta_score", beta=b, average=a)
      for b, a in [(0.5, "macro"), (2, None), (0, "micro")]),
]


def _digits(draw: Callable, pool: list, n: int) -> np.ndarray:
    """``n`` values from ``pool`` in one draw (fast, and shrinks towards ``pool[0]``)."""
    value = draw(st.integers(0, len(pool) ** n - 1))
    return np.array([pool[(value // len(pool) ** i) % len(pool)] for i in range(n)])


@st.composite
def weights(draw: Callable, n: int) -> np.ndarray | None:
    kind = draw(st.sampled_from(["none", "drawn", "none", "drawn", "drawn", "zeros"]))
    if kind == "none":
        return None
    return np.zeros(n) if kind == "zeros" else _digits(draw, WEIGHTS, n).astype(np.float64)


@st.composite
def single_label(draw: Callable) -> tuple[str, int, np.ndarray, np.ndarray, np.ndarray | None]:
    """1-D labels with missing classes, single classes, perfect and all-wrong predictions."""
    task = draw(st.sampled_from(["binary", "multiclass"]))
    k = 2 if task == "binary" else draw(st.integers(1, 8))
    n = draw(st.integers(1, 30))
    classes = st.lists(st.integers(0, k - 1), min_size=1, max_size=k, unique=True)
    true_pool, pred_pool = draw(classes), draw(classes)
    y_true = _digits(draw, true_pool, n)
    mode = draw(st.sampled_from(["random", "perfect", "all_wrong", "constant"]))
    if mode == "random":
        y_pred = _digits(draw, pred_pool, n)
    elif mode == "perfect":
        y_pred = y_true.copy()
    elif mode == "all_wrong":
        y_pred = (y_true + 1) % k
    else:
        y_pred = np.full(n, pred_pool[0])
    return task, k, y_true, y_pred, draw(weights(n))


def _bits(value: int, n: int, k: int) -> np.ndarray:
    return np.array([(value >> i) & 1 for i in range(n * k)], dtype=np.int64).reshape(n, k)


@st.composite
def multilabel(draw: Callable) -> tuple[str, int, np.ndarray, np.ndarray, np.ndarray | None]:
    """0/1 matrices with all-zero, all-one, copied and flipped columns."""
    k, n = draw(st.integers(1, 8)), draw(st.integers(1, 30))
    bits = st.integers(0, 2 ** (n * k) - 1)  # one draw per matrix: fast, shrinks to zeros
    y_true, y_pred = _bits(draw(bits), n, k), _bits(draw(bits), n, k)
    modes = st.tuples(st.sampled_from(["random", "zeros", "ones"]),
                      st.sampled_from(["random", "zeros", "copy", "flip"]))
    for j, (true_mode, pred_mode) in enumerate(draw(st.lists(modes, min_size=k, max_size=k))):
        y_true[:, j] = {"random": y_true[:, j], "zeros": 0, "ones": 1}[true_mode]
        y_pred[:, j] = {"random": y_pred[:, j], "zeros": 0, "copy": y_true[:, j],
                        "flip": 1 - y_true[:, j]}[pred_mode]
    return "multilabel", k, y_true, y_pred, draw(weights(n))


def accumulate(draw: Callable, task: str, k: int, y_true, y_pred, w) -> Confusion:
    """A Confusion built from the data cut into randomly sized batches."""
    cuts = sorted(draw(st.lists(st.integers(0, len(y_true)), max_size=3)))
    state = Confusion(task, k)
    for lo, hi in zip([0, *cuts], [*cuts, len(y_true)]):
        state.update(Batch(y_true[lo:hi], y_pred[lo:hi], None, None if w is None else w[lo:hi]))
    return state


def extra_kwargs(draw: Callable, name: str, kwargs: dict, k: int) -> dict:
    """Draw zero_division, pos_label, labels and replace_undefined_by where they apply."""
    kw = dict(kwargs)
    labels = st.lists(st.integers(-1, k + 1), max_size=4)
    if name in SET_WISE or name == "fbeta_score":
        nan_ok = name != "jaccard_score"
        kw["zero_division"] = draw(st.sampled_from(["warn", 0, 1, 1.0] + [np.nan] * nan_ok))
        binary = kw.get("average") == "binary"
        kw["pos_label"] = draw(st.sampled_from([1, 0, 2] if binary else [1, 1, 0, None]))
        if not binary:
            kw["labels"] = draw(st.one_of(st.none(), st.none(), labels))
    elif name == "cohen_kappa_score":
        kw["labels"] = draw(st.one_of(st.none(), labels))
        kw["replace_undefined_by"] = draw(st.sampled_from([np.nan, 0.0, -1.0]))
    return kw


def call(fn: Callable, *args: Any, **kwargs: Any) -> tuple[Any, BaseException | None, bool]:
    """(value, exception, whether an UndefinedMetricWarning was emitted)."""
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        try:
            value, error = fn(*args, **kwargs), None
        except Exception as e:  # noqa: BLE001 - compared with sklearn's below
            value, error = None, e
    return value, error, any(issubclass(r.category, UndefinedMetricWarning) for r in record)


def assert_same(ours: Any, theirs: Any) -> None:
    a, b = np.asarray(ours, dtype=np.float64), np.asarray(theirs, dtype=np.float64)
    assert a.shape == b.shape, (ours, theirs)
    with np.errstate(invalid="ignore"):  # inf - inf
        same = (a == b) | (np.isnan(a) & np.isnan(b)) | (np.abs(a - b) <= 1e-12)
    assert same.all(), (ours, theirs)


def compare(name: str, kw: dict, state: Confusion, y_true, y_pred, w) -> None:
    """Our value from ``state`` equals sklearn's on the arrays (or both raise, or both warn)."""
    theirs, their_error, their_warning = call(getattr(skm, name), y_true, y_pred,
                                              sample_weight=w, **kw)
    form = FORMS[name]
    assert form.supports(state.task, kw)
    ours, our_error, our_warning = call(form.compute, state, state.task, **kw)
    if their_error is not None:
        expected = ValueError if isinstance(their_error, ValueError) else type(their_error)
        assert isinstance(our_error, expected), (their_error, our_error, ours)
        return
    assert our_error is None, (theirs, our_error)
    assert_same(ours, theirs)
    assert our_warning == their_warning


def check(data: st.DataObject, name: str, kwargs: dict, sample: tuple) -> None:
    task, k, y_true, y_pred, w = sample
    kw = extra_kwargs(data.draw, name, kwargs, k)
    compare(name, kw, accumulate(data.draw, task, k, y_true, y_pred, w), y_true, y_pred, w)


@pytest.mark.parametrize(("name", "kwargs"), SINGLE_CASES)
@MATCH_SETTINGS
@given(data=st.data())
def test_single_label_matches_sklearn(name: str, kwargs: dict, data: st.DataObject) -> None:
    check(data, name, kwargs, data.draw(single_label()))


@pytest.mark.parametrize(("name", "kwargs"), MULTILABEL_CASES)
@MATCH_SETTINGS
@given(data=st.data())
def test_multilabel_matches_sklearn(name: str, kwargs: dict, data: st.DataObject) -> None:
    check(data, name, kwargs, data.draw(multilabel()))


EDGE_CASES = [  # (id, task, k, y_true, y_pred, sample_weight, metric, kwargs)
    ("weight_0_sample_keeps_class_present", "multiclass", 4, [0, 1, 2, 3], [0, 1, 2, 0],
     [1, 1, 1, 0], "precision_score", {"average": "macro"}),
    ("pooled_multiclass_is_binary", "multiclass", 5, [0, 2, 2], [2, 2, 0], None,
     "f1_score", {"pos_label": 2}),
    ("pos_label_not_among_two_present", "multiclass", 5, [0, 2, 2], [2, 2, 0], None,
     "recall_score", {"pos_label": 1}),
    ("one_present_label_uses_pos_label", "multiclass", 5, [3, 3], [3, 3], None,
     "precision_score", {"pos_label": 1}),
    ("binary_average_on_multiclass", "multiclass", 3, [0, 1, 2], [0, 1, 1], None,
     "precision_score", {}),
    ("weighted_all_supports_zero", "multiclass", 3, [0, 1], [1, 2], [0, 1],
     "f1_score", {"average": "weighted", "labels": [0, 2]}),
    ("mcc_zero_denominator", "multiclass", 3, [0, 1, 2], [1, 1, 1], None,
     "matthews_corrcoef", {}),
    ("kappa_duplicate_labels", "multiclass", 3, [0, 1, 2, 0, 1], [0, 2, 2, 1, 1], None,
     "cohen_kappa_score", {"labels": [1, 0, 1, 2], "weights": "linear"}),
    ("kappa_one_label", "binary", 2, [1, 1], [1, 1], None, "cohen_kappa_score", {}),
    ("balanced_adjusted_pred_only_class", "multiclass", 3, [0, 0, 1], [0, 2, 1], [1, 2, 1],
     "balanced_accuracy_score", {"adjusted": True}),
    ("balanced_adjusted_one_class", "binary", 2, [1, 1], [1, 0], None,
     "balanced_accuracy_score", {"adjusted": True}),
    ("jaccard_nan_rejected", "binary", 2, [0, 1], [1, 1], None,
     "jaccard_score", {"zero_division": np.nan}),
    ("multilabel_one_column_is_binary", "multilabel", 1, [[0], [1], [1]], [[1], [1], [0]],
     None, "f1_score", {}),
    ("multilabel_label_out_of_range", "multilabel", 2, [[0, 1]], [[1, 1]], None,
     "recall_score", {"average": "macro", "labels": [2]}),
]


@pytest.mark.parametrize("edge", EDGE_CASES, ids=[c[0] for c in EDGE_CASES])
def test_edge_cases_match_sklearn(edge: tuple) -> None:
    _, task, k, y_true, y_pred, w, name, kwargs = edge
    y_true, y_pred = np.array(y_true), np.array(y_pred)
    w = None if w is None else np.array(w, dtype=np.float64)
    compare(name, kwargs, Confusion(task, k).update_arrays(y_true, y_pred, w), y_true, y_pred, w)


def test_mcc_and_kappa_on_one_column_multilabel() -> None:
    y_true, y_pred = np.array([[0], [1], [1], [0]]), np.array([[1], [1], [0], [0]])
    state = Confusion("multilabel", 1).update_arrays(y_true, y_pred)
    assert cm.matthews_corrcoef(state) == skm.matthews_corrcoef(y_true, y_pred)
    assert cm.cohen_kappa(state) == skm.cohen_kappa_score(y_true, y_pred)
    with pytest.raises(ValueError):
        cm.matthews_corrcoef(Confusion("multilabel", 2).update_arrays([[0, 1]], [[0, 1]]))


def _assert_states_equal(a: Confusion, b: Confusion, exact: bool) -> None:
    np.testing.assert_array_equal(a.counts, b.counts)
    assert a.exact_count == b.exact_count and a.n_samples == b.n_samples
    if exact:
        np.testing.assert_array_equal(a.weighted, b.weighted)
        assert (a.total_weight, a.exact_weight) == (b.total_weight, b.exact_weight)
    else:
        np.testing.assert_allclose(a.weighted, b.weighted, rtol=1e-12, atol=1e-12)
        assert math.isclose(a.total_weight, b.total_weight, rel_tol=1e-12, abs_tol=1e-12)


@SETTINGS
@given(data=st.data(), sample=st.one_of(single_label(), multilabel()))
def test_batches_and_merged_halves_equal_one_pass(data: st.DataObject, sample: tuple) -> None:
    task, k, y_true, y_pred, w = sample
    whole = Confusion(task, k).update_arrays(y_true, y_pred, w)
    batched = accumulate(data.draw, task, k, y_true, y_pred, w)
    half = data.draw(st.integers(0, len(y_true)))
    wa, wb = (None, None) if w is None else (w[:half], w[half:])
    merged = Confusion(task, k).update_arrays(y_true[:half], y_pred[:half], wa)
    merged.merge(Confusion(task, k).update_arrays(y_true[half:], y_pred[half:], wb))
    exact = w is None or bool(np.all(w == np.round(w * 4) / 4))  # quarters add exactly
    _assert_states_equal(batched, whole, exact)
    _assert_states_equal(merged, whole, exact)


@SETTINGS
@given(sample=single_label(), cuts=st.tuples(st.integers(0, 30), st.integers(0, 30)))
def test_merge_is_associative(sample: tuple, cuts: tuple) -> None:
    task, k, y_true, y_pred, _ = sample
    lo, hi = sorted(min(c, len(y_true)) for c in cuts)
    w = np.random.default_rng(0).random(len(y_true))  # arbitrary floats: counts stay exact
    parts = [Confusion(task, k).update_arrays(y_true[s], y_pred[s], w[s])
             for s in (slice(0, lo), slice(lo, hi), slice(hi, None))]
    copies = [[Confusion(task, k).merge(p) for p in parts] for _ in range(2)]
    left = copies[0][0].merge(copies[0][1]).merge(copies[0][2])
    right = copies[1][0].merge(copies[1][1].merge(copies[1][2]))
    _assert_states_equal(left, right, exact=False)


def test_multiclass_matrix_layout_and_presence() -> None:
    y_true, y_pred, w = [0, 0, 2, 2], [0, 2, 2, 0], [1.0, 2.0, 0.0, 3.0]
    state = Confusion("multiclass", 4).update_arrays(y_true, y_pred, w)
    np.testing.assert_array_equal(state.weighted, skm.confusion_matrix(
        y_true, y_pred, labels=range(4), sample_weight=w))
    np.testing.assert_array_equal(state.present_labels(), [0, 2])  # weight 0 still present
    assert state.target_type() == "binary" and state.n_samples == 4


def test_multilabel_stack_matches_sklearn() -> None:
    y_true = np.array([[1, 0, 0], [0, 1, 0], [1, 1, 0]])
    y_pred = np.array([[1, 1, 0], [0, 1, 0], [0, 1, 0]])
    w = np.array([1.0, 0.5, 2.0])
    state = Confusion("multilabel", 3).update_arrays(y_true, y_pred, w)
    np.testing.assert_allclose(state.weighted, skm.multilabel_confusion_matrix(
        y_true, y_pred, sample_weight=w))
    assert state.exact_weight == 0.5 and state.exact_count == 1


@pytest.mark.parametrize(("args", "batch"), [
    (("binary", 3), None),
    (("multiclass", 0), None),
    (("regression", 1), None),
    (("multiclass", 3), ([0, 3], [0, 1])),
    (("multiclass", 3), ([0, -1], [0, 1])),
    (("multiclass", 3), ([0, 1.5], [0, 1])),
    (("multiclass", 3), ([0, 1], [0])),
    (("multiclass", 3), ([0, 1], [0, 1], [1.0])),
    (("multiclass", 3), ([0, 1], [0, 1], [1.0, np.nan])),
    (("multilabel", 2), ([[0, 2]], [[0, 1]])),
    (("multilabel", 2), ([[0, 1]], [[0, 1, 1]])),
], ids=str)
def test_invalid_input_raises(args: tuple, batch: tuple | None) -> None:
    with pytest.raises(ValueError):
        Confusion(*args).update_arrays(*batch) if batch else Confusion(*args)


def test_merge_and_compute_reject_mismatches() -> None:
    with pytest.raises(ValueError):
        Confusion("multiclass", 3).merge(Confusion("multiclass", 4))
    with pytest.raises(ValueError):
        FORMS["accuracy_score"].compute(Confusion("binary"), "multiclass")
    with pytest.raises(ValueError):  # no samples, like sklearn on empty input
        FORMS["accuracy_score"].compute(Confusion("binary"), "binary")


def test_reset_forgets_everything() -> None:
    state = Confusion("multilabel", 2).update_arrays([[0, 1]], [[0, 1]], [2.0])
    state.reset()
    assert state.n_samples == 0 and state.total_weight == 0 and not state.weighted.any()


@pytest.mark.parametrize(("name", "task", "kwargs", "expected"), [
    ("precision_score", "multiclass", {"average": "macro"}, True),
    ("precision_score", "multilabel", {"average": "samples"}, False),
    ("f1_score", "binary", {"sample_weight": None}, False),
    ("recall_score", "binary", {"pos_label": "yes"}, False),
    ("jaccard_score", "multiclass", {"labels": [0, 2], "average": None}, True),
    ("jaccard_score", "multiclass", {"labels": ["a"], "average": None}, False),
    ("matthews_corrcoef", "multilabel", {}, False),
    ("balanced_accuracy_score", "regression", {}, False),
    ("cohen_kappa_score", "multiclass", {"weights": "quadratic"}, True),
    ("accuracy_score", "multilabel", {"normalize": False}, True),
], ids=lambda v: str(v) if not isinstance(v, dict) else ",".join(v) or "-")
def test_supports(name: str, task: str, kwargs: dict, expected: bool) -> None:
    assert FORMS[name].supports(task, kwargs) is expected


def test_forms_cover_the_sklearn_metrics() -> None:
    assert set(FORMS) == {
        "accuracy_score", "balanced_accuracy_score", "precision_score", "recall_score",
        "f1_score", "fbeta_score", "jaccard_score", "matthews_corrcoef", "cohen_kappa_score",
    }
    assert all(callable(getattr(skm, name)) for name in FORMS)
