"""The losses beyond MSE/MAE/crossentropies, side by side with `keras.losses` (torch backend).

Every class is compared over reductions x sample weights x target layouts
(including `(N,)` targets against `(N, 1)` predictions) x its options, with
and without a `_keras_mask` on the predictions; then function forms, configs,
serialization, `get` for every Keras name, errors, and a `fit` through a few
of them. `tests/compat/test_losses_compat.py` covers MSE, MAE and the
binary / categorical / sparse crossentropies.
"""

import itertools
import re
import warnings

import keras
import numpy as np
import pytest
import torch

import kerastorch
from kerastorch import losses
from tests.compat.twins import assert_same_weights, classification_data, mlp_pair

pytestmark = pytest.mark.filterwarnings("ignore::SyntaxWarning")

RTOL, ATOL = 1e-5, 1e-6
N, T, C = 6, 4, 5
CTC_FRAMES, CTC_LABELS = 9, 3
REDUCTIONS = ["sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", None, "none"]
DENSE_LAYOUTS = ["2d", "rank_match_1d", "rank_match_2d", "3d"]

_BINARY_OPTIONS = [
    {},
    {"from_logits": True},
    {"apply_class_balancing": True, "alpha": 0.4, "gamma": 1.5},
    {"from_logits": True, "label_smoothing": 0.1, "gamma": 0.0},
    {"apply_class_balancing": True, "from_logits": True, "label_smoothing": 0.2, "gamma": 3.0},
]
_CATEGORICAL_OPTIONS = [
    {},
    {"from_logits": True},
    {"alpha": 0.5, "gamma": 1.0, "label_smoothing": 0.1},
    {"from_logits": True, "alpha": 1.0, "gamma": 0.0, "label_smoothing": 0.2},
]

# class name -> (function name, data kind, constructor kwargs options, layouts)
LOSSES = {
    "MeanAbsolutePercentageError": ("mean_absolute_percentage_error", "percent", [{}], DENSE_LAYOUTS),
    "MeanSquaredLogarithmicError": ("mean_squared_logarithmic_error", "regression", [{}], DENSE_LAYOUTS),
    "CosineSimilarity": ("cosine_similarity", "regression", [{}, {"axis": 1}], ["2d", "3d"]),
    "Huber": ("huber", "regression", [{}, {"delta": 0.5}, {"delta": 2.5}], DENSE_LAYOUTS),
    "LogCosh": ("log_cosh", "regression", [{}], DENSE_LAYOUTS),
    "Hinge": ("hinge", "hinge01", [{}], DENSE_LAYOUTS),
    "SquaredHinge": ("squared_hinge", "hinge_pm1", [{}], DENSE_LAYOUTS),
    "CategoricalHinge": ("categorical_hinge", "scores", [{}], ["2d", "3d"]),
    "KLDivergence": ("kl_divergence", "distribution", [{}], ["2d", "3d"]),
    "Poisson": ("poisson", "counts", [{}], DENSE_LAYOUTS),
    "BinaryFocalCrossentropy": ("binary_focal_crossentropy", "binary", _BINARY_OPTIONS, DENSE_LAYOUTS),
    "CategoricalFocalCrossentropy": (
        "categorical_focal_crossentropy", "categorical", _CATEGORICAL_OPTIONS, ["2d", "3d"]
    ),
    "Dice": ("dice", "segmentation", [{}, {"axis": 1}, {"axis": [1, 2]}], ["2d", "3d"]),
    "Tversky": (
        "tversky", "segmentation", [{}, {"alpha": 0.3, "beta": 0.7, "axis": -1}, {"alpha": 0.8, "axis": [1, 2]}],
        ["2d", "3d"],
    ),
    "CategoricalGeneralizedCrossEntropy": (
        "categorical_generalized_cross_entropy", "sparse", [{"q": 0.5}, {"q": 0.1}], ["2d", "3d"]
    ),
    "Circle": (
        "circle", "embeddings", [{}, {"gamma": 10.0, "margin": 0.25}, {"remove_diagonal": False}], ["2d"]
    ),
    "CTC": ("ctc", "ctc", [{}], ["ctc"]),
}
WEIGHTS = {"2d": [None, (N,), (N, 1)], "3d": [None, (N, 1), (N, T)], "ctc": [None, (N,), (N, 1)]}


