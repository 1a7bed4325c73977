"""Unit tests of the noise and regularization layers: training-only noise, seeds, shapes, losses.

Side-by-side comparisons with Keras live in
tests/compat/test_regularization_layers_compat.py.
"""

import math

import pytest
import torch

from kerastorch import layers
from tests.trainers.test_no_host_sync import HostReads

NOISE_LAYERS = [
    (layers.GaussianNoise, {"stddev": 0.5}),
    (layers.GaussianDropout, {"rate": 0.3}),
    (layers.AlphaDropout, {"rate": 0.3}),
    (layers.AlphaDropout, {"rate": 0.3, "noise_shape": (None, 1, 1)}),
    (layers.SpatialDropout1D, {"rate": 0.5}),
]
IDS = [f"{cls.__name__}-{i}" for i, (cls, _) in enumerate(NOISE_LAYERS)]


@pytest.mark.parametrize("cls, kwargs", NOISE_LAYERS, ids=IDS)
def test_noise_is_applied_in_training_only(cls, kwargs):
    layer = cls(**kwargs)
    x = torch.randn(4, 6, 5)
    assert layer(x) is x and layer(x, training=False) is x
    out = layer(x, training=True)
    assert out.shape == x.shape and out.dtype == x.dtype and not torch.equal(out, x)
    layer.train()
    assert not torch.equal(layer(x), x)  # torch's train mode is training too


@pytest.mark.parametrize("cls, kwargs", NOISE_LAYERS, ids=IDS)
def test_seeded_noise_repeats_across_layers_and_advances_within_one(cls, kwargs):
    x = torch.randn(4, 6, 5)
    first, second = cls(seed=7, **kwargs), cls(seed=7, **kwargs)
    a1, a2 = first(x, training=True), first(x, training=True)
    torch.testing.assert_close(second(x, training=True), a1)
    assert not torch.equal(a1, a2)
    assert cls(**kwargs).get_config()["seed"] is None and first.get_config()["seed"] == 7


@pytest.mark.parametrize("cls, kwargs", NOISE_LAYERS, ids=IDS)
def test_noise_layers_read_nothing_on_the_host_and_pass_gradients(monkeypatch, cls, kwargs):
    layer = cls(seed=1, **kwargs)
    unseeded = cls(**kwargs)
    x = torch.randn(4, 6, 5, requires_grad=True)
    with HostReads(monkeypatch) as reads:
        out = layer(x, training=True) + unseeded(x, training=True)
    assert reads.total == 0
    out.sum().backward()
    assert x.grad is not None


@pytest.mark.parametrize("cls, kwargs", NOISE_LAYERS, ids=IDS)
def test_noise_layers_config_round_trip(cls, kwargs):
    layer = cls(seed=3, name="noise", **kwargs)
    config = layer.get_config()
    assert cls.from_config(config).get_config() == config
    assert layer.weights == [] and layer.built
    assert layer.compute_output_shape((None, 6, 5)) == (None, 6, 5)


def test_gaussian_noise_adds_noise_of_the_given_stddev():
    x = torch.full((500, 400), 3.0)
    noise = layers.GaussianNoise(0.2, seed=0)(x, training=True) - x
    assert abs(noise.mean()) < 2e-3 and abs(noise.std() - 0.2) < 2e-3
    zero = layers.GaussianNoise(0.0)
    assert zero(x, training=True) is x


def test_gaussian_dropout_multiplies_by_one_centred_noise():
    x = torch.full((500, 400), -2.0)
    multiplier = layers.GaussianDropout(0.5, seed=0)(x, training=True) / x
    assert abs(multiplier.mean() - 1) < 5e-3 and abs(multiplier.std() - 1.0) < 5e-3


