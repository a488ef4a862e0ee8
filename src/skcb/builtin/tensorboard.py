"""The default sink: TensorBoard event files, laid out as ``keras.callbacks.TensorBoard`` does.

Values go to ``<log_dir>/validation`` (for the ``val_`` prefix) as scalar tags ``epoch_<name>``,
so they share charts with Keras's own ``epoch_loss``; a matrix result (a confusion matrix) goes
to the Images tab as a heatmap under ``epoch_<name>``, one image per evaluated epoch. Written
with TensorBoard's own writer and summary protos, so no TensorFlow call is involved and any
Keras backend works.
"""

from __future__ import annotations

import os
import time
from typing import Any, Callable, Mapping

import numpy as np

from ..hookspecs import hookimpl
from ..sink import Sink


def run_name(prefix: str) -> str:
    """The run directory for a prefix: ``val_`` -> ``validation`` (Keras's name)."""
    stripped = prefix.rstrip("_")
    return "validation" if stripped in ("", "val") else stripped


class TensorBoardSink(Sink):
    """One event file per training run, flushed after every epoch."""

    def __init__(self, log_dir: str = "logs", prefix: str = "val_", run: str | None = None,
                 tag_prefix: str = "epoch_") -> None:
        from tensorboard.summary.writer.event_file_writer import EventFileWriter

        self.directory = os.path.join(os.fspath(log_dir), run or run_name(prefix))
        self.tag_prefix = tag_prefix
        self._writer = EventFileWriter(self.directory, flush_secs=3600)

    def _add(self, step: int, summary: Any) -> None:
        from tensorboard.compat.proto.event_pb2 import Event

        self._writer.add_event(Event(wall_time=time.time(), step=int(step), summary=summary))

    def write(self, step: int, scalars: Mapping[str, float]) -> None:
        from tensorboard.compat.proto.summary_pb2 import Summary
        from tensorboard.plugins.scalar.metadata import create_summary_metadata
        from tensorboard.util.tensor_util import make_tensor_proto

        # The layout of tf.summary.scalar (tensor + "scalars" plugin metadata), but stored as
        # float64 so the values read back are exactly the ones computed.
        values = [
            Summary.Value(
                tag=self.tag_prefix + name,
                tensor=make_tensor_proto(np.float64(value)),
                metadata=create_summary_metadata(display_name="", description=""),
            )
            for name, value in scalars.items()
        ]
        self._add(step, Summary(value=values))

    def write_other(self, step: int, name: str, value: Any) -> None:
        """A :class:`~skcb.results.Matrix` (or 2-D array) as a heatmap image; others are skipped."""
        from tensorboard.compat.proto.summary_pb2 import Summary
        from tensorboard.plugins.image.metadata import create_summary_metadata
        from tensorboard.util.tensor_util import make_tensor_proto

        from ..heatmap import heatmap_png
        from ..results import Matrix

        if not isinstance(value, Matrix):
            if np.ndim(value) != 2:
                return
            value = Matrix(np.asarray(value), *(tuple(map(str, range(n))) for n in np.shape(value)))
        image, width, height = heatmap_png(value)
        # the layout of tf.summary.image: a string tensor [width, height, png]
        tensor = make_tensor_proto([str(width).encode(), str(height).encode(), image])
        self._add(step, Summary(value=[Summary.Value(
            tag=self.tag_prefix + name, tensor=tensor,
            metadata=create_summary_metadata(display_name="", description=""))]))

    def flush(self) -> None:
        self._writer.flush()

    def close(self) -> None:
        self._writer.close()


@hookimpl
def register_sinks(register: Callable[..., Any]) -> None:
    register(
        "tensorboard", TensorBoardSink,
        description="TensorBoard event files in <log_dir>/validation, tags epoch_<name>",
        options={"run": "run directory under log_dir (default: from the prefix)",
                 "tag_prefix": "prefix of every tag (default 'epoch_')"},
    )
