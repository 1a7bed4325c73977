"""`kerastorch.metrics` side by side with `keras.metrics` (torch backend).

Each metric accumulates several batches, with and without sample weights, and
`result()` and the state variables are compared after every update and after
`reset_state()`. Also compared: the metric functions, configs and
serialization, `get` on every name Keras accepts, `_keras_mask` handling,
errors, metrics named in `compile()` during `fit`, and the namespace itself.
"""

import keras
import numpy as np
import pytest
import torch
from keras.src.metrics import ALL_OBJECTS_DICT as KERAS_METRIC_NAMES

import kerastorch
from kerastorch import api_export
from kerastorch import losses
from kerastorch import metrics
from tests.compat.test_training_compat import assert_histories_equal
from tests.compat.twins import classification_data
from tests.compat.twins import copy_weights

RTOL, ATOL = 1e-5, 1e-6
N, C, BATCHES = 8, 5, 3


def _softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return (e / e.sum(axis=-1, keepdims=True)).astype("float32")


def _data(kind, layout, seed):
    """One batch `(y_true, y_pred)` for a kind of metric."""
    rng = np.random.default_rng(seed)
    if kind == "values":
        return None, rng.normal(size=(N, 3)).astype("float32")
    if kind in ("binary", "binary_logits"):
        shape = (N, 1) if layout in ("col", "1d") else (N, 3)
        y_true = rng.integers(0, 2, size=shape).astype("float32")
        y_pred = rng.uniform(size=shape) if kind == "binary" else rng.normal(size=shape) * 3
        if layout == "1d":
            y_true = y_true[:, 0]
        return y_true, y_pred.astype("float32")
    if kind == "exact":
        y_true = rng.integers(0, 3, size=(N, 1))
        y_pred = np.where(rng.uniform(size=(N, 1)) < 0.5, y_true, y_true + 1)
        return (y_true[:, 0] if layout == "1d" else y_true), y_pred.astype("float32")
    if kind == "regression":
        y_true, y_pred = rng.normal(size=(N, 3)).astype("float32"), rng.normal(size=(N, 3)).astype("float32")
        if layout == "1d":
            return y_true[:, 0], y_pred[:, :1]
        if layout == "seq":
            return rng.normal(size=(N, 4, 3)).astype("float32"), rng.normal(size=(N, 4, 3)).astype("float32")
        return y_true, y_pred
    if kind == "positive":
        return (rng.uniform(0.5, 3.0, size=(N, 3)).astype("float32"),
                rng.uniform(0.1, 3.0, size=(N, 3)).astype("float32"))
    if kind == "counts":
        return (rng.integers(0, 5, size=(N, 3)).astype("float32"),
                rng.uniform(0.1, 4.0, size=(N, 3)).astype("float32"))
    if kind == "distributions":
        return _softmax(rng.normal(size=(N, C))), _softmax(rng.normal(size=(N, C)))
    labels = rng.integers(0, C, size=(N,))
    y_pred = rng.normal(size=(N, C)).astype("float32")
    y_pred[0] = y_pred[0, 0]  # a row of ties
    if kind.endswith("_probs"):
        y_pred = _softmax(y_pred)
    if kind.startswith("categorical"):
        return np.eye(C, dtype="float32")[labels], y_pred
    return (labels[:, None] if layout == "col" else labels), y_pred


