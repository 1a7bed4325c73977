"""`compile()`'s losses and metrics: name resolution, per-output matching, weights, names."""

import numpy as np
import pytest
import torch

from kerastorch import losses
from kerastorch import metrics
from kerastorch.trainers import compile_utils
from kerastorch.trainers.compile_utils import CompileLoss
from kerastorch.trainers.compile_utils import CompileMetrics

N = 6
torch.manual_seed(0)
REG_TRUE = torch.rand(N, 1)
REG_PRED = torch.rand(N, 1)
CLS_TRUE = torch.tensor([0, 1, 2, 3, 1, 2])
CLS_PRED = torch.softmax(torch.randn(N, 4), dim=-1)
WEIGHTS = torch.tensor([1.0, 0.0, 2.0, 1.0, 0.5, 0.0])


def _value(x):
    return float(x.detach()) if isinstance(x, torch.Tensor) else float(x)


def mse(y_true, y_pred):
    return _value(losses.mean_squared_error(y_true, y_pred).mean())


def sparse_ce(y_true, y_pred):
    return _value(losses.sparse_categorical_crossentropy(y_true, y_pred).mean())


# ------------------------------------------------------------ name resolution
@pytest.mark.parametrize("name", ["accuracy", "acc", "Accuracy", "ACC"])
@pytest.mark.parametrize(
    "true_shape, pred_shape, expected",
    [
        ((N, 1), (N, 1), metrics.BinaryAccuracy),
        ((N,), (N, 1), metrics.BinaryAccuracy),
        ((N,), (N, 4), metrics.SparseCategoricalAccuracy),
        ((N, 1), (N, 4), metrics.SparseCategoricalAccuracy),
        ((N, 5), (N, 5, 4), metrics.SparseCategoricalAccuracy),
        ((N, 4), (N, 4), metrics.CategoricalAccuracy),
    ],
)
def test_accuracy_resolves_from_shapes(name, true_shape, pred_shape, expected):
    metric = compile_utils.get_metric(name, torch.zeros(true_shape), torch.zeros(pred_shape))
    assert type(metric) is expected
    assert metric.name == name


@pytest.mark.parametrize("name", ["crossentropy", "ce", "CE"])
@pytest.mark.parametrize(
    "true_shape, pred_shape, expected",
    [
        ((N, 1), (N, 1), losses.binary_crossentropy),
        ((N,), (N, 4), losses.sparse_categorical_crossentropy),
        ((N, 1), (N, 4), losses.sparse_categorical_crossentropy),
        ((N, 4), (N, 4), losses.categorical_crossentropy),
    ],
)
def test_crossentropy_resolves_from_shapes(name, true_shape, pred_shape, expected):
    loss = compile_utils.get_loss(name, torch.zeros(true_shape), torch.zeros(pred_shape))
    assert isinstance(loss, losses.LossFunctionWrapper)
    assert loss.fn is expected


def my_metric(y_true, y_pred):
    return torch.abs(y_true - y_pred).mean(dim=-1)


@pytest.mark.parametrize(
    "identifier, expected_name, expected_type",
    [
        ("mae", "mae", metrics.Metric),
        (my_metric, "my_metric", metrics.MeanMetricWrapper),
        (metrics.MeanSquaredError(name="m2"), "m2", metrics.MeanSquaredError),
    ],
)
def test_other_metrics_keep_their_names(identifier, expected_name, expected_type):
    metric = compile_utils.get_metric(identifier, REG_TRUE, REG_PRED)
    assert isinstance(metric, expected_type) and metric.name == expected_name
    metric.update_state(REG_TRUE, REG_PRED)
    np.testing.assert_allclose(
        _value(metric.result()),
        _value(torch.abs(REG_TRUE - REG_PRED).mean()) if expected_name != "m2"
        else mse(REG_TRUE, REG_PRED), rtol=1e-6)


