"""Reshaping layers against real Keras: outputs, configs, shapes, errors, training."""

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

# (name, constructor kwargs, input shape with batch)
CASES = [
    ("Permute", {"dims": (2, 1)}, (2, 3, 4)),
    ("Permute", {"dims": (3, 1, 2)}, (2, 3, 4, 5)),
    ("RepeatVector", {"n": 3}, (2, 4)),
    ("Cropping1D", {}, (2, 5, 3)),
    ("Cropping1D", {"cropping": (0, 2)}, (2, 5, 3)),
    ("Cropping1D", {"cropping": 2}, (2, 5, 3)),
    ("Cropping2D", {}, (2, 5, 6, 3)),
    ("Cropping2D", {"cropping": 1}, (2, 5, 6, 3)),
    ("Cropping2D", {"cropping": (1, 2)}, (2, 5, 6, 3)),
    ("Cropping2D", {"cropping": ((0, 1), (2, 0)), "data_format": "channels_first"}, (2, 3, 5, 6)),
    ("Cropping3D", {}, (2, 4, 5, 6, 2)),
    ("Cropping3D", {"cropping": (0, 1, 2)}, (2, 4, 5, 6, 2)),
    ("Cropping3D", {"cropping": ((1, 0), (0, 2), (1, 1)), "data_format": "channels_first"},
     (2, 2, 4, 5, 6)),
    ("ZeroPadding1D", {}, (2, 4, 3)),
    ("ZeroPadding1D", {"padding": (0, 2), "data_format": "channels_first"}, (2, 4, 3)),
    ("ZeroPadding2D", {}, (2, 3, 4, 2)),
    ("ZeroPadding2D", {"padding": (1, 2)}, (2, 3, 4, 2)),
    ("ZeroPadding2D", {"padding": ((0, 1), (2, 0)), "data_format": "channels_first"},
     (2, 2, 3, 4)),
    ("ZeroPadding3D", {}, (2, 2, 3, 4, 2)),
    ("ZeroPadding3D", {"padding": (0, 1, 2), "data_format": "channels_first"}, (2, 2, 2, 3, 4)),
    ("ZeroPadding3D", {"padding": 2}, (1, 2, 2, 2, 1)),
    ("UpSampling1D", {}, (2, 3, 4)),
    ("UpSampling1D", {"size": 3}, (2, 3, 4)),
    ("UpSampling2D", {}, (2, 3, 4, 2)),
    ("UpSampling2D", {"size": (3, 1), "data_format": "channels_first"}, (2, 2, 3, 4)),
    ("UpSampling2D", {"size": (2, 3), "interpolation": "bilinear"}, (2, 3, 4, 2)),
    ("UpSampling2D", {"size": 3, "interpolation": "Bilinear", "data_format": "channels_first"},
     (2, 2, 3, 4)),
    ("UpSampling2D", {"size": (2, 3), "interpolation": "bicubic"}, (2, 5, 4, 2)),
    ("UpSampling3D", {}, (2, 2, 3, 2, 2)),
    ("UpSampling3D", {"size": (1, 2, 3), "data_format": "channels_first"}, (2, 2, 2, 3, 2)),
]
IDS = [f"{name}-{i}" for i, (name, _, _) in enumerate(CASES)]


@pytest.mark.parametrize("name, kwargs, shape", CASES, ids=IDS)
def test_reshaping_layer_matches_keras(name, kwargs, shape):
    x = RNG.normal(size=shape).astype("float32")
    assert_layer_matches_keras(name, kwargs, x)


@pytest.mark.parametrize("name, kwargs, shape", [
    ("Cropping2D", {"cropping": ((1, 1), (0, 0))}, (None, None, 4, 3)),
    ("ZeroPadding2D", {"padding": 1}, (None, 3, None, 2)),
    ("UpSampling2D", {}, (None, None, None, 2)),
    ("UpSampling1D", {}, (None, None, 5)),
    ("Permute", {"dims": (2, 1)}, (None, None, 5)),
])
def test_unknown_sizes_stay_unknown_like_keras(name, kwargs, shape):
    keras_layer = getattr(keras.layers, name)(**kwargs)
    kt_layer = getattr(kerastorch.layers, name)(**kwargs)
    assert kt_layer(kerastorch.Input(batch_shape=shape)).shape == keras_layer(
        keras.Input(batch_shape=shape)).shape
    assert tuple(kt_layer.compute_output_shape(shape)) == tuple(
        keras_layer.compute_output_shape(shape))