METRICS = {
    # name[-variant]: (kind, constructor kwargs, label layouts)
    "Mean": ("values", {}, ["-"]),
    "Sum": ("values", {}, ["-"]),
    # Accuracy
    "Accuracy": ("exact", {}, ["1d", "col"]),
    "BinaryAccuracy": ("binary", {}, ["1d", "col", "multi"]),
    "BinaryAccuracy-0.7": ("binary", {"threshold": 0.7}, ["col"]),
    "CategoricalAccuracy": ("categorical", {}, ["-"]),
    "SparseCategoricalAccuracy": ("sparse", {}, ["1d", "col"]),
    "TopKCategoricalAccuracy": ("categorical", {}, ["-"]),
    "TopKCategoricalAccuracy-2": ("categorical", {"k": 2}, ["-"]),
    "SparseTopKCategoricalAccuracy": ("sparse", {}, ["1d", "col"]),
    "SparseTopKCategoricalAccuracy-1": ("sparse", {"k": 1}, ["1d", "col"]),
    # Regression
    "MeanSquaredError": ("regression", {}, ["-", "1d"]),
    "MeanAbsoluteError": ("regression", {}, ["-"]),
    "RootMeanSquaredError": ("regression", {}, ["-", "1d", "seq"]),
    "MeanAbsolutePercentageError": ("positive", {}, ["-"]),
    "MeanSquaredLogarithmicError": ("positive", {}, ["-"]),
    "LogCoshError": ("regression", {}, ["-"]),
    "CosineSimilarity": ("regression", {}, ["-", "seq"]),
    "CosineSimilarity-0": ("regression", {"axis": 0}, ["-"]),
    "R2Score": ("regression", {}, ["-", "1d"]),
    "R2Score-raw": ("regression", {"class_aggregation": None}, ["-"]),
    "R2Score-variance": ("regression", {"class_aggregation": "variance_weighted_average"}, ["-"]),
    "R2Score-adjusted": ("regression", {"num_regressors": 3}, ["-"]),
    # Correlation
    "PearsonCorrelation": ("regression", {}, ["-", "seq"]),
    "PearsonCorrelation-01": ("regression", {"axis": (0, 1)}, ["seq"]),
    "ConcordanceCorrelation": ("regression", {}, ["-", "seq"]),
    "ConcordanceCorrelation-0": ("regression", {"axis": 0}, ["-"]),
    # Probabilistic
    "BinaryCrossentropy": ("binary", {}, ["col", "multi"]),
    "BinaryCrossentropy-logits": ("binary_logits", {"from_logits": True, "label_smoothing": 0.1}, ["multi"]),
    "CategoricalCrossentropy": ("categorical_probs", {}, ["-"]),
    "CategoricalCrossentropy-logits": ("categorical", {"from_logits": True, "label_smoothing": 0.2}, ["-"]),
    "SparseCategoricalCrossentropy": ("sparse_probs", {}, ["1d", "col"]),
    "SparseCategoricalCrossentropy-logits": ("sparse", {"from_logits": True}, ["1d"]),
    "SparseCategoricalCrossentropy-ignore": ("sparse", {"from_logits": True, "ignore_class": 1}, ["1d", "col"]),
    "KLDivergence": ("distributions", {}, ["-"]),
    "Poisson": ("counts", {}, ["-"]),
    # Hinge
    "Hinge": ("binary_logits", {}, ["multi", "col"]),
    "SquaredHinge": ("binary_logits", {}, ["multi", "col"]),
    "CategoricalHinge": ("categorical", {}, ["-"]),
}
WEIGHTS = [None, "sample", "sample_col", "scalar"]


def _reduces_batch_axis(key):
    """Whether the metric's function reduces the batch axis (`axis=0`), giving values per feature."""
    return 0 in np.atleast_1d(METRICS[key][1].get("axis", -1))


def _weights(option, seed):
    rng = np.random.default_rng(seed + 100)
    if option == "sample":
        return rng.uniform(0.0, 2.0, size=(N,)).astype("float32")
    if option == "sample_col":
        return rng.uniform(0.0, 2.0, size=(N, 1)).astype("float32")
    if option == "scalar":
        return 0.5
    return None


def _pair(key):
    name = key.split("-")[0]
    kind, kwargs, _ = METRICS[key]
    return getattr(metrics, name)(**kwargs), getattr(keras.metrics, name)(**kwargs), kind


def _update(metric, kind, y_true, y_pred, sample_weight):
    if kind == "values":
        metric.update_state(y_pred, sample_weight=sample_weight)
    else:
        metric.update_state(y_true, y_pred, sample_weight=sample_weight)


def _value(x):
    return keras.ops.convert_to_numpy(x) if not isinstance(x, torch.Tensor) else x.detach().cpu().numpy()


