"""Unit tests of the losses beyond MSE/MAE/crossentropies: NumPy formulas, gradients, configs, devices."""

import numpy as np
import pytest
import torch

from kerastorch import losses

EPS = 1e-7
RNG = np.random.default_rng(0)
Y = RNG.normal(size=(4, 3)).astype("float32")
P = RNG.normal(size=(4, 3)).astype("float32")
PROBS = RNG.uniform(0.05, 1.0, size=(4, 3)).astype("float32")
BINARY = RNG.integers(0, 2, size=(4, 3)).astype("float32")
ONE_HOT = np.eye(3, dtype="float32")[[0, 2, 1, 2]]
LABELS = np.array([0, 2, 1, 2])


def _np_huber(y, p, delta):
    err = np.abs(p - y)
    return np.where(err <= delta, 0.5 * err**2, delta * err - 0.5 * delta**2).mean(-1)


def _np_cosine(y, p):
    y = y / np.linalg.norm(y, axis=-1, keepdims=True)
    p = p / np.linalg.norm(p, axis=-1, keepdims=True)
    return -(y * p).sum(-1)


def _np_focal_binary(y, p, gamma, alpha=None):
    p = np.clip(p, EPS, 1 - EPS)
    bce = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    p_t = y * p + (1 - y) * (1 - p)
    weight = 1.0 if alpha is None else y * alpha + (1 - y) * (1 - alpha)
    return (weight * (1 - p_t) ** gamma * bce).mean(-1)


def _np_focal_categorical(y, p, alpha, gamma):
    p = np.clip(p / p.sum(-1, keepdims=True), EPS, 1 - EPS)
    return (alpha * (1 - p) ** gamma * -y * np.log(p)).sum(-1)


@pytest.mark.parametrize(
    "fn,args,kwargs,expected",
    [
        ("mean_absolute_percentage_error", (Y, P), {}, 100 * np.abs((Y - P) / np.maximum(np.abs(Y), EPS)).mean(-1)),
        ("mean_squared_logarithmic_error", (Y, P), {},
         ((np.log(np.maximum(P, EPS) + 1) - np.log(np.maximum(Y, EPS) + 1)) ** 2).mean(-1)),
        ("huber", (Y, P), {"delta": 0.7}, _np_huber(Y, P, 0.7)),
        ("log_cosh", (Y, P), {}, np.log(np.cosh(P - Y)).mean(-1)),
        ("cosine_similarity", (Y, P), {}, _np_cosine(Y, P)),
        ("hinge", (BINARY, P), {}, np.maximum(1 - (2 * BINARY - 1) * P, 0).mean(-1)),
        ("squared_hinge", (BINARY, P), {}, (np.maximum(1 - (2 * BINARY - 1) * P, 0) ** 2).mean(-1)),
        ("categorical_hinge", (ONE_HOT, P), {},
         np.maximum(((1 - ONE_HOT) * P).max(-1) - (ONE_HOT * P).sum(-1) + 1, 0)),
        ("kl_divergence", (PROBS, PROBS[::-1].copy()), {},
         (PROBS * np.log(PROBS / np.clip(PROBS[::-1], EPS, 1))).sum(-1)),
        ("poisson", (BINARY, PROBS), {}, (PROBS - BINARY * np.log(PROBS + EPS)).mean(-1)),
        ("binary_focal_crossentropy", (BINARY, PROBS), {"gamma": 2.0}, _np_focal_binary(BINARY, PROBS, 2.0)),
        ("binary_focal_crossentropy", (BINARY, PROBS), {"gamma": 1.0, "apply_class_balancing": True, "alpha": 0.3},
         _np_focal_binary(BINARY, PROBS, 1.0, 0.3)),
        ("categorical_focal_crossentropy", (ONE_HOT, PROBS), {"alpha": 0.5, "gamma": 2.0},
         _np_focal_categorical(ONE_HOT, PROBS, 0.5, 2.0)),
        ("categorical_generalized_cross_entropy", (LABELS, PROBS), {"q": 0.4},
         (1 - PROBS[np.arange(4), LABELS] ** 0.4) / 0.4),
        ("dice", (BINARY, PROBS), {"axis": -1},
         1 - 2 * (BINARY * PROBS).sum(-1) / (BINARY.sum(-1) + PROBS.sum(-1) + EPS)),
        ("tversky", (BINARY, PROBS), {"alpha": 0.2, "beta": 0.8},
         1 - (BINARY * PROBS).sum() / ((BINARY * PROBS).sum() + 0.2 * ((1 - PROBS) * BINARY).sum()
                                       + 0.8 * (PROBS * (1 - BINARY)).sum() + EPS)),
    ],
)
def test_functions_compute_keras_formulas(fn, args, kwargs, expected):
    received = getattr(losses, fn)(*args, **kwargs)
    np.testing.assert_allclose(received.numpy(), expected, rtol=1e-5, atol=1e-6)