def _valid(kwargs, layout):
    """Whether the options apply to the layout (axes `[1, 2]` need rank-3 data)."""
    return not (isinstance(kwargs.get("axis"), list) and layout != "3d")


def make_data(kind, layout, options, seed=0):
    """Returns float32 predictions and targets (int64 labels for sparse kinds)."""
    rng = np.random.default_rng(seed)
    lead = (N, T) if layout == "3d" else (N,)
    width = 1 if layout.startswith("rank_match") else C
    shape = lead + (width,)
    from_logits = options.get("from_logits", False)
    if kind == "regression":
        y_true, y_pred = rng.normal(size=shape), rng.normal(size=shape)
    elif kind == "percent":
        y_true, y_pred = rng.normal(size=shape), rng.normal(size=shape)
        y_true[rng.uniform(size=shape) < 0.2] = 0.0  # |y_true| is clipped to epsilon
    elif kind in ("hinge01", "hinge_pm1", "binary", "segmentation"):
        y_true = rng.integers(0, 2, size=shape).astype("float64")
        if kind == "hinge_pm1":
            y_true = 2 * y_true - 1
        if kind in ("hinge01", "hinge_pm1") or from_logits:
            y_pred = rng.normal(size=shape) * 2
        else:
            y_pred = rng.uniform(0.0, 1.0, size=shape)
            y_pred[rng.uniform(size=shape) < 0.1] = 1.0  # saturated
    elif kind == "scores":
        y_true, y_pred = np.eye(C)[rng.integers(0, C, size=lead)], rng.normal(size=shape)
    elif kind == "distribution":
        y_true = rng.dirichlet(np.ones(C), size=lead)
        y_true[rng.uniform(size=shape) < 0.2] = 0.0
        y_pred = rng.uniform(0.0, 1.0, size=shape)
    elif kind == "counts":
        y_true, y_pred = rng.poisson(2.0, size=shape), rng.uniform(0.0, 3.0, size=shape)
    elif kind == "categorical":
        y_true = np.eye(C)[rng.integers(0, C, size=lead)]
        y_pred = rng.normal(size=shape) * 3 if from_logits else rng.uniform(0.0, 1.0, size=shape)
    elif kind == "sparse":
        logits = rng.normal(size=shape)
        y_true = rng.integers(0, C, size=lead)
        y_pred = np.exp(logits) / np.exp(logits).sum(-1, keepdims=True)
    elif kind == "embeddings":
        y_true = rng.integers(0, 3, size=(N,))
        y_pred = rng.normal(size=(N, C))
        y_pred = y_pred / np.linalg.norm(y_pred, axis=-1, keepdims=True)
    else:  # ctc: labels padded with the blank 0, per-frame logits
        y_true = rng.integers(1, C, size=(N, CTC_LABELS))
        y_true[np.arange(N) % 3 == 1, -1] = 0
        y_true[np.arange(N) % 3 == 2, 1:] = 0
        y_pred = rng.normal(size=(N, CTC_FRAMES, C))
    if layout == "rank_match_1d":
        y_true = y_true.reshape(lead)
    elif layout == "rank_match_2d":
        y_pred = y_pred.reshape(lead)
    label_dtype = "int64" if kind in ("sparse", "embeddings", "ctc") else "float32"
    return y_true.astype(label_dtype), y_pred.astype("float32")


def make_weights(shape, seed=1):
    return None if shape is None else np.random.default_rng(seed).uniform(0.0, 2.0, size=shape).astype("float32")


