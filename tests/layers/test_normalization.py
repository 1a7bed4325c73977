"""Unit tests of the normalization layers: maths, moving statistics, weights, gradients.

Side-by-side comparisons with Keras live in tests/compat/test_normalization_compat.py.
"""

import socket

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import kerastorch
from kerastorch import layers
from tests.trainers.test_no_host_sync import HostReads

GEN = torch.Generator().manual_seed(0)


def randn(*shape, dtype=torch.float32):
    return (torch.randn(*shape, generator=GEN, dtype=torch.float64) * 2 + 1).to(dtype)


def moments(x, axes):
    return x.mean(dim=axes, keepdim=True), x.var(dim=axes, correction=0, keepdim=True)


# ------------------------------------------------------------ BatchNormalization
@pytest.mark.parametrize("axis, shape", [(-1, (8, 3)), (-1, (4, 5, 3)), (1, (4, 3, 5, 2)),
                                         (2, (4, 2, 3, 5))])
def test_batch_normalization_training_uses_batch_moments_and_keras_moving_update(axis, shape):
    layer = layers.BatchNormalization(axis=axis, momentum=0.75, epsilon=0.01,
                                      gamma_initializer="random_normal",
                                      beta_initializer="random_normal")
    x = randn(*shape)
    out = layer(x, training=True)
    reduce = tuple(a for a in range(len(shape)) if a != axis % len(shape))
    mean, var = moments(x.double(), reduce)
    view = [1] * len(shape)
    view[axis] = shape[axis]
    gamma = layer.gamma.detach().double().reshape(view)
    beta = layer.beta.detach().double().reshape(view)
    expected = (x.double() - mean) / torch.sqrt(var + 0.01) * gamma + beta
    torch.testing.assert_close(out.double(), expected, rtol=1e-5, atol=1e-5)
    # Keras's update, with the biased batch variance (torch's BatchNorm uses
    # the unbiased one).
    torch.testing.assert_close(layer.moving_mean.double(), 0.25 * mean.reshape(-1),
                               rtol=1e-5, atol=1e-6)
    torch.testing.assert_close(layer.moving_variance.double(), 0.75 + 0.25 * var.reshape(-1),
                               rtol=1e-5, atol=1e-6)


def test_batch_normalization_inference_uses_moving_statistics():
    layer = layers.BatchNormalization(epsilon=0.5)
    layer.build((None, 3))
    layer.set_weights([np.array([1.0, 2.0, 3.0]), np.array([0.0, 1.0, -1.0]),
                       np.array([1.0, -1.0, 0.0]), np.array([0.5, 1.5, 3.5])])
    x = randn(4, 3)
    expected = (x - torch.tensor([1.0, -1.0, 0.0])) / torch.sqrt(
        torch.tensor([1.0, 2.0, 4.0])) * torch.tensor([1.0, 2.0, 3.0]) + torch.tensor(
        [0.0, 1.0, -1.0])
    for out in (layer(x), layer(x, training=False)):
        torch.testing.assert_close(out, expected)
    torch.testing.assert_close(layer.moving_mean, torch.tensor([1.0, -1.0, 0.0]))


def test_batch_normalization_weights_are_keras_ordered_and_stats_frozen():
    layer = layers.BatchNormalization()
    layer.build((None, 4))
    assert [w.keras_name for w in layer.weights] == ["gamma", "beta", "moving_mean",
                                                     "moving_variance"]
    assert [w.keras_name for w in layer.trainable_weights] == ["gamma", "beta"]
    assert [w.keras_name for w in layer.non_trainable_weights] == ["moving_mean",
                                                                   "moving_variance"]
    assert list(layer.state_dict()) == ["gamma", "beta", "moving_mean", "moving_variance"]
    assert [p.requires_grad for p in layer.parameters()] == [True, True, False, False]
    x = randn(6, 4).requires_grad_()
    layer(x, training=True).square().sum().backward()
    assert layer.gamma.grad is not None and layer.beta.grad is not None
    assert layer.moving_mean.grad is None and x.grad is not None


