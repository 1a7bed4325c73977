"""Unit tests of the convolution layers: their maths against independent references,
padding rules, layouts, shapes, configs and errors.

Side-by-side comparisons with Keras live in tests/compat/test_conv_layers_compat.py.
"""

import numpy as np
import pytest
import torch

import kerastorch
from kerastorch import layers
from kerastorch.layers.convolutional.conv_utils import (
    compute_conv_output_shape,
    compute_conv_transpose_output_shape,
    conv_transpose_padding,
    same_padding,
)

GEN = torch.Generator().manual_seed(0)


def randn(*shape, dtype=torch.float32):
    return torch.randn(*shape, generator=GEN, dtype=dtype)


def reference_conv(x, kernel, strides, pads, dilation, groups=1):
    """Direct channels_last convolution in float64 numpy: explicit zero padding, loops over taps."""
    x = np.asarray(x, np.float64)
    kernel = np.asarray(kernel, np.float64)
    rank = x.ndim - 2
    x = np.pad(x, [(0, 0)] + list(pads) + [(0, 0)])
    ksize = kernel.shape[:rank]
    out_sizes = [(x.shape[1 + i] - dilation[i] * (ksize[i] - 1) - 1) // strides[i] + 1
                 for i in range(rank)]
    in_per_group = kernel.shape[-2]
    out_per_group = kernel.shape[-1] // groups
    out = np.zeros((x.shape[0], *out_sizes, kernel.shape[-1]))
    for tap in np.ndindex(*ksize):
        window = tuple(slice(t * d, t * d + (n - 1) * s + 1, s)
                       for t, d, n, s in zip(tap, dilation, out_sizes, strides))
        patch = x[(slice(None),) + window]
        for g in range(groups):
            ins = slice(g * in_per_group, (g + 1) * in_per_group)
            outs = slice(g * out_per_group, (g + 1) * out_per_group)
            out[..., outs] += patch[..., ins] @ kernel[tap][:, outs]
    return out


def same_pads(shape, ksize, strides, dilation):
    return [same_padding(n, k, s, d) for n, k, s, d in zip(shape, ksize, strides, dilation)]


def run(layer, x):
    return layer(x).detach().numpy()


# ---------------------------------------------------------------- Conv1D/2D/3D
CONV_CASES = [
    ("Conv1D", {"kernel_size": 3}, (11, 3)),
    ("Conv1D", {"kernel_size": 4, "strides": 3, "padding": "same"}, (11, 3)),
    ("Conv1D", {"kernel_size": 3, "dilation_rate": 3, "padding": "same", "groups": 3}, (10, 3)),
    ("Conv2D", {"kernel_size": 3}, (7, 8, 2)),
    ("Conv2D", {"kernel_size": 3, "strides": 2, "padding": "same"}, (8, 8, 2)),
    ("Conv2D", {"kernel_size": (2, 3), "strides": (3, 1), "padding": "same"}, (7, 6, 2)),
    ("Conv2D", {"kernel_size": 3, "dilation_rate": 2, "groups": 2}, (9, 8, 4)),
    ("Conv3D", {"kernel_size": 2, "strides": 2, "padding": "same"}, (5, 4, 3, 2)),
]