def test_focal_crossentropies_with_gamma_zero_are_crossentropies():
    np.testing.assert_allclose(
        losses.binary_focal_crossentropy(BINARY, PROBS, gamma=0.0).numpy(),
        losses.binary_crossentropy(BINARY, PROBS).numpy(), rtol=1e-6)
    np.testing.assert_allclose(
        losses.categorical_focal_crossentropy(ONE_HOT, PROBS, alpha=1.0, gamma=0.0).numpy(),
        losses.categorical_crossentropy(ONE_HOT, PROBS).numpy(), rtol=1e-6)


def test_hinge_leaves_signed_labels_unchanged():
    signed = 2 * BINARY - 1
    torch.testing.assert_close(losses.hinge(signed, P), losses.hinge(BINARY, P))


def test_ctc_of_a_certain_path_is_zero():
    logits = np.full((1, 3, 3), -50.0, "float32")
    logits[0, [0, 1, 2], [1, 0, 2]] = 50.0  # frames say "1, blank, 2"
    np.testing.assert_allclose(losses.ctc(np.array([[1, 2]]), logits).numpy(), [0.0], atol=1e-5)


def test_circle_masks_queries_with_zero_loss():
    embeddings = np.eye(4, dtype="float32")[[0, 0, 1, 1]]
    per_query = losses.circle(np.array([0, 0, 1, 1]), embeddings, margin=0.0)
    assert per_query.shape == (4,)
    assert per_query._keras_mask.tolist() == (per_query > 0).tolist()


@pytest.mark.parametrize(
    "loss,y_true,y_pred",
    [
        (losses.Huber(), Y, P),
        (losses.LogCosh(), Y, P),
        (losses.MeanAbsolutePercentageError(), Y, P),
        (losses.MeanSquaredLogarithmicError(), np.abs(Y), np.abs(P)),
        (losses.CosineSimilarity(), Y, P),
        (losses.Hinge(), BINARY, P),
        (losses.SquaredHinge(), BINARY, P),
        (losses.CategoricalHinge(), ONE_HOT, P),
        (losses.KLDivergence(), PROBS, PROBS[::-1].copy()),
        (losses.Poisson(), BINARY, PROBS),
        (losses.BinaryFocalCrossentropy(from_logits=True), BINARY, P),
        (losses.CategoricalFocalCrossentropy(from_logits=True), ONE_HOT, P),
        (losses.CategoricalGeneralizedCrossEntropy(), LABELS, PROBS),
        (losses.Dice(), BINARY, PROBS),
        (losses.Tversky(), BINARY, PROBS),
        (losses.Circle(), LABELS, P / np.linalg.norm(P, axis=-1, keepdims=True)),
        (losses.CTC(), np.array([[1, 2], [2, 0]]), RNG.normal(size=(2, 5, 3)).astype("float32")),
    ],
)
def test_gradients_flow_to_predictions(loss, y_true, y_pred):
    y_pred = torch.tensor(y_pred, requires_grad=True)
    loss(y_true, y_pred).backward()
    assert torch.isfinite(y_pred.grad).all() and y_pred.grad.abs().sum() > 0


