"""Unit tests of the pooling layers: maths, padding, layouts, masks, shapes, errors.

Side-by-side comparisons with Keras live in tests/compat/test_pooling_compat.py.
"""

import math

import pytest
import torch

import kerastorch
from kerastorch import layers

GEN = torch.Generator().manual_seed(0)


def randn(*shape, dtype=torch.float32):
    return torch.randn(*shape, generator=GEN, dtype=dtype)


def test_max_pooling2d_docstring_examples():
    x = torch.arange(1.0, 10.0).reshape(1, 3, 3, 1)
    valid = layers.MaxPooling2D(pool_size=2, strides=1)(x)
    assert valid[0, ..., 0].tolist() == [[5.0, 6.0], [8.0, 9.0]]
    same = layers.MaxPooling2D(pool_size=2, strides=1, padding="same")(x)
    assert same[0, ..., 0].tolist() == [[5.0, 6.0, 6.0], [8.0, 9.0, 9.0], [8.0, 9.0, 9.0]]


def test_average_pooling_same_padding_does_not_count_padded_positions():
    x = torch.arange(1.0, 5.0).reshape(1, 4, 1)
    # pool 3, stride 1: even padding (1, 1), excluded from the averages.
    out = layers.AveragePooling1D(3, strides=1, padding="same")(x)
    assert out[0, :, 0].tolist() == [1.5, 2.0, 3.0, 3.5]
    # pool 3, stride 2: padding (0, 1), the edge value repeated (Keras's torch backend).
    out = layers.AveragePooling1D(3, strides=2, padding="same")(x)
    torch.testing.assert_close(out[0, :, 0], torch.tensor([2.0, 11.0 / 3.0]))


@pytest.mark.parametrize("size", [4, 5, 6, 7])
@pytest.mark.parametrize("pool, stride", [(2, 1), (2, 2), (3, 2), (3, 3), (4, 1), (2, 3)])
def test_same_padding_output_size_is_ceil_of_size_over_stride(size, pool, stride):
    for name in ("MaxPooling1D", "AveragePooling1D"):
        layer = getattr(layers, name)(pool, strides=stride, padding="same")
        assert layer(randn(2, size, 3)).shape == (2, math.ceil(size / stride), 3)
        assert layer.compute_output_shape((2, size, 3)) == (2, math.ceil(size / stride), 3)


@pytest.mark.parametrize("n, kind", [(n, k) for n in (1, 2, 3) for k in ("Max", "Average")])
def test_channels_last_equals_channels_first_on_permuted_input(n, kind):
    x = randn(2, *([7] * n), 4)
    kwargs = {"pool_size": 3, "strides": 2, "padding": "same"}
    last = getattr(layers, f"{kind}Pooling{n}D")(data_format="channels_last", **kwargs)(x)
    first = getattr(layers, f"{kind}Pooling{n}D")(data_format="channels_first", **kwargs)(
        x.movedim(-1, 1).contiguous())
    torch.testing.assert_close(last, first.movedim(1, -1))


@pytest.mark.parametrize("name", ["MaxPooling2D", "AveragePooling2D"])
def test_channels_last_2d_output_is_contiguous(name):
    # The permuted input is a channels_last-format tensor; torch pools it in
    # that format, so the output comes back contiguous without a copy.
    out = getattr(layers, name)(pool_size=2)(randn(2, 6, 6, 8))
    assert out.is_contiguous()


def test_max_pooling_gradient_reaches_only_the_maxima():
    x = torch.tensor([[[1.0], [3.0], [2.0], [0.0]]], requires_grad=True)
    layers.MaxPooling1D(2)(x).sum().backward()
    assert x.grad[0, :, 0].tolist() == [0.0, 1.0, 1.0, 0.0]


def test_pooling_keeps_float64():
    layer = layers.AveragePooling2D(2, dtype="float64")
    assert layer(randn(1, 4, 4, 2, dtype=torch.float64)).dtype == torch.float64