@pytest.mark.parametrize("name, kwargs, shape", CONV_CASES)
def test_conv_matches_a_direct_convolution_with_tf_same_padding(name, kwargs, shape):
    layer = getattr(layers, name)(filters=6, bias_initializer="random_normal", **kwargs)
    x = randn(2, *shape)
    out = run(layer, x)
    rank = len(shape) - 1
    pads = ([(0, 0)] * rank if layer.padding == "valid" else
            same_pads(shape[:-1], layer.kernel_size, layer.strides, layer.dilation_rate))
    expected = reference_conv(x, layer.kernel.detach(), layer.strides, pads,
                              layer.dilation_rate, layer.groups) + layer.bias.detach().numpy()
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)
    assert layer.kernel.shape == layer.kernel_size + (shape[-1] // layer.groups, 6)


@pytest.mark.parametrize("size, kernel, stride, dilation, expected", [
    (28, 3, 1, 1, (1, 1)), (28, 4, 1, 1, (1, 2)), (28, 3, 2, 1, (0, 1)), (27, 3, 2, 1, (1, 1)),
    (10, 3, 3, 1, (1, 1)), (10, 5, 1, 2, (4, 4)), (5, 1, 2, 1, (0, 0)), (3, 7, 2, 1, (3, 3)), (4, 7, 2, 1, (2, 3)),
])
def test_same_padding_puts_the_extra_pixel_at_the_end(size, kernel, stride, dilation, expected):
    left, right = same_padding(size, kernel, stride, dilation)
    assert (left, right) == expected
    effective = (kernel - 1) * dilation + 1
    assert (size + left + right - effective) // stride + 1 == -(-size // stride)


def test_causal_conv1d_only_sees_the_past():
    layer = layers.Conv1D(3, 3, padding="causal", dilation_rate=2)
    x = randn(1, 10, 2)
    out = layer(x)
    assert out.shape == (1, 10, 3)
    later = x.clone()
    later[:, 6:] += 1.0
    changed = (layer(later) - out).abs().sum(-1)[0]
    assert torch.all(changed[:6] == 0) and torch.all(changed[6:] > 0)
    expected = reference_conv(x, layer.kernel.detach(), (1,), [(4, 0)], (2,))
    np.testing.assert_allclose(out.detach().numpy(), expected + layer.bias.detach().numpy(),
                               rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("name, kwargs, shape", [
    ("Conv1D", {"filters": 4, "kernel_size": 3, "padding": "causal"}, (9, 3)),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same"}, (8, 7, 3)),
    ("Conv3D", {"filters": 6, "kernel_size": 2, "groups": 3}, (4, 5, 3, 3)),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same"},
     (4, 5, 3)),
    ("Conv1DTranspose", {"filters": 4, "kernel_size": 3, "strides": 3, "output_padding": 2},
     (4, 3)),
    ("SeparableConv1D", {"filters": 4, "kernel_size": 3, "depth_multiplier": 2}, (9, 3)),
    ("DepthwiseConv2D", {"kernel_size": 3, "depth_multiplier": 2, "padding": "same"},
     (6, 5, 3)),
])
def test_channels_first_is_channels_last_transposed(name, kwargs, shape):
    last = getattr(layers, name)(**kwargs)
    first = getattr(layers, name)(data_format="channels_first", **kwargs)
    x = randn(2, *shape)
    out_last = last(x)
    first.build((2, shape[-1]) + shape[:-1])
    first.set_weights(last.get_weights())
    out_first = first(x.movedim(-1, 1))
    torch.testing.assert_close(out_first, out_last.movedim(-1, 1), rtol=1e-5, atol=1e-5)
    # Channels_last outputs come back as contiguous channels_last tensors (no copy needed).
    assert out_last.is_contiguous() or "Transpose" in name


def test_groups_convolve_channel_groups_separately():
    layer = layers.Conv2D(6, 3, groups=3)
    x = randn(2, 6, 6, 9)
    out = layer(x)
    for g in range(3):
        part = layers.Conv2D(2, 3)
        part.build((None, 6, 6, 3))
        part.set_weights([layer.kernel.detach()[..., g * 2:(g + 1) * 2],
                          layer.bias.detach()[g * 2:(g + 1) * 2]])
        torch.testing.assert_close(out[..., g * 2:(g + 1) * 2], part(x[..., g * 3:(g + 1) * 3]),
                                   rtol=1e-5, atol=1e-5)


# ------------------------------------------------------------ transposed convs
@pytest.mark.parametrize("kwargs, shape", [
    ({"kernel_size": 3, "strides": 2}, (9, 7)),
    ({"kernel_size": 3, "strides": 2, "padding": "same"}, (8, 6)),
    ({"kernel_size": 4, "strides": 2, "padding": "same"}, (8, 6)),
    ({"kernel_size": (3, 2), "strides": (3, 2)}, (9, 8)),
    ({"kernel_size": 3, "dilation_rate": 2, "padding": "same"}, (7, 6)),
    ({"kernel_size": 3, "padding": "same"}, (7, 6)),
])
def test_conv_transpose_is_the_adjoint_of_conv(kwargs, shape):
    # Conv2DTranspose(a filters) with kernel K is the adjoint of Conv2D(b filters)
    # with the same K: <conv(x), y> == <x, conv_transpose(y)>.
    conv = layers.Conv2D(5, use_bias=False, **kwargs)
    x = randn(2, *shape, 3, dtype=torch.float64)
    conv = conv.double()
    y_shape = conv(x).shape
    transpose = layers.Conv2DTranspose(3, use_bias=False, dtype="float64", **kwargs)
    transpose.build(y_shape)
    transpose.set_weights(conv.get_weights())
    y = randn(*y_shape, dtype=torch.float64)
    back = transpose(y)
    assert back.shape == x.shape
    torch.testing.assert_close((conv(x) * y).sum(), (x * back).sum())


@pytest.mark.parametrize("kernel, stride, dilation, padding, output_padding, size, expected", [
    (3, 2, 1, "valid", None, 5, 11), (1, 3, 1, "valid", None, 5, 15),
    (3, 3, 1, "valid", 2, 5, 17), (3, 2, 1, "same", None, 5, 10),
    (3, 2, 1, "same", 0, 5, 9), (4, 3, 1, "same", 1, 5, 13), (3, 1, 2, "same", None, 5, 5),
])
def test_conv_transpose_output_sizes(kernel, stride, dilation, padding, output_padding, size,
                                     expected):
    left, right = conv_transpose_padding(kernel, stride, dilation, padding, output_padding)
    shape = compute_conv_transpose_output_shape(
        (None, size, 2), 4, (kernel,), (stride,), padding,
        None if output_padding is None else (output_padding,), "channels_last", (dilation,))
    assert shape == [None, expected, 4]
    layer = layers.Conv1DTranspose(4, kernel, strides=stride, padding=padding,
                                   output_padding=output_padding, dilation_rate=dilation)
    assert layer(randn(2, size, 2)).shape == (2, expected, 4)
    assert 0 <= left and 0 <= right


def test_conv_transpose_output_padding_adds_zeros_plus_bias_beyond_the_kernel():
    layer = layers.Conv1DTranspose(2, 1, strides=3, output_padding=2,
                                   bias_initializer="ones")
    out = layer(randn(1, 4, 3))
    assert out.shape == (1, 12, 2)
    torch.testing.assert_close(out[0, 1::3], torch.ones(4, 2))
    torch.testing.assert_close(out[0, 2::3], torch.ones(4, 2))


# -------------------------------------------------- depthwise and separable
@pytest.mark.parametrize("name, kwargs, shape", [
    ("DepthwiseConv1D", {"kernel_size": 3, "depth_multiplier": 2}, (9, 3)),
    ("DepthwiseConv2D", {"kernel_size": 3, "strides": 2, "padding": "same",
                         "depth_multiplier": 3}, (7, 8, 2)),
])
def test_depthwise_conv_convolves_each_channel_with_its_own_kernels(name, kwargs, shape):
    layer = getattr(layers, name)(bias_initializer="random_normal", **kwargs)
    x = randn(2, *shape)
    out = layer(x)
    channels, multiplier = shape[-1], kwargs["depth_multiplier"]
    assert layer.kernel.shape == layer.kernel_size + (channels, multiplier)
    assert out.shape[-1] == channels * multiplier
    conv_name = name.replace("Depthwise", "")
    for c in range(channels):
        single = getattr(layers, conv_name)(multiplier, **{k: v for k, v in kwargs.items()
                                                          if k != "depth_multiplier"})
        single.build((None,) + shape[:-1] + (1,))
        single.set_weights([layer.kernel.detach()[..., c:c + 1, :],
                            layer.bias.detach()[c * multiplier:(c + 1) * multiplier]])
        torch.testing.assert_close(out[..., c * multiplier:(c + 1) * multiplier],
                                   single(x[..., c:c + 1]), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("rank", [1, 2])
def test_separable_conv_is_depthwise_then_pointwise(rank):
    shape = (8,) * rank + (3,)
    separable = getattr(layers, f"SeparableConv{rank}D")(
        5, 3, strides=2, padding="same", depth_multiplier=2, bias_initializer="random_normal")
    x = randn(2, *shape)
    out = separable(x)
    assert separable.pointwise_kernel.shape == (1,) * rank + (6, 5)
    depthwise = getattr(layers, f"DepthwiseConv{rank}D")(3, strides=2, padding="same",
                                                         depth_multiplier=2, use_bias=False)
    depthwise.build((None,) + shape)
    depthwise.set_weights([separable.depthwise_kernel.detach()])
    pointwise = getattr(layers, f"Conv{rank}D")(5, 1)
    pointwise.build((None,) + (4,) * rank + (6,))
    pointwise.set_weights([separable.pointwise_kernel.detach(), separable.bias.detach()])
    torch.testing.assert_close(out, pointwise(depthwise(x)), rtol=1e-5, atol=1e-5)


# ------------------------------------------------ weights, torch behaviour
@pytest.mark.parametrize("layer, input_shape, names", [
    (layers.Conv2D(4, 3), (2, 5, 5, 3), ["kernel", "bias"]),
    (layers.Conv1DTranspose(4, 3, use_bias=False), (2, 5, 3), ["kernel"]),
    (layers.DepthwiseConv2D(3), (2, 5, 5, 3), ["kernel", "bias"]),
    (layers.SeparableConv1D(4, 3), (2, 5, 3),
     ["depthwise_kernel", "pointwise_kernel", "bias"]),
])
def test_weights_are_torch_parameters_in_keras_order(layer, input_shape, names):
    out = layer(randn(*input_shape))
    assert [w.keras_name for w in layer.weights] == names
    assert list(layer.state_dict()) == names
    out.sum().backward()
    assert all(w.grad is not None and w.grad.shape == w.shape for w in layer.weights)


def test_float64_layer_computes_in_float64():
    layer = layers.Conv2D(2, 3, dtype="float64")
    out = layer(np.ones((1, 4, 4, 1)))
    assert out.dtype == torch.float64 and layer.kernel.dtype == torch.float64


def test_layer_trains_in_a_model():
    model = kerastorch.Sequential([
        kerastorch.Input((8, 8, 1)),
        layers.Conv2D(4, 3, activation="relu"),
        layers.Conv2DTranspose(1, 3),
    ])
    model.compile(optimizer="adam", loss="mse")
    x = np.random.default_rng(0).random((16, 8, 8, 1)).astype("float32")
    history = model.fit(x, x, epochs=5, batch_size=8, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]


# ----------------------------------------------------- shapes and configs
@pytest.mark.parametrize("layer, input_shape, expected", [
    (layers.Conv2D(8, 3), (None, 28, 28, 1), (None, 26, 26, 8)),
    (layers.Conv2D(8, 3, strides=2, padding="same"), (None, 28, None, 1), (None, 14, None, 8)),
    (layers.Conv1D(8, 5, padding="causal", strides=2), (4, 9, 2), (4, 5, 8)),
    (layers.Conv3D(8, 2, data_format="channels_first"), (None, 2, 4, 4, 4), (None, 8, 3, 3, 3)),
    (layers.DepthwiseConv2D(3, depth_multiplier=4), (None, 9, 9, 3), (None, 7, 7, 12)),
    (layers.SeparableConv2D(5, 3, dilation_rate=2), (None, 9, 9, 3), (None, 5, 5, 5)),
    (layers.Conv2DTranspose(8, 3, strides=2), (None, 5, 5, 2), [None, 11, 11, 8]),
])
def test_compute_output_shape(layer, input_shape, expected):
    assert layer.compute_output_shape(input_shape) == expected
    assert tuple(layer(kerastorch.Input(batch_shape=input_shape)).shape) == tuple(expected)


def test_config_round_trip_keeps_every_argument():
    layer = layers.Conv2D(4, (3, 1), strides=(2, 1), padding="same", groups=2,
                          activation="relu", use_bias=False, kernel_initializer="he_normal",
                          kernel_regularizer="l2", data_format="channels_first", name="c")
    config = layer.get_config()
    assert config["kernel_size"] == (3, 1) and config["strides"] == (2, 1)
    assert config["padding"] == "same" and config["groups"] == 2
    rebuilt = layers.Conv2D.from_config(config)
    assert rebuilt.get_config() == config


def test_default_data_format_follows_image_data_format():
    kerastorch.config.set_image_data_format("channels_first")
    try:
        assert layers.Conv2D(2, 3).data_format == "channels_first"
    finally:
        kerastorch.config.set_image_data_format("channels_last")
    assert layers.Conv2D(2, 3).data_format == "channels_last"


def test_compute_conv_output_shape_rejects_a_mismatched_rank():
    with pytest.raises(ValueError, match="Kernel shape must have the same length as input"):
        compute_conv_output_shape((None, 5, 5), 2, (3, 3), (1, 1), "valid",
                                  "channels_last", (1, 1))


# ---------------------------------------------------------------- errors
@pytest.mark.parametrize("make, message", [
    (lambda: layers.Conv2D(0, 3), "Received filters=0"),
    (lambda: layers.Conv2D(4, 3, groups=3), "filters must be evenly divisible"),
    (lambda: layers.Conv2D(4, (3, 3, 3)), "`kernel_size` argument must be a tuple of 2"),
    (lambda: layers.Conv2D(4, 3, strides=2, dilation_rate=2), "`strides > 1` not supported"),
    (lambda: layers.Conv2D(4, 3, padding="causal"), "Received: causal"),
    (lambda: layers.Conv2DTranspose(4, 3, strides=2, output_padding=2),
     "`output_padding` must be strictly less than `strides`"),
    (lambda: layers.DepthwiseConv2D(3, depth_multiplier=0), "Received depth_multiplier=0"),
])
def test_constructor_errors(make, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        make()


def test_input_errors_name_the_layer_and_shapes():
    layer = layers.Conv2D(4, 3, name="conv_x")
    layer.build((None, 6, 6, 3))
    with pytest.raises(ValueError, match=r'"conv_x".*axis -1.*value 3.*\(2, 6, 6, 5\)'):
        layer(torch.zeros(2, 6, 6, 5))
    with pytest.raises(ValueError, match=r'"conv_x".*min_ndim=4, found ndim=3'):
        layer(torch.zeros(2, 6, 3))
    with pytest.raises(ValueError, match="conv_x.*zero or negative"):
        layers.Conv2D(4, 5, name="conv_x")(kerastorch.Input((3, 8, 2)))
