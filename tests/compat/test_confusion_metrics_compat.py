"""Confusion-matrix metrics (counts, precision / recall, AUC, F-scores, IoU) side by side with Keras.

Each metric accumulates several batches (unweighted, per-sample weights,
scalar or per-value weights), and `result()` and every state tensor are
compared after each update, after `reset_state()` and after one more update.
Predictions include the exact values 0, 0.5 and 1 (bucket and threshold edges).
"""

import keras
import numpy as np
import pytest
import torch

import kerastorch
from kerastorch import metrics
from tests.compat.twins import mlp_pair

RTOL, ATOL = 1e-5, 1e-6
N, C = 12, 3


@pytest.fixture(autouse=True)
def _fresh_names():
    """Default names (`auc_3`) count instances per session: start both libraries from zero."""
    kerastorch.backend.clear_session()
    keras.backend.clear_session()


def _data(kind, seed):
    """One batch `(y_true, y_pred)` of a kind of data."""
    rng = np.random.default_rng(seed)
    if kind in ("binary", "multilabel", "logits"):
        shape = (N, 1) if kind == "binary" else (N, C)
        y_true = rng.integers(0, 2, size=shape).astype("float32")
        y_pred = rng.uniform(size=shape).astype("float32")
        y_pred.flat[:3] = [0.0, 0.5, 1.0]
        if kind == "logits":
            y_pred = 6.0 * (y_pred - 0.5)
        return y_true, y_pred
    if kind == "binary_1d":
        return rng.integers(0, 2, size=(N,)), rng.uniform(size=(N, 1)).astype("float32")
    labels = rng.integers(0, C, size=(N,))
    probabilities = rng.dirichlet(np.ones(C), size=N).astype("float32")
    if kind == "onehot":
        return np.eye(C, dtype="float32")[labels], probabilities
    if kind == "ids":
        predictions = np.where(rng.uniform(size=N) < 0.5, labels, rng.integers(-1, C + 1, size=N))
        return labels, predictions
    raise ValueError(kind)


def _weights(option, kind, seed):
    rng = np.random.default_rng(seed + 100)
    if option == "sample":
        return rng.uniform(0.0, 2.0, size=(N,)).astype("float32")
    if option == "scalar":
        return 0.5
    if option == "value":
        return rng.uniform(0.0, 2.0, size=(N, C)).astype("float32")
    if option == "int":
        return rng.integers(0, 3, size=(N,))
    return None


