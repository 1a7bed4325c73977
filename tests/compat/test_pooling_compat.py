"""Pooling layers against real Keras: outputs, configs, shapes, masks, errors, training."""

import keras
import numpy as np
import pytest
import torch

import kerastorch
from tests.compat.layer_checks import (
    assert_fit_matches_keras,
    assert_layer_matches_keras,
    assert_raises_like_keras,
)

RNG = np.random.default_rng(0)
SHAPES = {1: (2, 7, 3), 2: (2, 7, 6, 3), 3: (2, 5, 6, 7, 2)}

# Per number of spatial dimensions: constructor kwargs covering valid / same
# (even and uneven padding), strides and both data formats.
POOL_CONFIGS = {
    1: [{}, {"pool_size": 3, "strides": 1, "padding": "same"},
        {"pool_size": 3, "strides": 2, "padding": "same"},
        {"pool_size": 2, "padding": "same"},
        {"pool_size": 4, "strides": 1, "padding": "same"},
        {"pool_size": 2, "strides": 3},
        {"pool_size": 3, "strides": 2, "padding": "same", "data_format": "channels_first"}],
    2: [{}, {"pool_size": (3, 3), "strides": 1, "padding": "same"},
        {"pool_size": 2, "padding": "same"},
        {"pool_size": (3, 2), "strides": (2, 1), "padding": "same"},
        {"pool_size": (2, 3), "strides": (1, 2)},
        {"pool_size": 3, "strides": 2, "padding": "same", "data_format": "channels_first"},
        {"pool_size": (2, 2), "data_format": "channels_first"}],
    3: [{}, {"pool_size": 3, "strides": 1, "padding": "same"},
        {"pool_size": (2, 3, 2), "strides": (2, 2, 1), "padding": "same"},
        {"pool_size": 2, "strides": (1, 2, 3)},
        {"pool_size": 2, "padding": "same", "data_format": "channels_first"}],
}
POOL_CASES = [
    (f"{kind}{n}D", {"pool_size": 2, **kwargs} if kind == "AveragePooling" else kwargs, n)
    for kind in ("MaxPooling", "AveragePooling")
    for n, configs in POOL_CONFIGS.items()
    for kwargs in configs
]
GLOBAL_CASES = [
    (f"Global{kind}Pooling{n}D", kwargs, n)
    for kind in ("Max", "Average")
    for n in (1, 2, 3)
    for kwargs in ({}, {"keepdims": True}, {"data_format": "channels_first"},
                   {"data_format": "channels_first", "keepdims": True})
]


def _ids(cases):
    return [f"{name}-{i}" for i, (name, _, _) in enumerate(cases)]


@pytest.mark.parametrize("name, kwargs, n", POOL_CASES + GLOBAL_CASES,
                         ids=_ids(POOL_CASES + GLOBAL_CASES))
def test_pooling_layer_matches_keras(name, kwargs, n):
    x = RNG.normal(size=SHAPES[n]).astype("float32")
    assert_layer_matches_keras(name, kwargs, x)


@pytest.mark.parametrize("alias, name", [
    ("MaxPool1D", "MaxPooling1D"), ("MaxPool2D", "MaxPooling2D"), ("MaxPool3D", "MaxPooling3D"),
    ("AvgPool1D", "AveragePooling1D"), ("AvgPool2D", "AveragePooling2D"),
    ("AvgPool3D", "AveragePooling3D"), ("GlobalMaxPool1D", "GlobalMaxPooling1D"),
    ("GlobalMaxPool2D", "GlobalMaxPooling2D"), ("GlobalMaxPool3D", "GlobalMaxPooling3D"),
    ("GlobalAvgPool1D", "GlobalAveragePooling1D"), ("GlobalAvgPool2D", "GlobalAveragePooling2D"),
    ("GlobalAvgPool3D", "GlobalAveragePooling3D"),
])
def test_aliases_and_serialized_names_match_keras(alias, name):
    assert getattr(kerastorch.layers, alias) is getattr(kerastorch.layers, name)
    assert getattr(keras.layers, alias) is getattr(keras.layers, name)
    kwargs = {"pool_size": 2} if "Avg" in alias and "Global" not in alias else {}
    received = kerastorch.saving.serialize_keras_object(getattr(kerastorch.layers, alias)(**kwargs))
    expected = keras.saving.serialize_keras_object(getattr(keras.layers, alias)(**kwargs))
    assert (received["module"], received["class_name"]) == (expected["module"],
                                                            expected["class_name"])


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_global_average_pooling1d_mask_matches_keras(keepdims, data_format):
    x = RNG.normal(size=(3, 5, 4)).astype("float32")
    mask = np.array([[1, 1, 1, 0, 0], [1, 0, 1, 0, 1], [1, 1, 1, 1, 1]], dtype=bool)
    if data_format == "channels_first":
        mask = mask[:, :4]
    assert_layer_matches_keras("GlobalAveragePooling1D",
                               {"keepdims": keepdims, "data_format": data_format}, x, mask=mask)


def _step_masker(lib, to_bool):
    class StepMasker(lib.layers.Layer):
        def call(self, inputs):
            return inputs

        def compute_mask(self, inputs, previous_mask=None):
            return to_bool(inputs)

    return StepMasker()


