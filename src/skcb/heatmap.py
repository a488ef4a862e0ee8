"""A :class:`~skcb.results.Matrix` (e.g. a confusion matrix) as a heatmap PNG, for sinks.

No matplotlib and no TensorFlow: cells are painted with numpy and encoded by a small PNG writer
(zlib from the standard library). When Pillow is installed, each cell's value and the class
names are written in as well; without it the image is the coloured grid alone.
"""

from __future__ import annotations

import struct
import zlib
from typing import Any

import numpy as np

from .results import Matrix

LOW = np.array([247, 251, 255], dtype=np.float64)  # white-blue (lowest value)
HIGH = np.array([8, 48, 107], dtype=np.float64)  # dark blue (highest value)
MISSING = np.array([200, 200, 200], dtype=np.uint8)  # NaN cells
GRID = np.array([255, 255, 255], dtype=np.uint8)


def png(rgb: np.ndarray) -> bytes:
    """Encode an (height, width, 3) uint8 array as PNG (8-bit RGB, no filtering)."""
    rgb = np.ascontiguousarray(rgb, dtype=np.uint8)
    height, width, channels = rgb.shape
    if channels != 3:
        raise ValueError(f"expected an RGB image of shape (h, w, 3), got {rgb.shape}")
    rows = np.concatenate([np.zeros((height, 1), np.uint8), rgb.reshape(height, -1)], axis=1)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows.tobytes(), 6)) + chunk(b"IEND", b""))


def colours(values: np.ndarray) -> np.ndarray:
    """One RGB colour per value: light (lowest) to dark blue (highest), grey for NaN."""
    v = np.asarray(values, dtype=np.float64)
    finite = np.isfinite(v)
    lo, hi = (v[finite].min(), v[finite].max()) if finite.any() else (0.0, 0.0)
    t = np.where(finite, (v - lo) / (hi - lo) if hi > lo else 0.0, 0.0)
    rgb = np.rint(LOW + t[..., None] * (HIGH - LOW)).astype(np.uint8)
    rgb[~finite] = MISSING
    return rgb


def _cell_text(value: float) -> str:
    if not np.isfinite(value):
        return "nan"
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"


def _annotate(image: np.ndarray, matrix: Matrix, cell: int, left: int, top: int) -> np.ndarray:
    try:
        from PIL import Image, ImageDraw, ImageFont
    except ImportError:  # the grid alone
        return image
    picture = Image.fromarray(image)
    draw = ImageDraw.Draw(picture)
    font: Any = ImageFont.load_default()
    dark = colours(matrix.values).astype(int).sum(axis=-1) < 384
    cells = np.ndindex(matrix.values.shape) if cell >= 24 else ()  # too small to read: colour
    for i, j in cells:
        x, y = left + j * cell + cell // 2, top + i * cell + cell // 2
        draw.text((x, y), _cell_text(matrix.values[i, j]), anchor="mm", font=font,
                  fill=(255, 255, 255) if dark[i, j] else (0, 0, 0))
    for i, name in enumerate(matrix.row_labels):
        draw.text((left - 4, top + i * cell + cell // 2), name[:12], anchor="rm", font=font,
                  fill=(0, 0, 0))
    for j, name in enumerate(matrix.col_labels if cell >= 24 else ()):
        draw.text((left + j * cell + cell // 2, top - 4), name[:cell // 6], anchor="ms", font=font,
                  fill=(0, 0, 0))
    draw.text((2, 2), "rows: true, columns: predicted", font=font, fill=(90, 90, 90))
    return np.asarray(picture)


def render(matrix: Matrix, cell: int | None = None) -> np.ndarray:
    """The heatmap as an (height, width, 3) uint8 array, one ``cell``-pixel square per value."""
    rows, cols = matrix.values.shape
    cell = cell or int(np.clip(480 // max(rows, cols, 1), 12, 48))
    left = 8 + 6 * max((len(n[:12]) for n in matrix.row_labels), default=1)
    top = 30
    image = np.full((top + rows * cell + 4, left + cols * cell + 4, 3), 255, dtype=np.uint8)
    block = np.repeat(np.repeat(colours(matrix.values), cell, axis=0), cell, axis=1)
    image[top:top + rows * cell, left:left + cols * cell] = block
    image[top:top + rows * cell:cell, left:left + cols * cell] = GRID  # 1-pixel grid lines
    image[top:top + rows * cell, left:left + cols * cell:cell] = GRID
    return _annotate(image, matrix, cell, left, top)


def heatmap_png(matrix: Matrix) -> tuple[bytes, int, int]:
    """``(png bytes, width, height)`` of :func:`render`."""
    image = render(matrix)
    return png(image), image.shape[1], image.shape[0]
