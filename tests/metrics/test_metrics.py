"""Unit tests of `kerastorch.metrics`: state on the device, weighting, accuracy shapes, configs."""

import copy
import pickle

import numpy as np
import pytest
import torch

from kerastorch import losses
from kerastorch import metrics
from kerastorch.backend.device import get_device
from kerastorch.initializers import Constant

PROBS = np.array([[0.1, 0.6, 0.3], [0.05, 0.95, 0.0], [0.5, 0.2, 0.3], [0.2, 0.3, 0.5]], "float32")
LABELS = np.array([2, 1, 0, 1])


@pytest.mark.parametrize(
    "cls,values,sample_weight,expected",
    [
        (metrics.Mean, [1, 3, 5, 7], None, 4.0),
        (metrics.Mean, [1, 3, 5, 7], [1, 1, 0, 0], 2.0),
        (metrics.Mean, [[1, 3], [5, 7]], [1, 0], 2.0),
        (metrics.Mean, [[1, 3], [5, 7]], [[1, 0], [0, 1]], 4.0),
        (metrics.Mean, [1, 3, 5, 7], 2.0, 4.0),
        (metrics.Mean, 3.0, None, 3.0),
        (metrics.Sum, [1, 3, 5, 7], None, 16.0),
        (metrics.Sum, [1, 3, 5, 7], [1, 1, 0, 0], 4.0),
        (metrics.Sum, [[1, 3], [5, 7]], [1, 0], 4.0),
    ],
)
def test_reduction_metrics(cls, values, sample_weight, expected):
    metric = cls()
    metric.update_state(values, sample_weight=sample_weight)
    result = metric.result()
    assert isinstance(result, torch.Tensor) and result.shape == () and result.dtype == torch.float32
    np.testing.assert_allclose(result.item(), expected)


def test_mean_accumulates_weighted_batches():
    metric = metrics.Mean()
    metric.update_state([1.0, 2.0], sample_weight=[1.0, 3.0])
    metric.update_state([4.0], sample_weight=[4.0])
    np.testing.assert_allclose(metric.result().item(), (1 + 6 + 16) / 8)
    np.testing.assert_allclose([v.item() for v in metric.variables], [23.0, 8.0])


def test_mean_is_zero_before_any_update_and_after_reset():
    metric = metrics.Mean()
    assert metric.result().item() == 0.0
    metric.update_state([2.0])
    metric.reset_state()
    assert metric.result().item() == 0.0


def test_state_lives_on_the_device_and_is_updated_in_place():
    metric = metrics.Mean(name="loss")
    total, count = metric.variables
    assert [v.name for v in metric.variables] == ["total", "count"]
    assert [v.path for v in metric.variables] == ["loss/total", "loss/count"]
    assert all(v.device == get_device() and v.aggregation == "sum" for v in metric.variables)
    values = torch.tensor([1.0, 2.0], requires_grad=True)
    metric.update_state(values * 2)
    metric.reset_state()
    metric.update_state(values * 2, sample_weight=3)
    assert metric.variables[0] is total and metric.variables[1] is count
    assert not total.requires_grad and total.grad_fn is None
    np.testing.assert_allclose(metric.result().item(), 3.0)


def test_results_are_not_views_of_the_state():
    metric = metrics.Sum()
    metric.update_state([1.0, 2.0])
    result = metric.result()
    metric.reset_state()
    assert result.item() == 3.0
    assert type(result) is torch.Tensor


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device besides the CPU")
def test_state_follows_inputs_to_another_device():
    metric = metrics.SparseCategoricalAccuracy()
    total = metric.total
    assert total.device.type == "cpu"
    metric.update_state(torch.tensor(LABELS, device="cuda"), torch.tensor(PROBS, device="cuda"))
    assert metric.total is total and total.device.type == "cuda"
    assert isinstance(total, metrics.MetricVariable) and total.name == "total"
    np.testing.assert_allclose(metric.result().item(), 0.5)


