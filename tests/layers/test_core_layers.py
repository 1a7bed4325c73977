"""Unit tests of the core layers: Dense, Activation, Dropout, Flatten, Reshape,
Identity, Lambda, InputLayer / Input.

Side-by-side comparisons with Keras live in tests/compat/test_core_layers_compat.py;
these check the layers' own maths, training behaviour, shapes and errors.
"""

import re

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import kerastorch
from kerastorch import activations, layers
from kerastorch.saving.serialization_lib import SafeModeScope

GEN = torch.Generator().manual_seed(0)


def randn(*shape):
    return torch.randn(*shape, generator=GEN)


# ----------------------------------------------------------------------- Dense
@pytest.mark.parametrize("shape", [(4, 3), (2, 5, 3), (2, 2, 2, 3)])
@pytest.mark.parametrize("activation, fn", [
    (None, lambda t: t), ("relu", torch.relu), ("tanh", torch.tanh),
    (torch.sigmoid, torch.sigmoid),
])
def test_dense_computes_activation_of_x_kernel_plus_bias(shape, activation, fn):
    dense = layers.Dense(5, activation=activation, bias_initializer="random_normal")
    x = randn(*shape)
    out = dense(x)
    assert dense.kernel.shape == (3, 5) and dense.bias.shape == (5,)  # Keras layout
    torch.testing.assert_close(out, fn(x @ dense.kernel + dense.bias))
    assert out.shape == shape[:-1] + (5,)


def test_dense_without_bias_has_only_a_kernel():
    dense = layers.Dense(2, use_bias=False, kernel_initializer="ones")
    out = dense(torch.ones(1, 3))
    assert dense.bias is None
    assert list(dense.state_dict()) == ["kernel"]
    torch.testing.assert_close(out, torch.full((1, 2), 3.0))


def test_dense_gradients_reach_kernel_and_bias():
    dense = layers.Dense(2)
    x = randn(4, 3)
    dense(x).sum().backward()
    torch.testing.assert_close(dense.bias.grad, torch.full((2,), 4.0))
    torch.testing.assert_close(dense.kernel.grad, x.sum(0, keepdim=True).T.expand(3, 2))


@pytest.mark.parametrize("units", [0, -3, 2.5, "4", None])
def test_dense_rejects_invalid_units(units):
    with pytest.raises(ValueError, match=re.escape(
            "Received an invalid value for `units`, expected a positive integer. "
            f"Received: units={units}")):
        layers.Dense(units)


@pytest.mark.parametrize("kwargs", [{"lora_rank": 4}, {"quantization_config": {}}])
def test_dense_lora_and_quantization_are_not_supported(kwargs):
    with pytest.raises(NotImplementedError, match="LoRA or quantization"):
        layers.Dense(2, **kwargs)


@pytest.mark.parametrize("input_shape, expected", [
    ((None, 3), (None, 5)), ((2, None, 3), (2, None, 5)), ((None, 4, 4, 3), (None, 4, 4, 5)),
])
def test_dense_compute_output_shape(input_shape, expected):
    assert layers.Dense(5).compute_output_shape(input_shape) == expected


def test_dense_config_round_trip_keeps_initializers_and_activation():
    dense = layers.Dense(3, activation="softmax", use_bias=False,
                         kernel_initializer="ones", name="head")
    rebuilt = layers.Dense.from_config(dense.get_config())
    assert rebuilt.get_config() == dense.get_config()
    assert (rebuilt.name, rebuilt.units, rebuilt.use_bias) == ("head", 3, False)
    out = rebuilt(torch.ones(1, 2))
    torch.testing.assert_close(out, torch.full((1, 3), 1 / 3))


# ------------------------------------------------------------------ Activation
@pytest.mark.parametrize("name, fn", [
    ("relu", torch.relu), ("sigmoid", torch.sigmoid), ("tanh", torch.tanh),
    ("softmax", lambda t: torch.softmax(t, dim=-1)), ("linear", lambda t: t),
    ("elu", F.elu), ("softplus", F.softplus), ("gelu", F.gelu),
])
def test_activation_applies_the_named_function(name, fn):
    layer = layers.Activation(name)
    x = randn(3, 4)
    torch.testing.assert_close(layer(x), fn(x), rtol=1e-5, atol=1e-6)
    assert layer.weights == [] and layer.built
    assert layer.get_config()["activation"] == name
    assert layers.Activation.from_config(layer.get_config()).get_config() == layer.get_config()