def test_batch_normalization_without_center_and_scale_has_only_statistics():
    layer = layers.BatchNormalization(center=False, scale=False)
    x = randn(5, 2)
    out = layer(x, training=True)
    assert layer.gamma is None and layer.beta is None
    assert [w.keras_name for w in layer.weights] == ["moving_mean", "moving_variance"]
    mean, var = moments(x, (0,))
    torch.testing.assert_close(out, (x - mean) / torch.sqrt(var + 1e-3))


def test_frozen_batch_normalization_runs_in_inference_mode():
    layer = layers.BatchNormalization()
    x = randn(6, 3)
    layer.build(x.shape)
    layer.trainable = False
    torch.testing.assert_close(layer(x, training=True), layer(x, training=False))
    torch.testing.assert_close(layer.moving_mean, torch.zeros(3))


def test_batch_normalization_follows_torch_train_mode():
    layer = layers.BatchNormalization()
    x = randn(6, 3)
    layer.train()
    layer(x)
    assert not torch.equal(layer.moving_mean, torch.zeros(3))
    layer.eval()
    before = layer.moving_mean.clone()
    layer(x)
    torch.testing.assert_close(layer.moving_mean, before)


@pytest.mark.parametrize("shape", [(1, 3), (1, 1, 3)])
def test_batch_normalization_single_value_per_channel_gives_beta(shape):
    layer = layers.BatchNormalization(beta_initializer="ones")
    out = layer(randn(*shape), training=True)
    torch.testing.assert_close(out, torch.ones(shape))
    torch.testing.assert_close(layer.moving_variance, torch.full((3,), 0.99))