@pytest.mark.parametrize("clone", [copy.deepcopy, lambda m: pickle.loads(pickle.dumps(m))])
def test_metrics_copy_and_pickle_with_their_state(clone):
    metric = metrics.Mean(name="loss")
    metric.update_state([1.0, 2.0])
    copied = clone(metric)
    assert copied.total is not metric.total and copied.variables[0] is copied.total
    assert [v.path for v in copied.variables] == ["loss/total", "loss/count"]
    copied.update_state([6.0])
    assert copied.result().item() == 3.0 and metric.result().item() == 1.5


@pytest.mark.parametrize(
    "initializer,expected",
    [("zeros", [0.0, 0.0]), ("ones", [1.0, 1.0]), (3, [3.0, 3.0]), (Constant(2.0), [2.0, 2.0]),
     (np.array([1.0, 5.0]), [1.0, 5.0])],
)
def test_add_variable_initializers(initializer, expected):
    metric = metrics.Metric(name="m")
    variable = metric.add_variable(shape=(2,), initializer=initializer, dtype="float64", name="v")
    assert variable.dtype == torch.float64 and variable.device == get_device()
    assert variable.tolist() == expected
    assert metric.variables == [variable]


def test_metric_variable_assign_methods():
    variable = metrics.Metric(name="m").add_variable(shape=(), initializer="zeros", name="v")
    variable.assign(5)
    variable.assign_add(torch.tensor(2.0, requires_grad=True))
    variable.assign_sub(np.float32(1.0))
    assert variable.item() == 6.0 and not variable.requires_grad
    variable.assign(torch.tensor(1.5))
    assert variable.item() == 1.5
    assert type(variable + 1) is torch.Tensor


def test_add_variable_validates_aggregation():
    with pytest.raises(ValueError, match="aggregation"):
        metrics.Metric().add_variable(shape=(), initializer="zeros", aggregation="max")


def test_forgetting_super_init_is_reported():
    class Broken(metrics.Metric):
        def __init__(self):
            pass

    with pytest.raises(RuntimeError, match="super\\(\\).__init__\\(\\)"):
        Broken().add_variable(shape=(), initializer="zeros")


class TruePositives(metrics.Metric):
    """A Keras-style custom metric: `add_variable` + `assign_add`."""

    def __init__(self, name="true_positives", **kwargs):
        super().__init__(name=name, **kwargs)
        self.true_positives = self.add_variable(shape=(), initializer="zeros", name="tp")

    def update_state(self, y_true, y_pred, sample_weight=None):
        hits = (torch.as_tensor(y_true) > 0.5) & (y_pred > 0.5)
        self.true_positives.assign_add(torch.sum(hits * y_pred))

    def result(self):
        return self.true_positives.clone()


def test_keras_style_custom_metric():
    metric = TruePositives()
    y_pred = torch.tensor([0.9, 0.2, 0.7], requires_grad=True)
    value = metric([1, 1, 0], y_pred)
    np.testing.assert_allclose(value.item(), 0.9, rtol=1e-6)
    assert metric.true_positives.grad_fn is None
    assert metric.get_config() == {"name": "true_positives", "dtype": "float32"}


def test_sub_metrics_are_tracked_in_order():
    class Pair(metrics.Metric):
        def __init__(self):
            super().__init__(name="pair")
            self.own = self.add_variable(shape=(), initializer="ones", name="own")
            self.first = metrics.Mean(name="first")
            self.others = [metrics.Sum(name="second")]

    pair = Pair()
    assert [v.path for v in pair.variables] == ["pair/own", "first/total", "first/count", "second/total"]
    pair.first.update_state([2.0])
    pair.reset_state()
    assert all(v.item() == 0 for v in pair.variables)


