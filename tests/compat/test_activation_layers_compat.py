"""Activation layers against real Keras: outputs, masks, configs, errors, fit."""

import keras
import numpy as np
import pytest
import torch

import kerastorch
from tests.compat.layer_checks import (
    LAYER_NAME,
    assert_fit_matches_keras,
    assert_layer_matches_keras,
    assert_raises_like_keras,
    make_pair,
)

RNG = np.random.default_rng(0)
SEEDED_NORMAL = {"class_name": "RandomNormal", "config": {"seed": 4, "stddev": 0.5}}

CASES = [
    ("ReLU", {}, (4, 6)),
    ("ReLU", {"max_value": 1.0}, (4, 6)),
    ("ReLU", {"negative_slope": 0.2}, (2, 3, 4)),
    ("ReLU", {"threshold": 0.5}, (4, 6)),
    ("ReLU", {"max_value": 2.0, "negative_slope": 0.1, "threshold": 0.3}, (4, 6)),
    ("ReLU", {"max_value": 0.0}, (4, 6)),
    ("LeakyReLU", {}, (4, 6)),
    ("LeakyReLU", {"negative_slope": 0.0}, (4, 6)),
    ("LeakyReLU", {"negative_slope": 2.5}, (2, 3, 4)),
    ("ELU", {}, (4, 6)),
    ("ELU", {"alpha": 0.3}, (2, 3, 4)),
    ("PReLU", {}, (4, 6)),
    ("PReLU", {"alpha_initializer": SEEDED_NORMAL}, (2, 3, 4)),
    ("PReLU", {"alpha_initializer": SEEDED_NORMAL, "shared_axes": [1, 2]}, (2, 3, 4, 5)),
    ("PReLU", {"alpha_initializer": "ones", "shared_axes": 1, "alpha_regularizer": "l2",
               "alpha_constraint": "non_neg"}, (2, 3, 4)),
    ("Softmax", {}, (4, 6)),
    ("Softmax", {"axis": 1}, (2, 3, 4)),
    ("Softmax", {"axis": [1, 2]}, (2, 3, 4)),
    ("Softmax", {"axis": [-1]}, (2, 3, 4)),
    ("Softmax", {"axis": (0, 2)}, (2, 3, 4)),
]
IDS = [f"{name}-{i}" for i, (name, _, _) in enumerate(CASES)]


@pytest.mark.parametrize("name, kwargs, shape", CASES, ids=IDS)
def test_outputs_configs_and_shapes_match_keras(name, kwargs, shape):
    x = (RNG.normal(size=shape) * 3).astype("float32")
    assert_layer_matches_keras(name, kwargs, x)


@pytest.mark.parametrize("shared_axes, shape", [(None, (3, 4)), ([1], (2, 3, 4)),
                                                ([1, 2], (2, 3, 4, 5)), ([3], (2, 3, 4, 5))])
def test_prelu_with_keras_weights_matches_keras(shared_axes, shape):
    keras_layer, kt_layer = make_pair("PReLU", {"shared_axes": shared_axes})
    keras_layer.build(shape)
    kt_layer.build(shape)
    assert [tuple(w.shape) for w in kt_layer.weights] == [tuple(w.shape) for w in
                                                           keras_layer.weights]
    weights = [RNG.normal(size=w.shape).astype("float32") for w in keras_layer.get_weights()]
    keras_layer.set_weights(weights)
    kt_layer.set_weights(weights)
    x = RNG.normal(size=shape).astype("float32")
    np.testing.assert_allclose(kt_layer(torch.from_numpy(x)).detach().numpy(),
                               keras.ops.convert_to_numpy(keras_layer(x)), rtol=1e-6)


@pytest.mark.parametrize("mask_of, axis", [
    (lambda x: RNG.random(x.shape) > 0.3, -1),
    (lambda x: RNG.random(x.shape[-1:]) > 0.3, -1),
    (lambda x: RNG.random((x.shape[0], 1, x.shape[2])) > 0.3, 1),
    (lambda x: RNG.random(x.shape).astype("float32"), -1),
    (lambda x: np.zeros(x.shape, bool), -1),
    (lambda x: RNG.random(x.shape) > 0.3, [1, 2]),
])
def test_softmax_mask_matches_keras(mask_of, axis):
    x = RNG.normal(size=(2, 3, 4)).astype("float32")
    assert_layer_matches_keras("Softmax", {"axis": axis}, x, mask=mask_of(x))


def test_softmax_float16_mask_matches_keras():
    x = RNG.normal(size=(2, 5)).astype("float16")
    mask = RNG.random((2, 5)) > 0.5
    expected = keras.layers.Softmax(dtype="float16")(x, mask=mask)
    received = kerastorch.layers.Softmax(dtype="float16")(torch.from_numpy(x),
                                                          mask=torch.from_numpy(mask))
    assert received.dtype == torch.float16
    np.testing.assert_allclose(received.numpy(), keras.ops.convert_to_numpy(expected),
                               rtol=1e-3, atol=1e-4)


