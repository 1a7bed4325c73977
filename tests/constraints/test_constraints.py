"""Unit tests of `kerastorch.constraints`."""

import numpy as np
import pytest
import torch

import kerastorch
from kerastorch import constraints

W = np.array([[3.0, 0.3], [4.0, -0.4]], dtype="float32")


def _column_norms(w, axis=0):
    return np.sqrt((np.asarray(w) ** 2).sum(axis=axis))


def test_max_norm_clips_large_norms_only():
    out = constraints.MaxNorm(1.0)(torch.tensor(W)).numpy()
    np.testing.assert_allclose(_column_norms(out), [1.0, 0.5], rtol=1e-5)
    np.testing.assert_allclose(out[:, 1], W[:, 1], rtol=1e-5)


def test_unit_norm():
    out = constraints.UnitNorm()(torch.tensor(W)).numpy()
    np.testing.assert_allclose(_column_norms(out), [1.0, 1.0], rtol=1e-5)
    out = constraints.UnitNorm(axis=1)(torch.tensor(W)).numpy()
    np.testing.assert_allclose(_column_norms(out, axis=1), [1.0, 1.0], rtol=1e-5)


@pytest.mark.parametrize("rate, expected", [(1.0, [2.0, 1.0]), (0.5, [3.5, 0.75])])
def test_min_max_norm(rate, expected):
    out = constraints.MinMaxNorm(1.0, 2.0, rate=rate)(torch.tensor(W)).numpy()
    np.testing.assert_allclose(_column_norms(out), expected, rtol=1e-5)


def test_non_neg():
    np.testing.assert_array_equal(constraints.NonNeg()(torch.tensor(W)).numpy(),
                                  np.maximum(W, 0))


def test_axis_list_on_conv_kernel():
    w = torch.randn(3, 3, 4, 8)
    out = constraints.UnitNorm(axis=[0, 1, 2])(w)
    np.testing.assert_allclose(out.square().sum(dim=(0, 1, 2)).numpy(), np.ones(8), rtol=1e-5)


def test_accepts_numpy_and_base_is_identity():
    assert isinstance(constraints.NonNeg()(W), torch.Tensor)
    w = torch.tensor(W)
    assert constraints.Constraint()(w) is w
    assert constraints.Constraint().get_config() == {}


@pytest.mark.parametrize(
    "constraint",
    [constraints.MaxNorm(1.5, axis=[0, 1]), constraints.MinMaxNorm(0.1, 2.0, 0.5, 1),
     constraints.NonNeg(), constraints.UnitNorm(axis=-1)],
)
def test_config_round_trip(constraint):
    config = constraint.get_config()
    assert type(constraint).from_config(config).get_config() == config
    rebuilt = constraints.deserialize(constraints.serialize(constraint))
    assert type(rebuilt) is type(constraint) and rebuilt.get_config() == config
    assert constraints.get(constraints.serialize(constraint)).get_config() == config


def test_defaults():
    assert constraints.MaxNorm().get_config() == {"max_value": 2, "axis": 0}
    assert constraints.MinMaxNorm().get_config() == {
        "min_value": 0.0, "max_value": 1.0, "rate": 1.0, "axis": 0}
    assert constraints.UnitNorm().get_config() == {"axis": 0}


@pytest.mark.parametrize(
    "name, cls",
    [("max_norm", constraints.MaxNorm), ("MaxNorm", constraints.MaxNorm),
     ("min_max_norm", constraints.MinMaxNorm), ("non_neg", constraints.NonNeg),
     ("unit_norm", constraints.UnitNorm), ("NonNeg", constraints.NonNeg)],
)
def test_get_by_name(name, cls):
    assert type(constraints.get(name)) is cls


def test_aliases_and_errors():
    assert constraints.max_norm is constraints.MaxNorm
    assert constraints.min_max_norm is constraints.MinMaxNorm
    assert constraints.non_neg is constraints.NonNeg
    assert constraints.unit_norm is constraints.UnitNorm
    assert constraints.get(None) is None
    with pytest.raises(ValueError):
        constraints.get("max")
    with pytest.raises(ValueError):
        constraints.get(1.0)


def test_optimizer_applies_constraint():
    kerastorch.utils.set_random_seed(0)
    model = kerastorch.Sequential([
        kerastorch.Input(shape=(3,)),
        kerastorch.layers.Dense(2, kernel_constraint="non_neg",
                                bias_constraint=constraints.MaxNorm(0.01)),
    ])
    model.compile(optimizer=kerastorch.optimizers.SGD(1.0), loss="mse")
    x = np.random.rand(8, 3).astype("float32")
    model.fit(x, -10 * np.ones((8, 2), "float32"), epochs=2, verbose=0)
    kernel, bias = model.get_weights()
    assert (kernel >= 0).all()
    assert np.linalg.norm(bias) <= 0.01 + 1e-6
