"""What a metric and a sink declare about themselves (metadata up front, maths elsewhere)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

TASKS = ("binary", "multiclass", "multilabel", "regression")
NEEDS = ("labels", "scores", "values")
KINDS = ("scalar", "matrix")
CONTEXT = ("labels",)  # values a metric may ask the callback to pass (see Metric.context)


@dataclass(frozen=True)
class Metric:
    """A named metric.

    Args:
        name: the name users ask for and the key logged (after the prefix).
        fn: ``fn(y_true, y, **kwargs)`` where ``y`` is the predicted labels (``needs="labels"``),
            the scores/probabilities (``"scores"``) or the predicted values (``"values"``).
            Returns a float (or a mapping of floats for several scalars).
        needs: which view of the model's output ``fn`` takes.
        tasks: the tasks it supports, a subset of ``binary, multiclass, multilabel, regression``.
        greater_is_better: direction, for ``EarlyStopping(mode=...)`` and reports.
        kwargs: default keyword arguments passed to ``fn``.
        task_kwargs: per-task keyword arguments overriding ``kwargs`` (e.g. ``average``).
        context: names of evaluation facts ``fn`` wants as keyword arguments; ``"labels"``
            passes ``labels=list(range(n_classes))`` so absent classes are still counted.
        sample_weight: whether ``fn`` accepts ``sample_weight=``.
        aliases: other names that resolve to this metric.
        description: one line for ``skcb list`` and the docs.
        kind: ``"scalar"`` (a number, or one per class when asked per class) or ``"matrix"``
            (a 2-D result such as a confusion matrix: for sinks that show images or tables).
        per_class: per task, the keyword arguments that make ``fn`` return one value per class
            (label, or regression output) instead of an average, e.g. ``{"average": None}``;
            tasks left out have no per-class form. Asked for with
            ``skcb.metric(name, per_class=True)``.
        confusion: optional fast path computed from the shared (weighted) confusion matrix
            instead of the full predictions; an object with ``supports(task, kwargs) -> bool``
            and ``compute(state, task, **kwargs)`` (see :mod:`skcb.confusion`). Its values must
            equal ``fn``'s.
        plugin: set by the registry to the name of the plugin that registered it.
    """

    name: str
    fn: Callable[..., Any]
    needs: str
    tasks: frozenset[str]
    greater_is_better: bool = True
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    task_kwargs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    context: tuple[str, ...] = ()
    sample_weight: bool = True
    aliases: tuple[str, ...] = ()
    description: str = ""
    confusion: Any = None
    per_class: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    kind: str = "scalar"
    plugin: str = ""

    def __post_init__(self) -> None:
        if not self.name or not isinstance(self.name, str):
            raise ValueError(f"metric name must be a non-empty string, got {self.name!r}")
        if not callable(self.fn):
            raise TypeError(f"metric {self.name!r}: fn must be callable, got {self.fn!r}")
        if self.needs not in NEEDS:
            raise ValueError(f"metric {self.name!r}: needs must be one of {NEEDS}, got {self.needs!r}")
        tasks = frozenset([self.tasks] if isinstance(self.tasks, str) else self.tasks)
        unknown = tasks - set(TASKS)
        if not tasks or unknown:
            raise ValueError(f"metric {self.name!r}: tasks must be a non-empty subset of {TASKS}")
        object.__setattr__(self, "tasks", tasks)
        bad = set(self.context) - set(CONTEXT)
        if bad:
            raise ValueError(f"metric {self.name!r}: unknown context {sorted(bad)}; known: {CONTEXT}")
        object.__setattr__(self, "aliases", tuple(self.aliases))
        if self.kind not in KINDS:
            raise ValueError(f"metric {self.name!r}: kind must be one of {KINDS}, got {self.kind!r}")
        if not set(self.per_class) <= tasks:
            raise ValueError(f"metric {self.name!r}: per_class names tasks it does not "
                             f"support: {sorted(set(self.per_class) - tasks)}")

    def kwargs_for(self, task: str) -> dict[str, Any]:
        """Default keyword arguments for ``task``."""
        return {**self.kwargs, **self.task_kwargs.get(task, {})}


@dataclass(frozen=True)
class SinkSpec:
    """A named sink: ``factory(log_dir=..., prefix=..., **options)`` returns a Sink."""

    name: str
    factory: Callable[..., Any]
    description: str = ""
    options: Mapping[str, str] = field(default_factory=dict)  # option name -> what it does
    plugin: str = ""