def test_get_loss_wraps_functions_and_passes_none():
    assert compile_utils.get_loss(None, REG_TRUE, REG_PRED) is None
    wrapped = compile_utils.get_loss(my_metric, REG_TRUE, REG_PRED)
    assert isinstance(wrapped, losses.LossFunctionWrapper) and wrapped.name == "my_metric"
    instance = losses.MeanSquaredError()
    assert compile_utils.get_loss(instance, REG_TRUE, REG_PRED) is instance


# ------------------------------------------------------------------ CompileLoss
@pytest.mark.parametrize(
    "loss, loss_weights, factor",
    [
        ("mse", None, 1.0),
        (losses.MeanSquaredError(), None, 1.0),
        (losses.mean_squared_error, None, 1.0),
        (["mse"], None, 1.0),
        ({"reg": "mse"}, None, 1.0),
        ("mse", 2.0, 2.0),
        ("mse", 3, 3.0),
        ("mse", [0.5], 0.5),
        ({"reg": "mse"}, {"reg": 0.25}, 0.25),
    ],
    ids=["name", "instance", "function", "list", "dict", "float_weight", "int_weight",
         "list_weight", "dict_weight"],
)
def test_single_output_loss(loss, loss_weights, factor):
    compiled = CompileLoss(loss, loss_weights, output_names=["reg"])
    value = compiled(REG_TRUE, REG_PRED)
    assert value.shape == ()
    np.testing.assert_allclose(_value(value), factor * mse(REG_TRUE, REG_PRED), rtol=1e-6)
    assert compiled.metrics == []  # one loss: no per-output tracker


def test_single_output_loss_with_sample_weight():
    value = CompileLoss("mse", output_names=["reg"])(REG_TRUE, REG_PRED, WEIGHTS)
    per_sample = ((REG_TRUE - REG_PRED) ** 2).mean(dim=-1)
    np.testing.assert_allclose(_value(value), _value((per_sample * WEIGHTS).sum() / N), rtol=1e-6)


TWO_TRUE = [REG_TRUE, CLS_TRUE]
TWO_PRED = [REG_PRED, CLS_PRED]


@pytest.mark.parametrize(
    "loss, loss_weights, reg_weight, cls_weight",
    [
        (["mse", "sparse_categorical_crossentropy"], None, 1.0, 1.0),
        (("mse", "sparse_categorical_crossentropy"), [2.0, 0.5], 2.0, 0.5),
        ({"cls": "sparse_categorical_crossentropy", "reg": "mse"}, None, 1.0, 1.0),
        ({"cls": "sparse_categorical_crossentropy", "reg": "mse"},
         {"reg": 2.0, "cls": 0.5}, 2.0, 0.5),
        ({"cls": "sparse_categorical_crossentropy", "reg": "mse"}, {"cls": 0.5}, 1.0, 0.5),
        (["mse", "sparse_categorical_crossentropy"], 3.0, 3.0, 3.0),
    ],
    ids=["list", "tuple_list_weights", "dict", "dict_weights", "partial_dict_weights",
         "scalar_weight"],
)
def test_two_output_losses_are_weighted_and_tracked(loss, loss_weights, reg_weight, cls_weight):
    compiled = CompileLoss(loss, loss_weights, output_names=["reg", "cls"])
    value = compiled(TWO_TRUE, TWO_PRED)
    reg, cls = mse(REG_TRUE, REG_PRED), sparse_ce(CLS_TRUE, CLS_PRED)
    np.testing.assert_allclose(_value(value), reg_weight * reg + cls_weight * cls, rtol=1e-6)
    # Trackers record each output's loss before weighting, as Keras logs them.
    assert [m.name for m in compiled.metrics] == ["reg_loss", "cls_loss"]
    np.testing.assert_allclose([_value(m.result()) for m in compiled.metrics], [reg, cls],
                               rtol=1e-6)


def test_one_loss_for_every_output():
    compiled = CompileLoss("mse", output_names=["a", "b"])
    value = compiled([REG_TRUE, REG_PRED], [REG_PRED, REG_TRUE])
    np.testing.assert_allclose(_value(value), 2 * mse(REG_TRUE, REG_PRED), rtol=1e-6)
    assert [m.name for m in compiled.metrics] == ["a_loss", "b_loss"]


