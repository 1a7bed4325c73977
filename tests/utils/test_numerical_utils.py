import numpy as np
import pytest
import torch

from kerastorch.utils import normalize
from kerastorch.utils import to_categorical


def test_to_categorical_numpy():
    result = to_categorical([0, 2, 1], num_classes=4)
    assert result.dtype == np.float64
    np.testing.assert_array_equal(result, np.eye(4)[[0, 2, 1]])


@pytest.mark.parametrize(
    "labels, num_classes, shape",
    [
        ([[0], [1], [2]], None, (3, 3)),  # trailing 1 dropped
        (np.zeros((2, 3), dtype=int), 5, (2, 3, 5)),
        (3, 5, (5,)),
        (np.array([[1]]), 2, (1, 2)),
    ],
)
def test_to_categorical_shapes(labels, num_classes, shape):
    assert to_categorical(labels, num_classes).shape == shape


def test_to_categorical_tensor():
    labels = torch.tensor([[0], [3], [-1]])
    result = to_categorical(labels, num_classes=4)
    assert result.dtype == torch.int64
    assert result.tolist() == [[1, 0, 0, 0], [0, 0, 0, 1], [0, 0, 0, 0]]
    assert to_categorical(torch.tensor([0, 2])).shape == (2, 3)


def test_normalize_numpy():
    x = np.array([[3.0, 4.0], [0.0, 0.0]])
    np.testing.assert_allclose(normalize(x), [[0.6, 0.8], [0.0, 0.0]])
    np.testing.assert_allclose(normalize(x, order=1), [[3 / 7, 4 / 7], [0.0, 0.0]])
    np.testing.assert_allclose(normalize(x, axis=0), [[1.0, 1.0], [0.0, 0.0]])


def test_normalize_tensor():
    x = torch.tensor([[3.0, 4.0], [0.0, 0.0]], dtype=torch.float64)
    result = normalize(x)
    assert result.dtype == torch.float64
    np.testing.assert_allclose(result.numpy(), [[0.6, 0.8], [0.0, 0.0]])
    assert normalize(torch.tensor([[3, 4]])).dtype == torch.float32
    np.testing.assert_allclose(normalize(torch.tensor([1.0, 3.0]), order=1).numpy(), [0.25, 0.75])


def test_normalize_list_gives_tensor():
    result = normalize([[3.0, 4.0]])
    assert isinstance(result, torch.Tensor)
    np.testing.assert_allclose(result.cpu().numpy(), [[0.6, 0.8]], rtol=1e-6)


@pytest.mark.parametrize("order", [0, 1.5, "fro"])
def test_normalize_tensor_rejects_bad_order(order):
    with pytest.raises(ValueError, match="order"):
        normalize(torch.ones(3), order=order)