def to_numpy(x):
    return x.detach().cpu().numpy() if isinstance(x, torch.Tensor) else keras.ops.convert_to_numpy(x)


def assert_close(ours, theirs):
    ours, theirs = to_numpy(ours), to_numpy(theirs)
    assert ours.shape == theirs.shape
    np.testing.assert_allclose(ours, theirs, rtol=RTOL, atol=ATOL)


def assert_same_outcome(ours_fn, keras_fn, *args, **kwargs):
    """Asserts both calls give the same values, or both raise the same error type.

    Returns:
        Whether values were computed (rather than errors raised).
    """
    try:
        expected = keras_fn(*args, **kwargs)
    except Exception as error:  # noqa: BLE001 - any Keras error must be matched
        with pytest.raises(type(error)):
            ours_fn(*args, **kwargs)
        return False
    assert_close(ours_fn(*args, **kwargs), expected)
    return True


def _class_cases():
    for name, (_, kind, options, layouts) in LOSSES.items():
        for kwargs, layout in itertools.product(options, layouts):
            if _valid(kwargs, layout):
                yield pytest.param(name, kind, kwargs, layout, id=f"{name}-{kwargs}-{layout}")


@pytest.mark.parametrize("name,kind,kwargs,layout", list(_class_cases()))
def test_loss_values_match_keras(name, kind, kwargs, layout):
    y_true, y_pred = make_data(kind, layout, kwargs)
    computed = 0
    for weights, reduction in itertools.product(WEIGHTS.get(layout, WEIGHTS["2d"]), REDUCTIONS):
        sample_weight = make_weights(weights)
        ours = getattr(losses, name)(reduction=reduction, **kwargs)
        theirs = getattr(keras.losses, name)(reduction=reduction, **kwargs)
        computed += assert_same_outcome(ours, theirs, y_true, y_pred, sample_weight=sample_weight)
    assert computed >= len(REDUCTIONS)  # at least the unweighted calls compute


# Options whose losses keep one value per mask entry (the default is the last option).
MASK_OPTIONS = {"CosineSimilarity": {}, "Dice": {"axis": -1}, "Tversky": {"alpha": 0.3, "beta": 0.7, "axis": -1}}


def _mask_cases():
    for name, (_, kind, options, layouts) in LOSSES.items():
        if kind in ("embeddings", "ctc"):  # Circle sets its own mask (tested below); CTC has one loss per sequence
            continue
        kwargs = MASK_OPTIONS.get(name, options[-1])
        for layout in ["2d", "3d"]:
            if layout in layouts:
                yield pytest.param(name, kind, kwargs, layout, id=f"{name}-{kwargs}-{layout}")


@pytest.mark.parametrize("with_weights", [False, True])
@pytest.mark.parametrize("name,kind,kwargs,layout", list(_mask_cases()))
def test_keras_mask_on_predictions_matches_keras(name, kind, kwargs, layout, with_weights):
    y_true, y_pred = make_data(kind, layout, kwargs)
    lead = (N, T) if layout == "3d" else (N,)
    mask = torch.tensor(np.random.default_rng(3).uniform(size=lead) < 0.6)
    sample_weight = make_weights(lead) if with_weights else None
    for reduction in REDUCTIONS:
        ours_pred, theirs_pred = torch.tensor(y_pred), torch.tensor(y_pred)
        ours_pred._keras_mask = mask
        theirs_pred._keras_mask = mask
        ours = getattr(losses, name)(reduction=reduction, **kwargs)
        theirs = getattr(keras.losses, name)(reduction=reduction, **kwargs)
        assert_close(ours(y_true, ours_pred, sample_weight=sample_weight),
                     theirs(y_true, theirs_pred, sample_weight=sample_weight))