@pytest.mark.parametrize("name, shape, expected", [
    ("MaxPooling2D", (None, None, 8, 3), (None, None, 4, 3)),
    ("MaxPooling1D", (None, 9, 2), (None, 4, 2)),
    ("GlobalAveragePooling3D", (None, None, 2, 2, 5), (None, 5)),
])
def test_symbolic_shapes_with_unknown_sizes(name, shape, expected):
    assert getattr(layers, name)()(kerastorch.Input(batch_shape=shape)).shape == expected


def test_pooling_layers_are_built_at_init_and_round_trip_their_config():
    layer = layers.AveragePooling3D((2, 1, 3), strides=(1, 1, 2), padding="same",
                                    data_format="channels_first", name="pool")
    assert layer.built and layer.weights == []
    config = layer.get_config()
    assert config["pool_size"] == (2, 1, 3) and config["strides"] == (1, 1, 2)
    assert layers.AveragePooling3D.from_config(config).get_config() == config
    assert layers.MaxPooling1D(3).strides == (3,)


@pytest.mark.parametrize("keepdims, data_format, expected", [
    (False, "channels_last", (2, 4)), (True, "channels_last", (2, 1, 1, 4)),
    (False, "channels_first", (2, 3)), (True, "channels_first", (2, 3, 1, 1)),
])
def test_global_pooling_reduces_spatial_axes(keepdims, data_format, expected):
    x = randn(2, 3, 5, 4)
    spatial = (1, 2) if data_format == "channels_last" else (2, 3)
    out = layers.GlobalMaxPooling2D(data_format=data_format, keepdims=keepdims)(x)
    assert out.shape == expected
    torch.testing.assert_close(out, x.amax(dim=spatial, keepdim=keepdims))
    out = layers.GlobalAvgPool2D(data_format=data_format, keepdims=keepdims)(x)
    torch.testing.assert_close(out, x.mean(dim=spatial, keepdim=keepdims))


def test_global_average_pooling1d_mask_averages_unmasked_steps_only():
    x = randn(2, 4, 3)
    mask = torch.tensor([[True, True, False, False], [True, True, True, True]])
    layer = layers.GlobalAveragePooling1D()
    out = layer(x, mask=mask)
    torch.testing.assert_close(out[0], x[0, :2].mean(dim=0))
    torch.testing.assert_close(out[1], x[1].mean(dim=0))
    assert layer.supports_masking and layer.compute_mask(x, mask) is None
    first = layers.GlobalAveragePooling1D(data_format="channels_first", keepdims=True)
    torch.testing.assert_close(first(x.transpose(1, 2), mask=mask)[..., 0], out)


def test_wrong_rank_error_names_layer_and_shape():
    with pytest.raises(ValueError, match=r"pool.*expected ndim=4.*\(2, 3, 4\)"):
        layers.MaxPooling2D(name="pool")(randn(2, 3, 4))


def test_valid_pooling_of_a_too_small_input_is_refused_symbolically():
    with pytest.raises(ValueError, match="zero or negative"):
        layers.MaxPooling2D(3)(kerastorch.Input((2, 5, 1)))


@pytest.mark.parametrize("kwargs, match", [
    ({"pool_size": 0}, "pool_size"), ({"pool_size": (2, 2, 2)}, "pool_size"),
    ({"strides": -1}, "strides"), ({"data_format": "nhwc"}, "data_format"),
])
def test_constructor_errors_name_the_argument(kwargs, match):
    with pytest.raises(ValueError, match=match):
        layers.MaxPooling2D(**kwargs)


def test_pooling_in_a_torch_sequential():
    model = torch.nn.Sequential(layers.MaxPooling2D(2), layers.GlobalAveragePooling2D())
    assert model(randn(3, 8, 8, 2)).shape == (3, 2)
    assert list(model.state_dict()) == []
