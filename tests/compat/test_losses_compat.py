"""`kerastorch.losses` side by side with `keras.losses` (torch backend).

Every loss class is compared over reductions x sample weights x target layouts
x from_logits / label_smoothing / ignore_class x saturated probabilities.
"""

import itertools
import warnings

import keras
import numpy as np
import pytest
import torch

from kerastorch import losses

RTOL, ATOL = 1e-5, 1e-6
N, T, C = 6, 4, 5
REDUCTIONS = ["sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", None, "none"]

# name -> (kind, list of constructor kwargs)
LOSS_CONFIGS = {
    "MeanSquaredError": ("regression", [{}]),
    "MeanAbsoluteError": ("regression", [{}]),
    "BinaryCrossentropy": (
        "binary",
        [{"from_logits": f, "label_smoothing": s} for f, s in itertools.product([False, True], [0.0, 0.1])],
    ),
    "CategoricalCrossentropy": (
        "categorical",
        [{"from_logits": f, "label_smoothing": s} for f, s in itertools.product([False, True], [0.0, 0.2])],
    ),
    "SparseCategoricalCrossentropy": (
        "sparse",
        [{"from_logits": f, "ignore_class": i} for f, i in itertools.product([False, True], [None, 1])],
    ),
}
FUNCTIONS = {
    "MeanSquaredError": "mean_squared_error",
    "MeanAbsoluteError": "mean_absolute_error",
    "BinaryCrossentropy": "binary_crossentropy",
    "CategoricalCrossentropy": "categorical_crossentropy",
    "SparseCategoricalCrossentropy": "sparse_categorical_crossentropy",
}
# Target layouts: "2d" (N, C); "rank_match_1d" (N,) targets against (N, 1)
# predictions, "rank_match_2d" (N, 1) against (N,) (sparse: (N, 1) labels), which
# must not broadcast to (N, N); "3d" (N, T, C) sequences, with per-element weights.
LAYOUTS = {
    "regression": ["2d", "rank_match_1d", "rank_match_2d", "3d"],
    "binary": ["2d", "rank_match_1d", "rank_match_2d", "3d"],
    "categorical": ["2d", "3d"],
    "sparse": ["2d", "rank_match_2d", "3d"],
}
WEIGHTS = {"2d": [None, "sample", "sample_col"], "3d": [None, "sample_col3", "element"]}


def _weights_for(layout):
    return WEIGHTS["3d" if layout == "3d" else "2d"]


def make_data(kind, layout, from_logits=False, saturated=False, seed=0):
    """Returns float32 `(y_true, y_pred)` numpy arrays for a kind of loss."""
    rng = np.random.default_rng(seed)
    lead = (N, T) if layout == "3d" else (N,)
    classes = 1 if layout.startswith("rank_match") and kind in ("regression", "binary") else C
    shape = lead + (classes,)
    if kind == "regression":
        y_true, y_pred = rng.normal(size=shape), rng.normal(size=shape)
    elif kind == "binary":
        y_true = rng.integers(0, 2, size=shape)
        if from_logits:
            y_pred = rng.normal(size=shape) * (60.0 if saturated else 2.0)
        else:
            y_pred = rng.uniform(0.02, 0.98, size=shape)
            if saturated:
                y_pred = np.where(rng.uniform(size=shape) < 0.5, 0.0, 1.0)
    else:
        labels = rng.integers(0, C, size=lead)
        if from_logits:
            y_pred = rng.normal(size=shape) * (60.0 if saturated else 2.0)
        elif saturated:
            y_pred = np.eye(C)[rng.integers(0, C, size=lead)]
        else:
            y_pred = rng.uniform(0.05, 1.0, size=shape)  # unnormalized on purpose
        y_true = np.eye(C)[labels] if kind == "categorical" else labels
    if layout == "rank_match_1d":
        y_true = y_true.reshape(lead)
    elif layout == "rank_match_2d" and kind == "sparse":
        y_true = y_true.reshape(lead + (1,))
    elif layout == "rank_match_2d":
        y_pred = y_pred.reshape(lead)
    dtype = "int64" if kind == "sparse" else "float32"
    return y_true.astype(dtype), y_pred.astype("float32")


def make_weights(option, seed=1):
    rng = np.random.default_rng(seed)
    shapes = {"sample": (N,), "sample_col": (N, 1), "sample_col3": (N, 1), "element": (N, T)}
    if option is None:
        return None
    return rng.uniform(0.0, 2.0, size=shapes[option]).astype("float32")


def to_numpy(x):
    return keras.ops.convert_to_numpy(x) if not isinstance(x, torch.Tensor) else x.detach().cpu().numpy()


def assert_close(ours, theirs):
    ours, theirs = to_numpy(ours), to_numpy(theirs)
    assert ours.shape == theirs.shape
    np.testing.assert_allclose(ours, theirs, rtol=RTOL, atol=ATOL)


