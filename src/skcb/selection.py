"""How users ask for metrics, and turning that into enabled metrics with their arguments.

A metric is asked for by name (``"f1"``) or, with arguments, a per-class breakdown or another
logged name, with :func:`metric`: ``skcb.metric("fbeta", beta=2)`` logs ``fbeta_beta2``;
``skcb.metric("f1", per_class=True)`` logs ``f1/<class name>`` for every class.
"""

from __future__ import annotations

import inspect
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from .registry import Registry, closest
from .results import part
from .specs import Metric

if TYPE_CHECKING:
    from .targets import TargetSpec

# never from the request: weights come from validation_data; the others are inputs too
RESERVED = ("sample_weight", "y_pred", "contingency")


@dataclass(frozen=True)
class MetricRequest:
    """A metric asked for with arguments (what :func:`metric` returns)."""

    name: str
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    per_class: bool = False
    key: str | None = None


def metric(name: str, /, *, per_class: bool = False, key: str | None = None,
           **kwargs: Any) -> MetricRequest:
    """Ask for metric ``name`` with keyword arguments for its function.

    Args:
        name: a registered name or alias (see ``skcb list``).
        per_class: log one value per class (label, or regression output) as
            ``<key>/<class name>`` instead of the average.
        key: the logged name; by default ``name`` followed by ``_<argument><value>`` for each
            argument that differs from the default (``fbeta_beta2``, ``top_k_accuracy_k3``,
            ``fbeta_beta0p5``), so it is a Python identifier usable in ``EarlyStopping(monitor=)``,
            ``ModelCheckpoint`` file names and TensorBoard tags.
        **kwargs: arguments of the metric's function, e.g. ``beta=2``, ``pos_label=0``,
            ``zero_division=1``, ``k=3``.
    """
    if not isinstance(name, str) or not name:
        raise ValueError(f"metric name must be a non-empty string, got {name!r}")
    if key is not None and (not isinstance(key, str) or not key.strip()):
        raise ValueError(f"key must be a non-empty string, got {key!r}")
    return MetricRequest(name, dict(kwargs), bool(per_class), key)


@dataclass(frozen=True)
class Selected:
    """A metric as enabled in a callback: the logged key, its spec and the user's kwargs."""

    key: str
    metric: Metric
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    per_class: bool = False

    def call_kwargs(self, target: TargetSpec) -> dict[str, Any]:
        """The keyword arguments for the metric function on ``target``'s task."""
        kwargs = self.metric.kwargs_for(target.task)
        if self.per_class:
            kwargs.update(self.metric.per_class.get(target.task, {}))
        kwargs.update(self.kwargs)
        # a fixed class list: absent classes still count, and per-class results keep their keys
        wants = "labels" in self.metric.context or (
            self.per_class and target.task in ("binary", "multiclass")
            and "labels" in _parameters(self.metric.fn))
        if wants and target.n_classes is not None:
            kwargs.setdefault("labels", list(range(target.n_classes)))
        return kwargs

    def class_names(self, target: TargetSpec) -> list[str] | None:
        """Names of the per-class values this metric returns, in order (``labels=`` honoured)."""
        if target.n_classes is None and target.class_names is None:
            return None
        names = list(target.class_names or range(target.n_classes or 0))
        labels = self.kwargs.get("labels")
        if labels is not None and all(isinstance(i, int) and 0 <= i < len(names) for i in labels):
            return [str(names[i]) for i in labels]
        return [str(n) for n in names]

    def nan_scalars(self, target: TargetSpec) -> dict[str, float]:
        """The scalars to log when the metric fails: NaN under every key it would log."""
        names = self.class_names(target) if self.per_class else None
        if not names:
            return {self.key: math.nan}
        return {f"{self.key}/{part(n)}": math.nan for n in names}


def _parameters(fn: Any) -> dict[str, inspect.Parameter]:
    try:
        return dict(inspect.signature(fn).parameters)
    except (TypeError, ValueError):  # some builtins have no signature: accept anything
        return {"kwargs": inspect.Parameter("kwargs", inspect.Parameter.VAR_KEYWORD)}


def _arguments(spec: Metric) -> dict[str, Any]:
    """Argument name -> default of the metric's function (past ``y_true`` and the prediction)."""
    params = list(_parameters(spec.fn).values())[2:]
    return {p.name: p.default for p in params
            if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD) and p.name not in RESERVED}


