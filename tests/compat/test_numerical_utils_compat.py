"""to_categorical and normalize against keras.utils."""

import numpy as np
import pytest
import torch

from kerastorch.utils import normalize
from kerastorch.utils import to_categorical

keras = pytest.importorskip("keras")


def as_numpy(x):
    return x.detach().cpu().numpy() if isinstance(x, torch.Tensor) else np.asarray(x)


@pytest.mark.parametrize(
    "labels, num_classes",
    [
        ([0, 1, 2, 3], None),
        ([0, 1, 2, 3], 6),
        ([[1], [0], [2]], None),
        (np.array([[0, 1], [2, 0]]), 3),
        (np.array([[[1], [2]]]), 4),
        (np.array(2), 3),
        ([0, -1, 2], 3),  # negative indices: NumPy indexing from the end, as Keras
        ((1.0, 2.0), None),
    ],
)
def test_to_categorical_numpy_same_as_keras(labels, num_classes):
    ours = to_categorical(labels, num_classes)
    theirs = keras.utils.to_categorical(labels, num_classes)
    assert type(ours) is type(theirs) and ours.dtype == theirs.dtype
    np.testing.assert_array_equal(ours, theirs)


@pytest.mark.parametrize("labels", [[0, 3, 1], [[2], [-1]], [[0, 1], [1, 0]]])
def test_to_categorical_tensor_same_as_keras(labels):
    ours = to_categorical(torch.tensor(labels), 4)
    theirs = keras.utils.to_categorical(torch.tensor(labels), 4)
    assert ours.dtype == theirs.dtype
    np.testing.assert_array_equal(as_numpy(ours), as_numpy(theirs))


def both_or_both_raise(x, axis, order):
    """Returns `(keras result, our result)`, or `(None, None)` when both raise.

    Some axis / order / rank combinations are invalid for NumPy's and torch's
    norms (a matrix norm of order 3, `axis=None` on 3-D data): then both must
    raise.
    """
    try:
        theirs = keras.utils.normalize(x, axis=axis, order=order)
    except (ValueError, RuntimeError):
        with pytest.raises((ValueError, RuntimeError)):
            normalize(x, axis=axis, order=order)
        return None, None
    return theirs, normalize(x, axis=axis, order=order)


ARRAYS = [
    np.array([[3.0, 4.0], [0.0, 0.0], [-1.0, 2.0]]),
    np.random.default_rng(0).normal(size=(2, 3, 4)).astype("float32"),
    np.array([1.0, -2.0, 2.0]),
]


@pytest.mark.parametrize("x", ARRAYS, ids=["2d", "3d_float32", "1d"])
@pytest.mark.parametrize("order", [1, 2, 3])
@pytest.mark.parametrize("axis", [-1, 1, None])
def test_normalize_numpy_same_as_keras(x, order, axis):
    theirs, ours = both_or_both_raise(x, axis, order)
    if theirs is None:
        return
    assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
    np.testing.assert_allclose(ours, theirs, rtol=1e-6)


@pytest.mark.parametrize("x", ARRAYS, ids=["2d", "3d_float32", "1d"])
@pytest.mark.parametrize("order", [1, 2, 3])
@pytest.mark.parametrize("axis", [-1, 0, None])
def test_normalize_tensor_same_as_keras(x, order, axis):
    theirs, ours = both_or_both_raise(torch.tensor(x, dtype=torch.float32), axis, order)
    if theirs is None:
        return
    assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
    np.testing.assert_allclose(as_numpy(ours), as_numpy(theirs), rtol=1e-5, atol=1e-6)


def test_normalize_numpy_axis_0_is_correct_where_keras_is_not():
    # Keras expands the norms at `axis or -1`; for axis=0 that divides by the
    # wrong norms. Ours divides each column by its own norm.
    x = np.array([[3.0, 0.0], [4.0, 2.0]])
    np.testing.assert_allclose(normalize(x, axis=0), [[0.6, 0.0], [0.8, 1.0]])
    assert not np.allclose(keras.utils.normalize(x, axis=0), normalize(x, axis=0))