def test_circle_masks_queries_without_loss_like_keras():
    y_true = np.array([0, 0, 1, 1, 2, 2])
    y_pred = np.eye(6, 4, dtype="float32")[[0, 0, 1, 1, 2, 2]]  # each class on its own axis
    for reduction in REDUCTIONS:
        ours = losses.Circle(reduction=reduction, margin=0.0)(y_true, y_pred)
        theirs = keras.losses.Circle(reduction=reduction, margin=0.0)(y_true, y_pred)
        assert_close(ours, theirs)
    per_query = losses.circle(y_true, y_pred, margin=0.0)
    assert per_query._keras_mask.tolist() == keras.ops.convert_to_numpy(
        keras.losses.circle(y_true, y_pred, margin=0.0)._keras_mask).tolist()


def test_circle_with_reference_embeddings_matches_keras():
    y_true, y_pred = make_data("embeddings", "2d", {})
    ref_labels, ref_embeddings = make_data("embeddings", "2d", {}, seed=4)
    for remove_diagonal in (False, True):
        kwargs = {"ref_labels": ref_labels, "ref_embeddings": ref_embeddings, "remove_diagonal": remove_diagonal}
        assert_close(losses.circle(y_true, y_pred, **kwargs), keras.losses.circle(y_true, y_pred, **kwargs))


def test_sparse_categorical_crossentropy_class_axis_matches_keras():
    rng = np.random.default_rng(0)
    logits = rng.normal(size=(N, C, T)).astype("float32")
    labels = rng.integers(0, C, size=(N, T))
    for from_logits, reduction in itertools.product([True, False], REDUCTIONS):
        y_pred = logits if from_logits else np.abs(logits)
        kwargs = {"from_logits": from_logits, "axis": 1, "reduction": reduction}
        assert_close(losses.SparseCategoricalCrossentropy(**kwargs)(labels, y_pred),
                     keras.losses.SparseCategoricalCrossentropy(**kwargs)(labels, y_pred))
        assert_close(
            losses.sparse_categorical_crossentropy(labels, y_pred, from_logits=from_logits, axis=1),
            keras.losses.sparse_categorical_crossentropy(labels, y_pred, from_logits=from_logits, axis=1),
        )


def _function_cases():
    for fn, kind, options, layouts in LOSSES.values():
        for kwargs, layout in itertools.product(options, layouts):
            if _valid(kwargs, layout):
                yield pytest.param(fn, kind, kwargs, layout, id=f"{fn}-{kwargs}-{layout}")


@pytest.mark.parametrize("as_tensor", [False, True])
@pytest.mark.parametrize("fn,kind,kwargs,layout", list(_function_cases()))
def test_loss_functions_match_keras(fn, kind, kwargs, layout, as_tensor):
    # The function forms do not rank-match `(N,)` with `(N, 1)` unless Keras's
    # do: the outcome (values, broadcast shapes or errors) must be the same.
    y_true, y_pred = make_data(kind, layout, kwargs)
    if as_tensor:
        y_true, y_pred = torch.tensor(y_true), torch.tensor(y_pred)
    # Keras's generalized crossentropy function fails on NumPy predictions
    # (it multiplies them with a tensor); ours converts them like the others.
    keras_pred = torch.as_tensor(y_pred) if fn == "categorical_generalized_cross_entropy" else y_pred
    assert_same_outcome(
        lambda: getattr(losses, fn)(y_true, y_pred, **kwargs),
        lambda: getattr(keras.losses, fn)(y_true, keras_pred, **kwargs),
    )


def test_function_forms_are_the_metric_functions():
    for name in ["hinge", "squared_hinge", "categorical_hinge", "kl_divergence", "poisson", "huber", "log_cosh",
                 "mean_absolute_percentage_error", "mean_squared_logarithmic_error",
                 "binary_focal_crossentropy", "categorical_focal_crossentropy"]:
        fn = getattr(losses, name)
        assert kerastorch.api_export.lookup(f"keras.metrics.{name}") is fn
        assert losses.serialize(fn) == keras.losses.serialize(getattr(keras.losses, name))
        assert losses.deserialize(keras.losses.serialize(getattr(keras.losses, name))) is fn