def test_output_without_loss_is_skipped():
    compiled = CompileLoss(["mse", None], output_names=["reg", "cls"])
    value = compiled(TWO_TRUE, TWO_PRED)
    np.testing.assert_allclose(_value(value), mse(REG_TRUE, REG_PRED), rtol=1e-6)
    assert compiled.metrics == []


def test_no_loss_at_all_gives_none():
    assert CompileLoss([None, None], output_names=["reg", "cls"])(TWO_TRUE, TWO_PRED) is None


def test_dict_targets_follow_the_output_order():
    # The model's outputs are a list; the dict's sorted keys ("cls" < "reg") differ.
    compiled = CompileLoss({"reg": "mse", "cls": "sparse_categorical_crossentropy"},
                           output_names=["reg", "cls"])
    value = compiled({"reg": REG_TRUE, "cls": CLS_TRUE}, TWO_PRED,
                     sample_weight={"reg": WEIGHTS, "cls": None})
    reg = _value(((REG_TRUE - REG_PRED) ** 2).mean(-1).mul(WEIGHTS).sum() / N)
    np.testing.assert_allclose(_value(value), reg + sparse_ce(CLS_TRUE, CLS_PRED), rtol=1e-6)


def test_dict_outputs_pair_with_dict_targets_by_key():
    compiled = CompileLoss({"reg": "mse", "cls": "sparse_categorical_crossentropy"},
                           output_names=["cls", "reg"])
    value = compiled({"reg": REG_TRUE, "cls": CLS_TRUE}, {"reg": REG_PRED, "cls": CLS_PRED})
    np.testing.assert_allclose(
        _value(value), mse(REG_TRUE, REG_PRED) + sparse_ce(CLS_TRUE, CLS_PRED), rtol=1e-6)


def test_per_output_sample_weights():
    compiled = CompileLoss(["mse", "sparse_categorical_crossentropy"],
                           output_names=["reg", "cls"])
    value = compiled(TWO_TRUE, TWO_PRED, sample_weight=[None, WEIGHTS])
    cls = _value((losses.sparse_categorical_crossentropy(CLS_TRUE, CLS_PRED) * WEIGHTS).sum() / N)
    np.testing.assert_allclose(_value(value), mse(REG_TRUE, REG_PRED) + cls, rtol=1e-6)


@pytest.mark.parametrize(
    "loss, loss_weights, y_true, message",
    [
        (["mse"], None, TWO_TRUE,
         r"For a model with 2 outputs, when providing the `loss` argument as a list, it "
         r"should have as many entries as the model has outputs\. Received:\nloss=\['mse'\]"
         r"\nof length 1 whereas the model has 2 outputs\."),
        (["mse", "mse", "mse"], None, TWO_TRUE, r"(?s)`loss` argument as a list.*of length 3"),
        (["mse", "mse"], [1.0, 2.0, 3.0], TWO_TRUE,
         r"(?s)`loss_weights` argument as a list.*loss_weights=\[1\.0, 2\.0, 3\.0\]\nof length 3"),
        ({"reg": "mse", "nope": "mse"}, None, TWO_TRUE,
         r"In the dict argument `loss`, key\(s\) \['nope'\] do not correspond to any model "
         r"output\. Received:\nloss=\{'reg': 'mse', 'nope': 'mse'\}\nExpected keys: "
         r"\['reg', 'cls'\]"),
        (["mse", "mse"], {"reg": 1.0, "typo": 2.0}, TWO_TRUE,
         r"In the dict argument `loss_weights`, key\(s\) \['typo'\]"),
        (["mse", "mse"], None, [REG_TRUE],
         r"The model has 2 output\(s\), but the targets `y` have 1 element\(s\)\."),
        (["mse", "mse"], None, {"reg": REG_TRUE, "other": CLS_TRUE},
         r"Key\(s\) \['other'\] of the dict of targets or sample weights do not correspond "
         r"to any model output\. Expected keys: \['reg', 'cls'\]"),
    ],
    ids=["short_list", "long_list", "long_weights", "unknown_key", "unknown_weight_key",
         "missing_targets", "unknown_target_key"],
)
def test_loss_mismatch_errors(loss, loss_weights, y_true, message):
    compiled = CompileLoss(loss, loss_weights, output_names=["reg", "cls"])
    with pytest.raises(ValueError, match=message):
        compiled(y_true, TWO_PRED)


