"""One compiled forward pass, built once per training run and reused every epoch.

``model.predict`` rebuilds its data pipeline, callbacks and progress bar on every call; the
callback only needs ``model(x, training=False)``, compiled for the backend in use.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np


def _first_output(out: Any) -> Any:
    if isinstance(out, dict):
        if len(out) != 1:
            raise ValueError(f"the model has {len(out)} outputs ({sorted(out)}); skcb evaluates "
                             "single-output models (pass output= to pick one)")
        return next(iter(out.values()))
    if isinstance(out, (list, tuple)):
        if len(out) != 1:
            raise ValueError(f"the model has {len(out)} outputs; skcb evaluates single-output "
                             "models (pass output= to pick one)")
        return out[0]
    return out


def make_forward(model: Any, output: int | str | None = None) -> Callable[[Any], np.ndarray]:
    """A function ``x_batch -> numpy outputs`` running ``model`` in inference mode."""
    import keras

    names = list(getattr(model, "output_names", None) or [])

    def pick(out: Any) -> Any:
        if output is None:
            return _first_output(out)
        if isinstance(out, (list, tuple)) and isinstance(output, str):
            return out[names.index(output)]  # a list of outputs, asked for by name
        return out[output]

    backend = keras.backend.backend()
    if backend == "tensorflow":
        import tensorflow as tf

        @tf.function(reduce_retracing=True)
        def step(x: Any) -> Any:
            return pick(model(x, training=False))

        def run_tf(x: Any) -> np.ndarray:
            return step(x).numpy()

        run_tf.tracing_count = step.experimental_get_tracing_count  # type: ignore[attr-defined]
        return run_tf
    if backend == "jax":
        import jax

        @jax.jit
        def jstep(trainable: Any, non_trainable: Any, x: Any) -> Any:
            out, _ = model.stateless_call(trainable, non_trainable, x, training=False)
            return pick(out)

        def run(x: Any) -> np.ndarray:
            trainable = [v.value for v in model.trainable_variables]
            non_trainable = [v.value for v in model.non_trainable_variables]
            return np.asarray(jstep(trainable, non_trainable, x))

        return run
    if backend == "torch":
        import torch

        def trun(x: Any) -> np.ndarray:
            with torch.no_grad():
                return keras.ops.convert_to_numpy(pick(model(x, training=False)))

        return trun
    return lambda x: keras.ops.convert_to_numpy(pick(model(x, training=False)))