def _cases():
    for name, (kind, configs) in LOSS_CONFIGS.items():
        for kwargs, layout in itertools.product(configs, LAYOUTS[kind]):
            for weights, reduction in itertools.product(_weights_for(layout), REDUCTIONS):
                saturations = [False, True] if kind != "regression" else [False]
                for saturated in saturations:
                    case_id = f"{name}-{kwargs}-{layout}-w={weights}-r={reduction}-sat={saturated}"
                    yield pytest.param(name, kind, kwargs, layout, weights, reduction, saturated, id=case_id)


@pytest.mark.parametrize("name,kind,kwargs,layout,weights,reduction,saturated", list(_cases()))
def test_loss_values_match_keras(name, kind, kwargs, layout, weights, reduction, saturated):
    y_true, y_pred = make_data(kind, layout, kwargs.get("from_logits", False), saturated)
    sample_weight = make_weights(weights)
    ours = getattr(losses, name)(reduction=reduction, **kwargs)
    theirs = getattr(keras.losses, name)(reduction=reduction, **kwargs)
    keras_weight = sample_weight
    if kwargs.get("ignore_class") is not None and weights == "sample_col3":
        # Keras multiplies the mask into the weights in place (`*=`), which
        # cannot broadcast (N, 1) weights to the (N, T) mask; we broadcast.
        keras_weight = np.broadcast_to(sample_weight, (N, T))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)
        expected = theirs(y_true, y_pred, sample_weight=keras_weight)
        received = ours(y_true, y_pred, sample_weight=sample_weight)
    assert_close(received, expected)


@pytest.mark.parametrize("as_tensor", [False, True])
@pytest.mark.parametrize(
    "name,kind,kwargs,layout,saturated",
    [
        pytest.param(name, kind, kwargs, layout, saturated, id=f"{name}-{kwargs}-{layout}-sat={saturated}")
        for name, (kind, configs) in LOSS_CONFIGS.items()
        for kwargs in configs
        for layout in ("2d", "3d")
        for saturated in ([False, True] if kind != "regression" else [False])
    ],
)
def test_loss_functions_match_keras(name, kind, kwargs, layout, saturated, as_tensor):
    y_true, y_pred = make_data(kind, layout, kwargs.get("from_logits", False), saturated)
    if as_tensor:
        y_true, y_pred = torch.tensor(y_true), torch.tensor(y_pred)
    fn = FUNCTIONS[name]
    expected = getattr(keras.losses, fn)(y_true, y_pred, **kwargs)
    received = getattr(losses, fn)(y_true, y_pred, **kwargs)
    assert_close(received, expected)


def test_saturated_softmax_crossentropy_is_bounded_like_keras_on_torch():
    # Keras on TensorFlow would read the cached logits; on torch (and here) the
    # clipped probabilities give -log(epsilon) for a confident wrong answer.
    logits = torch.tensor([[200.0, 0.0, -200.0]])
    probabilities = torch.softmax(logits, dim=-1)
    y_true = np.array([[0.0, 0.0, 1.0]], dtype="float32")
    expected = keras.losses.CategoricalCrossentropy()(y_true, keras.activations.softmax(logits))
    received = losses.CategoricalCrossentropy()(y_true, probabilities)
    assert_close(received, expected)
    np.testing.assert_allclose(received.item(), -np.log(1e-7), rtol=1e-5)


@pytest.mark.parametrize(
    "name,kwargs",
    [(name, kwargs) for name, (_, configs) in LOSS_CONFIGS.items() for kwargs in configs]
    + [("BinaryCrossentropy", {"axis": 1, "name": "bce", "reduction": "sum"}),
       ("SparseCategoricalCrossentropy", {"axis": 1, "reduction": None})],
)
def test_config_and_serialization_match_keras(name, kwargs):
    ours = getattr(losses, name)(**kwargs)
    theirs = getattr(keras.losses, name)(**kwargs)
    assert ours.get_config() == theirs.get_config()
    assert losses.serialize(ours) == keras.losses.serialize(theirs)
    assert type(ours).from_config(ours.get_config()).get_config() == ours.get_config()
    rebuilt = losses.deserialize(keras.losses.serialize(theirs))
    assert isinstance(rebuilt, getattr(losses, name))
    assert rebuilt.get_config() == theirs.get_config()
    assert keras.losses.deserialize(losses.serialize(ours)).get_config() == ours.get_config()


@pytest.mark.parametrize("fn", sorted(set(FUNCTIONS.values())))
def test_function_serialization_matches_keras(fn):
    assert losses.serialize(getattr(losses, fn)) == keras.losses.serialize(getattr(keras.losses, fn))
    assert losses.deserialize(keras.losses.serialize(getattr(keras.losses, fn))) is getattr(losses, fn)


