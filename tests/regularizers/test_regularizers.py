"""Unit tests of `kerastorch.regularizers`."""

import numpy as np
import pytest
import torch

import kerastorch
from kerastorch import regularizers

X = np.array([[1.0, -2.0], [3.0, -4.0]], dtype="float32")


@pytest.mark.parametrize(
    "regularizer, expected",
    [
        (regularizers.L1(0.1), 0.1 * 10.0),
        (regularizers.L2(0.1), 0.1 * 30.0),
        (regularizers.L1L2(l1=0.1, l2=0.2), 0.1 * 10.0 + 0.2 * 30.0),
        (regularizers.L1L2(), 0.0),
        (regularizers.Regularizer(), 0.0),
    ],
)
def test_penalty_is_a_scalar_tensor(regularizer, expected):
    penalty = regularizer(torch.tensor(X))
    assert isinstance(penalty, torch.Tensor) and penalty.ndim == 0
    assert penalty.dtype == torch.float32
    np.testing.assert_allclose(penalty.item(), expected, rtol=1e-6)


@pytest.mark.parametrize("mode", ["rows", "columns"])
def test_orthogonal_regularizer(mode):
    assert regularizers.OrthogonalRegularizer(mode=mode)(torch.eye(3)).item() == 0.0
    x = torch.tensor([[1.0, 0.0], [1.0, 1.0]])
    normalized = torch.nn.functional.normalize(x, dim=1 if mode == "rows" else 0)
    product = normalized @ normalized.T if mode == "rows" else normalized.T @ normalized
    expected = 0.5 * 0.5 * 2 * product[0, 1].abs() / 1.0
    penalty = regularizers.OrthogonalRegularizer(0.5, mode=mode)(x)
    np.testing.assert_allclose(penalty.item(), expected.item(), rtol=1e-6)


def test_penalty_has_gradient():
    w = torch.nn.Parameter(torch.tensor(X))
    regularizers.L2(0.5)(w).backward()
    np.testing.assert_allclose(w.grad.numpy(), X, rtol=1e-6)


def test_defaults_and_none():
    assert regularizers.L1().get_config() == {"l1": float(np.float32(0.01))}
    assert regularizers.L2(None).get_config() == {"l2": 0.01}
    assert regularizers.L1L2(l1=None, l2=0.1).get_config() == {"l1": 0.0, "l2": 0.1}
    assert regularizers.OrthogonalRegularizer().get_config() == {
        "factor": float(np.float32(0.01)), "mode": "rows"}


@pytest.mark.parametrize(
    "regularizer",
    [regularizers.L1(0.3), regularizers.L2(0.2), regularizers.L1L2(0.1, 0.2),
     regularizers.OrthogonalRegularizer(0.1, "columns")],
)
def test_config_round_trip(regularizer):
    config = regularizer.get_config()
    assert type(regularizer).from_config(config).get_config() == config
    rebuilt = regularizers.deserialize(regularizers.serialize(regularizer))
    assert type(rebuilt) is type(regularizer) and rebuilt.get_config() == config
    assert regularizers.get(regularizers.serialize(regularizer)).get_config() == config


@pytest.mark.parametrize(
    "name, cls",
    [("l1", regularizers.L1), ("l2", regularizers.L2), ("l1l2", regularizers.L1L2),
     ("L1L2", regularizers.L1L2), ("orthogonal_regularizer", regularizers.OrthogonalRegularizer),
     ("OrthogonalRegularizer", regularizers.OrthogonalRegularizer)],
)
def test_get_by_name(name, cls):
    assert type(regularizers.get(name)) is cls


def test_aliases_and_get_passthrough():
    assert regularizers.l1 is regularizers.L1
    assert regularizers.l2 is regularizers.L2
    assert regularizers.l1_l2 is regularizers.L1L2
    assert regularizers.orthogonal_regularizer is regularizers.OrthogonalRegularizer
    assert regularizers.get(None) is None
    fn = lambda w: w.sum()
    assert regularizers.get(fn) is fn
    assert type(regularizers.get(regularizers.L2)) is regularizers.L2


@pytest.mark.parametrize(
    "make",
    [lambda: regularizers.L1(-1.0), lambda: regularizers.L2(float("nan")),
     lambda: regularizers.L1L2(l1=float("inf")), lambda: regularizers.L2("0.1"),
     lambda: regularizers.OrthogonalRegularizer(-0.1),
     lambda: regularizers.OrthogonalRegularizer(mode="diagonal"),
     lambda: regularizers.OrthogonalRegularizer()(torch.ones(2, 2, 2)),
     lambda: regularizers.get("l1_l2"), lambda: regularizers.get(3)],
)
def test_errors(make):
    with pytest.raises(ValueError):
        make()


def test_base_get_config_not_implemented():
    with pytest.raises(NotImplementedError):
        regularizers.Regularizer().get_config()


def test_layer_losses_and_fit_use_the_penalty():
    kerastorch.utils.set_random_seed(0)
    layer = kerastorch.layers.Dense(2, kernel_regularizer="l2",
                                    bias_regularizer=regularizers.L1(0.1))
    layer(np.ones((1, 3), "float32"))
    assert isinstance(layer.kernel.regularizer, regularizers.L2)
    assert len(layer.losses) == 2
    expected = 0.01 * (layer.kernel.detach() ** 2).sum()
    np.testing.assert_allclose(layer.losses[0].item(), expected.item(), rtol=1e-6)
