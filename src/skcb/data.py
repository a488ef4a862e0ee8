"""Evaluation data: arrays, ``tf.data.Dataset`` or ``keras.utils.PyDataset``, batch by batch.

Truth and predictions of a batch always travel together, so a shuffling dataset still gives
the right values. Array inputs are checked at construction, before any training.
"""

from __future__ import annotations

from typing import Any, Iterator

import numpy as np

XYW = tuple[Any, Any, Any]  # (x, y, sample_weight or None) of one batch


def _length(x: Any) -> int:
    if isinstance(x, dict):
        lengths = {len(v) for v in x.values()}
    elif isinstance(x, (list, tuple)):
        lengths = {len(v) for v in x}
    else:
        lengths = {len(x)}
    if len(lengths) != 1:
        raise ValueError(f"validation_data: the inputs have different lengths {sorted(lengths)}")
    return lengths.pop()


def _slice(x: Any, start: int, stop: int) -> Any:
    if isinstance(x, dict):
        return {k: v[start:stop] for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return type(x)(v[start:stop] for v in x)
    return x[start:stop]


def _split(element: Any, where: str) -> XYW:
    if not isinstance(element, (tuple, list)) or len(element) not in (2, 3):
        raise ValueError(
            f"{where} must give (x, y) or (x, y, sample_weight); got {type(element).__name__}"
            + (f" of length {len(element)}" if isinstance(element, (tuple, list)) else "")
        )
    x, y, *rest = element
    return x, y, (rest[0] if rest else None)


AUTO_BATCH_BYTES = 16 * 2**20  # input bytes per batch when batch_size is not given
AUTO_BATCH_MAX, AUTO_BATCH_MIN = 1024, 32


def auto_batch_size(x: Any) -> int:
    """A power of two with about 16 MiB of input per batch, between 32 and 1024.

    Inference keeps no gradients, so batches much larger than training's are cheap and cut the
    per-call overhead; the byte budget keeps large inputs (images) from exhausting memory.
    """
    arrays = x.values() if isinstance(x, dict) else x if isinstance(x, (list, tuple)) else [x]
    per_sample = sum(np.asarray(a[:1]).nbytes for a in arrays) or 1
    size = AUTO_BATCH_MAX
    while size > AUTO_BATCH_MIN and size * per_sample > AUTO_BATCH_BYTES:
        size //= 2
    return size


def _is_dataset(data: Any) -> bool:
    return type(data).__module__.startswith("tensorflow") and hasattr(data, "element_spec")


def _is_pydataset(data: Any) -> bool:
    from keras.utils import PyDataset

    return isinstance(data, PyDataset)


class EvalData:
    """Validated evaluation data that can be iterated once per epoch."""

    def __init__(self, data: Any, batch_size: int | None = None, output: Any = None) -> None:
        if data is None:
            raise ValueError("validation_data is required: (x, y), (x, y, sample_weight), "
                             "a tf.data.Dataset or a keras.utils.PyDataset")
        if batch_size is not None and batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {batch_size}")
        self.batch_size = batch_size
        self.kind = "dataset" if _is_dataset(data) else "pydataset" if _is_pydataset(data) else "arrays"
        self.data, self.output = data, output
        self.y: np.ndarray | None = None  # whole truth, when known up front (arrays)
        if self.kind == "arrays":
            self._check_arrays()
        elif self.kind == "dataset" and int(data.cardinality()) == -1:  # INFINITE_CARDINALITY
            raise ValueError("the validation dataset is infinite (.repeat()?): an evaluation "
                             "needs an end; use .take(n) to evaluate n batches")

    def _check_arrays(self) -> None:
        x, y, w = _split(self.data, "validation_data")
        n = _length(x)
        y = np.asarray(self.pick(y))
        if n == 0:
            raise ValueError("validation_data is empty: metrics need at least one sample")
        if len(y) != n:
            raise ValueError(f"validation_data: x has {n} samples but y has {len(y)}")
        if w is not None:
            w = np.asarray(w, dtype=np.float64).reshape(-1)
            if len(w) != n:
                raise ValueError(f"validation_data: x has {n} samples but sample_weight has {len(w)}")
            if not np.all(np.isfinite(w)) or np.any(w < 0):
                raise ValueError("validation_data: sample_weight must be finite and >= 0")
        self.data, self.y, self.n = (x, y, w), y, n
        if self.batch_size is None:
            self.batch_size = auto_batch_size(x)

    def pick(self, y: Any) -> Any:
        """The truth for the evaluated output when ``y`` holds one per output (a dict)."""
        if not isinstance(y, dict):
            return y
        if self.output is None or self.output not in y:
            raise ValueError(f"y holds one target per output ({sorted(y)}): pass output= to "
                             "choose the one to evaluate")
        return y[self.output]

    def batches(self) -> Iterator[XYW]:
        """The evaluation data, one (x, y, sample_weight) batch at a time."""
        if self.kind == "arrays":
            x, y, w = self.data
            for start in range(0, self.n, self.batch_size):
                stop = start + self.batch_size
                yield _slice(x, start, stop), y[start:stop], None if w is None else w[start:stop]
        elif self.kind == "dataset":
            for element in self.data:
                x, y, w = _split(element, "the validation dataset")
                yield x, self.pick(y), w
        else:
            count = self.data.num_batches
            i = 0
            while count is None or i < count:
                try:
                    element = self.data[i]
                except IndexError:  # a PyDataset of unknown length ends this way
                    break
                x, y, w = _split(element, "the validation PyDataset")
                yield x, self.pick(y), w
                i += 1

    def first_batch(self) -> XYW:
        for batch in self.batches():
            return batch
        raise ValueError("validation_data is empty: metrics need at least one sample")
