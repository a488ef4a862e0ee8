"""The heatmap PNG of a matrix result: a valid PNG, colours by value, with or without Pillow."""

from __future__ import annotations

import struct
import sys
import zlib

import numpy as np
import pytest

from skcb import Matrix
from skcb.heatmap import HIGH, LOW, MISSING, colours, heatmap_png, png, render
from skcb.results import flatten


def decode(data: bytes) -> np.ndarray:
    """A minimal reader for the PNGs skcb writes (8-bit RGB, filter 0), checking every CRC."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks = 8, {}
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        assert crc == zlib.crc32(kind + body)
        chunks[kind] = chunks.get(kind, b"") + body
        pos += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert (depth, colour) == (8, 2) and b"IEND" in chunks
    rows = np.frombuffer(zlib.decompress(chunks[b"IDAT"]), np.uint8).reshape(height, -1)
    assert not rows[:, 0].any()  # filter type 0 on every row
    return rows[:, 1:].reshape(height, width, 3)


def test_png_round_trips_exactly() -> None:
    image = np.random.default_rng(0).integers(0, 256, (7, 5, 3), dtype=np.uint8)
    np.testing.assert_array_equal(decode(png(image)), image)
    with pytest.raises(ValueError, match="RGB"):
        png(np.zeros((2, 2, 4), np.uint8))


def test_png_opens_in_pillow() -> None:
    pil = pytest.importorskip("PIL.Image")
    import io

    image = np.arange(2 * 3 * 3, dtype=np.uint8).reshape(2, 3, 3) * 10
    np.testing.assert_array_equal(np.asarray(pil.open(io.BytesIO(png(image)))), image)


def test_colours_run_from_light_to_dark_with_grey_for_nan() -> None:
    rgb = colours(np.array([[0.0, 5.0], [10.0, np.nan]]))
    assert rgb[0, 0].tolist() == LOW.tolist() and rgb[1, 0].tolist() == HIGH.tolist()
    assert rgb[1, 1].tolist() == MISSING.tolist()
    assert LOW.sum() > rgb[0, 1].astype(int).sum() > HIGH.sum()
    assert colours(np.full((2, 2), 3.0)).tolist() == colours(np.zeros((2, 2))).tolist()


@pytest.mark.parametrize(("pillow", "cell"), [(True, 30), (False, 30), (True, 16)])
def test_render_paints_one_square_per_cell(monkeypatch, pillow: bool, cell: int) -> None:
    if not pillow:
        monkeypatch.setitem(sys.modules, "PIL", None)  # as if Pillow were not installed
    matrix = Matrix(np.array([[9.0, 0.0], [1.0, 5.0]]), ("cat", "dog"), ("cat", "dog"))
    image = render(matrix, cell=cell)
    data, width, height = heatmap_png(matrix)
    assert decode(data).shape == (height, width, 3)
    # the corner pixels of each cell (away from any text) carry the cell's colour
    expected = colours(matrix.values)
    size = 2 * cell
    top, left = image.shape[0] - 4 - size, image.shape[1] - 4 - size
    for i, j in np.ndindex(2, 2):
        assert image[top + i * cell + 2, left + j * cell + 2].tolist() == expected[i, j].tolist()
    painted = np.repeat(np.repeat(expected, cell, axis=0), cell, axis=1)
    interior = np.ones((size, size), bool)
    interior[::cell, :] = interior[:, ::cell] = False  # grid lines
    written = (image[top:top + size, left:left + size] != painted).any(axis=-1) & interior
    # each cell's value is written in with Pillow, where cells are large enough to read it
    assert written.any() == (pillow and cell >= 24)


def test_flatten_turns_a_2d_result_into_a_matrix_with_class_names() -> None:
    scalars, others = flatten("confusion_matrix", np.eye(3), ["a b", "c/d", "e"])
    assert scalars == {} and others["confusion_matrix"].row_labels == ("a_b", "c_d", "e")
    scalars, others = flatten("f1", np.array([0.5, 1.0]), None)
    assert scalars == {"f1/0": 0.5, "f1/1": 1.0} and others == {}
    assert flatten("f1", np.float32(0.25)) == ({"f1": 0.25}, {})
    assert flatten("m", {"x": 1}) == ({"m/x": 1.0}, {})
    with pytest.raises(ValueError, match="shape"):
        flatten("m", np.zeros((2, 2, 2)))
    with pytest.raises(ValueError, match="labels 2 x 3"):
        Matrix(np.zeros((2, 2)), ("a", "b"), ("a", "b", "c"))