def test_batch_normalization_mask_excludes_masked_positions():
    layer = layers.BatchNormalization(momentum=0.0, epsilon=0.0, center=False, scale=False)
    x = randn(2, 4, 3)
    mask = torch.tensor([[True, True, False, False], [True, False, True, False]])
    out = layer(x, training=True, mask=mask)
    kept = x[mask]
    torch.testing.assert_close(layer.moving_mean, kept.mean(0), rtol=1e-5, atol=1e-5)
    torch.testing.assert_close(layer.moving_variance, kept.var(0, correction=0), rtol=1e-4,
                               atol=1e-5)
    torch.testing.assert_close(out[mask], (kept - kept.mean(0)) / kept.std(0, correction=0),
                               rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("mask", [None, torch.tensor([[1, 1, 0], [1, 0, 1]], dtype=torch.bool)])
def test_batch_normalization_gradients_are_those_of_the_formula(mask):
    layer = layers.BatchNormalization(dtype="float64", gamma_initializer="random_normal")
    x = randn(2, 3, 4, dtype=torch.float64).requires_grad_()
    layer.build(x.shape)

    def run(inputs):
        return layer(inputs, training=True, mask=mask)

    assert torch.autograd.gradcheck(run, (x,))


def test_batch_normalization_half_precision_computes_statistics_in_float32():
    # Squares of these inputs overflow float16 (max 65504): the statistics are
    # computed in float32, as in Keras.
    layer = layers.BatchNormalization(dtype="float16")
    x = randn(8, 3) * 100
    out = layer(x, training=True)
    assert out.dtype == torch.float16 and layer.moving_variance.dtype == torch.float16
    torch.testing.assert_close(out.float(), F.batch_norm(x, None, None, training=True,
                                                         eps=1e-3), rtol=1e-2, atol=1e-2)
    torch.testing.assert_close(layer.moving_variance.float(),
                               0.99 + 0.01 * x.var(0, correction=0), rtol=1e-3, atol=1e-3)


def test_batch_normalization_renorm_corrections_and_statistics():
    layer = layers.BatchNormalization(renorm=True, momentum=0.5, renorm_momentum=0.25,
                                      center=False, scale=False)
    x = randn(16, 2)
    layer.build(x.shape)
    assert [w.keras_name for w in layer.weights] == [
        "moving_mean", "moving_variance", "moving_stddev", "renorm_mean", "renorm_stddev"]
    torch.testing.assert_close(layer.moving_stddev, torch.ones(2))
    out = layer(x, training=True)
    mean, var = moments(x, (0,))
    stddev = torch.sqrt(var + 1e-3)
    # First step: renorm statistics are 0 and 1, so r = stddev and d = mean:
    # (x - mean) / stddev * r + d = x.
    torch.testing.assert_close(out, x, rtol=1e-5, atol=1e-5)
    torch.testing.assert_close(layer.renorm_mean, 0.75 * mean.reshape(-1))
    torch.testing.assert_close(layer.renorm_stddev, 0.25 + 0.75 * stddev.reshape(-1))
    new_stddev = 0.5 + 0.5 * stddev.reshape(-1)
    torch.testing.assert_close(layer.moving_stddev, new_stddev)
    torch.testing.assert_close(layer.moving_variance, torch.relu(new_stddev ** 2 - 1e-3))


def test_batch_normalization_renorm_clipping_limits_the_correction():
    layer = layers.BatchNormalization(renorm=True, renorm_clipping={"rmax": 1.0, "dmax": 0.0},
                                      center=False, scale=False)
    x = randn(16, 2) * 5
    out = layer(x, training=True)
    mean, var = moments(x, (0,))
    torch.testing.assert_close(out, (x - mean) / torch.sqrt(var + 1e-3), rtol=1e-5,
                               atol=1e-5)


def test_synchronized_batch_normalization_reduces_over_the_process_group():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    torch.distributed.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{port}",
                                         rank=0, world_size=1)
    try:
        synced = layers.BatchNormalization(synchronized=True)
        local = layers.BatchNormalization()
        x = randn(6, 3)
        torch.testing.assert_close(synced(x, training=True), local(x, training=True),
                                   rtol=1e-5, atol=1e-5)
        torch.testing.assert_close(synced.moving_variance, local.moving_variance)
        mask = torch.tensor([True, True, False, True, False, True])
        torch.testing.assert_close(synced(x, training=True, mask=mask),
                                   local(x, training=True, mask=mask),
                                   rtol=1e-4, atol=1e-4)
    finally:
        torch.distributed.destroy_process_group()
    assert synced.get_config()["synchronized"] is True


def test_batch_normalization_training_reads_nothing_on_the_host(monkeypatch):
    layer = layers.BatchNormalization()
    renorm = layers.BatchNormalization(renorm=True, renorm_clipping={"rmax": 2.0})
    sequences = layers.BatchNormalization()
    x = randn(8, 3)
    mask = torch.arange(8)[None] < 5
    with HostReads(monkeypatch) as reads:
        layer(x, training=True)
        renorm(x, training=True)
        sequences(x[None], training=True, mask=mask)
        layer(x, training=False)
    assert reads.total == 0


def test_batch_normalization_config_round_trip():
    layer = layers.BatchNormalization(axis=1, momentum=0.9, renorm=True,
                                      renorm_clipping={"rmax": 3.0}, gamma_regularizer="l2")
    config = layer.get_config()
    assert config["renorm_clipping"] == {"rmax": 3.0} and config["axis"] == 1
    assert layers.BatchNormalization.from_config(config).get_config() == config


# ------------------------------------------------------------ LayerNormalization
@pytest.mark.parametrize("axis, shape", [(-1, (4, 6)), ([1, 2], (2, 3, 4)), (1, (2, 3, 4)),
                                         ([0, 2], (2, 3, 4)), ([-1, 1], (2, 3, 4, 5))])