def test_activation_accepts_a_function():
    layer = layers.Activation(activations.relu6)
    torch.testing.assert_close(layer(torch.tensor([-1.0, 3.0, 9.0])),
                               torch.tensor([0.0, 3.0, 6.0]))
    assert layer.get_config()["activation"] == "relu6"
    assert layer.compute_output_shape((None, 2, 3)) == (None, 2, 3)


# --------------------------------------------------------------------- Dropout
def drop_fraction(out):
    return (out == 0).float().mean().item()


def test_dropout_follows_the_torch_mode_when_training_is_none():
    layer = layers.Dropout(0.5)
    x = torch.ones(200, 50)
    assert not layer.training
    assert layer(x) is x
    layer.train()
    assert 0.45 < drop_fraction(layer(x)) < 0.55
    layer.eval()
    assert layer(x) is x


@pytest.mark.parametrize("mode", ["train", "eval"])
def test_dropout_explicit_training_wins_over_the_mode(mode):
    layer = getattr(layers.Dropout(0.5), mode)()
    x = torch.ones(200, 50)
    assert layer(x, training=False) is x
    assert 0.45 < drop_fraction(layer(x, training=True)) < 0.55


@pytest.mark.parametrize("rate", [0.2, 0.5, 0.8])
def test_dropout_scales_kept_values(rate):
    out = layers.Dropout(rate)(torch.ones(100, 100), training=True)
    kept = out[out != 0]
    torch.testing.assert_close(kept, torch.full_like(kept, 1 / (1 - rate)))
    assert abs(drop_fraction(out) - rate) < 0.03


def test_dropout_with_rate_zero_is_the_identity_in_training():
    x = torch.ones(4, 4)
    assert layers.Dropout(0.0)(x, training=True) is x


@pytest.mark.parametrize("rate", [-0.1, 1.5])
def test_dropout_rejects_rates_outside_zero_one(rate):
    with pytest.raises(ValueError, match=re.escape(
            "Invalid value received for argument `rate`. Expected a float value between 0 "
            f"and 1. Received: rate={rate}")):
        layers.Dropout(rate)


@pytest.mark.parametrize("noise_shape, shared_axes", [
    ((None, 1), (1,)), ((1, None), (0,)), ((None, 1, None), (1,)),
])
def test_dropout_noise_shape_shares_the_mask_along_axes_of_size_one(noise_shape, shared_axes):
    shape = (64, 8) if len(noise_shape) == 2 else (64, 8, 4)
    out = layers.Dropout(0.5, noise_shape=noise_shape)(torch.ones(shape), training=True)
    for axis in shared_axes:
        assert ((out == 0).all(dim=axis) | (out != 0).all(dim=axis)).all()
    assert 0 < drop_fraction(out) < 1


def test_dropout_seed_repeats_the_masks_of_a_fresh_layer():
    x = torch.ones(20, 20)
    first, second = layers.Dropout(0.5, seed=3), layers.Dropout(0.5, seed=3)
    masks = [first(x, training=True), first(x, training=True)]
    assert torch.equal(second(x, training=True), masks[0])
    assert torch.equal(second(x, training=True), masks[1])
    assert not torch.equal(masks[0], masks[1])


def test_dropout_gradient_is_zero_where_dropped():
    x = torch.ones(30, 30, requires_grad=True)
    out = layers.Dropout(0.5)(x, training=True)
    out.sum().backward()
    torch.testing.assert_close(x.grad, (out != 0).float() * 2)


def test_dropout_in_a_symbolic_call_keeps_the_shape():
    layer = layers.Dropout(0.5, seed=1)
    assert layer(kerastorch.Input((None, 3))).shape == (None, None, 3)
    assert layer.compute_output_shape((2, 3)) == (2, 3)
    assert layer.weights == []


# --------------------------------------------------------------------- Flatten
@pytest.mark.parametrize("shape, expected", [
    ((2, 3, 4), (2, 12)), ((2, 3, 4, 5), (2, 60)), ((2, 7), (2, 7)), ((2,), (2, 1)),
])
def test_flatten_keeps_the_batch_dimension(shape, expected):
    x = randn(*shape)
    out = layers.Flatten()(x)
    assert out.shape == expected
    torch.testing.assert_close(out, x.reshape(expected))


def test_flatten_channels_first_flattens_in_channels_last_order():
    x = randn(2, 3, 4, 5)
    out = layers.Flatten(data_format="channels_first")(x)
    torch.testing.assert_close(out, layers.Flatten()(x.permute(0, 2, 3, 1)))
    assert layers.Flatten(data_format="channels_first").get_config()["data_format"] == \
        "channels_first"