@pytest.mark.parametrize(
    "cls,kwargs",
    [
        (losses.BinaryFocalCrossentropy, {"apply_class_balancing": True, "alpha": 0.4, "gamma": 1.0}),
        (losses.CategoricalFocalCrossentropy, {"from_logits": True, "label_smoothing": 0.1, "axis": 1}),
        (losses.Dice, {"axis": [1, 2], "reduction": "sum"}),
        (losses.Tversky, {"alpha": 0.3, "beta": 0.7}),
        (losses.Circle, {"gamma": 20.0, "margin": 0.3, "remove_diagonal": False}),
        (losses.CategoricalGeneralizedCrossEntropy, {"q": 0.2}),
        (losses.Huber, {"name": "h"}),
    ],
)
def test_config_round_trip(cls, kwargs):
    loss = cls(**kwargs)
    again = losses.deserialize(losses.serialize(loss))
    assert type(again) is cls and again.get_config() == loss.get_config()
    for key, value in kwargs.items():
        assert loss.get_config()[key] == value


def test_huber_delta_and_cosine_axis_are_left_out_of_the_config_as_in_keras():
    assert losses.Huber(delta=3.0).get_config() == {"name": "huber_loss", "reduction": "sum_over_batch_size"}
    assert "axis" not in losses.CosineSimilarity(axis=0).get_config()


@pytest.mark.parametrize(
    "identifier,expected",
    [("mape", losses.mean_absolute_percentage_error), ("MSLE", losses.mean_squared_logarithmic_error),
     ("kld", losses.kl_divergence), ("huber", losses.huber), ("log_cosh", losses.log_cosh),
     ("ctc", losses.ctc), ("circle", losses.circle)],
)
def test_get_returns_functions_and_aliases(identifier, expected):
    assert losses.get(identifier) is expected


def test_generalized_crossentropy_is_not_a_get_name_as_in_keras():
    with pytest.raises(ValueError, match="Could not interpret loss identifier"):
        losses.get("categorical_generalized_cross_entropy")
    with pytest.raises(ValueError, match=r"q must be in the interval \(0, 1\)"):
        losses.CategoricalGeneralizedCrossEntropy(q=1.5)


def test_module_aliases():
    assert losses.mape is losses.MAPE is losses.mean_absolute_percentage_error
    assert losses.msle is losses.MSLE is losses.mean_squared_logarithmic_error
    assert losses.kld is losses.KLD is losses.kullback_leibler_divergence is losses.kl_divergence
    assert losses.logcosh is losses.log_cosh


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device to detect host syncs")
@pytest.mark.parametrize(
    "loss,y_true,y_pred",
    [
        (losses.Huber(), Y, P),
        (losses.LogCosh(), Y, P),
        (losses.MeanAbsolutePercentageError(), Y, P),
        (losses.MeanSquaredLogarithmicError(), Y, P),
        (losses.CosineSimilarity(), Y, P),
        (losses.Hinge(), BINARY, P),
        (losses.CategoricalHinge(), ONE_HOT, P),
        (losses.KLDivergence(), PROBS, PROBS),
        (losses.Poisson(), BINARY, PROBS),
        (losses.BinaryFocalCrossentropy(apply_class_balancing=True), BINARY, PROBS),
        (losses.CategoricalFocalCrossentropy(label_smoothing=0.1), ONE_HOT, PROBS),
        (losses.CategoricalGeneralizedCrossEntropy(), LABELS, PROBS),
        (losses.Dice(), BINARY, PROBS),
        (losses.Tversky(axis=-1), BINARY, PROBS),
        (losses.Circle(), LABELS, P / np.linalg.norm(P, axis=-1, keepdims=True)),
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