def test_layer_normalization_normalizes_over_the_axes(axis, shape):
    layer = layers.LayerNormalization(axis=axis, gamma_initializer="random_normal",
                                      beta_initializer="random_normal")
    x = randn(*shape)
    out = layer(x)
    axes = [a % len(shape) for a in (axis if isinstance(axis, list) else [axis])]
    mean, var = moments(x.double(), tuple(axes))
    # gamma spans the axes in `layer.axis` order (sorted as given): place it.
    gamma, beta = layer.gamma.detach().double(), layer.beta.detach().double()
    order = [a % len(shape) for a in layer.axis]
    rest = [a for a in range(len(shape)) if a not in order]
    permute = np.argsort(rest + order).tolist()
    expand = (1,) * len(rest)
    gamma = gamma.reshape(expand + gamma.shape).permute(permute)
    beta = beta.reshape(expand + beta.shape).permute(permute)
    expected = (x.double() - mean) / torch.sqrt(var + 1e-3) * gamma + beta
    torch.testing.assert_close(out.double(), expected, rtol=1e-5, atol=1e-5)


def test_layer_normalization_trailing_axes_is_torch_layer_norm():
    layer = layers.LayerNormalization(axis=[-2, -1], epsilon=1e-5)
    x = randn(2, 3, 4)
    torch.testing.assert_close(layer(x), F.layer_norm(x, (3, 4), eps=1e-5))
    assert layer.axis == [-2, -1] and layer.gamma.shape == (3, 4)


def test_layer_normalization_rms_scaling_scales_by_the_variance():
    with pytest.warns(UserWarning, match="deprecated"):
        layer = layers.LayerNormalization(rms_scaling=True, center=True)
    x = randn(3, 5)
    out = layer(x)
    assert layer.beta is None and layer.gamma is not None
    torch.testing.assert_close(out, x / torch.sqrt(x.var(-1, correction=0, keepdim=True) + 1e-3))


def test_layer_normalization_computes_in_float32_and_returns_the_compute_dtype():
    layer = layers.LayerNormalization(dtype="float16")
    out = layer(randn(2, 8, dtype=torch.float16) * 300)
    assert out.dtype == torch.float16 and torch.isfinite(out).all()
    double = layers.LayerNormalization()(randn(2, 8, dtype=torch.float64))
    assert double.dtype == torch.float32  # inputs are not autocast; the output is


# ------------------------------------------------------------ GroupNormalization
@pytest.mark.parametrize("groups, axis, shape", [(2, -1, (3, 5, 4)), (3, 1, (2, 6, 4, 2)),
                                                 (-1, -1, (2, 4, 3)), (1, -1, (2, 6))])