@pytest.mark.parametrize("input_shape, expected", [
    ((None, 3, 4), (None, 12)), ((None, None, 4), (None, None)), ((5, 2, 2), (5, 4)),
])
def test_flatten_symbolic_shapes(input_shape, expected):
    assert layers.Flatten()(kerastorch.Input(batch_shape=input_shape)).shape == expected


def test_flatten_rejects_unknown_data_format():
    with pytest.raises(ValueError, match="Received: data_format=nchw"):
        layers.Flatten(data_format="nchw")


# --------------------------------------------------------------------- Reshape
@pytest.mark.parametrize("target, in_shape, expected", [
    ((3, 4), (2, 12), (2, 3, 4)),
    ((-1, 2), (2, 3, 4), (2, 6, 2)),
    ([4, -1], (2, 12), (2, 4, 3)),
    ((12,), (2, 3, 4), (2, 12)),
])
def test_reshape(target, in_shape, expected):
    x = randn(*in_shape)
    out = layers.Reshape(target)(x)
    torch.testing.assert_close(out, x.reshape(expected))
    assert layers.Reshape(target).target_shape == tuple(target)


@pytest.mark.parametrize("target, input_shape, expected", [
    ((-1, 2), (None, 3, 4), (None, 6, 2)),
    ((-1, 2), (None, None, 4), (None, None, 2)),
    ((2, 2), (None, None), (None, 2, 2)),
])
def test_reshape_symbolic_shapes(target, input_shape, expected):
    assert layers.Reshape(target)(kerastorch.Input(batch_shape=input_shape)).shape == expected


@pytest.mark.parametrize("target, in_shape", [((5,), (2, 4)), ((-1, 3), (2, 4)),
                                              ((0, -1), (2, 4))])
def test_reshape_size_mismatch_names_layer_and_shapes(target, in_shape):
    message = (f"Layer 'r': the total size of the input, {in_shape[1:]}, cannot be reshaped "
               f"to target_shape={target}.")
    with pytest.raises(ValueError, match=re.escape(message)):
        layers.Reshape(target, name="r")(torch.zeros(in_shape))
    with pytest.raises(ValueError, match=re.escape(message)):
        layers.Reshape(target, name="r")(kerastorch.Input(in_shape[1:]))


def test_reshape_allows_only_one_unknown_dimension():
    with pytest.raises(ValueError, match=re.escape(
            "must not contain more than one `-1` value. Received: target_shape=(-1, -1)")):
        layers.Reshape((-1, -1))


@pytest.mark.parametrize("layer", [layers.Flatten(), layers.Reshape((-1,)), layers.Identity()],
                         ids=["Flatten", "Reshape", "Identity"])
@pytest.mark.parametrize("dtype, expected", [("int32", "int32"), ("bool", "bool"),
                                             ("float64", "float32")])
def test_shape_only_layers_keep_the_dtype_of_their_input(layer, dtype, expected):
    symbolic = layer(kerastorch.Input((2, 3), dtype=dtype))
    eager = layer(torch.zeros(1, 2, 3, dtype=kerastorch.backend.dtypes.to_torch_dtype(dtype)))
    assert symbolic.dtype == expected == kerastorch.backend.standardize_dtype(eager.dtype)


# -------------------------------------------------------------------- Identity
def test_identity_returns_its_input_object():
    x = randn(2, 3)
    assert layers.Identity()(x) is x
    symbolic = layers.Identity()(kerastorch.Input((None, 2), dtype="int32"))
    assert (symbolic.shape, symbolic.dtype) == ((None, None, 2), "int32")


# ---------------------------------------------------------------------- Lambda
def test_lambda_passes_arguments():
    layer = layers.Lambda(lambda t, scale, shift=0.0: t * scale + shift,
                          arguments={"scale": 3.0, "shift": 1.0})
    torch.testing.assert_close(layer(torch.ones(2)), torch.full((2,), 4.0))
    assert layer.get_config()["arguments"] == {"scale": 3.0, "shift": 1.0}


def test_lambda_passes_the_training_flag_when_the_function_takes_it():
    layer = layers.Lambda(lambda t, training=None: t + (1.0 if training else 0.0))
    assert layer(torch.zeros(1)).item() == 0.0
    assert layer(torch.zeros(1), training=True).item() == 1.0
    layer.train()
    assert layer(torch.zeros(1)).item() == 1.0


def test_lambda_passes_the_mask_when_the_function_takes_it():
    layer = layers.Lambda(lambda t, mask=None: t * mask)
    torch.testing.assert_close(layer(torch.ones(2), mask=torch.tensor([0.0, 1.0])),
                               torch.tensor([0.0, 1.0]))


