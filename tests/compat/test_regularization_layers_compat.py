"""Noise and regularization layers against real Keras.

In inference these layers are the identity, compared exactly. In training
they draw random numbers: Keras's random stream (its `SeedGenerator`) is not
torch's, so the values differ; the comparison is of what the draws must
satisfy (which values occur, dropped fractions, means and variances), and
seeded layers are checked to repeat their draws.
"""

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

CASES = [
    ("GaussianNoise", {"stddev": 0.3}, (4, 5)),
    ("GaussianNoise", {"stddev": 0.0, "seed": 3}, (4, 5)),
    ("GaussianDropout", {"rate": 0.4, "seed": 1}, (2, 3, 4)),
    ("AlphaDropout", {"rate": 0.2}, (4, 5)),
    ("AlphaDropout", {"rate": 0.5, "noise_shape": (None, 1), "seed": 7}, (4, 5)),
    ("SpatialDropout1D", {"rate": 0.3}, (2, 5, 3)),
    ("SpatialDropout2D", {"rate": 0.3, "seed": 2}, (2, 4, 5, 3)),
    ("SpatialDropout2D", {"rate": 0.3, "data_format": "channels_first"}, (2, 3, 4, 5)),
    ("SpatialDropout3D", {"rate": 0.5}, (2, 3, 4, 2, 3)),
    ("SpatialDropout3D", {"rate": 0.5, "data_format": "channels_first"}, (2, 3, 4, 2, 3)),
    ("ActivityRegularization", {}, (4, 5)),
    ("ActivityRegularization", {"l1": 0.1, "l2": 0.01}, (2, 3, 4)),
]
IDS = [f"{name}-{i}" for i, (name, _, _) in enumerate(CASES)]


def data(shape):
    return RNG.normal(size=shape).astype("float32")


@pytest.mark.parametrize("name, kwargs, shape", CASES, ids=IDS)
def test_inference_is_the_identity_and_configs_match_keras(name, kwargs, shape):
    x = data(shape)
    keras_layer, kt_layer = assert_layer_matches_keras(name, kwargs, x)
    received = kt_layer(torch.from_numpy(x), training=False)
    np.testing.assert_array_equal(received.numpy(), x)
    assert kt_layer.weights == [] and keras_layer.weights == []


@pytest.mark.parametrize("name, kwargs, shape", CASES, ids=IDS)
def test_masks_pass_through_like_keras(name, kwargs, shape):
    keras_layer, kt_layer = make_pair(name, kwargs)
    assert kt_layer.supports_masking == keras_layer.supports_masking
    mask = RNG.random(shape[:-1]) > 0.5
    kt_mask = kt_layer.compute_mask(torch.ones(shape), torch.from_numpy(mask))
    np.testing.assert_array_equal(kt_mask.numpy(), keras.ops.convert_to_numpy(
        keras_layer.compute_mask(np.ones(shape, "float32"), mask)))


def assert_near(value, expected, stddev):
    """Asserts a statistic is within 5 standard deviations of its expectation."""
    assert abs(value - expected) < 5 * stddev, (value, expected, stddev)


def both_in_training(name, kwargs, x):
    keras_layer, kt_layer = make_pair(name, kwargs)
    expected = keras.ops.convert_to_numpy(keras_layer(x, training=True))
    received = kt_layer(torch.from_numpy(x), training=True).numpy()
    assert received.shape == expected.shape
    return expected, received


@pytest.mark.parametrize("stddev", [0.1, 0.7])
def test_gaussian_noise_statistics_match_keras(stddev):
    x = np.full((400, 250), 2.0, "float32")
    expected, received = both_in_training("GaussianNoise", {"stddev": stddev}, x)
    n = x.size
    for noise in (expected - x, received - x):
        assert_near(noise.mean(), 0.0, stddev / np.sqrt(n))
        assert_near(noise.std(), stddev, stddev / np.sqrt(2 * n))
    assert not np.array_equal(received, x)


@pytest.mark.parametrize("rate", [0.2, 0.5])
def test_gaussian_dropout_statistics_match_keras(rate):
    x = np.full((400, 250), 3.0, "float32")
    expected, received = both_in_training("GaussianDropout", {"rate": rate}, x)
    stddev = np.sqrt(rate / (1 - rate))
    n = x.size
    for multiplier in (expected / x, received / x):
        assert_near(multiplier.mean(), 1.0, stddev / np.sqrt(n))
        assert_near(multiplier.std(), stddev, stddev / np.sqrt(2 * n))


@pytest.mark.parametrize("rate", [0.1, 0.4])
def test_alpha_dropout_keeps_mean_and_variance_like_keras(rate):
    x = RNG.normal(size=(500, 200)).astype("float32")
    expected, received = both_in_training("AlphaDropout", {"rate": rate}, x)
    saturated = -1.6732632423543772 * 1.0507009873554805
    a = ((1 - rate) * (1 + rate * saturated ** 2)) ** -0.5
    for out in (expected, received):
        dropped = np.isclose(out, a * saturated - a * saturated * rate, atol=1e-5)
        assert_near(dropped.mean(), rate, np.sqrt(rate * (1 - rate) / x.size))
        np.testing.assert_allclose(out[~dropped], (a * x - a * saturated * rate)[~dropped],
                                   rtol=1e-5, atol=1e-5)
        # Mean 0 and variance 1 are kept (the spread of these estimates is
        # at most that of the inputs' own, about 1 / sqrt(size)).
        assert_near(out.mean(), 0.0, 2 / np.sqrt(x.size))
        assert_near(out.std(), 1.0, 2 / np.sqrt(x.size))


