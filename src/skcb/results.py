"""A metric's return value as logged results: scalars for logs and every sink, the rest
(non-scalar results such as a confusion matrix) only for sinks that can show them.

* a number: one scalar under the metric's key;
* a mapping: ``<key>/<sub key>`` scalars;
* a 1-D array (per-class results): ``<key>/<class name>`` scalars, class names from the
  callback's ``class_names=`` when their count matches, else the class index;
* a 2-D array: a :class:`Matrix` (rows true, columns predicted, for a confusion matrix).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np


@dataclass(frozen=True)
class Matrix:
    """A non-scalar result: a 2-D table with a label per row and per column.

    For a confusion matrix, rows are the true classes and columns the predicted ones.
    """

    values: np.ndarray
    row_labels: tuple[str, ...]
    col_labels: tuple[str, ...]

    def __post_init__(self) -> None:
        if self.values.ndim != 2 or self.values.shape != (len(self.row_labels),
                                                           len(self.col_labels)):
            raise ValueError(f"Matrix labels {len(self.row_labels)} x {len(self.col_labels)} do "
                             f"not match values of shape {self.values.shape}")


def part(name: Any) -> str:
    """A class name as one part of a logged key: no ``/`` (TensorBoard's group separator) and
    no whitespace."""
    return re.sub(r"[/\s]+", "_", str(name)).strip("_") or "_"


def _labels(n: int, class_names: Sequence[str] | None) -> tuple[str, ...]:
    if class_names is not None and len(class_names) == n:
        return tuple(part(c) for c in class_names)
    return tuple(str(i) for i in range(n))


def flatten(key: str, value: Any, class_names: Sequence[str] | None = None
            ) -> tuple[dict[str, float], dict[str, Any]]:
    """Split a metric's result into ``(scalars, others)``."""
    if isinstance(value, Mapping):
        return {f"{key}/{part(k)}": float(v) for k, v in value.items()}, {}
    if isinstance(value, Matrix):
        return {}, {key: value}
    import numpy as np  # here, so that `import skcb` stays light

    array = np.asarray(value)
    if array.ndim == 0:
        return {key: float(array)}, {}
    if array.ndim == 1:
        names = _labels(len(array), class_names)
        return {f"{key}/{name}": float(v) for name, v in zip(names, array)}, {}
    if array.ndim == 2:
        return {}, {key: Matrix(array, _labels(array.shape[0], class_names),
                                _labels(array.shape[1], class_names))}
    raise ValueError(f"metric {key!r} returned an array of shape {array.shape}: expected a "
                     "number, a mapping, a 1-D (per-class) or a 2-D array")