def _same(a: Any, b: Any) -> bool:
    nan = [isinstance(v, float) and math.isnan(v) for v in (a, b)]
    try:
        return bool(a == b) or all(nan)  # NaN == NaN for this purpose
    except (TypeError, ValueError):
        return False


def text(value: Any) -> str:
    """``value`` as a piece of a Python identifier: ``2.0 -> 2``, ``0.5 -> 0p5``, ``-1 -> m1``."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (list, tuple, range)) or hasattr(value, "tolist"):
        items = value.tolist() if hasattr(value, "tolist") else list(value)
        return "_".join(text(v) for v in items) if isinstance(items, list) else text(items)
    raw = str(value).replace("-", "m").replace(".", "p")
    return re.sub(r"\W+", "_", raw).strip("_")


def key_for(spec_name: str, spec: Metric, kwargs: Mapping[str, Any]) -> str:
    """The logged name: ``spec_name`` plus ``_<argument><value>`` per non-default argument."""
    defaults = {**_arguments(spec), **spec.kwargs}
    per_task = {k for kw in spec.task_kwargs.values() for k in kw}
    shown = [(k, v) for k, v in kwargs.items()
             if k in per_task or k not in defaults or not _same(v, defaults[k])]
    return spec_name + "".join(f"_{k}{text(v)}" for k, v in shown)


def _check(req: MetricRequest, spec: Metric, registry: Registry) -> None:
    accepted = _arguments(spec)
    open_ended = any(p.kind is p.VAR_KEYWORD for p in _parameters(spec.fn).values())
    for name in req.kwargs:
        if name == "sample_weight":
            raise ValueError(f"metric {req.name!r}: {name} comes from validation_data's third "
                             "element, not from the metric's arguments")
        if name not in accepted and not open_ended:
            raise ValueError(f"metric {req.name!r} takes no argument {name!r}."
                             f"{closest(name, accepted)} Its arguments: "
                             f"{', '.join(accepted) or '(none)'}")
    if req.per_class:
        if not spec.per_class:
            having = sorted(n for n, m in registry.metrics.items() if m.per_class)
            raise ValueError(f"metric {req.name!r} has no per-class form; these have: "
                             f"{', '.join(having)}")
        fixed = {k for kw in spec.per_class.values() for k in kw} & set(req.kwargs)
        if fixed:
            raise ValueError(f"metric {req.name!r}: per_class=True sets {sorted(fixed)} itself")


def _one(entry: Any, registry: Registry) -> Selected:
    if isinstance(entry, str):
        return Selected(entry, registry.metric(entry))
    if not isinstance(entry, MetricRequest):
        raise TypeError(f"metrics holds {entry!r}: give metric names or "
                        "skcb.metric(name, **arguments) for arguments")
    spec = registry.metric(entry.name)
    _check(entry, spec, registry)
    if entry.per_class:  # only the tasks with a per-class form remain
        spec = replace(spec, tasks=spec.tasks & frozenset(spec.per_class))
    key = entry.key or key_for(entry.name, spec, entry.kwargs)
    return Selected(key, spec, dict(entry.kwargs), entry.per_class)


def select(entries: str | MetricRequest | Iterable[Any], registry: Registry) -> list[Selected]:
    """Resolve the user's metric entries; unknown names raise with the closest match."""
    if entries is None or not isinstance(entries, (str, MetricRequest, Iterable)):
        raise ValueError(f"metrics must be a metric name or a list of them, got {entries!r}")
    items: Sequence[Any] = ([entries] if isinstance(entries, (str, MetricRequest))
                            else list(entries))
    if not items:
        raise ValueError("metrics is empty: name at least one metric (see `skcb list`)")
    selected = [_one(entry, registry) for entry in items]
    keys = [s.key + ("/*" if s.per_class else "") for s in selected]
    grouped = {s.key for s in selected if s.per_class}
    twice = sorted({k for k in keys if keys.count(k) > 1}
                   | {k for k in keys if "/" in k and not k.endswith("/*")
                      and k.split("/")[0] in grouped})
    if twice:
        raise ValueError(f"metrics lists a name twice: {twice}; give one of them another "
                         "logged name with skcb.metric(..., key=...)")
    return selected