@pytest.mark.parametrize(
    "fn,y_true,y_pred,kwargs,expected",
    [
        ("binary_accuracy", [[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]], {}, [[1], [1], [1], [0]]),
        ("binary_accuracy", [1, 1, 0, 0], [[0.98], [1], [0], [0.6]], {"threshold": 0.99}, [[0], [1], [1], [1]]),
        ("categorical_accuracy", np.eye(3)[LABELS], PROBS, {}, [0, 1, 1, 0]),
        ("sparse_categorical_accuracy", LABELS, PROBS, {}, [0, 1, 1, 0]),
        ("sparse_categorical_accuracy", LABELS[:, None], PROBS, {}, [0, 1, 1, 0]),
        ("top_k_categorical_accuracy", np.eye(3)[LABELS], PROBS, {"k": 2}, [1, 1, 1, 1]),
        ("sparse_top_k_categorical_accuracy", LABELS, PROBS, {"k": 1}, [0, 1, 1, 0]),
        ("sparse_top_k_categorical_accuracy", LABELS[:, None], PROBS, {"k": 2}, [[1], [1], [1], [1]]),
        ("sparse_top_k_categorical_accuracy", [2, 0], [[2, 1, 0], [1, 2, 0]], {"k": 2, "from_sorted_ids": True},
         [1, 0]),
    ],
)
def test_accuracy_functions(fn, y_true, y_pred, kwargs, expected):
    matches = getattr(metrics, fn)(np.asarray(y_true), np.asarray(y_pred, "float32"), **kwargs)
    assert matches.dtype == torch.float32
    np.testing.assert_array_equal(matches.numpy(), np.asarray(expected, "float32"))


def test_top_k_counts_ties_as_hits():
    y_pred = np.array([[0.5, 0.5, 0.5]], "float32")
    assert metrics.sparse_top_k_categorical_accuracy([2], y_pred, k=1).item() == 1.0


def test_sequence_labels_are_accepted():
    labels = np.array([[0, 1], [2, 2]])
    y_pred = np.eye(3, dtype="float32")[[[0, 2], [2, 2]]]
    metric = metrics.SparseCategoricalAccuracy()
    metric.update_state(labels, y_pred, sample_weight=np.array([[1.0, 1.0], [0.0, 2.0]]))
    np.testing.assert_allclose(metric.result().item(), 3.0 / 4.0)


@pytest.mark.parametrize(
    "metric,y_true,y_pred,expected",
    [
        (metrics.Accuracy(), [[1], [2], [3], [4]], [[0], [2], [3], [4]], 0.75),
        (metrics.BinaryAccuracy(), [[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]], 0.75),
        (metrics.CategoricalAccuracy(), np.eye(3)[LABELS], PROBS, 0.5),
        (metrics.SparseCategoricalAccuracy(), LABELS, PROBS, 0.5),
        (metrics.TopKCategoricalAccuracy(k=1), np.eye(3)[LABELS], PROBS, 0.5),
        (metrics.SparseTopKCategoricalAccuracy(k=2), LABELS, PROBS, 1.0),
        (metrics.MeanSquaredError(), [[0, 1], [0, 0]], [[1, 1], [0, 0]], 0.25),
        (metrics.MeanAbsoluteError(), [[0, 1], [0, 0]], [[1, 1], [0, 0]], 0.25),
        (metrics.MeanMetricWrapper(losses.sparse_categorical_crossentropy, from_logits=True), [0], [[0.0, 0.0]],
         np.log(2.0)),
        # Values from Keras's docstrings.
        (metrics.RootMeanSquaredError(), [[0, 1], [0, 0]], [[1, 1], [0, 0]], 0.5),
        (metrics.MeanAbsolutePercentageError(), [[0.0, 1.0], [0.0, 0.0]], [[1.0, 1.0], [0.0, 0.0]], 250000000.0),
        (metrics.MeanSquaredLogarithmicError(), [[0.0, 1.0], [0.0, 0.0]], [[1.0, 1.0], [0.0, 0.0]], 0.12011322),
        (metrics.LogCoshError(), [[0.0, 1.0], [0.0, 0.0]], [[1.0, 1.0], [0.0, 0.0]], 0.10844523),
        (metrics.CosineSimilarity(axis=1), [[0.0, 1.0], [1.0, 1.0]], [[1.0, 0.0], [1.0, 1.0]], 0.5),
        (metrics.R2Score(), [[1.0], [4.0], [3.0]], [[2.0], [4.0], [4.0]], 0.57142854),
        (metrics.PearsonCorrelation(), [[0, 1, 0.5], [1, 1, 0.2]], [[0.1, 0.9, 0.5], [1, 0.9, 0.2]], 0.9966996),
        (metrics.ConcordanceCorrelation(), [[0, 1, 0.5], [1, 1, 0.2]], [[0.1, 0.9, 0.5], [1, 0.9, 0.2]], 0.98163193),
        (metrics.BinaryCrossentropy(), [[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]], 0.81492424),
        (metrics.CategoricalCrossentropy(), [[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]], 1.1769392),
        (metrics.SparseCategoricalCrossentropy(), [1, 2], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]], 1.1769392),
        (metrics.KLDivergence(), [[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]], 0.45814306),
        (metrics.Poisson(), [[0, 1], [0, 0]], [[1, 1], [0, 0]], 0.49999997),
        (metrics.Hinge(), [[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]], 1.3),
        (metrics.SquaredHinge(), [[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]], 1.86),
        (metrics.CategoricalHinge(), [[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]], 1.4),
    ],
)
def test_metric_classes(metric, y_true, y_pred, expected):
    metric.update_state(np.asarray(y_true), np.asarray(y_pred, "float32"))
    np.testing.assert_allclose(metric.result().item(), expected, rtol=1e-6)


