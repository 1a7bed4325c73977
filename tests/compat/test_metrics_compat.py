"""`kerastorch.metrics` side by side with `keras.metrics` (torch backend).

Each metric accumulates several batches, with and without sample weights, and
`result()` is compared after every update and after `reset_state()`.
"""

import keras
import numpy as np
import pytest
import torch

import kerastorch
from kerastorch import losses
from kerastorch import metrics

RTOL, ATOL = 1e-5, 1e-6
N, C, BATCHES = 8, 5, 3


def _data(kind, label_layout, seed):
    """One batch `(y_true, y_pred)` for a kind of metric."""
    rng = np.random.default_rng(seed)
    if kind == "values":
        return None, rng.normal(size=(N, 3)).astype("float32")
    if kind == "binary":
        shape = (N, 1) if label_layout == "col" else (N, 3)
        y_true = rng.integers(0, 2, size=shape).astype("float32")
        y_pred = rng.uniform(size=shape).astype("float32")
        if label_layout == "1d":
            y_true, y_pred = y_true[:, 0], y_pred[:, :1]
        return y_true, y_pred
    if kind == "exact":
        y_true = rng.integers(0, 3, size=(N, 1))
        y_pred = np.where(rng.uniform(size=(N, 1)) < 0.5, y_true, y_true + 1)
        return (y_true[:, 0] if label_layout == "1d" else y_true), y_pred.astype("float32")
    if kind == "regression":
        return rng.normal(size=(N, 3)).astype("float32"), rng.normal(size=(N, 3)).astype("float32")
    labels = rng.integers(0, C, size=(N,))
    y_pred = rng.normal(size=(N, C)).astype("float32")
    y_pred[0] = y_pred[0, 0]  # a row of ties
    if kind == "categorical":
        return np.eye(C, dtype="float32")[labels], y_pred
    return (labels[:, None] if label_layout == "col" else labels), y_pred


METRICS = {
    # name: (kind, constructor kwargs, label layouts)
    "Mean": ("values", {}, ["-"]),
    "Sum": ("values", {}, ["-"]),
    "Accuracy": ("exact", {}, ["1d", "col"]),
    "BinaryAccuracy": ("binary", {}, ["1d", "col", "multi"]),
    "BinaryAccuracy-0.7": ("binary", {"threshold": 0.7}, ["col"]),
    "CategoricalAccuracy": ("categorical", {}, ["-"]),
    "SparseCategoricalAccuracy": ("sparse", {}, ["1d", "col"]),
    "TopKCategoricalAccuracy": ("categorical", {}, ["-"]),
    "TopKCategoricalAccuracy-2": ("categorical", {"k": 2}, ["-"]),
    "SparseTopKCategoricalAccuracy": ("sparse", {}, ["1d", "col"]),
    "SparseTopKCategoricalAccuracy-1": ("sparse", {"k": 1}, ["1d", "col"]),
    "MeanSquaredError": ("regression", {}, ["-"]),
    "MeanAbsoluteError": ("regression", {}, ["-"]),
}
WEIGHTS = [None, "sample", "sample_col", "scalar"]


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
    assert len(ours.variables) == len(theirs.variables)
    for mine, reference in zip(ours.variables, theirs.variables):
        np.testing.assert_allclose(_value(mine), _value(reference.value), rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("weights", WEIGHTS)
@pytest.mark.parametrize(
    "key,layout", [(key, layout) for key, (_, _, layouts) in METRICS.items() for layout in layouts]
)
def test_metric_accumulation_matches_keras(key, layout, weights):
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


@pytest.mark.parametrize(
    "fn,kwargs,kind,layout",
    [
        ("binary_accuracy", {}, "binary", "1d"),
        ("binary_accuracy", {"threshold": 0.3}, "binary", "multi"),
        ("categorical_accuracy", {}, "categorical", "-"),
        ("sparse_categorical_accuracy", {}, "sparse", "1d"),
        ("sparse_categorical_accuracy", {}, "sparse", "col"),
        ("top_k_categorical_accuracy", {"k": 2}, "categorical", "-"),
        ("sparse_top_k_categorical_accuracy", {"k": 2}, "sparse", "1d"),
        ("sparse_top_k_categorical_accuracy", {"k": 3}, "sparse", "col"),
        ("mean_squared_error", {}, "regression", "-"),
    ],
)
def test_metric_functions_match_keras(fn, kwargs, kind, layout):
    y_true, y_pred = _data(kind, layout, seed=3)
    expected = getattr(keras.metrics, fn)(y_true, y_pred, **kwargs)
    received = getattr(metrics, fn)(y_true, y_pred, **kwargs)
    assert tuple(received.shape) == tuple(expected.shape)
    assert str(received.dtype).replace("torch.", "") == str(expected.dtype).replace("torch.", "")
    np.testing.assert_allclose(_value(received), _value(expected), rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("key", list(METRICS))
def test_metric_config_and_serialization_match_keras(key):
    ours, theirs, _ = _pair(key)
    assert ours.get_config() == theirs.get_config()
    assert metrics.serialize(ours) == keras.metrics.serialize(theirs)
    rebuilt = metrics.deserialize(keras.metrics.serialize(theirs))
    assert type(rebuilt) is type(ours)
    assert rebuilt.get_config() == theirs.get_config()
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


@pytest.mark.parametrize(
    "identifier",
    ["accuracy", "Accuracy", "binary_accuracy", "BinaryAccuracy", "categorical_accuracy",
     "sparse_categorical_accuracy", "top_k_categorical_accuracy", "sparse_top_k_categorical_accuracy",
     "mse", "MSE", "mae", "mean_squared_error", "MeanAbsoluteError", "mean", "sum",
     {"class_name": "BinaryAccuracy", "config": {"threshold": 0.3}}],
)
def test_get_matches_keras(identifier):
    ours, theirs = metrics.get(identifier), keras.metrics.get(identifier)
    assert type(ours).__name__ == type(theirs).__name__
    assert ours.get_config() == theirs.get_config()


@pytest.mark.parametrize("identifier", ["acc", "nonexistent", 3])
def test_get_errors_like_keras(identifier):
    with pytest.raises(Exception) as expected:
        keras.metrics.get(identifier)
    with pytest.raises(Exception) as received:
        metrics.get(identifier)
    assert received.type is expected.type
    assert str(received.value) == str(expected.value)


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
    ],
)
def test_bad_input_errors_match_keras(key, y_true, y_pred, sample_weight):
    ours, theirs, kind = _pair(key)
    with pytest.raises(Exception) as expected:
        _update(theirs, kind, y_true, y_pred.astype("float32"), sample_weight)
    with pytest.raises(Exception) as received:
        _update(ours, kind, y_true, y_pred.astype("float32"), sample_weight)
    assert received.type is expected.type
