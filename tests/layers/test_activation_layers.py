"""Unit tests of the activation layers: ReLU, LeakyReLU, ELU, PReLU, Softmax.

Side-by-side comparisons with Keras live in tests/compat/test_activation_layers_compat.py.
"""

import pytest
import torch
import torch.nn.functional as F

from kerastorch import layers

X = torch.linspace(-4, 4, 17)


@pytest.mark.parametrize("kwargs", [
    {}, {"max_value": 2.0}, {"negative_slope": 0.5}, {"threshold": 1.0},
    {"max_value": 3.0, "negative_slope": 0.1, "threshold": 0.5},
])
def test_relu_is_the_piecewise_formula(kwargs):
    max_value = kwargs.get("max_value", float("inf"))
    slope, threshold = kwargs.get("negative_slope", 0.0), kwargs.get("threshold", 0.0)
    expected = torch.where(X >= max_value, torch.tensor(max_value),
                           torch.where(X > threshold, X, slope * (X - threshold)))
    torch.testing.assert_close(layers.ReLU(**kwargs)(X), expected)


@pytest.mark.parametrize("kwargs, message", [
    ({"max_value": -1}, "max_value"), ({"negative_slope": -1}, "negative_slope"),
    ({"threshold": None}, "threshold"),
])
def test_relu_rejects_negative_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        layers.ReLU(**kwargs)


def test_leaky_relu_and_elu():
    torch.testing.assert_close(layers.LeakyReLU()(X), F.leaky_relu(X, 0.3))
    torch.testing.assert_close(layers.LeakyReLU(negative_slope=0.1)(X), F.leaky_relu(X, 0.1))
    with pytest.warns(UserWarning, match="alpha"):
        assert layers.LeakyReLU(alpha=0.2).negative_slope == 0.2
    with pytest.raises(ValueError, match="negative_slope"):
        layers.LeakyReLU(-0.2)
    torch.testing.assert_close(layers.ELU()(X), torch.where(X > 0, X, torch.expm1(X)))
    torch.testing.assert_close(layers.ELU(alpha=0.5)(X), F.elu(X, 0.5))
    assert layers.ELU(alpha=0.5).get_config()["alpha"] == 0.5


@pytest.mark.parametrize("shared_axes, shape, alpha_shape", [
    (None, (2, 3, 4), (3, 4)), (1, (2, 3, 4), (1, 4)), ([1, 2], (2, 3, 4, 5), (1, 1, 5)),
])
def test_prelu_learns_slopes_shared_over_axes(shared_axes, shape, alpha_shape):
    layer = layers.PReLU(alpha_initializer="random_normal", shared_axes=shared_axes)
    x = torch.randn(shape, requires_grad=True)
    out = layer(x)
    assert layer.alpha.shape == alpha_shape
    torch.testing.assert_close(out, torch.where(x > 0, x, layer.alpha * x))
    out.sum().backward()
    torch.testing.assert_close(layer.alpha.grad,
                               torch.minimum(x, torch.zeros(())).detach().sum_to_size(
                                   alpha_shape))
    assert [w.keras_name for w in layer.weights] == ["alpha"]


def test_prelu_starts_as_relu_and_checks_the_unshared_axes():
    layer = layers.PReLU(shared_axes=[1])
    torch.testing.assert_close(layer(torch.stack([X, X])), torch.relu(torch.stack([X, X])))
    layer = layers.PReLU(shared_axes=[1])
    layer.build((None, 3, 4))
    with pytest.raises(ValueError, match="expected axis 2"):
        layer(torch.ones(2, 3, 5))
    assert layer(torch.ones(2, 7, 4)).shape == (2, 7, 4)  # shared axis: any size


@pytest.mark.parametrize("axis", [-1, 0, [0, 1], (1,)])
def test_softmax_normalizes_over_its_axes(axis):
    x = torch.randn(3, 4)
    out = layers.Softmax(axis=axis)(x)
    dims = tuple(axis) if isinstance(axis, (list, tuple)) else (axis,)
    torch.testing.assert_close(out, torch.exp(x - torch.logsumexp(x, dim=dims, keepdim=True)))


def test_softmax_mask_gives_zero_to_masked_positions():
    x = torch.randn(2, 4)
    mask = torch.tensor([[True, False, True, True], [False, False, False, False]])
    out = layers.Softmax()(x, mask=mask)
    torch.testing.assert_close(out[0, [0, 2, 3]], torch.softmax(x[0, [0, 2, 3]], dim=0))
    assert out[0, 1] == 0 and torch.equal(out[1], torch.zeros(4))
    numeric = layers.Softmax()(x, mask=mask.float() * 0.6 + 0.2)  # > 0.5 keeps
    torch.testing.assert_close(numeric, out)
    half = layers.Softmax(dtype="float16")(x.half(), mask=mask)
    assert half.dtype == torch.float16 and torch.isfinite(half).all()


def test_softmax_rejects_masks_that_do_not_broadcast():
    with pytest.raises(ValueError, match="must not have more dimensions"):
        layers.Softmax()(torch.ones(2, 3), mask=torch.ones(1, 2, 3, dtype=torch.bool))
    with pytest.raises(ValueError, match=r"mask.shape=\(2, 2\)"):
        layers.Softmax()(torch.ones(2, 3), mask=torch.ones(2, 2, dtype=torch.bool))


@pytest.mark.parametrize("layer", [layers.ReLU(), layers.LeakyReLU(), layers.ELU(),
                                   layers.PReLU(), layers.Softmax()])
def test_activation_layers_support_masking_and_round_trip_configs(layer):
    assert layer.supports_masking
    config = layer.get_config()
    assert type(layer).from_config(config).get_config() == config
    assert layer.compute_output_shape((None, 3)) == (None, 3)