@pytest.mark.parametrize("rate", [0.1, 0.5])
def test_alpha_dropout_keeps_zero_mean_unit_variance(rate):
    # (The inputs' seed differs from the layer's: the same stream would
    # correlate the drops with the inputs.)
    x = torch.randn(600, 500, generator=torch.Generator().manual_seed(1))
    out = layers.AlphaDropout(rate, seed=0)(x, training=True)
    assert abs(out.mean()) < 0.01 and abs(out.std() - 1) < 0.01
    saturated = -1.6732632423543772 * 1.0507009873554805
    a = ((1 - rate) * (1 + rate * saturated ** 2)) ** -0.5
    dropped = torch.isclose(out, torch.tensor(a * saturated * (1 - rate)))
    assert abs(dropped.float().mean() - rate) < 0.01


def test_alpha_dropout_noise_shape_broadcasts_the_mask():
    out = layers.AlphaDropout(0.5, noise_shape=(None, 1), seed=0)(torch.ones(64, 8),
                                                                  training=True)
    assert (out == out[:, :1]).all()
    assert len(torch.unique(out)) == 2


@pytest.mark.parametrize("cls, kwargs, shape, spatial", [
    (layers.SpatialDropout1D, {}, (50, 6, 8), (1,)),
    (layers.SpatialDropout2D, {}, (50, 3, 4, 8), (1, 2)),
    (layers.SpatialDropout2D, {"data_format": "channels_first"}, (50, 8, 3, 4), (2, 3)),
    (layers.SpatialDropout3D, {}, (50, 2, 3, 2, 8), (1, 2, 3)),
    (layers.SpatialDropout3D, {"data_format": "channels_first"}, (50, 8, 2, 3, 2), (2, 3, 4)),
])
def test_spatial_dropout_drops_whole_channels(cls, kwargs, shape, spatial):
    layer = cls(0.5, seed=0, **kwargs)
    out = layer(torch.ones(shape), training=True)
    assert torch.equal(out.amax(dim=spatial), out.amin(dim=spatial))
    assert set(torch.unique(out).tolist()) == {0.0, 2.0}


@pytest.mark.parametrize("cls, rank", [(layers.SpatialDropout1D, 3), (layers.SpatialDropout2D, 4),
                                       (layers.SpatialDropout3D, 5)])
def test_spatial_dropout_requires_its_rank(cls, rank):
    with pytest.raises(ValueError, match=f"expected ndim={rank}"):
        cls(0.5)(torch.ones((2,) * (rank - 1)), training=True)


def test_spatial_dropout_config_has_keras_fields():
    assert layers.SpatialDropout1D(0.25, seed=2, name="sd").get_config() == {
        "rate": 0.25, "seed": 2, "name": "sd", "dtype": "float32"}
    assert layers.SpatialDropout3D(0.25, data_format="channels_first", name="sd").get_config(
    ) == {"rate": 0.25, "seed": None, "name": "sd", "dtype": "float32",
          "data_format": "channels_first"}
    with pytest.raises(TypeError):
        layers.SpatialDropout2D(0.25, trainable=False)


@pytest.mark.parametrize("cls, argument", [(layers.GaussianNoise, "stddev"),
                                           (layers.GaussianDropout, "rate"),
                                           (layers.AlphaDropout, "rate")])
@pytest.mark.parametrize("value", [-0.1, 1.5])
def test_out_of_range_arguments_are_rejected(cls, argument, value):
    with pytest.raises(ValueError, match=f"Received: {argument}={value}"):
        cls(value)


def test_activity_regularization_adds_its_penalty_per_sample():
    layer = layers.ActivityRegularization(l1=0.1, l2=0.01)
    x = torch.tensor([[1.0, -2.0], [3.0, 0.0]])
    assert layer(x) is x
    expected = (0.1 * x.abs().sum() + 0.01 * x.square().sum()) / 2
    torch.testing.assert_close(layer.losses[0], expected)
    layer(x)
    assert len(layer.losses) == 1  # the losses of the last call only
    config = layer.get_config()
    assert "activity_regularizer" not in config and config["l1"] == 0.1
    assert layers.ActivityRegularization.from_config(config).get_config() == config


def test_gaussian_dropout_of_rate_one_fails_like_keras():
    with pytest.raises(ZeroDivisionError):
        layers.GaussianDropout(1.0)(torch.ones(2), training=True)
    assert math.isclose(layers.GaussianDropout(0.0)(torch.ones(2), training=True).sum(), 2.0)