@pytest.mark.parametrize("name, kwargs, shape, spatial_axes", [
    ("SpatialDropout1D", {"rate": 0.3}, (300, 4, 20), (1,)),
    ("SpatialDropout2D", {"rate": 0.4}, (200, 3, 2, 20), (1, 2)),
    ("SpatialDropout2D", {"rate": 0.4, "data_format": "channels_first"}, (200, 20, 3, 2),
     (2, 3)),
    ("SpatialDropout3D", {"rate": 0.5}, (100, 2, 2, 2, 20), (1, 2, 3)),
    ("SpatialDropout3D", {"rate": 0.5, "data_format": "channels_first"}, (100, 20, 2, 2, 2),
     (2, 3, 4)),
])
def test_spatial_dropout_drops_whole_feature_maps_like_keras(name, kwargs, shape, spatial_axes):
    x = np.ones(shape, "float32")
    expected, received = both_in_training(name, kwargs, x)
    rate = kwargs["rate"]
    for out in (expected, received):
        np.testing.assert_allclose(np.unique(out), [0.0, 1 / (1 - rate)], rtol=1e-6)
        per_map = out.min(axis=spatial_axes)
        np.testing.assert_array_equal(out.max(axis=spatial_axes), per_map)
        assert_near((per_map == 0).mean(), rate, np.sqrt(rate * (1 - rate) / per_map.size))


@pytest.mark.parametrize("name, kwargs", [
    ("GaussianNoise", {"stddev": 0.5}), ("GaussianDropout", {"rate": 0.3}),
    ("AlphaDropout", {"rate": 0.3}), ("SpatialDropout1D", {"rate": 0.5}),
])
def test_seeded_layers_repeat_their_draws_as_keras_does(name, kwargs):
    x = data((8, 6, 5))

    def draws(lib, to_numpy, make_input):
        first, second = (getattr(lib.layers, name)(seed=42, **kwargs) for _ in range(2))
        a1, a2 = (to_numpy(first(make_input(x), training=True)) for _ in range(2))
        b1 = to_numpy(second(make_input(x), training=True))
        return a1, a2, b1

    for a1, a2, b1 in (draws(keras, keras.ops.convert_to_numpy, lambda v: v),
                       draws(kerastorch, lambda t: t.numpy(), torch.from_numpy)):
        np.testing.assert_array_equal(a1, b1)  # same seed, same first draw
        assert not np.array_equal(a1, a2)  # the stream advances


@pytest.mark.parametrize("l1, l2", [(0.1, 0.0), (0.0, 0.3), (0.05, 0.02)])
def test_activity_regularization_losses_match_keras(l1, l2):
    x = data((4, 3, 5))
    keras_layer, kt_layer = make_pair("ActivityRegularization", {"l1": l1, "l2": l2})
    keras_layer(x)
    kt_layer(torch.from_numpy(x))
    assert len(kt_layer.losses) == len(keras_layer.losses) == 1
    np.testing.assert_allclose(kt_layer.losses[0].numpy(),
                               keras.ops.convert_to_numpy(keras_layer.losses[0]), rtol=1e-6)


def test_fit_with_activity_regularization_and_inactive_noise_matches_keras():
    x = data((16, 5))
    y = RNG.normal(size=(16, 2)).astype("float32")

    def build(lib):
        return lib.Sequential([
            lib.Input((5,)),
            lib.layers.Dense(4),
            lib.layers.ActivityRegularization(l1=0.01, l2=0.1),
            lib.layers.GaussianNoise(0.0),
            lib.layers.AlphaDropout(0.0),
            lib.layers.Dense(2),
        ])

    assert_fit_matches_keras(build, x, y)


def test_noise_layers_are_inactive_in_predict_like_keras():
    x = data((6, 5, 4))

    def build(lib):
        return lib.Sequential([
            lib.Input((5, 4)), lib.layers.GaussianNoise(0.5), lib.layers.GaussianDropout(0.5),
            lib.layers.AlphaDropout(0.5), lib.layers.SpatialDropout1D(0.5),
        ])

    np.testing.assert_array_equal(build(kerastorch).predict(x, verbose=0),
                                  build(keras).predict(x, verbose=0))


@pytest.mark.parametrize("name, kwargs", [
    ("GaussianNoise", {"stddev": 1.5}),
    ("GaussianNoise", {"stddev": -0.1}),
    ("GaussianDropout", {"rate": 1.2}),
    ("AlphaDropout", {"rate": -0.5}),
    ("SpatialDropout1D", {"rate": 2.0}),
    ("SpatialDropout2D", {"rate": 0.5, "data_format": "channels_middle"}),
    ("SpatialDropout2D", {"rate": 0.5, "trainable": False}),
    ("GaussianNoise", {"stddev": 0.1, "foo": 1}),
])
def test_constructor_errors_match_keras(name, kwargs):
    assert_raises_like_keras(lambda: getattr(keras.layers, name)(**kwargs),
                             lambda: getattr(kerastorch.layers, name)(**kwargs))


@pytest.mark.parametrize("name, shape", [
    ("SpatialDropout1D", (2, 3)), ("SpatialDropout2D", (2, 3, 4)),
    ("SpatialDropout3D", (2, 3, 4, 5)),
])
def test_spatial_dropout_wrong_rank_raises_like_keras(name, shape):
    keras_layer, kt_layer = make_pair(name, {"rate": 0.5})
    x = np.zeros(shape, "float32")
    assert_raises_like_keras(lambda: keras_layer(x, training=True),
                             lambda: kt_layer(torch.from_numpy(x), training=True),
                             LAYER_NAME, f"ndim={len(shape) + 1}")