@pytest.mark.parametrize(
    "metric,y_true,y_pred,sample_weight,expected",
    [
        # Values from Keras's docstrings.
        (metrics.BinaryCrossentropy(), [[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]], [1, 0], 0.9162905),
        (metrics.CategoricalCrossentropy(), [[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]], [0.3, 0.7],
         1.6271976),
        (metrics.KLDivergence(), [[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]], [1, 0], 0.9162892),
        (metrics.Poisson(), [[0, 1], [0, 0]], [[1, 1], [0, 0]], [1, 0], 0.99999994),
        (metrics.CosineSimilarity(axis=1), [[0.0, 1.0], [1.0, 1.0]], [[1.0, 0.0], [1.0, 1.0]], [0.3, 0.7], 0.7),
        (metrics.RootMeanSquaredError(), [[0, 1], [0, 0]], [[1, 1], [0, 0]], [1, 0], np.sqrt(0.5)),
        (metrics.Hinge(), [[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]], [1, 0], 1.1),
    ],
)
def test_weighted_metric_classes(metric, y_true, y_pred, sample_weight, expected):
    metric.update_state(np.asarray(y_true), np.asarray(y_pred, "float32"), sample_weight=np.asarray(sample_weight))
    np.testing.assert_allclose(metric.result().item(), expected, rtol=1e-6)


def test_root_mean_squared_error_accumulates_squares_before_the_root():
    metric = metrics.RootMeanSquaredError()
    assert metric.result().item() == 0.0
    metric.update_state([[0.0], [0.0]], [[3.0], [4.0]])
    metric.update_state([[0.0]], [[0.0]])
    np.testing.assert_allclose(metric.result().item(), np.sqrt(25.0 / 3.0), rtol=1e-6)
    assert [v.name for v in metric.variables] == ["total", "count"]
    metric.reset_state()
    assert metric.result().item() == 0.0


def test_r2_score_matches_its_formula():
    rng = np.random.default_rng(0)
    y_true, y_pred = rng.normal(size=(10, 3)), rng.normal(size=(10, 3))
    residual = ((y_true - y_pred) ** 2).sum(axis=0)
    total = ((y_true - y_true.mean(axis=0)) ** 2).sum(axis=0)
    raw = 1 - residual / total
    n, p = y_true.size, 4
    for kwargs, expected in [
        ({"class_aggregation": None}, raw),
        ({}, raw.mean()),
        ({"class_aggregation": "variance_weighted_average"}, (raw * total).sum() / total.sum()),
        ({"num_regressors": p}, 1 - (1 - raw.mean()) * (n - 1) / (n - p - 1)),
    ]:
        metric = metrics.R2Score(**kwargs)
        metric.update_state(y_true[:4], y_pred[:4])
        metric.update_state(y_true[4:], y_pred[4:])
        np.testing.assert_allclose(metric.result().numpy(), expected, rtol=1e-5)


