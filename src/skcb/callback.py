"""MetricsCallback: orchestration only. Plugins -> registry -> this callback -> sinks."""

from __future__ import annotations

import os
import time
import warnings
from typing import Any, Iterable, Mapping

import keras
import numpy as np

from . import checks, targets
from .data import EvalData
from .evaluation import Evaluator, MetricWarning, Results
from .forward import make_forward
from .plugins import get_registry
from .selection import select


class MetricsCallback(keras.callbacks.Callback):
    """Evaluate registered metrics on held-out data at the end of every epoch.

    Values go into Keras's ``logs`` as ``prefix + name`` (so ``EarlyStopping``,
    ``ModelCheckpoint``, ``History`` and the progress bar placed after it see them) and to
    every sink, at step = the epoch index Keras passes.

    Args:
        metrics: metric names (see ``skcb list``), or ``skcb.metric(name, **arguments)`` for
            arguments (``skcb.metric("fbeta", beta=2)`` logs ``fbeta_beta2``) and per-class values
            (``skcb.metric("f1", per_class=True)`` logs ``f1/<class name>``).
        validation_data: ``(x, y)``, ``(x, y, sample_weight)``, a ``tf.data.Dataset`` or a
            ``keras.utils.PyDataset`` giving such tuples.
        sinks: sink names; ``()`` writes nowhere but ``logs``.
        log_dir: directory handed to the sinks (TensorBoard writes ``<log_dir>/validation``).
        prefix: prepended to each name in ``logs``.
        task: ``binary``, ``multiclass``, ``multilabel`` or ``regression``; inferred from ``y``
            and the model's output columns if None (rules in ``docs/metrics.md``).
        threshold: probability above which a sigmoid output is the positive class.
        from_logits: outputs are logits; a sigmoid or softmax is applied first.
        batch_size: batch size for array inputs; by default about 16 MiB of input per
            batch (32 to 1024 samples). Datasets keep their own batching.
        every: evaluate every N epochs (and always at the last epoch).
        on_error: ``"warn"`` logs NaN and warns once when a metric fails; ``"raise"`` raises.
        verbose: 0 is silent; 1 prints one line per evaluation.
        sink_options: per-sink keyword arguments, e.g. ``{"tensorboard": {"run": "val"}}``.
        output: which model output to evaluate, for models with several.
        class_names: a name per class index (output column), used in per-class keys and
            confusion matrices; ``y`` holding these names as strings is mapped through them.
    """

    def __init__(
        self,
        metrics: str | Any | Iterable[Any],
        validation_data: Any = None,
        *,
        sinks: Iterable[str] = ("tensorboard",),
        log_dir: str | os.PathLike[str] = "logs",
        prefix: str = "val_",
        task: str | None = None,
        threshold: float = 0.5,
        from_logits: bool = False,
        batch_size: int | None = None,
        every: int = 1,
        on_error: str = "warn",
        verbose: int = 0,
        sink_options: Mapping[str, Mapping[str, Any]] | None = None,
        output: int | str | None = None,
        class_names: Iterable[Any] | None = None,
    ) -> None:
        super().__init__()
        registry = get_registry()
        self.selected = select(metrics, registry)
        self.sink_specs = [registry.sink(name) for name in ([sinks] if isinstance(sinks, str) else sinks)]
        self.sink_options = dict(sink_options or {})
        checks.check_sink_options(self.sink_specs, self.sink_options)
        checks.check_arguments(task=task, every=every, batch_size=batch_size, threshold=threshold,
                               on_error=on_error)
        self.data = EvalData(validation_data, batch_size, output)
        self.log_dir, self.prefix, self.task = os.fspath(log_dir), prefix, task
        self.threshold, self.from_logits, self.output = threshold, from_logits, output
        self.every, self.on_error, self.verbose = every, on_error, verbose
        checks.check_class_names(class_names)
        self.class_names = None if class_names is None else list(class_names)
        if self.data.y is not None:
            candidates = {task} if task else targets.candidate_tasks(self.data.y,
                                                                      class_names=self.class_names)
            checks.check_tasks(self.selected, candidates, None if task else self.data.y)
        self.target: targets.TargetSpec | None = None
        self._sinks: list[Any] = []
        self._collisions: set[str] = set()

    # -- Keras hooks ------------------------------------------------------------------------
    def on_train_begin(self, logs: dict[str, Any] | None = None) -> None:
        checks.check_output(self.model, self.output)
        self._forward = make_forward(self.model, self.output)
        x, y, w = self.data.first_batch()
        if self.data.kind != "arrays":
            checks.check_batched(self.model, x)
        out = self._forward(x)  # also compiles the forward pass once, before epoch 1
        n_outputs = 1 if out.ndim == 1 else int(out.shape[-1])
        truth = self.data.y if self.data.y is not None else y
        self.target = targets.resolve(truth, n_outputs, self.task, self.threshold,
                                      self.from_logits, self.class_names)
        targets.validate(self.target, truth)
        if self.task is None:
            checks.check_softmax_multilabel(self.target, out)
        checks.check_tasks(self.selected, {self.target.task}, None if self.task else truth,
                           n_outputs)
        self.evaluator = Evaluator(self.selected, self.target, self.on_error)
        checks.check_probe(self.evaluator, weighted=w is not None)
        self._sinks = [self._open(spec) for spec in self.sink_specs]

    def _open(self, spec: Any) -> Any:
        try:
            return spec.factory(log_dir=self.log_dir, prefix=self.prefix,
                                **self.sink_options.get(spec.name, {}))
        except Exception as exc:  # before training: a clear error naming the sink
            raise ValueError(f"sink {spec.name!r} could not start in {self.log_dir!r}: "
                             f"{type(exc).__name__}: {exc}") from exc

    def on_epoch_end(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        last = self.params.get("epochs", 0) - 1 if self.params else -1
        if (epoch + 1) % self.every and epoch != last:
            return
        started = time.perf_counter()
        results = self.evaluate()
        if logs is not None:
            for key, value in results.scalars.items():
                self._put(logs, self.prefix + key, value)
        for sink in self._sinks:
            self._guard(sink.write, epoch, dict(results.scalars))
            for name, value in results.others.items():
                self._guard(sink.write_other, epoch, name, value)
            self._guard(sink.flush)
        if self.verbose:
            shown = "  ".join(f"{self.prefix}{k}={v:.4f}" for k, v in results.scalars.items())
            print(f"skcb epoch {epoch + 1}: {shown}  ({time.perf_counter() - started:.3f} s)")

    def on_train_end(self, logs: dict[str, Any] | None = None) -> None:
        for sink in self._sinks:
            self._guard(sink.close)
        self._sinks = []

    # -- work ---------------------------------------------------------------------------------
    def evaluate(self) -> Results:
        """Run the forward pass over the evaluation data and compute every enabled metric."""
        if self.target is None:
            raise RuntimeError("evaluate() runs after on_train_begin (inside model.fit)")
        try:
            state = self.evaluator.new_state()
            for x, y, w in self.data.batches():
                out = self._forward(x)
                if not np.all(np.isfinite(out)):  # labels from NaN outputs would be arbitrary
                    raise ValueError("the model's outputs hold NaN or infinite values (diverged?)")
                state.update(targets.interpret(self.target, y, out, w))
            return self.evaluator.compute(state)
        except Exception as exc:
            if self.on_error == "raise":
                raise
            self.evaluator.warn_once(f"skcb evaluation failed, logged NaN: "
                                     f"{type(exc).__name__}: {exc}")
            nan: dict[str, float] = {}
            for sel in self.selected:
                nan.update(sel.nan_scalars(self.target))
            return Results(nan)

    def _put(self, logs: dict[str, Any], key: str, value: float) -> None:
        if key in logs and key not in self._collisions:
            self._collisions.add(key)
            warnings.warn(f"skcb replaces {key!r} already in Keras's logs; pass another prefix= "
                          "to keep both", MetricWarning, stacklevel=3)
        logs[key] = value

    def _guard(self, fn: Any, *args: Any) -> None:
        try:
            fn(*args)
        except Exception as exc:  # a failing sink must not end training or lose other sinks
            if self.on_error == "raise":
                raise
            self.evaluator.warn_once(f"skcb sink failed: {type(exc).__name__}: {exc}")