def test_single_output_list_of_two_losses_is_an_error():
    compiled = CompileLoss(["mse", "mae"], output_names=["reg"])
    with pytest.raises(ValueError, match=r"(?s)For a model with 1 outputs.*of length 2"):
        compiled(REG_TRUE, REG_PRED)


def test_unnamed_outputs_are_named_by_position():
    compiled = CompileLoss(["mse", "mse"], output_names=None)
    compiled([REG_TRUE, REG_TRUE], [REG_PRED, REG_PRED])
    assert [m.name for m in compiled.metrics] == ["output_0_loss", "output_1_loss"]


# --------------------------------------------------------------- CompileMetrics
def _results(compiled):
    return {key: round(_value(value), 6) for key, value in compiled.result().items()}


def test_single_output_metric_names_and_values():
    compiled = CompileMetrics(["accuracy", "mae", metrics.MeanSquaredError(name="m2"),
                               my_metric], output_names=["cls"])
    y_true, y_pred = torch.tensor([[1.0], [0.0], [1.0]]), torch.tensor([[0.9], [0.6], [0.2]])
    compiled.update_state(y_true, y_pred)
    assert list(compiled.result()) == ["accuracy", "mae", "m2", "my_metric"]
    assert type(compiled.metrics[0]) is metrics.BinaryAccuracy
    np.testing.assert_allclose(
        list(_results(compiled).values()),
        [1 / 3, (0.1 + 0.6 + 0.8) / 3, (0.01 + 0.36 + 0.64) / 3, (0.1 + 0.6 + 0.8) / 3],
        rtol=1e-5)


def test_a_single_metric_need_not_be_a_list():
    compiled = CompileMetrics("acc", output_names=["out"])
    compiled.update_state(CLS_TRUE, CLS_PRED)
    assert list(compiled.result()) == ["acc"]
    assert type(compiled.metrics[0]) is metrics.SparseCategoricalAccuracy


@pytest.mark.parametrize(
    "metrics_arg, keys",
    [
        ([["mae"], ["accuracy"]], ["reg_mae", "cls_accuracy"]),
        ({"cls": "accuracy"}, ["cls_accuracy"]),
        ({"cls": ["accuracy", "acc"], "reg": ["mse"]}, ["reg_mse", "cls_accuracy", "cls_acc"]),
        ([None, ["accuracy"]], ["cls_accuracy"]),
    ],
    ids=["list_per_output", "dict", "dict_of_lists", "list_with_none"],
)
def test_several_outputs_prefix_output_names(metrics_arg, keys):
    compiled = CompileMetrics(metrics_arg, output_names=["reg", "cls"])
    compiled.update_state([REG_TRUE, CLS_TRUE], [REG_PRED, CLS_PRED])
    assert list(compiled.result()) == keys


def test_one_list_of_metrics_applies_to_every_output():
    compiled = CompileMetrics(["mae"], output_names=["a", "b"])
    compiled.update_state([REG_TRUE, REG_TRUE], [REG_PRED, REG_TRUE])
    results = _results(compiled)
    assert list(results) == ["a_mae", "b_mae"]
    assert results["b_mae"] == 0.0 and results["a_mae"] > 0


