"""Unit tests of Permute, RepeatVector, Cropping*, ZeroPadding* and UpSampling*.

Side-by-side comparisons with Keras live in tests/compat/test_reshaping_compat.py.
"""

import pytest
import torch
import torch.nn.functional as F

import kerastorch
from kerastorch import layers

GEN = torch.Generator().manual_seed(0)


def randn(*shape):
    return torch.randn(*shape, generator=GEN)


def test_permute_is_a_view_with_keras_axis_numbering():
    x = randn(2, 3, 4, 5)
    out = layers.Permute((3, 1, 2))(x)
    assert out.shape == (2, 5, 3, 4)
    assert out.data_ptr() == x.data_ptr()
    torch.testing.assert_close(out, x.permute(0, 3, 1, 2))


def test_repeat_vector_is_a_broadcast_view_whose_gradient_sums():
    x = randn(2, 3).requires_grad_()
    out = layers.RepeatVector(4)(x)
    assert out.shape == (2, 4, 3) and out.stride(1) == 0
    torch.testing.assert_close(out, x[:, None].repeat(1, 4, 1))
    out.sum().backward()
    torch.testing.assert_close(x.grad, torch.full((2, 3), 4.0))


@pytest.mark.parametrize("layer, data_format, expected", [
    (layers.Cropping1D((1, 2)), "channels_last", (slice(None), slice(1, -2))),
    (layers.Cropping2D(((1, 0), (0, 2))), "channels_last",
     (slice(None), slice(1, None), slice(0, -2))),
    (layers.Cropping2D(1, data_format="channels_first"), "channels_first",
     (slice(None), slice(None), slice(1, -1), slice(1, -1))),
    (layers.Cropping3D(((0, 1), (1, 1), (2, 0))), "channels_last",
     (slice(None), slice(0, -1), slice(1, -1), slice(2, None))),
])
def test_cropping_slices_the_spatial_axes(layer, data_format, expected):
    rank = len(layer._pairs)
    x = randn(*((2,) + (6,) * (rank + 1)))
    out = layer(x)
    torch.testing.assert_close(out, x[expected])
    assert out.untyped_storage().data_ptr() == x.untyped_storage().data_ptr()  # a view


def test_cropping_keeps_unknown_sizes_unknown():
    layer = layers.Cropping2D(((1, 1), (2, 0)))
    assert layer(kerastorch.Input(batch_shape=(None, None, 5, 3))).shape == (None, None, 3, 3)


def test_cropping_more_than_the_input_is_refused():
    with pytest.raises(ValueError, match="cropping"):
        layers.Cropping1D((2, 3))(randn(1, 5, 2))


@pytest.mark.parametrize("layer, pad", [
    (layers.ZeroPadding1D((1, 2)), (0, 0, 1, 2)),
    (layers.ZeroPadding1D(1, data_format="channels_first"), (1, 1)),
    (layers.ZeroPadding2D(((0, 1), (2, 3))), (0, 0, 2, 3, 0, 1)),
    (layers.ZeroPadding2D((1, 2), data_format="channels_first"), (2, 2, 1, 1)),
    (layers.ZeroPadding3D(1), (0, 0, 1, 1, 1, 1, 1, 1)),
])
def test_zero_padding_pads_spatial_axes_with_zeros(layer, pad):
    rank = len(layer._pairs)
    x = randn(*((2,) + (3,) * (rank + 1)))
    torch.testing.assert_close(layer(x), F.pad(x, pad))


@pytest.mark.parametrize("layer, data_format", [
    (layers.UpSampling1D(3), "channels_last"),
    (layers.UpSampling2D((2, 3)), "channels_last"),
    (layers.UpSampling2D((3, 1), data_format="channels_first"), "channels_first"),
    (layers.UpSampling3D((1, 2, 3)), "channels_last"),
    (layers.UpSampling3D(2, data_format="channels_first"), "channels_first"),
])
def test_nearest_up_sampling_repeats_each_axis(layer, data_format):
    rank = len(layer._factors)
    x = randn(*((2,) + tuple(range(2, rank + 3))))
    expected = x
    first = 1 if data_format == "channels_last" else 2
    for i, factor in enumerate(layer._factors):
        expected = expected.repeat_interleave(factor, dim=first + i)
    out = layer(x)
    assert out.is_contiguous()
    torch.testing.assert_close(out, expected)


@pytest.mark.parametrize("interpolation", ["bilinear", "bicubic"])
def test_up_sampling2d_resizes_with_f_interpolate(interpolation):
    x = randn(2, 3, 4, 5)
    out = layers.UpSampling2D((2, 3), interpolation=interpolation.upper())(x)
    expected = F.interpolate(x.permute(0, 3, 1, 2), size=(6, 12), mode=interpolation,
                             align_corners=False).permute(0, 2, 3, 1)
    torch.testing.assert_close(out, expected)


def test_up_sampling2d_bilinear_rounds_integer_inputs():
    x = torch.tensor([[[[0], [1]]]], dtype=torch.int32)
    out = layers.UpSampling2D((1, 2), interpolation="bilinear", autocast=False)(x)
    assert out.dtype == torch.int32
    assert out[0, 0, :, 0].tolist() == [0, 0, 1, 1]


def test_up_sampling2d_refuses_lanczos_when_called():
    layer = layers.UpSampling2D(interpolation="lanczos3", name="up")
    assert layer.get_config()["interpolation"] == "lanczos3"
    with pytest.raises(ValueError, match="up.*lanczos3"):
        layer(randn(1, 2, 2, 1))


@pytest.mark.parametrize("make, match", [
    (lambda: layers.Permute((1, 3)), "dims"),
    (lambda: layers.RepeatVector(0), "n"),
    (lambda: layers.Cropping2D(-1), "cropping"),
    (lambda: layers.Cropping3D((1, 2)), "cropping"),
    (lambda: layers.ZeroPadding2D(((1, 2, 3), 1)), "1st entry of padding"),
    (lambda: layers.UpSampling1D(0), "size"),
    (lambda: layers.UpSampling3D((1, 0, 1)), "size"),
])
def test_constructor_errors_name_the_argument(make, match):
    with pytest.raises(ValueError, match=match):
        make()


@pytest.mark.parametrize("layer", [
    layers.Permute((2, 1)), layers.RepeatVector(2), layers.Cropping1D(), layers.Cropping2D(1),
    layers.Cropping3D(), layers.ZeroPadding1D(), layers.ZeroPadding2D(), layers.ZeroPadding3D(),
    layers.UpSampling1D(), layers.UpSampling2D(interpolation="bilinear"), layers.UpSampling3D(),
])
def test_config_round_trip(layer):
    config = layer.get_config()
    assert type(layer).from_config(config).get_config() == config