def _assert_same_state(ours, theirs):
    np.testing.assert_allclose(_value(ours.result()), _value(theirs.result()), rtol=RTOL, atol=ATOL)
    assert [v.path for v in ours.variables] == [v.path for v in theirs.variables]
    for mine, reference in zip(ours.variables, theirs.variables):
        np.testing.assert_allclose(_value(mine), _value(reference.value), rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("weights", WEIGHTS)
@pytest.mark.parametrize(
    "key,layout", [(key, layout) for key, (_, _, layouts) in METRICS.items() for layout in layouts]
)
def test_metric_accumulation_matches_keras(key, layout, weights):
    if weights is not None and _reduces_batch_axis(key):
        pytest.skip("one value per feature, not per sample: sample weights do not apply")
    if weights == "scalar" and "ignore_class" in METRICS[key][1]:
        pytest.skip("Keras fails to fold a mask into a scalar weight (in-place broadcast); kerastorch does it")
    ours, theirs, kind = _pair(key)
    for step in range(BATCHES):
        y_true, y_pred = _data(kind, layout, seed=step)
        sample_weight = _weights(weights, step)
        _update(ours, kind, y_true, y_pred, sample_weight)
        _update(theirs, kind, y_true, y_pred, sample_weight)
        _assert_same_state(ours, theirs)
    ours.reset_state()
    theirs.reset_state()
    _assert_same_state(ours, theirs)
    y_true, y_pred = _data(kind, layout, seed=7)
    _update(ours, kind, y_true, y_pred, None)
    _update(theirs, kind, y_true, y_pred, None)
    _assert_same_state(ours, theirs)


@pytest.mark.parametrize("key", list(METRICS))
def test_metric_call_returns_result_like_keras(key):
    ours, theirs, kind = _pair(key)
    layout = METRICS[key][2][0]
    y_true, y_pred = _data(kind, layout, seed=0)
    args = (y_pred,) if kind == "values" else (y_true, y_pred)
    np.testing.assert_allclose(_value(ours(*args)), _value(theirs(*args)), rtol=RTOL, atol=ATOL)


MASKED_METRICS = [key for key, (kind, _, _) in METRICS.items() if kind != "values" and not _reduces_batch_axis(key)]


@pytest.mark.parametrize("weights", [None, "sample"])
@pytest.mark.parametrize("key", MASKED_METRICS)
def test_prediction_mask_is_honoured_like_keras(key, weights):
    """A `_keras_mask` on `y_pred` masks samples of the mean wrappers (RMSE and R2 ignore it, as Keras)."""
    ours, theirs, kind = _pair(key)
    layout = METRICS[key][2][0]
    for step in range(2):
        y_true, y_pred = _data(kind, layout, seed=step)
        mask = torch.tensor(np.random.default_rng(step).uniform(size=(N,)) < 0.6)
        sample_weight = _weights(weights, step)
        for metric in (ours, theirs):
            masked = torch.tensor(y_pred)
            masked._keras_mask = mask
            metric.update_state(y_true, masked, sample_weight=sample_weight)
        _assert_same_state(ours, theirs)


def test_sparse_top_k_from_sorted_ids_matches_keras():
    rng = np.random.default_rng(0)
    sorted_ids = np.argsort(-rng.normal(size=(N, C)), axis=-1).astype("float32")
    labels = rng.integers(0, C, size=(N,))
    ours = metrics.SparseTopKCategoricalAccuracy(k=2, from_sorted_ids=True)
    theirs = keras.metrics.SparseTopKCategoricalAccuracy(k=2, from_sorted_ids=True)
    ours.update_state(labels, sorted_ids)
    theirs.update_state(labels, sorted_ids)
    _assert_same_state(ours, theirs)
    assert ours.get_config() == theirs.get_config()


def test_adjusted_r2_warnings_match_keras():
    y_true, y_pred = _data("regression", "-", seed=0)
    for num_regressors in (N * 3 - 1, N * 3 + 5):
        ours, theirs = metrics.R2Score(num_regressors=num_regressors), keras.metrics.R2Score(
            num_regressors=num_regressors)
        ours.update_state(y_true, y_pred)
        theirs.update_state(y_true, y_pred)
        with pytest.warns(UserWarning) as expected:
            reference = theirs.result()
        with pytest.warns(UserWarning) as received:
            result = ours.result()
        assert [str(w.message) for w in received] == [str(w.message) for w in expected]
        np.testing.assert_allclose(_value(result), _value(reference), rtol=RTOL, atol=ATOL)


FUNCTIONS = [
    # (function, kwargs, kind, layout)
    ("binary_accuracy", {}, "binary", "1d"),
    ("binary_accuracy", {"threshold": 0.3}, "binary", "multi"),
    ("categorical_accuracy", {}, "categorical", "-"),
    ("sparse_categorical_accuracy", {}, "sparse", "1d"),
    ("sparse_categorical_accuracy", {}, "sparse", "col"),
    ("top_k_categorical_accuracy", {"k": 2}, "categorical", "-"),
    ("sparse_top_k_categorical_accuracy", {"k": 2}, "sparse", "1d"),
    ("sparse_top_k_categorical_accuracy", {"k": 3}, "sparse", "col"),
    ("mean_squared_error", {}, "regression", "-"),
    ("mean_absolute_error", {}, "regression", "1d"),
    ("mean_absolute_percentage_error", {}, "positive", "-"),
    ("mean_squared_logarithmic_error", {}, "positive", "-"),
    ("log_cosh", {}, "regression", "-"),
    ("huber", {}, "regression", "-"),
    ("huber", {"delta": 0.5}, "regression", "seq"),
    ("pearson_correlation", {}, "regression", "-"),
    ("pearson_correlation", {"axis": 0}, "regression", "seq"),
    ("concordance_correlation", {}, "regression", "-"),
    ("concordance_correlation", {"axis": (0, 1)}, "regression", "seq"),
    ("binary_crossentropy", {}, "binary", "multi"),
    ("binary_crossentropy", {"from_logits": True, "label_smoothing": 0.1}, "binary_logits", "col"),
    ("categorical_crossentropy", {}, "categorical_probs", "-"),
    ("categorical_crossentropy", {"from_logits": True}, "categorical", "-"),
    ("sparse_categorical_crossentropy", {}, "sparse_probs", "1d"),
    ("sparse_categorical_crossentropy", {"from_logits": True}, "sparse", "col"),
    ("binary_focal_crossentropy", {}, "binary", "multi"),
    ("binary_focal_crossentropy", {"apply_class_balancing": True, "from_logits": True}, "binary_logits", "multi"),
    ("categorical_focal_crossentropy", {}, "categorical_probs", "-"),
    ("categorical_focal_crossentropy", {"from_logits": True, "gamma": 1.0}, "categorical", "-"),
    ("kl_divergence", {}, "distributions", "-"),
    ("poisson", {}, "counts", "-"),
    ("hinge", {}, "binary_logits", "multi"),
    ("squared_hinge", {}, "binary_logits", "multi"),
    ("categorical_hinge", {}, "categorical", "-"),
]


@pytest.mark.parametrize("fn,kwargs,kind,layout", FUNCTIONS)
def test_metric_functions_match_keras(fn, kwargs, kind, layout):
    y_true, y_pred = _data(kind, layout, seed=3)
    expected = getattr(keras.metrics, fn)(y_true, y_pred, **kwargs)
    received = getattr(metrics, fn)(y_true, y_pred, **kwargs)
    assert tuple(received.shape) == tuple(expected.shape)
    assert str(received.dtype).replace("torch.", "") == str(expected.dtype).replace("torch.", "")
    np.testing.assert_allclose(_value(received), _value(expected), rtol=RTOL, atol=ATOL)


def test_every_metric_function_is_compared():
    public = {name for name in dir(keras.metrics) if name[0].islower() and not name.startswith("_")}
    assert public - {"get", "serialize", "deserialize"} == {fn for fn, *_ in FUNCTIONS}


@pytest.mark.parametrize("key", list(METRICS))
def test_metric_config_and_serialization_match_keras(key):
    ours, theirs, _ = _pair(key)
    assert ours.get_config() == theirs.get_config()
    assert metrics.serialize(ours) == keras.metrics.serialize(theirs)
    rebuilt = metrics.deserialize(keras.metrics.serialize(theirs))
    assert type(rebuilt) is type(ours)
    assert rebuilt.get_config() == theirs.get_config()
    assert type(ours).from_config(ours.get_config()).get_config() == ours.get_config()
    assert keras.metrics.deserialize(metrics.serialize(ours)).get_config() == ours.get_config()


def test_mean_metric_wrapper_config_matches_keras():
    ours = metrics.MeanMetricWrapper(losses.binary_crossentropy, name="w", from_logits=True)
    theirs = keras.metrics.MeanMetricWrapper(keras.losses.binary_crossentropy, name="w", from_logits=True)
    assert ours.get_config() == theirs.get_config()
    assert metrics.serialize(ours) == keras.metrics.serialize(theirs)
    rebuilt = metrics.MeanMetricWrapper.from_config(theirs.get_config())
    assert rebuilt._fn is losses.binary_crossentropy
    y_true, y_pred = _data("binary", "multi", seed=0)
    rebuilt.update_state(y_true, y_pred)
    theirs.update_state(y_true, y_pred)
    _assert_same_state(rebuilt, theirs)
    kerastorch.backend.clear_session()
    keras.backend.clear_session()
    default_name = keras.metrics.MeanMetricWrapper(keras.losses.mean_squared_error).name
    assert metrics.MeanMetricWrapper(losses.mse).name == default_name


@pytest.mark.parametrize("fn", ["pearson_correlation", "kl_divergence", "hinge"])
def test_mean_metric_wrapper_of_metric_functions_matches_keras(fn):
    ours = metrics.MeanMetricWrapper(getattr(metrics, fn), name="w")
    theirs = keras.metrics.MeanMetricWrapper(getattr(keras.metrics, fn), name="w")
    assert metrics.serialize(ours) == keras.metrics.serialize(theirs)
    rebuilt = metrics.deserialize(keras.metrics.serialize(theirs))
    assert rebuilt._fn is getattr(metrics, fn)
    assert keras.metrics.deserialize(metrics.serialize(ours))._fn is getattr(keras.metrics, fn)


def _get_or_error(get, identifier):
    try:
        return get(identifier)
    except Exception as error:  # noqa: BLE001 - the error itself is compared
        return error


@pytest.mark.parametrize(
    "identifier",
    sorted(KERAS_METRIC_NAMES)
    + [{"class_name": "BinaryAccuracy", "config": {"threshold": 0.3}},
       {"class_name": "CategoricalCrossentropy", "config": {"from_logits": True}},
       {"class_name": "R2Score", "config": {"class_aggregation": None, "num_regressors": 1}}],
)
def test_get_matches_keras(identifier):
    expected = _get_or_error(keras.metrics.get, identifier)
    received = _get_or_error(metrics.get, identifier)
    assert type(received).__name__ == type(expected).__name__
    if isinstance(expected, Exception):
        assert type(received) is type(expected)
    else:
        assert received.get_config() == expected.get_config()


@pytest.mark.parametrize("identifier", ["acc", "nonexistent", 3, "huber", "log_cosh", "crossentropy"])
def test_get_errors_like_keras(identifier):
    with pytest.raises(Exception) as expected:
        keras.metrics.get(identifier)
    with pytest.raises(Exception) as received:
        metrics.get(identifier)
    assert received.type is expected.type
    assert str(received.value) == str(expected.value)


def test_namespace_has_every_keras_metric():
    """Every public name of `keras.metrics` exists in `kerastorch.metrics`, classes under their Keras path."""
    public = [name for name in dir(keras.metrics) if not name.startswith("_")]
    missing = [name for name in public if not hasattr(metrics, name)]
    assert missing == []
    for name in public:
        if isinstance(getattr(keras.metrics, name), type):
            assert api_export.get_public_path(getattr(metrics, name)) == ("keras.metrics", name)


@pytest.mark.parametrize(
    "key,y_true,y_pred,sample_weight",
    [
        ("Mean", None, np.ones((4, 3)), np.ones((5,))),
        ("Sum", None, np.ones((4, 3)), np.ones((4, 2))),
        ("Accuracy", np.ones((4, 3)), np.ones((4, 2)), None),
        ("BinaryAccuracy", np.ones((4, 3)), np.ones((5, 3)), None),
        ("SparseCategoricalAccuracy", np.ones((4,)), np.ones((4, 3)), np.ones((3,))),
        ("TopKCategoricalAccuracy", np.eye(3)[[0, 1]], np.ones((2, 3)), None),
        ("SparseTopKCategoricalAccuracy", np.zeros((2,)), np.ones((3, 6)), None),
        ("MeanSquaredError", np.ones((4, 3)), np.ones((4, 2)), None),
        ("RootMeanSquaredError", np.ones((4, 3)), np.ones((4, 2)), None),
        ("R2Score", np.ones((4,)), np.ones((4,)), None),
        ("R2Score", np.ones((4, 2, 2)), np.ones((4, 2, 2)), None),
        ("BinaryCrossentropy", np.ones((4,)), np.full((4, 1), 0.5), None),
        ("CategoricalCrossentropy", np.eye(3)[[0, 1]], np.full((2, 4), 0.25), None),
        ("SparseCategoricalCrossentropy", np.zeros((2, 2)), np.full((2, 4), 0.25), None),
        ("CosineSimilarity", np.ones((4, 3)), np.ones((4, 2)), None),
        ("PearsonCorrelation", np.ones((4, 3)), np.ones((5, 3)), None),
    ],
)
def test_bad_input_errors_match_keras(key, y_true, y_pred, sample_weight):
    ours, theirs, kind = _pair(key)
    with pytest.raises(Exception) as expected:
        _update(theirs, kind, y_true, y_pred.astype("float32"), sample_weight)
    with pytest.raises(Exception) as received:
        _update(ours, kind, y_true, y_pred.astype("float32"), sample_weight)
    assert received.type is expected.type


@pytest.mark.parametrize(
    "kwargs",
    [{"class_aggregation": "max"}, {"num_regressors": -1}],
)
def test_r2_score_argument_errors_match_keras(kwargs):
    with pytest.raises(Exception) as expected:
        keras.metrics.R2Score(**kwargs)
    with pytest.raises(Exception) as received:
        metrics.R2Score(**kwargs)
    assert received.type is expected.type
    assert str(received.value) == str(expected.value)


FIT_SETUPS = {
    # name: (targets, output units, output activation, loss, metrics); a loss or metric is a
    # string or a `(class name, kwargs)` pair.
    "regression": ("regression", 3, "linear", "mse", [
        "mse", "mae", "mape", "msle", "root_mean_squared_error", "cosine_similarity", "log_cosh_error",
        "r2_score", "pearson_correlation", "concordance_correlation",
        ("R2Score", {"class_aggregation": "variance_weighted_average"}),
        ("PearsonCorrelation", {"axis": 0, "name": "pcc_batch"}),
    ]),
    "categorical": ("onehot", 3, "softmax", "categorical_crossentropy", [
        "categorical_crossentropy", "kl_divergence", "poisson", "categorical_hinge", "bce", "hinge",
        "squared_hinge", "KLDivergence",
        ("CategoricalCrossentropy", {"label_smoothing": 0.1, "name": "smooth_cce"}),
    ]),
    "sparse_logits": ("sparse", 3, "linear", ("SparseCategoricalCrossentropy", {"from_logits": True}), [
        ("SparseCategoricalCrossentropy", {"from_logits": True}),
        ("SparseCategoricalCrossentropy", {"from_logits": True, "ignore_class": 2, "name": "ignoring"}),
    ]),
    "sparse": ("sparse", 3, "softmax", "sparse_categorical_crossentropy", [
        "sparse_categorical_crossentropy", "accuracy",
    ]),
}


def _fit_targets(kind, x, labels):
    if kind == "regression":
        return (x[:, :3] * 0.5 + 0.1).astype("float32")
    if kind == "onehot":
        return np.eye(3, dtype="float32")[labels]
    return labels


@pytest.mark.parametrize("setup", list(FIT_SETUPS))
def test_metrics_in_compile_and_fit_match_keras(setup):
    kind, units, activation, loss, metric_specs = FIT_SETUPS[setup]
    x, labels = classification_data(samples=48)
    y = _fit_targets(kind, x, labels)
    weights = np.linspace(0.2, 1.5, len(x)).astype("float32")

    def build(lib):
        model = lib.Sequential([lib.Input(shape=(8,)), lib.layers.Dense(8, activation="tanh"),
                                lib.layers.Dense(units, activation=activation)])
        specs = [spec if isinstance(spec, str) else getattr(lib.metrics, spec[0])(**spec[1])
                 for spec in metric_specs]
        weighted = [spec for spec in metric_specs if isinstance(spec, str)][:2]
        loss_object = loss if isinstance(loss, str) else getattr(lib.losses, loss[0])(**loss[1])
        model.compile(optimizer=lib.optimizers.SGD(0.05), loss=loss_object, metrics=specs,
                      weighted_metrics=weighted)
        return model

    keras_model, kt_model = build(keras), build(kerastorch)
    copy_weights(keras_model, kt_model)
    expected = keras_model.fit(x, y, sample_weight=weights, batch_size=16, epochs=2, shuffle=False,
                               validation_split=0.25, verbose=0)
    received = kt_model.fit(x, y, sample_weight=weights, batch_size=16, epochs=2, shuffle=False,
                            validation_split=0.25, verbose=0)
    assert_histories_equal(expected, received)
    assert kt_model.evaluate(x, y, verbose=0, return_dict=True) == pytest.approx(
        keras_model.evaluate(x, y, verbose=0, return_dict=True), rel=1e-4)