def test_several_outputs_accuracy_resolves_per_output():
    compiled = CompileMetrics(["accuracy"], output_names=["bin", "cls"])
    compiled.update_state([REG_TRUE, CLS_TRUE], [REG_PRED, CLS_PRED])
    assert [type(m) for m in compiled.metrics] == [metrics.BinaryAccuracy,
                                                   metrics.SparseCategoricalAccuracy]
    expected = (CLS_PRED.argmax(-1) == CLS_TRUE).float().mean()
    np.testing.assert_allclose(_value(compiled.result()["cls_accuracy"]), _value(expected))


def test_dict_targets_follow_the_output_order_in_metrics():
    compiled = CompileMetrics({"cls": ["accuracy"], "reg": ["mae"]}, output_names=["reg", "cls"])
    compiled.update_state({"cls": CLS_TRUE, "reg": REG_TRUE}, [REG_PRED, CLS_PRED])
    assert type(compiled.metrics[1]) is metrics.SparseCategoricalAccuracy
    np.testing.assert_allclose(_value(compiled.result()["reg_mae"]),
                               _value(torch.abs(REG_TRUE - REG_PRED).mean()), rtol=1e-6)


def test_repeated_names_get_suffixes():
    compiled = CompileMetrics(["mae", "mae", "mae"], output_names=["out"])
    compiled.update_state(REG_TRUE, REG_PRED)
    assert list(compiled.result()) == ["mae", "mae_1", "mae_2"]


@pytest.mark.parametrize(
    "metrics_arg, weighted_arg, keys",
    [
        (None, ["mae"], ["mae"]),
        (["mae"], ["mae"], ["mae", "weighted_mae"]),
        (["mae", "mae"], ["mae", "mae"], ["mae", "mae_1", "weighted_mae", "weighted_mae_1"]),
        (["mae"], ["mse"], ["mae", "mse"]),
    ],
)
def test_weighted_metric_names(metrics_arg, weighted_arg, keys):
    compiled = CompileMetrics(metrics_arg, weighted_arg, output_names=["out"])
    compiled.update_state(REG_TRUE, REG_PRED, sample_weight=WEIGHTS)
    assert list(compiled.result()) == keys


def test_weighted_metrics_use_sample_weight_and_others_do_not():
    compiled = CompileMetrics(["mae"], ["mae"], output_names=["out"])
    compiled.update_state(REG_TRUE, REG_PRED, sample_weight=WEIGHTS)
    errors = torch.abs(REG_TRUE - REG_PRED)[:, 0]
    results = compiled.result()
    np.testing.assert_allclose(_value(results["mae"]), _value(errors.mean()), rtol=1e-6)
    np.testing.assert_allclose(_value(results["weighted_mae"]),
                               _value((errors * WEIGHTS).sum() / WEIGHTS.sum()), rtol=1e-6)


def test_several_outputs_weighted_names():
    compiled = CompileMetrics([["mae"], ["accuracy"]], [["mae"], ["accuracy"]],
                              output_names=["reg", "cls"])
    compiled.update_state(TWO_TRUE, TWO_PRED, sample_weight=WEIGHTS)
    assert list(compiled.result()) == [
        "reg_mae", "cls_accuracy", "reg_weighted_mae", "cls_weighted_accuracy"]


def test_reset_state_clears_every_metric():
    compiled = CompileMetrics(["mae"], ["mae"], output_names=["out"])
    compiled.update_state(REG_TRUE, REG_PRED, sample_weight=WEIGHTS)
    assert all(value > 0 for value in _results(compiled).values())
    compiled.reset_state()
    assert _results(compiled) == {"mae": 0.0, "weighted_mae": 0.0}
    assert all(_value(v) == 0.0 for v in compiled.variables)
    compiled.update_state(REG_TRUE[:2], REG_PRED[:2])
    np.testing.assert_allclose(_results(compiled)["mae"],
                               _value(torch.abs(REG_TRUE - REG_PRED)[:2].mean()), rtol=1e-5)


def test_results_are_empty_before_the_first_batch():
    compiled = CompileMetrics(["accuracy"], output_names=["out"])
    assert not compiled.built and compiled.metrics == [] and compiled.result() == {}