def test_global_average_pooling1d_uses_the_propagated_mask_like_keras():
    x = RNG.normal(size=(4, 6, 3)).astype("float32")
    x[0, 4:] = 0.0
    x[1, 1:] = 0.0

    def build(lib, to_bool):
        inputs = lib.Input((6, 3))
        masked = _step_masker(lib, to_bool)(inputs)
        return lib.Model(inputs, lib.layers.GlobalAveragePooling1D()(masked))

    keras_model = build(keras, lambda t: keras.ops.any(keras.ops.not_equal(t, 0), axis=-1))
    kt_model = build(kerastorch, lambda t: (t != 0).any(dim=-1))
    expected = keras.ops.convert_to_numpy(keras_model(x))
    received = kt_model(torch.from_numpy(x)).detach().numpy()
    np.testing.assert_allclose(received, expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(received[1], x[1, 0], rtol=1e-6)


@pytest.mark.parametrize("name, kwargs, n", [
    ("MaxPooling2D", {}, 1), ("AveragePooling1D", {"pool_size": 2}, 2), ("MaxPooling3D", {}, 2),
    ("GlobalMaxPooling2D", {}, 3), ("GlobalAveragePooling1D", {}, 2),
])
def test_wrong_rank_raises_like_keras(name, kwargs, n):
    x = np.zeros(SHAPES[n], "float32")
    keras_layer = getattr(keras.layers, name)(name="layer_under_test", **kwargs)
    kt_layer = getattr(kerastorch.layers, name)(name="layer_under_test", **kwargs)
    assert_raises_like_keras(lambda: keras_layer(x), lambda: kt_layer(torch.from_numpy(x)),
                             "layer_under_test", str(x.shape))


@pytest.mark.parametrize("name, kwargs", [
    ("MaxPooling2D", {"pool_size": 0}),
    ("MaxPooling2D", {"pool_size": (2, 2, 2)}),
    ("AveragePooling1D", {"pool_size": 2, "strides": -1}),
    ("AveragePooling1D", {}),
    ("MaxPooling3D", {"pool_size": "2"}),
    ("AveragePooling2D", {"pool_size": 2, "data_format": "channels_middle"}),
    ("GlobalMaxPooling1D", {"data_format": "nchw"}),
])
def test_constructor_errors_match_keras(name, kwargs):
    assert_raises_like_keras(lambda: getattr(keras.layers, name)(**kwargs),
                             lambda: getattr(kerastorch.layers, name)(**kwargs))


def test_too_small_input_raises_like_keras():
    assert_raises_like_keras(
        lambda: keras.layers.MaxPooling2D(3)(keras.Input((2, 5, 1))),
        lambda: kerastorch.layers.MaxPooling2D(3)(kerastorch.Input((2, 5, 1))),
        "(None, 2, 5, 1)")
    x = np.zeros((1, 2, 5, 1), "float32")
    assert_raises_like_keras(lambda: keras.layers.AveragePooling2D(3)(x),
                             lambda: kerastorch.layers.AveragePooling2D(3)(torch.from_numpy(x)))


def test_invalid_padding_raises_like_keras_symbolically():
    assert_raises_like_keras(
        lambda: keras.layers.MaxPooling1D(padding="full")(keras.Input((4, 1))),
        lambda: kerastorch.layers.MaxPooling1D(padding="full")(kerastorch.Input((4, 1))),
        "full")


def _pooling_model_1d(lib):
    return lib.Sequential([
        lib.Input((9, 3)),
        lib.layers.Dense(4, activation="tanh"),
        lib.layers.MaxPooling1D(2, strides=1, padding="same"),
        lib.layers.AveragePooling1D(3, strides=2, padding="same"),
        lib.layers.GlobalMaxPooling1D(),
        lib.layers.Dense(2),
    ])


def _pooling_model_2d(lib):
    return lib.Sequential([
        lib.Input((7, 6, 2)),
        lib.layers.Dense(3, activation="tanh"),
        lib.layers.AveragePooling2D(2, strides=1, padding="same"),
        lib.layers.MaxPooling2D(3, strides=2, padding="same"),
        lib.layers.GlobalAveragePooling2D(keepdims=True),
        lib.layers.Flatten(),
        lib.layers.Dense(2),
    ])


def _pooling_model_3d(lib):
    return lib.Sequential([
        lib.Input((2, 5, 4, 6, 3)[1:]),
        lib.layers.Dense(3, activation="tanh"),
        lib.layers.MaxPooling3D(2, padding="same", data_format="channels_first"),
        lib.layers.AveragePooling3D(2, strides=1, padding="same"),
        lib.layers.GlobalMaxPooling3D(),
        lib.layers.Dense(2),
    ])


@pytest.mark.parametrize("build, shape", [
    (_pooling_model_1d, (8, 9, 3)), (_pooling_model_2d, (8, 7, 6, 2)),
    (_pooling_model_3d, (8, 5, 4, 6, 3)),
])
def test_fit_through_pooling_matches_keras(build, shape):
    x = RNG.normal(size=shape).astype("float32")
    y = RNG.normal(size=(shape[0], 2)).astype("float32")
    assert_fit_matches_keras(build, x, y)