def _config_cases():
    for name, (_, _, options, _) in LOSSES.items():
        for kwargs in options + [{"name": "custom", "reduction": "sum"}]:
            if name == "CategoricalGeneralizedCrossEntropy" and "q" not in kwargs:
                kwargs = {**kwargs, "q": 0.3}
            yield pytest.param(name, kwargs, id=f"{name}-{kwargs}")


@pytest.mark.parametrize("name,kwargs", list(_config_cases()))
def test_config_and_serialization_match_keras(name, kwargs):
    ours = getattr(losses, name)(**kwargs)
    theirs = getattr(keras.losses, name)(**kwargs)
    assert ours.get_config() == theirs.get_config()
    assert losses.serialize(ours) == keras.losses.serialize(theirs)
    assert type(ours).from_config(ours.get_config()).get_config() == ours.get_config()
    rebuilt = losses.deserialize(keras.losses.serialize(theirs))
    assert type(rebuilt) is type(ours) and rebuilt.get_config() == theirs.get_config()
    # Keras's own `keras.losses.deserialize` cannot find the generalized
    # crossentropy (absent from its names); its generic deserializer can.
    assert keras.saving.deserialize_keras_object(losses.serialize(ours)).get_config() == ours.get_config()
    for key in ("from_logits", "label_smoothing", "axis", "alpha", "beta", "gamma", "q", "margin"):
        assert getattr(ours, key, None) == getattr(theirs, key, None)


def _public_keras_names():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return sorted(name for name in dir(keras.losses) if not name.startswith("_"))


def test_every_keras_loss_name_exists():
    missing = [name for name in _public_keras_names() if not hasattr(losses, name)]
    assert missing == []
    for name in _public_keras_names():
        assert isinstance(getattr(losses, name), type) == isinstance(getattr(keras.losses, name), type), name


@pytest.mark.parametrize(
    "identifier",
    sorted(set(_public_keras_names()) - {"get", "serialize", "deserialize", "Loss"})
    + ["mse", "MSE", "mae", "MAE", "mape", "MAPE", "msle", "MSLE", "kld", "KLD", "bce", "BCE",
       "logcosh", "kullback_leibler_divergence", "LossFunctionWrapper", "nonexistent"],
)
def test_get_matches_keras_for_every_name(identifier):
    try:
        theirs = keras.losses.get(identifier)
    except Exception as error:  # noqa: BLE001
        with pytest.raises(type(error)):
            losses.get(identifier)
        return
    ours = losses.get(identifier)
    assert type(ours).__name__ == type(theirs).__name__
    assert getattr(ours, "__name__", None) == getattr(theirs, "__name__", None)
    if hasattr(theirs, "get_config"):
        assert ours.get_config() == theirs.get_config()


def _plain_shapes(message):
    """Writes Keras's `torch.Size([4, 3])` in messages as `(4, 3)`, as we do."""
    return re.sub(r"torch\.Size\(\[(.*?)\]\)", r"(\1)", message)


@pytest.mark.parametrize(
    "make",
    [
        lambda lib: lib.losses.CategoricalGeneralizedCrossEntropy(q=1.0),
        lambda lib: lib.losses.CategoricalGeneralizedCrossEntropy(q=0.0),
        lambda lib: lib.losses.ctc(np.zeros((2, 3, 1)), np.zeros((2, 4, 5), "float32")),
        lambda lib: lib.losses.ctc(np.zeros((2, 3)), np.zeros((2, 5), "float32")),
        lambda lib: lib.losses.categorical_focal_crossentropy(np.eye(3), np.eye(3), axis=True),
        lambda lib: lib.losses.BinaryFocalCrossentropy()(np.zeros((4, 3)), np.full((4, 2), 0.5, "float32")),
    ],
)
def test_errors_match_keras(make):
    with pytest.raises(Exception) as expected:
        make(keras)
    with pytest.raises(Exception) as received:
        make(kerastorch)
    assert received.type is expected.type
    if expected.type is ValueError:
        assert _plain_shapes(str(received.value)) == _plain_shapes(str(expected.value))