@pytest.mark.parametrize("mask, expected", [
    (None, None), ("fixed", "fixed"), (lambda inputs, previous: ("fn", previous), ("fn", "m")),
])
def test_lambda_compute_mask(mask, expected):
    layer = layers.Lambda(lambda t: t, mask=mask)
    assert layer.compute_mask(None, "m") == expected
    assert layer.supports_masking is (mask is not None)


@pytest.mark.parametrize("output_shape", [(2,), lambda shape: (shape[0], 2)])
def test_lambda_output_shape_replaces_the_placeholder_run(output_shape):
    def take_two(t):
        if t.shape[0] != 0 and not t.any():  # a placeholder: must not run
            raise AssertionError("output_shape given, call must not run")
        return t[:, :2]

    layer = layers.Lambda(take_two, output_shape=output_shape)
    assert layer(kerastorch.Input((5,))).shape == (None, 2)


def test_lambda_with_a_named_function_round_trips_in_safe_mode():
    layer = layers.Lambda(activations.relu, name="lam")
    assert layer.get_config()["function"]["config"] == "relu"
    rebuilt = layers.Lambda.from_config(layer.get_config())
    torch.testing.assert_close(rebuilt(torch.tensor([-1.0, 2.0])), torch.tensor([0.0, 2.0]))
    assert rebuilt.name == "lam"


def test_lambda_with_a_python_lambda_round_trips_outside_safe_mode():
    layer = layers.Lambda(lambda t, k=2.0: t * k, output_shape=(3,))
    config = layer.get_config()
    assert config["function"]["class_name"] == "__lambda__"
    with SafeModeScope(False):
        rebuilt = layers.Lambda.from_config(config)
    torch.testing.assert_close(rebuilt(torch.ones(1, 3)), torch.full((1, 3), 2.0))
    assert rebuilt(kerastorch.Input((3,))).shape == (None, 3)


# ------------------------------------------------------------- Input(Layer)
@pytest.mark.parametrize("kwargs, batch_shape, dtype", [
    ({"shape": (3,)}, (None, 3), "float32"),
    ({"shape": 3}, (None, 3), "float32"),
    ({"shape": (None, 4), "batch_size": 8}, (8, None, 4), "float32"),
    ({"batch_shape": (2, 5)}, (2, 5), "float32"),
    ({"shape": (2,), "dtype": "int32"}, (None, 2), "int32"),
    ({"shape": (2,), "dtype": torch.float64}, (None, 2), "float64"),
])
def test_input_shapes_and_dtypes(kwargs, batch_shape, dtype):
    tensor = kerastorch.Input(name="in", **kwargs)
    layer = tensor._keras_history[0]
    assert tensor.shape == layer.batch_shape == batch_shape
    assert tensor.dtype == layer.dtype == dtype
    assert isinstance(layer, layers.InputLayer) and layer.built and layer.name == "in"
    assert layer.output is tensor
    assert layer.get_config() == {"batch_shape": batch_shape, "dtype": dtype, "sparse": False,
                                  "ragged": False, "name": "in", "optional": False}
    rebuilt = layers.InputLayer.from_config(layer.get_config())
    assert rebuilt.output.shape == batch_shape and rebuilt.output.dtype == dtype


@pytest.mark.parametrize("kwargs, message", [
    ({}, "You must pass a `shape` argument."),
    ({"shape": (2,), "batch_shape": (None, 2)},
     "You cannot pass both `shape` and `batch_shape` at the same time."),
    ({"batch_size": 2, "batch_shape": (2, 2)},
     "You cannot pass both `batch_size` and `batch_shape` at the same time."),
    ({"shape": (2,), "sparse": True}, "does not support sparse inputs (`sparse=True`)."),
    ({"shape": (2,), "ragged": True}, "does not support ragged inputs (`ragged=True`)."),
])
def test_input_errors(kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        kerastorch.Input(**kwargs)


def test_input_layer_accepts_keras_2_shape_names_and_tensors():
    assert layers.InputLayer(input_shape=(4,)).batch_shape == (None, 4)
    assert layers.InputLayer(batch_input_shape=(3, 4)).batch_shape == (3, 4)
    source = kerastorch.Input((2, 2), dtype="int64")
    wrapped = kerastorch.Input(tensor=source)
    assert (wrapped.shape, wrapped.dtype) == ((None, 2, 2), "int64")


def test_input_layer_call_returns_its_input_and_default_names_are_unique():
    kerastorch.backend.clear_session()
    first, second = kerastorch.Input((1,)), kerastorch.Input((1,))
    assert (first.name, second.name) == ("input_layer", "input_layer_1")
    x = torch.ones(2, 1)
    assert first._keras_history[0](x) is x