def test_group_normalization_normalizes_consecutive_channel_groups(groups, axis, shape):
    layer = layers.GroupNormalization(groups=groups, axis=axis, epsilon=0.01,
                                      gamma_initializer="random_normal")
    x = randn(*shape)
    out = layer(x)
    moved = x.double().movedim(axis, -1)
    channels = moved.shape[-1]
    groups = channels if groups == -1 else groups
    grouped = moved.reshape(*moved.shape[:-1], groups, channels // groups)
    reduce = tuple(range(1, grouped.dim() - 2)) + (grouped.dim() - 1,)
    mean, var = moments(grouped, reduce)
    normalized = ((grouped - mean) / torch.sqrt(var + 0.01)).reshape(moved.shape)
    expected = (normalized * layer.gamma.detach().double()).movedim(-1, axis)
    torch.testing.assert_close(out.double(), expected, rtol=1e-5, atol=1e-5)
    assert layer.gamma.shape == (channels,) and layer.beta.shape == (channels,)


def test_group_normalization_gradients_are_those_of_the_formula():
    layer = layers.GroupNormalization(groups=2, dtype="float64")
    x = randn(2, 3, 4, dtype=torch.float64).requires_grad_()
    assert torch.autograd.gradcheck(layer, (x,))


# -------------------------------------------------------- Unit / RMS normalization
@pytest.mark.parametrize("axis", [-1, 1, [1, 2]])
def test_unit_normalization_gives_unit_l2_norms(axis):
    x = randn(2, 3, 4)
    out = layers.UnitNormalization(axis=axis)(x)
    dims = tuple(axis) if isinstance(axis, list) else axis
    torch.testing.assert_close(out.square().sum(dim=dims), torch.ones_like(
        x.square().sum(dim=dims)))
    zero = layers.UnitNormalization()(torch.zeros(2, 3))
    assert torch.equal(zero, torch.zeros(2, 3))


@pytest.mark.parametrize("axis", [-1, [1, 2], 1])
def test_rms_normalization_divides_by_the_root_mean_square(axis):
    layer = layers.RMSNormalization(axis=axis, epsilon=1e-5)
    x = randn(2, 3, 4)
    out = layer(x)
    dims = tuple(axis) if isinstance(axis, list) else (axis,)
    expected = x / torch.sqrt(x.square().mean(dim=dims, keepdim=True) + 1e-5)
    torch.testing.assert_close(out, expected)
    assert [w.keras_name for w in layer.weights] == ["scale"]
    out.sum().backward()
    assert layer.scale.grad is not None


# --------------------------------------------------------- SpectralNormalization
def test_spectral_normalization_drives_the_spectral_norm_to_one():
    layer = layers.SpectralNormalization(layers.Dense(4), power_iterations=5)
    layer.build((None, 6))
    # Singular values 3, 1, 0.5, 0.1: the power method converges fast.
    left, _ = torch.linalg.qr(randn(6, 4))
    right, _ = torch.linalg.qr(randn(4, 4))
    with torch.no_grad():
        layer.layer.kernel.copy_(left @ torch.diag(torch.tensor([3.0, 1.0, 0.5, 0.1])) @ right.T)
    x = randn(3, 6)
    stored = layer.layer.kernel.detach().clone()
    layer(x)  # inference: the kernel is used as stored
    layer(x, training=False)
    torch.testing.assert_close(layer.layer.kernel, stored)
    for _ in range(3):
        out = layer(x, training=True)
    torch.testing.assert_close(torch.linalg.matrix_norm(layer.layer.kernel.detach(), 2),
                               torch.tensor(1.0), rtol=1e-4, atol=1e-4)
    torch.testing.assert_close(out, x @ layer.layer.kernel + layer.layer.bias)


def test_spectral_normalization_weights_state_dict_and_gradients():
    layer = layers.SpectralNormalization(layers.Dense(2))
    x = randn(3, 4)
    layer(x, training=True).sum().backward()
    assert [w.keras_name for w in layer.weights] == ["kernel", "vector_u", "bias"]
    assert [w.keras_name for w in layer.trainable_weights] == ["kernel", "bias"]
    assert list(layer.state_dict()) == ["vector_u", "layer.kernel", "layer.bias"]
    assert layer.layer.kernel.grad is not None and layer.vector_u.grad is None
    layer.trainable = False
    assert layer.trainable_weights == [] and not layer.layer.kernel.requires_grad


def test_spectral_normalization_reads_nothing_on_the_host(monkeypatch):
    layer = layers.SpectralNormalization(layers.Dense(2))
    x = randn(3, 4)
    layer(x)
    with HostReads(monkeypatch) as reads:
        layer(x, training=True)
    assert reads.total == 0


def test_wrapper_rejects_non_layers_and_round_trips_its_layer():
    with pytest.raises(ValueError, match="isn't a supported layer type"):
        layers.Wrapper(torch.nn.Linear(2, 2))
    wrapper = layers.SpectralNormalization(layers.Dense(3, name="inner"), power_iterations=2,
                                           name="outer")
    config = wrapper.get_config()
    rebuilt = layers.SpectralNormalization.from_config(config)
    assert rebuilt.layer.name == "inner" and rebuilt.power_iterations == 2
    assert rebuilt.name == "outer"


def test_normalization_layers_are_exported_under_keras_names():
    for name in ("BatchNormalization", "LayerNormalization", "GroupNormalization",
                 "UnitNormalization", "RMSNormalization", "SpectralNormalization"):
        layer_class = getattr(kerastorch.layers, name)
        assert layer_class.__module__.startswith("kerastorch.layers.normalization.")