@pytest.mark.parametrize("mask_shape", [(2, 3, 4, 5), (3, 5), (2, 1, 3)])
def test_softmax_mask_of_wrong_shape_raises_like_keras(mask_shape):
    keras_layer, kt_layer = make_pair("Softmax", {})
    x = np.zeros((2, 3, 4), "float32")
    mask = np.ones(mask_shape, bool)
    assert_raises_like_keras(lambda: keras_layer(x, mask=mask),
                             lambda: kt_layer(torch.from_numpy(x), mask=torch.from_numpy(mask)),
                             "mask.shape", str(mask_shape))


@pytest.mark.parametrize("shape", [(3, 3, 3), (2, 4, 4)])
def test_softmax_takes_the_propagated_mask_like_keras(shape):
    # A propagated mask lacks the last axis, so Keras broadcasts it from the
    # right against `inputs`: it applies only when those sizes line up
    # (otherwise both libraries raise the same error).
    x = RNG.normal(size=shape).astype("float32")
    x[0, 1:] = 0.0

    def build(lib):
        inputs = lib.Input(shape[1:])
        return lib.Model(inputs, lib.layers.Softmax()(lib.layers.Masking()(inputs)))

    if shape[0] != shape[-1]:
        assert_raises_like_keras(lambda: build(keras)(x),
                                 lambda: build(kerastorch)(torch.from_numpy(x)), "mask.shape")
        return
    expected = build(keras)(x)
    received = build(kerastorch)(torch.from_numpy(x))
    np.testing.assert_allclose(received.numpy(), keras.ops.convert_to_numpy(expected),
                               rtol=1e-6, atol=1e-7)
    np.testing.assert_array_equal(received._keras_mask.numpy(),
                                  keras.ops.convert_to_numpy(expected._keras_mask))


def test_leaky_relu_accepts_keras2_alpha_like_keras():
    with pytest.warns(UserWarning, match="alpha"):
        keras_layer = keras.layers.LeakyReLU(alpha=0.1, name=LAYER_NAME)
    with pytest.warns(UserWarning, match="alpha"):
        kt_layer = kerastorch.layers.LeakyReLU(alpha=0.1, name=LAYER_NAME)
    assert kt_layer.get_config() == keras_layer.get_config()
    assert kt_layer.negative_slope == 0.1


@pytest.mark.parametrize("name, kwargs", [
    ("ReLU", {"max_value": -1.0}),
    ("ReLU", {"negative_slope": -0.1}),
    ("ReLU", {"negative_slope": None}),
    ("ReLU", {"threshold": -1.0}),
    ("LeakyReLU", {"negative_slope": -0.3}),
    ("LeakyReLU", {"negative_slope": None}),
    ("PReLU", {"alpha_initializer": "no_such_initializer"}),
    ("ELU", {"alpha": 1.0, "foo": 2}),
])
def test_constructor_errors_match_keras(name, kwargs):
    assert_raises_like_keras(lambda: getattr(keras.layers, name)(**kwargs),
                             lambda: getattr(kerastorch.layers, name)(**kwargs))


@pytest.mark.parametrize("shared_axes, built_shape, bad_shape", [
    ([1], (None, 3, 4), (2, 3, 5)),
    ([1], (None, 3, 4), (2, 3, 4, 1)),
])
def test_prelu_wrong_input_raises_like_keras(shared_axes, built_shape, bad_shape):
    keras_layer, kt_layer = make_pair("PReLU", {"shared_axes": shared_axes})
    keras_layer.build(built_shape)
    kt_layer.build(built_shape)
    x = np.zeros(bad_shape, "float32")
    assert_raises_like_keras(lambda: keras_layer(x), lambda: kt_layer(torch.from_numpy(x)),
                             LAYER_NAME, str(bad_shape))


@pytest.mark.parametrize("name, kwargs", [
    ("ReLU", {"max_value": 1.5, "negative_slope": 0.1}),
    ("LeakyReLU", {}),
    ("ELU", {"alpha": 0.5}),
    ("PReLU", {"alpha_initializer": "ones", "shared_axes": None}),
    ("PReLU", {"alpha_initializer": {"class_name": "Constant", "config": {"value": 0.25}}}),
    ("Softmax", {}),
])
def test_fit_through_the_layer_matches_keras(name, kwargs):
    x = RNG.normal(size=(16, 5)).astype("float32")
    y = RNG.normal(size=(16, 3)).astype("float32")

    def build(lib):
        return lib.Sequential([lib.Input((5,)), lib.layers.Dense(3),
                               getattr(lib.layers, name)(**kwargs), lib.layers.Dense(3)])

    assert_fit_matches_keras(build, x, y)