def test_function_wrapper_config_matches_keras():
    from keras.src.losses import LossFunctionWrapper as KerasWrapper

    ours = losses.LossFunctionWrapper(losses.binary_crossentropy, name="w", from_logits=True)
    theirs = KerasWrapper(keras.losses.binary_crossentropy, name="w", from_logits=True)
    assert ours.get_config() == theirs.get_config()
    rebuilt = losses.LossFunctionWrapper.from_config(theirs.get_config())
    assert rebuilt.fn is losses.binary_crossentropy
    y_true, y_pred = make_data("binary", "2d", from_logits=True)
    assert_close(rebuilt(y_true, y_pred), theirs(y_true, y_pred))


@pytest.mark.parametrize(
    "identifier",
    ["mse", "MSE", "mae", "MAE", "bce", "BCE", "mean_squared_error", "mean_absolute_error",
     "binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy",
     "MeanSquaredError", "MeanAbsoluteError", "BinaryCrossentropy", "CategoricalCrossentropy",
     "SparseCategoricalCrossentropy",
     {"class_name": "CategoricalCrossentropy", "config": {"from_logits": True}}],
)
def test_get_matches_keras(identifier):
    ours, theirs = losses.get(identifier), keras.losses.get(identifier)
    assert type(ours).__name__ == type(theirs).__name__
    assert getattr(ours, "__name__", None) == getattr(theirs, "__name__", None)
    if hasattr(theirs, "get_config"):
        assert ours.get_config() == theirs.get_config()


@pytest.mark.parametrize("identifier", ["nonexistent", 3])
def test_get_errors_like_keras(identifier):
    with pytest.raises(Exception) as expected:
        keras.losses.get(identifier)
    with pytest.raises(Exception) as received:
        losses.get(identifier)
    assert received.type is expected.type


@pytest.mark.parametrize(
    "name,kwargs,y_true,y_pred",
    [
        ("MeanSquaredError", {}, np.zeros((4, 3)), np.zeros((4, 2))),
        ("MeanAbsoluteError", {}, np.zeros((4, 3)), np.zeros((5, 3))),
        ("BinaryCrossentropy", {}, np.zeros((4, 3)), np.full((4, 2), 0.5)),
        ("BinaryCrossentropy", {"from_logits": True}, np.zeros((4, 3)), np.zeros((4, 1))),
        ("CategoricalCrossentropy", {}, np.zeros((4, 3)), np.full((4, 2), 0.5)),
        ("CategoricalCrossentropy", {"from_logits": True}, np.zeros((2, 4, 3)), np.zeros((4, 3))),
        ("SparseCategoricalCrossentropy", {}, np.zeros((5,)), np.full((4, 3), 0.3)),
        ("SparseCategoricalCrossentropy", {"from_logits": True}, np.zeros((4, 2)), np.zeros((4, 3))),
    ],
)
def test_shape_mismatch_errors_match_keras(name, kwargs, y_true, y_pred):
    y_true, y_pred = y_true.astype("float32"), y_pred.astype("float32")
    with pytest.raises(Exception) as expected:
        getattr(keras.losses, name)(**kwargs)(y_true, y_pred)
    with pytest.raises(Exception) as received:
        getattr(losses, name)(**kwargs)(y_true, y_pred)
    assert received.type is expected.type
    if expected.type is ValueError:
        assert str(expected.value).split(":")[0] == str(received.value).split(":")[0]


@pytest.mark.parametrize("weights_shape", [(N, 3), (N + 1,)])
def test_bad_sample_weight_errors_match_keras(weights_shape):
    y_true, y_pred = make_data("regression", "2d")
    sample_weight = np.ones(weights_shape, dtype="float32")
    with pytest.raises(Exception) as expected:
        keras.losses.MeanSquaredError()(y_true, y_pred, sample_weight=sample_weight)
    with pytest.raises(Exception) as received:
        losses.MeanSquaredError()(y_true, y_pred, sample_weight=sample_weight)
    assert received.type is expected.type


def test_invalid_reduction_error_matches_keras():
    with pytest.raises(ValueError, match="Invalid value for argument `reduction`"):
        keras.losses.MeanSquaredError(reduction="avg")
    with pytest.raises(ValueError, match="Invalid value for argument `reduction`"):
        losses.MeanSquaredError(reduction="avg")


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("with_weights", [False, True])
def test_keras_mask_on_predictions_matches_keras(reduction, with_weights):
    y_true, y_pred = make_data("regression", "3d")
    mask = np.random.default_rng(3).uniform(size=(N, T)) < 0.6
    sample_weight = make_weights("element") if with_weights else None
    theirs_pred = torch.tensor(y_pred)
    theirs_pred._keras_mask = torch.tensor(mask)
    ours_pred = torch.tensor(y_pred)
    ours_pred._keras_mask = torch.tensor(mask)
    expected = keras.losses.MeanSquaredError(reduction=reduction)(y_true, theirs_pred, sample_weight=sample_weight)
    received = losses.MeanSquaredError(reduction=reduction)(y_true, ours_pred, sample_weight=sample_weight)
    assert_close(received, expected)