def test_r2_score_state_is_made_by_the_first_update():
    metric = metrics.R2Score()
    assert [v.name for v in metric.variables] == ["num_samples"]
    metric.update_state(np.ones((2, 3)), np.ones((2, 3)), sample_weight=[1.0, 2.0])
    assert [v.name for v in metric.variables] == ["num_samples", "squared_sum", "sum", "residual", "count"]
    assert [tuple(v.shape) for v in metric.variables] == [(), (3,), (3,), (3,), (3,)]
    np.testing.assert_allclose(metric.count.numpy(), [3.0, 3.0, 3.0])
    assert metric.num_samples.item() == 6
    metric.reset_state()
    assert all(not v.any() for v in metric.variables)


@pytest.mark.parametrize(
    "kwargs,match",
    [({"class_aggregation": "median"}, "class_aggregation"), ({"num_regressors": -2}, "num_regressors")],
)
def test_r2_score_validates_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        metrics.R2Score(**kwargs)


def test_r2_score_rejects_inputs_that_are_not_2d():
    with pytest.raises(ValueError, match=r"R2Score expects 2D inputs .* y_pred.shape=\(2, 2, 2\)"):
        metrics.R2Score().update_state(np.ones((2, 2, 2)), np.ones((2, 2, 2)))


@pytest.mark.parametrize("num_regressors,message", [(5, "Division by zero"), (9, "More independent predictors")])
def test_adjusted_r2_score_falls_back_with_a_warning(num_regressors, message):
    metric = metrics.R2Score(num_regressors=num_regressors)
    metric.update_state([[1.0], [4.0], [3.0], [2.0], [5.0], [0.0]], [[2.0], [4.0], [4.0], [2.0], [4.0], [1.0]])
    standard = metrics.R2Score()
    standard.update_state([[1.0], [4.0], [3.0], [2.0], [5.0], [0.0]], [[2.0], [4.0], [4.0], [2.0], [4.0], [1.0]])
    with pytest.warns(UserWarning, match=message):
        np.testing.assert_allclose(metric.result().item(), standard.result().item())


def test_correlations_match_numpy():
    rng = np.random.default_rng(1)
    y_true, y_pred = rng.normal(size=(4, 6)), rng.normal(size=(4, 6))
    pearson = [np.corrcoef(t, p)[0, 1] for t, p in zip(y_true, y_pred)]
    np.testing.assert_allclose(metrics.pearson_correlation(y_true, y_pred).numpy(), pearson, rtol=1e-5)
    covariance = ((y_true - y_true.mean(1, keepdims=True)) * (y_pred - y_pred.mean(1, keepdims=True))).mean(1)
    concordance = 2 * covariance / (y_true.var(1) + y_pred.var(1) + (y_true.mean(1) - y_pred.mean(1)) ** 2)
    np.testing.assert_allclose(metrics.concordance_correlation(y_true, y_pred).numpy(), concordance, rtol=1e-5)
    np.testing.assert_allclose(metrics.pearson_correlation(y_true, y_pred, axis=0).numpy(),
                               [np.corrcoef(t, p)[0, 1] for t, p in zip(y_true.T, y_pred.T)], rtol=1e-5)


def test_cosine_similarity_is_the_negated_loss():
    y_true, y_pred = np.array([[0.0, 1.0], [1.0, 1.0], [1.0, 1.0]]), np.array([[1.0, 0.0], [1.0, 1.0], [-1.0, -1.0]])
    similarity = metrics.CosineSimilarity()(y_true, y_pred)
    np.testing.assert_allclose(similarity.item(), 0.0, atol=1e-6)
    np.testing.assert_allclose(metrics.CosineSimilarity()(y_true[1:2], y_pred[1:2]).item(), 1.0, rtol=1e-6)
    assert metrics.CosineSimilarity(axis=0).get_config() == {"name": "cosine_similarity", "dtype": "float32"}


