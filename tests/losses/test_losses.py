"""Unit tests of `kerastorch.losses` (values against NumPy formulas, reductions, masks, configs)."""

import numpy as np
import pytest
import torch

from kerastorch import losses
from kerastorch.backend import config
from kerastorch.losses.loss_utils import squeeze_or_expand_to_same_rank
from kerastorch.saving import register_keras_serializable

EPS = 1e-7
RNG = np.random.default_rng(0)
PROBS = RNG.uniform(0.05, 1.0, size=(4, 3)).astype("float32")
LOGITS = RNG.normal(size=(4, 3)).astype("float32")
ONE_HOT = np.eye(3, dtype="float32")[[0, 2, 1, 2]]
LABELS = np.array([0, 2, 1, 2])
BINARY = RNG.integers(0, 2, size=(4, 3)).astype("float32")


def _np_log_softmax(x, axis=-1):
    x = x - x.max(axis=axis, keepdims=True)
    return x - np.log(np.exp(x).sum(axis=axis, keepdims=True))


def _np_categorical(y_true, y_pred, from_logits, smoothing=0.0):
    if smoothing:
        y_true = y_true * (1 - smoothing) + smoothing / y_true.shape[-1]
    if from_logits:
        log_prob = _np_log_softmax(y_pred)
    else:
        log_prob = np.log(np.clip(y_pred / y_pred.sum(-1, keepdims=True), EPS, 1 - EPS))
    return -(y_true * log_prob).sum(-1)


def _np_binary(y_true, y_pred, from_logits, smoothing=0.0):
    y_true = y_true * (1 - smoothing) + 0.5 * smoothing
    if from_logits:
        y_pred = 1 / (1 + np.exp(-y_pred))
    y_pred = np.clip(y_pred, EPS, 1 - EPS)
    return -(y_true * np.log(y_pred) + (1 - y_true) * np.log(1 - y_pred)).mean(-1)


