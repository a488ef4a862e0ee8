"""Loud, specific checks of MetricsCallback's arguments and the model, before training starts."""

from __future__ import annotations

from numbers import Integral, Real
from typing import Any, Iterable, Mapping

import numpy as np

from . import targets
from .registry import closest
from .selection import Selected
from .specs import SinkSpec


def check_arguments(*, task: Any, every: Any, batch_size: Any, threshold: Any,
                    on_error: Any) -> None:
    """The scalar options: types and ranges."""
    if task is not None and task not in targets.TASKS:
        raise ValueError(f"task must be one of {targets.TASKS}, got {task!r}")
    if isinstance(every, bool) or not isinstance(every, Integral) or every < 1:
        raise ValueError(f"every must be a whole number >= 1, got {every!r}")
    if batch_size is not None and (isinstance(batch_size, bool) or not isinstance(batch_size, Integral)
                                   or batch_size < 1):
        raise ValueError(f"batch_size must be a whole number >= 1 (or None), got {batch_size!r}")
    if isinstance(threshold, bool) or not isinstance(threshold, Real) or not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be a probability in [0, 1], got {threshold!r}")
    if on_error not in ("warn", "raise"):
        raise ValueError(f"on_error must be 'warn' or 'raise', got {on_error!r}")


def check_sink_options(specs: Iterable[SinkSpec], options: Mapping[str, Any]) -> None:
    """Options only for selected sinks, and only the options a sink declares."""
    by_name = {spec.name: spec for spec in specs}
    for name, opts in options.items():
        if name not in by_name:
            raise ValueError(f"sink_options names {name!r}, which is not among the selected "
                             f"sinks {sorted(by_name)}.{closest(name, by_name)}")
        declared = by_name[name].options
        unknown = [k for k in opts if declared and k not in declared]
        if unknown:
            raise ValueError(f"sink {name!r} has no option {unknown[0]!r}."
                             f"{closest(unknown[0], declared)} Its options: {', '.join(declared)}")


def check_tasks(selected: Iterable[Selected], tasks: set[str], y: Any = None,
                n_outputs: int | None = None) -> None:
    """Every metric applies to (one of) the task(s); say why y reads as it does if not.

    ``y`` is given only when the task was inferred from it (not set with ``task=``).
    """
    for sel in selected:
        if not sel.metric.tasks & tasks:
            why = ""
            if tasks == {"regression"} and y is not None:
                why = f" ({targets.why_regression(y, n_outputs)}; or pass task=)"
            form = "its per-class form " if sel.per_class else ""
            raise ValueError(
                f"metric {sel.key!r} does not apply to a {' or '.join(sorted(tasks))} task: "
                f"{form or 'it '}supports {', '.join(sorted(sel.metric.tasks))}{why}"
            )


def check_class_names(class_names: Any) -> None:
    """Class names must stay distinct once made into key parts (``/`` and spaces become ``_``)."""
    if class_names is None:
        return
    from .results import part

    names = [str(c) for c in class_names]
    parts = [part(c) for c in names]
    clash = sorted({p for p in parts if parts.count(p) > 1})
    if clash or any(not n.strip() for n in names):
        raise ValueError(f"class_names must be distinct, non-empty names (logged as "
                         f"<metric>/<name>, '/' and spaces as '_'); these collide: "
                         f"{clash or [n for n in names if not n.strip()]}")


def check_output(model: Any, output: Any) -> None:
    """``output=`` names an output the model has."""
    if output is None:
        return
    names = list(getattr(model, "output_names", None) or [])
    count = len(getattr(model, "outputs", None) or names)
    if isinstance(output, str):
        if names and output not in names:
            raise ValueError(f"output={output!r}: the model's outputs are {names}."
                             f"{closest(output, names)}")
    elif isinstance(output, Integral) and count and not -count <= output < count:
        raise ValueError(f"output={output}: the model has {count} outputs")


def check_batched(model: Any, x: Any) -> None:
    """A dataset's first element must be a batch, not a single sample."""
    inputs = getattr(model, "inputs", None)
    if not inputs or len(inputs) != 1 or isinstance(x, (dict, list, tuple)):
        return
    if len(np.shape(x)) == len(inputs[0].shape) - 1:
        raise ValueError("the validation dataset looks unbatched (its elements are single "
                         "samples): call .batch(n) on it")


def check_softmax_multilabel(target: targets.TargetSpec, outputs: np.ndarray) -> None:
    """y inferred as multi-label while the model emits a softmax: almost surely a broken y."""
    out = np.asarray(outputs, dtype=np.float64)
    if target.task == "multilabel" and not target.from_logits and out.ndim == 2 \
            and out.shape[1] > 1 and np.allclose(out.sum(axis=1), 1.0, atol=1e-3):
        raise ValueError("y reads as multi-label (some rows hold no 1 or several 1s) but the "
                         "model's outputs sum to 1 per row, like a softmax. Fix y (one 1 per "
                         "row for multiclass), or pass task='multilabel' if that is intended")


def check_probe(evaluator: Any, weighted: bool) -> None:
    """Dry-run every metric on synthetic well-formed data (see :mod:`skcb.probe`): a built-in
    metric that fails there has bad arguments, an error before training; a plugin's metric may
    have needs the probe does not meet, so it only warns."""
    import warnings

    from .probe import failures

    builtin = {sel.key for sel in evaluator.selected if sel.metric.plugin.startswith("skcb.")}
    for key, exc in failures(evaluator, weighted).items():
        text = f"metric {key!r} cannot be computed with its arguments: {type(exc).__name__}: {exc}"
        if key in builtin:
            raise ValueError(text)
        warnings.warn(f"skcb: {text} (on a synthetic probe; it may still work on real data)",
                      UserWarning, stacklevel=3)