def test_sparse_categorical_crossentropy_ignore_class_with_weights():
    y_pred = np.array([[0.0, 0.0], [0.0, 5.0], [5.0, 0.0]], "float32")
    metric = metrics.SparseCategoricalCrossentropy(from_logits=True, ignore_class=1)
    metric.update_state([0, 1, 0], y_pred, sample_weight=[1.0, 1.0, 1.0])
    np.testing.assert_allclose(metric.result().item(), (np.log(2.0) + np.log1p(np.exp(-5.0))) / 2, rtol=1e-6)


def test_mean_metric_wrapper_uses_prediction_mask():
    y_pred = torch.tensor([[1.0], [0.0], [1.0], [0.0]])
    y_pred._keras_mask = torch.tensor([True, True, False, False])
    metric = metrics.BinaryAccuracy()
    metric.update_state(torch.tensor([[1.0], [1.0], [1.0], [1.0]]), y_pred)
    np.testing.assert_allclose(metric.result().item(), 0.5)


def test_wrapped_losses_are_minimized_and_accuracies_maximized():
    assert metrics.MeanMetricWrapper(losses.mean_squared_error)._direction == "down"
    for cls in (metrics.BinaryCrossentropy, metrics.KLDivergence, metrics.Hinge, metrics.RootMeanSquaredError,
                metrics.LogCoshError, metrics.MeanAbsolutePercentageError):
        assert cls()._direction == "down"
    for cls in (metrics.CosineSimilarity, metrics.R2Score, metrics.PearsonCorrelation, metrics.ConcordanceCorrelation):
        assert cls()._direction == "up"
    assert metrics.MeanMetricWrapper(losses.MeanSquaredError())._direction == "down"
    assert metrics.SparseCategoricalAccuracy()._direction == "up"
    assert not hasattr(metrics.MeanMetricWrapper(lambda t, p: t), "_direction")


def test_metric_dtype():
    metric = metrics.Mean(dtype="float64")
    metric.update_state([1.0, 2.0])
    assert metric.dtype == "float64" and metric.result().dtype == torch.float64


@pytest.mark.parametrize(
    "metric",
    [
        metrics.Mean(name="m"),
        metrics.Sum(dtype="float64"),
        metrics.Accuracy(),
        metrics.BinaryAccuracy(threshold=0.3),
        metrics.CategoricalAccuracy(name="acc"),
        metrics.SparseCategoricalAccuracy(),
        metrics.TopKCategoricalAccuracy(k=3),
        metrics.SparseTopKCategoricalAccuracy(k=2, from_sorted_ids=True),
        metrics.MeanSquaredError(),
        metrics.MeanAbsoluteError(),
        metrics.MeanMetricWrapper(losses.binary_crossentropy, name="bce", from_logits=True),
        metrics.RootMeanSquaredError(name="rmse"),
        metrics.MeanAbsolutePercentageError(),
        metrics.MeanSquaredLogarithmicError(),
        metrics.LogCoshError(),
        metrics.CosineSimilarity(),
        metrics.R2Score(class_aggregation=None, num_regressors=2),
        metrics.PearsonCorrelation(axis=(0, 1)),
        metrics.ConcordanceCorrelation(axis=0),
        metrics.BinaryCrossentropy(from_logits=True, label_smoothing=0.2),
        metrics.CategoricalCrossentropy(label_smoothing=0.1, axis=1),
        metrics.SparseCategoricalCrossentropy(ignore_class=0),
        metrics.KLDivergence(),
        metrics.Poisson(),
        metrics.Hinge(),
        metrics.SquaredHinge(),
        metrics.CategoricalHinge(),
    ],
)
def test_config_round_trip(metric):
    rebuilt = type(metric).from_config(metric.get_config())
    assert rebuilt.get_config() == metric.get_config()
    again = metrics.deserialize(metrics.serialize(metric))
    assert type(again) is type(metric) and again.get_config() == metric.get_config()