@pytest.mark.parametrize(
    "fn,args,kwargs,expected",
    [
        ("mean_squared_error", (BINARY, PROBS), {}, ((BINARY - PROBS) ** 2).mean(-1)),
        ("mean_absolute_error", (BINARY, PROBS), {}, np.abs(BINARY - PROBS).mean(-1)),
        ("binary_crossentropy", (BINARY, PROBS), {}, _np_binary(BINARY, PROBS, False)),
        ("binary_crossentropy", (BINARY, LOGITS), {"from_logits": True}, _np_binary(BINARY, LOGITS, True)),
        ("binary_crossentropy", (BINARY, PROBS), {"label_smoothing": 0.2}, _np_binary(BINARY, PROBS, False, 0.2)),
        ("categorical_crossentropy", (ONE_HOT, PROBS), {}, _np_categorical(ONE_HOT, PROBS, False)),
        ("categorical_crossentropy", (ONE_HOT, LOGITS), {"from_logits": True},
         _np_categorical(ONE_HOT, LOGITS, True)),
        ("categorical_crossentropy", (ONE_HOT, LOGITS), {"from_logits": True, "label_smoothing": 0.1},
         _np_categorical(ONE_HOT, LOGITS, True, 0.1)),
        ("sparse_categorical_crossentropy", (LABELS, PROBS), {}, _np_categorical(ONE_HOT, PROBS, False)),
        ("sparse_categorical_crossentropy", (LABELS, LOGITS), {"from_logits": True},
         _np_categorical(ONE_HOT, LOGITS, True)),
    ],
)
def test_functions_compute_keras_formulas(fn, args, kwargs, expected):
    received = getattr(losses, fn)(*args, **kwargs)
    np.testing.assert_allclose(received.numpy(), expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("from_logits", [False, True])
def test_sparse_and_categorical_crossentropy_agree(from_logits):
    y_pred = LOGITS if from_logits else PROBS
    dense = losses.categorical_crossentropy(ONE_HOT, y_pred, from_logits=from_logits)
    sparse = losses.sparse_categorical_crossentropy(LABELS, y_pred, from_logits=from_logits)
    sparse_col = losses.sparse_categorical_crossentropy(LABELS[:, None], y_pred, from_logits=from_logits)
    torch.testing.assert_close(sparse, dense)
    torch.testing.assert_close(sparse_col, dense)


def test_class_axis_can_be_first():
    y_pred = np.moveaxis(RNG.normal(size=(2, 5, 3)).astype("float32"), -1, 1)  # (2, 3, 5)
    labels = RNG.integers(0, 3, size=(2, 5))
    one_hot = np.moveaxis(np.eye(3, dtype="float32")[labels], -1, 1)
    sparse = losses.sparse_categorical_crossentropy(labels, y_pred, from_logits=True, axis=1)
    dense = losses.categorical_crossentropy(one_hot, y_pred, from_logits=True, axis=1)
    assert sparse.shape == (2, 5)
    torch.testing.assert_close(sparse, dense)


@pytest.mark.parametrize(
    "fn,y_true,y_pred",
    [
        ("binary_crossentropy", [[1.0]], [[0.0]]),
        ("categorical_crossentropy", [[0.0, 1.0, 0.0]], [[1.0, 0.0, 0.0]]),
        ("sparse_categorical_crossentropy", [1], [[1.0, 0.0, 0.0]]),
    ],
)
def test_saturated_probabilities_are_clipped_to_epsilon(fn, y_true, y_pred):
    loss = getattr(losses, fn)(np.array(y_true), np.array(y_pred, dtype="float32"))
    np.testing.assert_allclose(loss.numpy(), [-np.log(EPS)], rtol=1e-5)


def test_epsilon_setting_is_used():
    y_true, y_pred = np.array([[0.0, 1.0]], "float32"), np.array([[1.0, 0.0]], "float32")
    config.set_epsilon(1e-3)
    try:
        loss = losses.categorical_crossentropy(y_true, y_pred)
    finally:
        config.set_epsilon(1e-7)
    np.testing.assert_allclose(loss.item(), -np.log(1e-3), rtol=1e-5)


VALUES = np.array([1.0, 2.0, 3.0, 4.0], dtype="float32")


@pytest.mark.parametrize(
    "reduction,sample_weight,expected",
    [
        ("sum_over_batch_size", None, 2.5),
        ("mean", None, 2.5),
        ("sum", None, 10.0),
        ("mean_with_sample_weight", None, 2.5),
        ("sum_over_batch_size", [1.0, 0.0, 0.0, 1.0], 1.25),
        ("sum", [1.0, 0.0, 0.0, 1.0], 5.0),
        ("mean_with_sample_weight", [1.0, 0.0, 0.0, 1.0], 2.5),
        ("mean_with_sample_weight", [0.0, 0.0, 0.0, 0.0], 0.0),
        (None, [2.0, 1.0, 1.0, 1.0], [2.0, 2.0, 3.0, 4.0]),
        ("none", None, [1.0, 2.0, 3.0, 4.0]),
    ],
)
def test_reductions(reduction, sample_weight, expected):
    loss = losses.MeanAbsoluteError(reduction=reduction)
    received = loss(np.zeros((4, 1), "float32"), VALUES[:, None], sample_weight=sample_weight)
    np.testing.assert_allclose(received.numpy(), expected, rtol=1e-6)


@pytest.mark.parametrize("true_shape,pred_shape", [((5,), (5, 1)), ((5, 1), (5,)), ((5, 1), (5, 1))])
def test_targets_are_rank_matched_not_broadcast(true_shape, pred_shape):
    y_true = np.arange(5, dtype="float32").reshape(true_shape)
    y_pred = (np.arange(5, dtype="float32") + 1).reshape(pred_shape)
    loss = losses.MeanSquaredError(reduction=None)(y_true, y_pred)
    assert loss.shape == (5,)
    torch.testing.assert_close(loss, torch.ones(5))


def test_squeeze_or_expand_to_same_rank():
    a, b = squeeze_or_expand_to_same_rank(torch.ones(3), torch.ones(3, 1))
    assert a.shape == b.shape == (3, 1)
    a, b = squeeze_or_expand_to_same_rank(torch.ones(3, 4, 1), torch.ones(3, 4))
    assert a.shape == b.shape == (3, 4)
    a, b = squeeze_or_expand_to_same_rank(torch.ones(3), torch.ones(3, 1), expand_rank_1=False)
    assert a.shape == b.shape == (3,)


@pytest.mark.parametrize("reduction,expected", [("sum_over_batch_size", 2.5), ("sum", 5.0)])
def test_keras_mask_on_predictions_excludes_entries(reduction, expected):
    y_pred = torch.tensor([[1.0], [2.0], [3.0], [4.0]])
    y_pred._keras_mask = torch.tensor([True, False, False, True])
    loss = losses.MeanAbsoluteError(reduction=reduction)(torch.zeros(4, 1), y_pred)
    np.testing.assert_allclose(loss.item(), expected)


@pytest.mark.parametrize("from_logits", [False, True])
def test_ignore_class_masks_and_averages_over_valid_labels(from_logits):
    y_pred = LOGITS if from_logits else PROBS
    labels = np.array([0, -1, 1, -1])
    per_sample = losses.sparse_categorical_crossentropy(labels, y_pred, from_logits=from_logits, ignore_class=-1)
    assert per_sample[1] == 0 and per_sample[3] == 0
    assert per_sample._keras_mask.tolist() == [True, False, True, False]
    reference = losses.sparse_categorical_crossentropy(
        LABELS[[0, 2]], y_pred[[0, 2]], from_logits=from_logits
    )
    loss = losses.SparseCategoricalCrossentropy(from_logits=from_logits, ignore_class=-1)(labels, y_pred)
    np.testing.assert_allclose(loss.item(), reference.mean().item(), rtol=1e-6)


@pytest.mark.parametrize(
    "loss,y_true,y_pred",
    [
        (losses.BinaryCrossentropy(from_logits=True), BINARY, LOGITS),
        (losses.CategoricalCrossentropy(from_logits=True), ONE_HOT, LOGITS),
        (losses.SparseCategoricalCrossentropy(from_logits=True), LABELS, LOGITS),
        (losses.CategoricalCrossentropy(), ONE_HOT, PROBS),
        (losses.MeanSquaredError(), BINARY, LOGITS),
    ],
)
def test_gradients_flow_to_predictions(loss, y_true, y_pred):
    y_pred = torch.tensor(y_pred, requires_grad=True)
    loss(y_true, y_pred).backward()
    assert y_pred.grad is not None and torch.isfinite(y_pred.grad).all()
    assert y_pred.grad.abs().sum() > 0


def test_logits_gradient_is_softmax_minus_targets():
    y_pred = torch.tensor(LOGITS, requires_grad=True)
    losses.SparseCategoricalCrossentropy(from_logits=True, reduction="sum")(LABELS, y_pred).backward()
    expected = torch.softmax(torch.tensor(LOGITS), -1) - torch.tensor(ONE_HOT)
    torch.testing.assert_close(y_pred.grad, expected)


def test_outputs_follow_prediction_dtype_and_loss_dtype():
    y_pred = torch.tensor(PROBS, dtype=torch.float64)
    assert losses.mean_squared_error(BINARY, y_pred).dtype == torch.float64
    assert losses.MeanSquaredError()(BINARY, y_pred).dtype == torch.float32
    loss64 = losses.MeanSquaredError(dtype="float64")
    assert loss64.dtype == "float64" and loss64(BINARY, PROBS).dtype == torch.float64
    assert losses.MeanSquaredError(dtype="mixed_bfloat16").dtype == "bfloat16"


def test_nested_structures_are_converted_and_rank_matched():
    def total_error(y_true, y_pred):
        return (y_true["a"] - y_pred["a"]) ** 2 + (y_true["b"] - y_pred["b"]).abs()

    loss = losses.LossFunctionWrapper(total_error, reduction=None)
    y_true = {"a": np.zeros((3,), "float32"), "b": np.ones((3, 1), "float32")}
    y_pred = {"a": torch.ones(3, 1), "b": torch.zeros(3, 1)}
    torch.testing.assert_close(loss(y_true, y_pred), torch.full((3, 1), 2.0))


def test_custom_loss_subclass():
    class Doubled(losses.Loss):
        def call(self, y_true, y_pred):
            return 2 * torch.mean(torch.abs(y_true - y_pred), dim=-1)

    loss = Doubled(reduction="sum")
    assert loss.name == "doubled"
    assert loss(np.zeros((2, 2)), np.ones((2, 2))).item() == 4.0
    assert loss.get_config() == {"name": "doubled", "reduction": "sum"}


@pytest.mark.parametrize(
    "cls,kwargs",
    [
        (losses.MeanSquaredError, {"reduction": "sum", "name": "m"}),
        (losses.MeanAbsoluteError, {}),
        (losses.BinaryCrossentropy, {"from_logits": True, "label_smoothing": 0.1, "axis": 1}),
        (losses.CategoricalCrossentropy, {"label_smoothing": 0.3, "reduction": None}),
        (losses.SparseCategoricalCrossentropy, {"from_logits": True, "ignore_class": 255}),
    ],
)
def test_config_round_trip(cls, kwargs):
    loss = cls(**kwargs)
    rebuilt = cls.from_config(loss.get_config())
    assert rebuilt.get_config() == loss.get_config()
    again = losses.deserialize(losses.serialize(loss))
    assert type(again) is cls and again.get_config() == loss.get_config()
    for key, value in kwargs.items():
        if key != "axis" or cls is not losses.SparseCategoricalCrossentropy:
            assert loss.get_config()[key] == value


@pytest.mark.parametrize(
    "identifier,expected",
    [
        ("mse", losses.mean_squared_error),
        ("MAE", losses.mean_absolute_error),
        ("bce", losses.binary_crossentropy),
        ("sparse_categorical_crossentropy", losses.sparse_categorical_crossentropy),
        (losses.categorical_crossentropy, losses.categorical_crossentropy),
        (None, None),
    ],
)
def test_get_returns_functions(identifier, expected):
    assert losses.get(identifier) is expected


def test_get_instantiates_classes_and_configs():
    assert isinstance(losses.get("CategoricalCrossentropy"), losses.CategoricalCrossentropy)
    assert isinstance(losses.get(losses.MeanSquaredError), losses.MeanSquaredError)
    instance = losses.BinaryCrossentropy()
    assert losses.get(instance) is instance
    loss = losses.get({"class_name": "BinaryCrossentropy", "config": {"from_logits": True}})
    assert loss.from_logits is True
    with pytest.raises(ValueError, match="Could not interpret loss identifier: nope"):
        losses.get("nope")


def test_aliases_are_public_names():
    assert losses.mse is losses.MSE is losses.mean_squared_error
    assert losses.mae is losses.MAE is losses.mean_absolute_error
    assert losses.bce is losses.binary_crossentropy


def test_wrapper_round_trips_registered_custom_function():
    @register_keras_serializable(package="TestLosses")
    def double_mae(y_true, y_pred):
        return 2 * losses.mean_absolute_error(y_true, y_pred)

    wrapper = losses.LossFunctionWrapper(double_mae, name="dmae", reduction="sum")
    rebuilt = losses.LossFunctionWrapper.from_config(wrapper.get_config())
    assert rebuilt.fn is double_mae
    assert rebuilt(np.zeros((2, 1)), np.ones((2, 1))).item() == 4.0


def test_wrapper_config_serializes_builtin_function_as_keras():
    wrapper = losses.LossFunctionWrapper(losses.categorical_crossentropy, name="w", label_smoothing=0.1)
    assert wrapper.get_config() == {
        "name": "w",
        "reduction": "sum_over_batch_size",
        "fn": {"module": "builtins", "class_name": "function", "config": "categorical_crossentropy",
               "registered_name": "function"},
        "label_smoothing": 0.1,
    }
    assert losses.LossFunctionWrapper.from_config(wrapper.get_config()).fn is losses.categorical_crossentropy


def test_invalid_arguments_raise_value_errors():
    with pytest.raises(ValueError, match="Invalid value for argument `reduction`"):
        losses.MeanSquaredError(reduction="average")
    with pytest.raises(ValueError, match="`axis` must be of type `int`"):
        losses.categorical_crossentropy(ONE_HOT, PROBS, axis=True)
    with pytest.raises(ValueError, match=r"target.shape=\(4, 3\), output.shape=\(4, 2\)"):
        losses.binary_crossentropy(BINARY, PROBS[:, :2])
    with pytest.raises(ValueError, match="must have the same shape up until the last dimension"):
        losses.sparse_categorical_crossentropy(LABELS[:3], PROBS)
    with pytest.warns(SyntaxWarning, match="Consider using 'binary_crossentropy'"):
        losses.categorical_crossentropy(np.ones((2, 1)), np.ones((2, 1)))


def test_python_scalars_are_made_on_the_device_of_predictions():
    y_pred = torch.tensor([[0.5]])
    loss = losses.MeanSquaredError()(1.0, y_pred, sample_weight=2)
    assert loss.device == y_pred.device
    np.testing.assert_allclose(loss.item(), 0.5)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device to detect host syncs")
@pytest.mark.parametrize(
    "loss,y_true,y_pred",
    [
        (losses.SparseCategoricalCrossentropy(from_logits=True), LABELS, LOGITS),
        (losses.SparseCategoricalCrossentropy(ignore_class=2), LABELS, PROBS),
        (losses.CategoricalCrossentropy(label_smoothing=0.1), ONE_HOT, PROBS),
        (losses.BinaryCrossentropy(), BINARY, PROBS),
        (losses.MeanSquaredError(reduction="mean_with_sample_weight"), BINARY, PROBS),
    ],
)
def test_losses_do_not_synchronize_the_device(loss, y_true, y_pred):
    y_true = torch.tensor(y_true, device="cuda")
    y_pred = torch.tensor(y_pred, device="cuda", requires_grad=True)
    sample_weight = torch.ones(4, device="cuda")
    loss(y_true, y_pred, sample_weight=sample_weight)  # warm up kernels and allocator
    torch.cuda.synchronize()
    torch.cuda.set_sync_debug_mode("error")
    try:
        value = loss(y_true, y_pred, sample_weight=sample_weight)
        value.backward()
    finally:
        torch.cuda.set_sync_debug_mode("default")
    assert value.device.type == "cuda"