CASES = {
    # id: (class name, kwargs, data kind, weight options)
    "tp": ("TruePositives", {}, "binary", [None, "sample", "scalar"]),
    "fp-thresholds": ("FalsePositives", {"thresholds": [0.15, 0.5, 0.85]}, "multilabel", [None, "sample", "value"]),
    "tn-even": ("TrueNegatives", {"thresholds": [0.0, 0.25, 0.5, 0.75, 1.0]}, "multilabel", [None, "value"]),
    "fn-0.3": ("FalseNegatives", {"thresholds": 0.3}, "binary_1d", [None, "sample"]),
    "precision": ("Precision", {}, "binary", [None, "sample", "scalar"]),
    "precision-even": ("Precision", {"thresholds": [0.0, 0.5, 1.0]}, "multilabel", [None, "sample"]),
    "precision-top2": ("Precision", {"top_k": 2}, "onehot", [None, "sample"]),
    "precision-class1": ("Precision", {"class_id": 1}, "onehot", [None, "sample"]),
    "precision-top1-class2": ("Precision", {"top_k": 1, "class_id": 2, "thresholds": [0.2, 0.4]}, "onehot",
                              [None, "sample"]),
    "recall": ("Recall", {}, "binary_1d", [None, "sample"]),
    "recall-thresholds": ("Recall", {"thresholds": [0.1, 0.6, 0.9]}, "multilabel", [None, "value"]),
    "recall-top2-class0": ("Recall", {"top_k": 2, "class_id": 0}, "onehot", [None, "sample"]),
    "sens-at-spec": ("SensitivityAtSpecificity", {"specificity": 0.6}, "binary", [None, "sample"]),
    "spec-at-sens": ("SpecificityAtSensitivity", {"sensitivity": 0.4, "num_thresholds": 1}, "multilabel",
                     [None, "sample"]),
    "prec-at-rec": ("PrecisionAtRecall", {"recall": 0.7, "class_id": 0}, "onehot", [None, "sample"]),
    "rec-at-prec": ("RecallAtPrecision", {"precision": 0.5, "num_thresholds": 7}, "multilabel",
                    [None, "value"]),
    "auc": ("AUC", {}, "binary", [None, "sample", "scalar"]),
    "auc-3": ("AUC", {"num_thresholds": 3}, "binary_1d", [None, "sample"]),
    "auc-pr": ("AUC", {"curve": "PR"}, "multilabel", [None, "sample"]),
    "auc-pr-minoring": ("AUC", {"curve": "PR", "summation_method": "minoring"}, "binary", [None, "sample"]),
    "auc-roc-majoring": ("AUC", {"summation_method": "majoring", "num_thresholds": 50}, "binary",
                         [None, "sample"]),
    "auc-prgain": ("AUC", {"curve": "PRGAIN"}, "multilabel", [None, "sample"]),
    "auc-multi-label": ("AUC", {"multi_label": True}, "multilabel", [None, "sample", "value"]),
    "auc-multi-label-pr": ("AUC", {"multi_label": True, "num_labels": C, "curve": "PR",
                                   "label_weights": [1.0, 2.0, 0.5]}, "multilabel", [None, "sample"]),
    "auc-label-weights": ("AUC", {"label_weights": [1.0, 2.0, 0.5]}, "multilabel", [None, "sample"]),
    "auc-even-thresholds": ("AUC", {"thresholds": [0.2, 0.4, 0.6, 0.8]}, "binary", [None, "sample"]),
    "auc-thresholds": ("AUC", {"thresholds": [0.7, 0.1, 0.3]}, "multilabel", [None, "sample"]),
    "auc-logits": ("AUC", {"from_logits": True, "summation_method": "minoring"}, "logits", [None, "sample"]),
    "f1": ("F1Score", {}, "onehot", [None, "sample"]),
    "f1-micro": ("F1Score", {"average": "micro", "threshold": 0.5}, "multilabel", [None, "sample"]),
    "f1-macro": ("F1Score", {"average": "macro"}, "onehot", [None, "sample"]),
    "fbeta-weighted": ("FBetaScore", {"average": "weighted", "beta": 2.0}, "onehot", [None, "sample"]),
    "fbeta-threshold": ("FBetaScore", {"beta": 0.5, "threshold": 0.3}, "multilabel", [None, "sample"]),
    "iou": ("IoU", {"num_classes": C, "target_class_ids": [0, 2]}, "ids", [None, "int"]),
    "iou-float": ("IoU", {"num_classes": C, "target_class_ids": [1], "dtype": "float32"}, "ids",
                  [None, "sample"]),
    "iou-ignore": ("IoU", {"num_classes": C, "target_class_ids": [0, 1], "ignore_class": 1}, "ids", [None]),
    "mean-iou": ("MeanIoU", {"num_classes": C}, "ids", [None, "int"]),
    "mean-iou-float": ("MeanIoU", {"num_classes": C, "dtype": "float32"}, "ids", [None, "sample"]),
    "mean-iou-dense": ("MeanIoU", {"num_classes": C, "sparse_y_true": False, "sparse_y_pred": False}, "onehot",
                       [None]),
    "binary-iou": ("BinaryIoU", {}, "binary", [None]),
    "binary-iou-float": ("BinaryIoU", {"target_class_ids": [1], "threshold": 0.3, "dtype": "float32"}, "binary",
                         [None, "sample"]),
    "one-hot-iou": ("OneHotIoU", {"num_classes": C, "target_class_ids": [0, 2]}, "onehot", [None, "int"]),
    "one-hot-mean-iou": ("OneHotMeanIoU", {"num_classes": C, "dtype": "float32"}, "onehot", [None, "sample"]),
}


def _pair(case):
    name, kwargs, kind, _ = CASES[case]
    return getattr(metrics, name)(**kwargs), getattr(keras.metrics, name)(**kwargs), kind


def _value(x):
    return x.detach().cpu().numpy() if isinstance(x, torch.Tensor) else keras.ops.convert_to_numpy(x)