@pytest.mark.parametrize(
    "identifier,cls",
    [
        ("accuracy", metrics.Accuracy),
        ("binary_accuracy", metrics.BinaryAccuracy),
        ("sparse_categorical_accuracy", metrics.SparseCategoricalAccuracy),
        ("SparseTopKCategoricalAccuracy", metrics.SparseTopKCategoricalAccuracy),
        ("mse", metrics.MeanSquaredError),
        ("mae", metrics.MeanAbsoluteError),
        ("mean", metrics.Mean),
        ({"class_name": "TopKCategoricalAccuracy", "config": {"k": 2}}, metrics.TopKCategoricalAccuracy),
        ("sparse_categorical_crossentropy", metrics.SparseCategoricalCrossentropy),
        ("categorical_crossentropy", metrics.CategoricalCrossentropy),
        ("bce", metrics.BinaryCrossentropy),
        ("mape", metrics.MeanAbsolutePercentageError),
        ("MSLE", metrics.MeanSquaredLogarithmicError),
        ("log_cosh_error", metrics.LogCoshError),
        ("root_mean_squared_error", metrics.RootMeanSquaredError),
        ("r2_score", metrics.R2Score),
        ("kl_divergence", metrics.KLDivergence),
        ("poisson", metrics.Poisson),
        ("squared_hinge", metrics.SquaredHinge),
        ("pearson_correlation", metrics.PearsonCorrelation),
    ],
)
def test_get_resolves_names_like_keras(identifier, cls):
    assert type(metrics.get(identifier)) is cls


def test_get_passes_functions_and_instances_through():
    assert metrics.get(metrics.binary_accuracy) is metrics.binary_accuracy
    instance = metrics.Mean()
    assert metrics.get(instance) is instance
    assert metrics.get(None) is None
    with pytest.raises(ValueError, match="Could not interpret metric identifier: acc"):
        metrics.get("acc")


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device to detect host syncs")
@pytest.mark.parametrize(
    "metric,y_true,y_pred",
    [
        (metrics.SparseCategoricalAccuracy(), LABELS, PROBS),
        (metrics.SparseTopKCategoricalAccuracy(k=2), LABELS, PROBS),
        (metrics.CategoricalAccuracy(), np.eye(3)[LABELS], PROBS),
        (metrics.BinaryAccuracy(), PROBS > 0.3, PROBS),
        (metrics.MeanSquaredError(), PROBS, PROBS),
        (metrics.RootMeanSquaredError(), PROBS, PROBS),
        (metrics.CosineSimilarity(), PROBS, PROBS),
        (metrics.R2Score(), PROBS, PROBS),
        (metrics.PearsonCorrelation(), PROBS, PROBS),
        (metrics.ConcordanceCorrelation(), PROBS, PROBS),
        (metrics.SparseCategoricalCrossentropy(ignore_class=0), LABELS, PROBS),
        (metrics.CategoricalCrossentropy(), np.eye(3)[LABELS], PROBS),
        (metrics.BinaryCrossentropy(), PROBS > 0.3, PROBS),
        (metrics.KLDivergence(), PROBS, PROBS),
        (metrics.Hinge(), PROBS > 0.3, PROBS),
        (metrics.CategoricalHinge(), np.eye(3)[LABELS], PROBS),
    ],
)
def test_updates_do_not_synchronize_the_device(metric, y_true, y_pred):
    y_true = torch.tensor(y_true, device="cuda")
    y_pred = torch.tensor(y_pred, device="cuda")
    metric._move_state_to(torch.device("cuda"))
    metric.update_state(y_true, y_pred)  # warm up
    loss_tracker = metrics.Mean(name="loss")
    loss_tracker._move_state_to(torch.device("cuda"))
    torch.cuda.synchronize()
    torch.cuda.set_sync_debug_mode("error")
    try:
        metric.update_state(y_true, y_pred, sample_weight=torch.ones(4, device="cuda"))
        loss_tracker.update_state(y_pred.sum(), sample_weight=4)
        result = metric.result()
        metric.reset_state()
    finally:
        torch.cuda.set_sync_debug_mode("default")
    assert result.device.type == "cuda"