def test_binary_hinge_labels_are_converted_only_when_all_binary_like_keras():
    y_pred = np.array([[0.3, -0.8], [1.5, 0.2]], "float32")
    for y_true in ([[0.0, 1.0], [1.0, 0.0]], [[0.0, 1.0], [-1.0, 0.0]], [[0.5, 1.0], [1.0, 0.0]]):
        y_true = np.array(y_true, "float32")
        assert_close(losses.hinge(y_true, y_pred), keras.losses.hinge(y_true, y_pred))
        assert_close(losses.squared_hinge(y_true, y_pred), keras.losses.squared_hinge(y_true, y_pred))


FIT_SETUPS = [
    # (loss for each library, output units, output activation, target kind)
    (lambda lib: "huber", 3, "linear", "dense"),
    (lambda lib: lib.losses.Huber(delta=0.3), 3, "linear", "dense"),
    (lambda lib: "log_cosh", 3, "linear", "dense"),
    (lambda lib: "mape", 3, "linear", "dense"),
    (lambda lib: "msle", 3, "softplus", "positive"),
    (lambda lib: "poisson", 3, "softplus", "positive"),
    (lambda lib: "kld", 3, "softmax", "distribution"),
    (lambda lib: "hinge", 1, "tanh", "binary"),
    (lambda lib: "squared_hinge", 1, "tanh", "binary"),
    (lambda lib: "categorical_hinge", 3, "linear", "onehot"),
    (lambda lib: "cosine_similarity", 3, "linear", "dense"),
    (lambda lib: lib.losses.BinaryFocalCrossentropy(apply_class_balancing=True), 1, "sigmoid", "binary"),
    (lambda lib: lib.losses.CategoricalFocalCrossentropy(from_logits=True), 3, "linear", "onehot"),
    (lambda lib: lib.losses.Dice(), 3, "sigmoid", "onehot"),
    (lambda lib: lib.losses.Tversky(alpha=0.7, beta=0.3, axis=-1), 3, "sigmoid", "onehot"),
    (lambda lib: lib.losses.CategoricalGeneralizedCrossEntropy(q=0.7), 3, "softmax", "sparse"),
]


def _fit_targets(kind, labels):
    rng = np.random.default_rng(5)
    if kind == "dense":
        return rng.normal(size=(len(labels), 3)).astype("float32")
    if kind == "positive":
        return rng.poisson(1.5, size=(len(labels), 3)).astype("float32")
    if kind == "distribution":
        return rng.dirichlet(np.ones(3), size=len(labels)).astype("float32")
    if kind == "binary":
        return (labels % 2).astype("float32").reshape(-1, 1)
    if kind == "onehot":
        return np.eye(3, dtype="float32")[labels]
    return labels


@pytest.mark.parametrize("make_loss,units,activation,kind", FIT_SETUPS)
def test_fit_with_loss_matches_keras(make_loss, units, activation, kind):
    x, labels = classification_data(samples=48)
    y = _fit_targets(kind, labels)
    keras_model, kt_model = mlp_pair(keras, classes=units, output_activation=activation)
    for lib, model in ((keras, keras_model), (kerastorch, kt_model)):
        model.compile(optimizer=lib.optimizers.SGD(learning_rate=0.05), loss=make_loss(lib))
    expected = keras_model.fit(x, y, batch_size=16, epochs=2, shuffle=False, verbose=0)
    received = kt_model.fit(x, y, batch_size=16, epochs=2, shuffle=False, verbose=0)
    np.testing.assert_allclose(received.history["loss"], expected.history["loss"], rtol=1e-4, atol=1e-6)
    assert_same_weights(keras_model, kt_model, rtol=1e-4, atol=1e-6)