@pytest.mark.parametrize("name, kwargs", [
    ("Permute", {"dims": (0, 1)}),
    ("Permute", {"dims": (1, 3)}),
    ("RepeatVector", {"n": 2.0}),
    ("RepeatVector", {"n": 0}),
    ("Cropping1D", {"cropping": (1, 2, 3)}),
    ("Cropping1D", {"cropping": -1}),
    ("Cropping2D", {"cropping": -1}),
    ("Cropping2D", {"cropping": (1, 2, 3)}),
    ("Cropping2D", {"cropping": ((1, 2, 3), 1)}),
    ("Cropping2D", {"cropping": 1.5}),
    ("Cropping3D", {"cropping": (1, 2)}),
    ("Cropping3D", {"cropping": -2}),
    ("ZeroPadding1D", {"padding": (1, -1)}),
    ("ZeroPadding2D", {"padding": (1, 2, 3)}),
    ("ZeroPadding2D", {"padding": None}),
    ("ZeroPadding3D", {"padding": ((1, 1), (1, 1))}),
    ("UpSampling1D", {"size": (2,)}),
    ("UpSampling1D", {"size": 0}),
    ("UpSampling2D", {"size": (2, 0)}),
    ("UpSampling3D", {"size": (2, 2)}),
    ("UpSampling2D", {"data_format": "channels_middle"}),
])
def test_constructor_errors_match_keras(name, kwargs):
    assert_raises_like_keras(lambda: getattr(keras.layers, name)(**kwargs),
                             lambda: getattr(kerastorch.layers, name)(**kwargs))


@pytest.mark.parametrize("name, kwargs, shape", [
    ("Cropping1D", {"cropping": (2, 3)}, (2, 5, 3)),
    ("Cropping2D", {"cropping": ((1, 1), (3, 3))}, (2, 5, 6, 3)),
    ("Cropping3D", {"cropping": (1, 1, 2)}, (2, 4, 5, 4, 2)),
])
def test_crops_larger_than_the_input_raise_like_keras(name, kwargs, shape):
    keras_layer = getattr(keras.layers, name)(**kwargs)
    kt_layer = getattr(kerastorch.layers, name)(**kwargs)
    assert_raises_like_keras(lambda: keras_layer(keras.Input(shape[1:])),
                             lambda: kt_layer(kerastorch.Input(shape[1:])), "cropping")
    x = np.zeros(shape, "float32")
    assert_raises_like_keras(lambda: keras_layer(x), lambda: kt_layer(torch.from_numpy(x)),
                             "cropping")


@pytest.mark.parametrize("name, kwargs, shape", [
    ("Permute", {"dims": (2, 1)}, (2, 3)),
    ("RepeatVector", {"n": 2}, (2, 3, 4)),
    ("Cropping2D", {}, (2, 3, 4)),
    ("ZeroPadding3D", {}, (2, 3, 4, 5)),
    ("UpSampling1D", {}, (2, 3)),
])
def test_wrong_rank_raises_like_keras(name, kwargs, shape):
    x = np.zeros(shape, "float32")
    keras_layer = getattr(keras.layers, name)(name="layer_under_test", **kwargs)
    kt_layer = getattr(kerastorch.layers, name)(name="layer_under_test", **kwargs)
    assert_raises_like_keras(lambda: keras_layer(x), lambda: kt_layer(torch.from_numpy(x)),
                             "layer_under_test", str(shape))


@pytest.mark.parametrize("interpolation", ["lanczos3", "area"])
def test_up_sampling2d_unsupported_interpolation_raises_like_keras(interpolation):
    x = np.zeros((1, 2, 2, 1), "float32")
    keras_layer = keras.layers.UpSampling2D(interpolation=interpolation, name="up")
    kt_layer = kerastorch.layers.UpSampling2D(interpolation=interpolation, name="up")
    assert kt_layer.get_config() == keras_layer.get_config()
    assert_raises_like_keras(lambda: keras_layer(x), lambda: kt_layer(torch.from_numpy(x)),
                             interpolation)


def _reshaping_model(lib):
    return lib.Sequential([
        lib.Input((5, 4, 2)),
        lib.layers.Dense(3, activation="tanh"),
        lib.layers.ZeroPadding2D(((1, 0), (0, 2))),
        lib.layers.Cropping2D(((0, 1), (1, 1))),
        lib.layers.UpSampling2D((2, 1), interpolation="bilinear"),
        lib.layers.UpSampling2D((1, 2)),
        lib.layers.Permute((3, 1, 2)),
        lib.layers.Reshape((3, -1)),
        lib.layers.Cropping1D((0, 1)),
        lib.layers.UpSampling1D(2),
        lib.layers.ZeroPadding1D(1),
        lib.layers.Flatten(),
        lib.layers.Dense(4),
        lib.layers.RepeatVector(2),
        lib.layers.Dense(1),
        lib.layers.Flatten(),
    ])


def _volume_model(lib):
    return lib.Sequential([
        lib.Input((3, 4, 2, 2)),
        lib.layers.Dense(2, activation="tanh"),
        lib.layers.ZeroPadding3D((1, 0, 1), data_format="channels_first"),
        lib.layers.Cropping3D(((1, 0), (0, 1), (0, 1))),
        lib.layers.UpSampling3D((1, 2, 2)),
        lib.layers.Flatten(),
        lib.layers.Dense(2),
    ])


@pytest.mark.parametrize("build, shape, outputs", [
    (_reshaping_model, (8, 5, 4, 2), 2), (_volume_model, (8, 3, 4, 2, 2), 2),
])
def test_fit_through_reshaping_layers_matches_keras(build, shape, outputs):
    x = RNG.normal(size=shape).astype("float32")
    y = RNG.normal(size=(shape[0], outputs)).astype("float32")
    assert_fit_matches_keras(build, x, y)
