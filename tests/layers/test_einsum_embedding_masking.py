"""Unit tests of EinsumDense, Embedding and Masking.

Side-by-side comparisons with Keras live in
tests/compat/test_einsum_embedding_masking_compat.py.
"""

import pytest
import torch

import kerastorch
from kerastorch import layers
from kerastorch.layers.core.einsum_dense import analyze_einsum_string


# ------------------------------------------------------------------ EinsumDense
@pytest.mark.parametrize("equation, output_shape, bias_axes, input_shape, expected", [
    ("ab,bc->ac", 4, None, (None, 3), ([3, 4], None, [None, 4], [0], [1])),
    # A `None` of `output_shape` stays unknown, as in Keras.
    ("abc,cd->abd", (None, 4), "d", (None, 5, 3), ([3, 4], [4], [None, None, 4], [0], [1])),
    ("abc,cde->abde", (5, 2, 4), "bd", (None, 5, 3),
     ([3, 2, 4], [5, 2, 1], [None, 5, 2, 4], [0], [1, 2])),
    ("...b,bc->...c", 4, "c", (None, 7, 3), ([3, 4], [4], [None, 7, 4], [0], [1])),
    ("...b,bc->...c", 4, "c", (None, 6, 7, 3), ([3, 4], [4], [None, 6, 7, 4], [0], [1])),
    ("ab...,bc->ac...", 4, "c", (None, 3, 6, 7),
     ([3, 4], [4, 1, 1], [None, 4, 6, 7], [0], [1])),
])
def test_einsum_analysis_gives_kernel_bias_and_output_shapes(equation, output_shape, bias_axes,
                                                            input_shape, expected):
    assert analyze_einsum_string(equation, bias_axes, input_shape, output_shape) == expected


@pytest.mark.parametrize("equation, output_shape, bias_axes, shape", [
    ("abc,cd->abd", (None, 4), "d", (2, 5, 3)),
    ("abc,cde->abde", (5, 2, 4), "be", (2, 5, 3)),
    ("...b,bc->...c", 4, None, (2, 6, 7, 3)),
    ("ab...,bc->ac...", 4, "c", (2, 3, 6)),
])
def test_einsum_dense_computes_the_einsum_plus_bias(equation, output_shape, bias_axes, shape):
    layer = layers.EinsumDense(equation, output_shape, bias_axes=bias_axes,
                               bias_initializer="random_normal", activation="tanh")
    x = torch.randn(shape)
    out = layer(x)
    expected = torch.einsum(equation, x, layer.kernel)
    if bias_axes:
        expected = expected + layer.bias
    torch.testing.assert_close(out, torch.tanh(expected))
    predicted = layer.compute_output_shape(shape)
    assert all(p is None or p == o for p, o in zip(predicted, out.shape))
    assert len(predicted) == out.dim()
    out.sum().backward()
    assert layer.kernel.grad is not None


def test_einsum_dense_kernel_fans_come_from_the_equation():
    layer = layers.EinsumDense("abc,cde->abde", (None, 50, 40),
                               kernel_initializer=kerastorch.initializers.VarianceScaling(
                                   scale=1.0, mode="fan_in", distribution="uniform"))
    layer.build((None, 3, 200))
    limit = (3.0 / 200) ** 0.5  # fan_in is the size of "c" alone
    assert layer.kernel.abs().max() <= limit and layer.kernel.abs().max() > 0.9 * limit
    assert layer.get_config()["kernel_initializer"]["config"]["input_axes"] is None


def test_einsum_dense_rejects_other_equation_forms():
    with pytest.raises(ValueError, match="Invalid einsum equation"):
        layers.EinsumDense("ab,bc,cd->ad", 4).build((None, 3))
    with pytest.raises(NotImplementedError, match="LoRA"):
        layers.EinsumDense("ab,bc->ac", 4, lora_rank=2)


# -------------------------------------------------------------------- Embedding
def test_embedding_looks_up_rows():
    layer = layers.Embedding(5, 3)
    ids = torch.tensor([[0, 4], [2, 2]])
    out = layer(ids)
    torch.testing.assert_close(out, layer.embeddings[ids])
    assert list(layer.state_dict()) == ["embeddings"]
    out.sum().backward()
    torch.testing.assert_close(layer.embeddings.grad.sum(1), torch.tensor(
        [3.0, 0.0, 6.0, 0.0, 3.0]))


@pytest.mark.parametrize("ids", [torch.tensor([[1.7, 3.2]]), torch.tensor([[1, 3]],
                                                                          dtype=torch.int32)])
def test_embedding_takes_float_and_int32_indices(ids):
    layer = layers.Embedding(5, 3)
    torch.testing.assert_close(layer(ids), layer.embeddings[torch.tensor([[1, 3]])])


def test_embedding_mask_zero_gives_a_mask_and_supports_masking():
    assert not layers.Embedding(4, 2).supports_masking
    assert layers.Embedding(4, 2).compute_mask(torch.tensor([[0, 1]])) is None
    layer = layers.Embedding(4, 2, mask_zero=True)
    ids = torch.tensor([[0, 1, 3, 0]])
    assert layer.supports_masking
    assert torch.equal(layer.compute_mask(ids), torch.tensor([[False, True, True, False]]))
    assert torch.equal(layer(ids)._keras_mask, layer.compute_mask(ids))


def test_embedding_outputs_the_compute_dtype_and_symbolic_shapes():
    layer = layers.Embedding(5, 3, dtype="float64")
    assert layer(torch.tensor([1])).dtype == torch.float64
    out = layers.Embedding(5, 3)(kerastorch.Input((7,), dtype="int32"))
    assert out.shape == (None, 7, 3) and out.dtype == "float32"


@pytest.mark.parametrize("kwargs, message", [
    ({"input_dim": 0, "output_dim": 2}, "`input_dim` must be a positive integer"),
    ({"input_dim": 3, "output_dim": "2"}, "`output_dim` must be a positive integer"),
])
def test_embedding_rejects_bad_dimensions(kwargs, message):
    with pytest.raises(ValueError, match=message):
        layers.Embedding(**kwargs)


# ---------------------------------------------------------------------- Masking
def test_masking_zeroes_and_masks_the_all_mask_value_steps():
    x = torch.tensor([[[1.0, 2.0], [-1.0, -1.0], [-1.0, 0.0]]])
    layer = layers.Masking(mask_value=-1.0)
    out = layer(x)
    torch.testing.assert_close(out, torch.tensor([[[1.0, 2.0], [0.0, 0.0], [-1.0, 0.0]]]))
    assert torch.equal(out._keras_mask, torch.tensor([[True, False, True]]))
    assert torch.equal(layer.compute_mask(x), out._keras_mask)
    assert layers.Masking.from_config(layer.get_config()).mask_value == -1.0


def test_masking_mask_value_may_come_serialized_as_a_tensor():
    config = {"mask_value": {"class_name": "__tensor__",
                             "config": {"value": 2.0, "dtype": "float32"}}}
    layer = layers.Masking(**config)
    assert torch.equal(layer(torch.full((1, 2, 3), 2.0)), torch.zeros(1, 2, 3))