def _assert_same_state(ours, theirs):
    received, expected = _value(ours.result()), _value(theirs.result())
    assert received.shape == expected.shape
    np.testing.assert_allclose(received, expected, rtol=RTOL, atol=ATOL)
    assert [v.name for v in ours.variables] == [v.name for v in theirs.variables]
    for mine, reference in zip(ours.variables, theirs.variables):
        assert str(mine.dtype).replace("torch.", "") == reference.dtype
        np.testing.assert_allclose(_value(mine), _value(reference.value), rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("case,weights", [(case, w) for case, spec in CASES.items() for w in spec[3]])
def test_accumulation_matches_keras(case, weights):
    ours, theirs, kind = _pair(case)
    for step in range(3):
        y_true, y_pred = _data(kind, seed=step)
        sample_weight = _weights(weights, kind, step)
        ours.update_state(y_true, y_pred, sample_weight=sample_weight)
        theirs.update_state(y_true, y_pred, sample_weight=sample_weight)
        _assert_same_state(ours, theirs)
    ours.reset_state()
    theirs.reset_state()
    _assert_same_state(ours, theirs)
    y_true, y_pred = _data(kind, seed=7)
    ours.update_state(y_true, y_pred)
    theirs.update_state(y_true, y_pred)
    _assert_same_state(ours, theirs)


@pytest.mark.parametrize("case", ["precision", "auc", "f1-macro", "mean-iou", "sens-at-spec"])
def test_call_and_torch_inputs_match_keras(case):
    ours, theirs, kind = _pair(case)
    y_true, y_pred = _data(kind, seed=3)
    expected = _value(theirs(y_true, y_pred))
    np.testing.assert_allclose(_value(ours(torch.as_tensor(y_true), torch.as_tensor(y_pred))), expected,
                               rtol=RTOL, atol=ATOL)


def _comparable(config):
    """Keras puts `label_weights` in the AUC config as a tensor."""
    return {k: _value(v).tolist() if hasattr(v, "shape") else v for k, v in config.items()}


@pytest.mark.parametrize("case", list(CASES))
def test_config_and_serialization_match_keras(case):
    ours, theirs, _ = _pair(case)
    assert _comparable(ours.get_config()) == _comparable(theirs.get_config())
    rebuilt = type(ours).from_config(ours.get_config())
    assert _comparable(rebuilt.get_config()) == _comparable(ours.get_config())
    from_keras = metrics.deserialize(keras.metrics.serialize(theirs))
    assert _comparable(metrics.deserialize(metrics.serialize(ours)).get_config()) == _comparable(ours.get_config())
    assert type(from_keras) is type(ours)
    assert _comparable(from_keras.get_config()) == _comparable(theirs.get_config())
    assert metrics.serialize(ours)["class_name"] == keras.metrics.serialize(theirs)["class_name"]
    if "label_weights" in CASES[case][1]:
        return  # Keras cannot deserialize its own AUC config with `label_weights` (a tensor).
    to_keras = keras.metrics.deserialize(metrics.serialize(ours))
    assert _comparable(to_keras.get_config()) == _comparable(ours.get_config())


@pytest.mark.parametrize("case", list(CASES))
def test_name_and_direction_match_keras(case):
    ours, theirs, _ = _pair(case)
    assert ours.name == theirs.name
    assert getattr(ours, "_direction", None) == getattr(theirs, "_direction", None)


@pytest.mark.parametrize(
    "identifier",
    ["auc", "AUC", "precision", "Precision", "recall", "true_positives", "false_positives", "true_negatives",
     "false_negatives", "TruePositives", "f1_score", "F1Score", "f_beta_score", "FBetaScore",
     {"class_name": "AUC", "config": {"curve": "PR", "num_thresholds": 20}},
     {"class_name": "Precision", "config": {"top_k": 2}}],
)
def test_get_matches_keras(identifier):
    ours, theirs = metrics.get(identifier), keras.metrics.get(identifier)
    assert type(ours).__name__ == type(theirs).__name__
    assert ours.get_config() == theirs.get_config()


@pytest.mark.parametrize("identifier", ["io_u", "mean_io_u", "sensitivity_at_specificity", "precision_at_recall"])
def test_get_of_classes_needing_arguments_fails_like_keras(identifier):
    with pytest.raises(Exception) as expected:
        keras.metrics.get(identifier)
    with pytest.raises(Exception) as received:
        metrics.get(identifier)
    assert received.type is expected.type


@pytest.mark.parametrize(
    "name,kwargs",
    [
        ("AUC", {"num_thresholds": 1}),
        ("AUC", {"curve": "XY"}),
        ("AUC", {"summation_method": "trapezoid"}),
        ("AUC", {"num_labels": 3}),
        ("Precision", {"thresholds": [0.5, 1.5]}),
        ("Recall", {"thresholds": -0.1}),
        ("TruePositives", {"thresholds": [None]}),
        ("SensitivityAtSpecificity", {"specificity": 1.5}),
        ("SpecificityAtSensitivity", {"sensitivity": 0.5, "num_thresholds": 0}),
        ("PrecisionAtRecall", {"recall": -1}),
        ("RecallAtPrecision", {"precision": 2}),
        ("FBetaScore", {"average": "samples"}),
        ("FBetaScore", {"beta": 1}),
        ("FBetaScore", {"beta": -1.0}),
        ("FBetaScore", {"threshold": 1}),
        ("F1Score", {"threshold": 1.5}),
        ("IoU", {"num_classes": 2, "target_class_ids": [2]}),
        ("OneHotIoU", {"num_classes": 3, "target_class_ids": [0, 3]}),
    ],
)
def test_constructor_errors_match_keras(name, kwargs):
    with pytest.raises(Exception) as expected:
        getattr(keras.metrics, name)(**kwargs)
    with pytest.raises(Exception) as received:
        getattr(metrics, name)(**kwargs)
    assert received.type is expected.type
    assert str(received.value) == str(expected.value)


@pytest.mark.parametrize(
    "name,kwargs,y_true,y_pred,sample_weight",
    [
        ("Precision", {"class_id": 0}, np.ones((4,)), np.ones((4,)), None),
        ("AUC", {"multi_label": True}, np.ones((4,)), np.ones((4,)), None),
        ("AUC", {"multi_label": True, "num_labels": 3}, np.ones((4, 2)), np.ones((4, 2)), None),
        ("Recall", {}, np.ones((4, 3)), np.ones((5, 3)), None),
        ("F1Score", {}, np.ones((4,)), np.ones((4,)), None),
        ("F1Score", {}, np.ones((4, 3)), np.ones((4, 3)), 0.5),
        ("F1Score", {}, np.ones((4, 3)), np.ones((4, 3)), np.ones((4, 1))),
        ("FBetaScore", {"average": "macro"}, np.ones((4, 3)), np.ones((4, 2)), None),
    ],
)
def test_bad_input_errors_match_keras(name, kwargs, y_true, y_pred, sample_weight):
    with pytest.raises(Exception) as expected:
        getattr(keras.metrics, name)(**kwargs).update_state(y_true, y_pred.astype("float32"), sample_weight)
    with pytest.raises(Exception) as received:
        getattr(metrics, name)(**kwargs).update_state(y_true, y_pred.astype("float32"), sample_weight)
    assert received.type is expected.type


def _binary_data(samples=64, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(samples, 8)).astype("float32")
    y = (x[:, :1] + 0.5 * rng.normal(size=(samples, 1)) > 0).astype("float32")
    return x, y


# Keras's count metrics return (a view of) their state tensor from `result()`; on CPU the training value
# that its History records is a numpy view of it, overwritten by the validation pass. kerastorch returns a
# copy, so for these only the validation and `evaluate` values are compared.
ALIASED_IN_KERAS = ("tp", "fn")


def _metrics_for(lib, kind):
    if kind == "binary":
        return ["auc", "precision", "recall", lib.metrics.AUC(curve="PR", name="pr_auc"),
                lib.metrics.TruePositives(name="tp"), lib.metrics.FalseNegatives(thresholds=0.3, name="fn"),
                lib.metrics.RecallAtPrecision(0.6)]
    return [lib.metrics.F1Score(average="macro"), lib.metrics.F1Score(name="f1_per_class"),
            lib.metrics.OneHotMeanIoU(num_classes=3), lib.metrics.Precision(top_k=2),
            lib.metrics.AUC(multi_label=True, name="ml_auc")]


@pytest.mark.parametrize("kind", ["binary", "onehot"])
def test_fit_and_evaluate_logs_match_keras(kind):
    if kind == "binary":
        x, y = _binary_data()
        keras_model, kt_model = mlp_pair(keras, classes=1, output_activation="sigmoid")
        loss = "binary_crossentropy"
    else:
        x, labels = _binary_data()[0], np.random.default_rng(1).integers(0, 3, size=64)
        y = np.eye(3, dtype="float32")[labels]
        keras_model, kt_model = mlp_pair(keras, classes=3, output_activation="softmax")
        loss = "categorical_crossentropy"
    for lib, model in ((keras, keras_model), (kerastorch, kt_model)):
        model.compile(optimizer=lib.optimizers.SGD(learning_rate=0.5), loss=loss, metrics=_metrics_for(lib, kind))
    expected = keras_model.fit(x, y, batch_size=16, epochs=2, validation_split=0.25, shuffle=False, verbose=0)
    received = kt_model.fit(x, y, batch_size=16, epochs=2, validation_split=0.25, shuffle=False, verbose=0)
    assert list(received.history) == list(expected.history)
    for key in expected.history:
        if key in ALIASED_IN_KERAS:
            continue
        np.testing.assert_allclose(np.asarray(received.history[key]), np.asarray(expected.history[key]),
                                   rtol=1e-4, atol=1e-6, err_msg=key)
    expected_logs = keras_model.evaluate(x, y, verbose=0, return_dict=True)
    received_logs = kt_model.evaluate(x, y, verbose=0, return_dict=True)
    assert list(received_logs) == list(expected_logs)
    for key in expected_logs:
        np.testing.assert_allclose(np.asarray(received_logs[key]), np.asarray(expected_logs[key]),
                                   rtol=1e-4, atol=1e-6, err_msg=key)
