"""Unit tests of the confusion-matrix metrics: values, vectorised updates, state on the device, configs."""

import numpy as np
import pytest
import torch

from kerastorch import metrics
from kerastorch.backend import device as device_module
from kerastorch.metrics import metrics_utils
from kerastorch.metrics.metrics_utils import ConfusionMatrix

ONE_HOT = np.eye(3, dtype="float32")[[2, 0, 1, 0]]
SCORES = np.array([[0.2, 0.3, 0.5], [0.1, 0.2, 0.7], [0.5, 0.3, 0.1], [0.1, 0.4, 0.5]], "float32")
MULTI_HOT = np.array([[1, 1, 1], [1, 0, 0], [1, 1, 0]], "float32")
MULTI_PRED = np.array([[0.2, 0.6, 0.7], [0.2, 0.6, 0.6], [0.6, 0.8, 0.0]], "float32")


@pytest.mark.parametrize(
    "metric,y_true,y_pred,sample_weight,expected",
    [
        (metrics.FalsePositives(), [0, 1, 0, 0], [0, 0, 1, 1], None, 2.0),
        (metrics.FalsePositives(), [0, 1, 0, 0], [0, 0, 1, 1], [0, 0, 1, 0], 1.0),
        (metrics.FalseNegatives(), [0, 1, 1, 1], [0, 1, 0, 0], None, 2.0),
        (metrics.TrueNegatives(), [0, 1, 0, 0], [1, 1, 0, 0], None, 2.0),
        (metrics.TruePositives(), [0, 1, 1, 1], [1, 0, 1, 1], [0, 0, 1, 0], 1.0),
        (metrics.TruePositives(thresholds=[0.0, 0.5, 1.0]), [1, 1, 1], [0.0, 0.5, 0.8], None, [2.0, 1.0, 0.0]),
        (metrics.Precision(), [0, 1, 1, 1], [1, 0, 1, 1], None, 2 / 3),
        (metrics.Precision(top_k=2), [0, 0, 1, 1], [0.9, 0.1, 0.8, 0.3], None, 0.5),
        (metrics.Precision(top_k=4), [0, 0, 1, 1], [1, 1, 1, 1], None, 0.5),
        (metrics.Precision(class_id=2), ONE_HOT, SCORES, None, 0.0),
        (metrics.Recall(class_id=0, thresholds=0.05), ONE_HOT, SCORES, None, 1.0),
        (metrics.Recall(), [0, 1, 1, 1], [1, 0, 1, 1], None, 2 / 3),
        (metrics.Recall(), [0, 1, 1, 1], [1, 0, 1, 1], [0, 0, 1, 0], 1.0),
        (metrics.SensitivityAtSpecificity(0.5), [0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8], None, 0.5),
        (metrics.SensitivityAtSpecificity(0.5), [0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8], [1, 1, 2, 2, 1], 1 / 3),
        (metrics.SpecificityAtSensitivity(0.5), [0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8], None, 2 / 3),
        (metrics.PrecisionAtRecall(0.5), [0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8], None, 0.5),
        (metrics.RecallAtPrecision(0.8), [0, 0, 1, 1], [0, 0.5, 0.3, 0.9], None, 0.5),
        (metrics.RecallAtPrecision(0.8), [0, 0, 1, 1], [0, 0.5, 0.3, 0.9], [1, 0, 0, 1], 1.0),
        (metrics.AUC(num_thresholds=3), [0, 0, 1, 1], [0, 0.5, 0.3, 0.9], None, 0.75),
        (metrics.AUC(num_thresholds=3), [0, 0, 1, 1], [0, 0.5, 0.3, 0.9], [1, 0, 0, 1], 1.0),
        (metrics.AUC(num_thresholds=3, from_logits=True), [0, 0, 1, 1], [-9.0, 0.0, -0.8, 2.2], None, 0.75),
        (metrics.F1Score(threshold=0.5), MULTI_HOT, MULTI_PRED, None, [0.5, 0.8, 2 / 3]),
        (metrics.FBetaScore(beta=2.0, threshold=0.5), MULTI_HOT, MULTI_PRED, None, [0.3846154, 0.9090909, 0.8333333]),
        (metrics.F1Score(average="micro", threshold=0.5), MULTI_HOT, MULTI_PRED, None, 2 / 3),
        (metrics.IoU(num_classes=2, target_class_ids=[0]), [0, 0, 1, 1], [0, 1, 0, 1], None, 1 / 3),
        (metrics.MeanIoU(num_classes=2, dtype="float32"), [0, 0, 1, 1], [0, 1, 0, 1], [0.3, 0.3, 0.3, 0.1],
         (0.3 / 0.9 + 0.1 / 0.7) / 2),
        (metrics.BinaryIoU(target_class_ids=[0, 1], threshold=0.3), [0, 1, 0, 1], [0.1, 0.2, 0.4, 0.7], None, 1 / 3),
        (metrics.OneHotIoU(num_classes=3, target_class_ids=[0, 2]), ONE_HOT, SCORES, None, 1 / 6),
        (metrics.OneHotMeanIoU(num_classes=3), ONE_HOT, SCORES, None, 1 / 9),
    ],
)
def test_values(metric, y_true, y_pred, sample_weight, expected):
    metric.update_state(y_true, y_pred, sample_weight=sample_weight)
    result = metric.result()
    assert isinstance(result, torch.Tensor) and result.dtype == torch.float32
    np.testing.assert_allclose(result.cpu().numpy(), expected, rtol=1e-5, atol=1e-6)


def test_result_is_a_copy_of_the_state():
    metric = metrics.TruePositives(thresholds=[0.3, 0.7])
    metric.update_state([1, 1], [0.5, 0.9])
    first = metric.result()
    metric.update_state([1, 1], [0.5, 0.9])
    assert first.tolist() == [2.0, 1.0]
    assert metric.result().tolist() == [4.0, 2.0]


def test_variables_and_reset():
    metric = metrics.AUC(num_thresholds=5)
    assert [v.name for v in metric.variables] == ["true_positives", "false_positives", "true_negatives",
                                                  "false_negatives"]
    assert metric.true_positives.path == f"{metric.name}/true_positives"
    assert all(v.shape == (5,) for v in metric.variables)
    metric.update_state([0, 1], [0.2, 0.8])
    metric.reset_state()
    assert all(float(v.sum()) == 0.0 for v in metric.variables)


def test_multi_label_auc_builds_its_state_at_the_first_update():
    metric = metrics.AUC(multi_label=True, num_thresholds=10)
    assert metric.variables == []
    metric.reset_state()
    metric.update_state(MULTI_HOT, MULTI_PRED)
    assert [tuple(v.shape) for v in metric.variables] == [(10, 3)] * 4
    assert metrics.AUC(multi_label=True, num_labels=4).true_positives.shape == (200, 4)


@pytest.mark.parametrize("multi_label", [False, True])
@pytest.mark.parametrize("with_weights", [False, True])
def test_bucketed_and_compared_updates_agree(multi_label, with_weights):
    """The evenly-spaced fast path (buckets + cumulative sums) counts like the threshold comparison."""
    rng = np.random.default_rng(0)
    y_true = rng.integers(0, 2, size=(64, 3)).astype("float32")
    y_pred = rng.uniform(size=(64, 3)).astype("float32")
    sample_weight = rng.uniform(size=(64,)).astype("float32") if with_weights else None
    thresholds = [0.0 - 1e-7] + [i / 9 for i in range(1, 9)] + [1.0 + 1e-7]
    shape = (10, 3) if multi_label else (10,)
    counts = {}
    for evenly in (True, False):
        variables = {key: torch.zeros(shape) for key in ConfusionMatrix}
        metrics_utils.update_confusion_matrix_variables(variables, y_true, y_pred, thresholds,
                                                        sample_weight=sample_weight, multi_label=multi_label,
                                                        thresholds_distributed_evenly=evenly)
        counts[evenly] = variables
    for key in ConfusionMatrix:
        np.testing.assert_allclose(counts[True][key].numpy(), counts[False][key].numpy(), rtol=1e-5, atol=1e-5)


def test_thresholds_are_copied_to_the_device_once():
    metrics_utils._thresholds_tensor.cache_clear()
    metric = metrics.Precision(thresholds=[0.2, 0.6])
    for _ in range(3):
        metric.update_state([1, 0, 1], [0.3, 0.7, 0.9])
    info = metrics_utils._thresholds_tensor.cache_info()
    assert (info.misses, info.hits) == (1, 2)


def test_helpers():
    assert metrics_utils.parse_init_thresholds(None) == [0.5]
    assert metrics_utils.parse_init_thresholds(0.3) == [0.3]
    assert metrics_utils.is_evenly_distributed_thresholds([0.0, 0.5, 1.0])
    assert not metrics_utils.is_evenly_distributed_thresholds([0.0, 1.0])
    assert not metrics_utils.is_evenly_distributed_thresholds([0.0, 0.3, 1.0])
    filtered = metrics_utils.filter_top_k(torch.tensor([[0.1, 0.7, 0.4], [0.9, 0.0, 0.5]]), 2)
    assert filtered.tolist() == [[metrics_utils.NEG_INF, pytest.approx(0.7), pytest.approx(0.4)],
                                 [pytest.approx(0.9), metrics_utils.NEG_INF, 0.5]]
    matrix = metrics_utils.confusion_matrix([1, 2, 1], [2, 2, 1], num_classes=3, weights=[1, 2, 3])
    assert matrix.tolist() == [[0, 0, 0], [0, 3, 1], [0, 0, 2]]
    assert metrics_utils.AUCCurve.from_str("pr") is metrics_utils.AUCCurve.PR
    assert metrics_utils.AUCSummationMethod.from_str("Majoring") is metrics_utils.AUCSummationMethod.MAJORING


def test_update_errors():
    with pytest.raises(ValueError, match="at least one valid"):
        metrics_utils.update_confusion_matrix_variables({"tp": torch.zeros(1)}, [1], [1], [0.5])
    with pytest.raises(ValueError, match="label_weights"):
        metrics_utils.update_confusion_matrix_variables({ConfusionMatrix.TRUE_POSITIVES: torch.zeros(1, 2)},
                                                        [[1, 0]], [[1, 0]], [0.5], multi_label=True,
                                                        label_weights=torch.ones(2))
    with pytest.raises(ValueError, match="class_id is provided"):
        metrics.Recall(class_id=1).update_state([1, 0], [0.4, 0.6])
    with pytest.raises(ValueError, match="rank 2"):
        metrics.AUC(multi_label=True).update_state([1, 0], [0.4, 0.6])
    with pytest.raises(ValueError, match="2D inputs"):
        metrics.F1Score().update_state([1, 0], [0.4, 0.6])
    with pytest.raises(ValueError, match="sample_weight"):
        metrics.F1Score().update_state(MULTI_HOT, MULTI_PRED, sample_weight=0.5)
    with pytest.warns(UserWarning, match="weight as `float`"):
        metrics.MeanIoU(2).update_state([0, 1], [0, 1], sample_weight=np.array([0.5, 0.5]))


def test_auc_config_round_trip_with_label_weights():
    metric = metrics.AUC(curve="PR", label_weights=[1.0, 2.0], thresholds=[0.5, 0.1])
    config = metric.get_config()
    assert config["thresholds"] == [0.1, 0.5] and config["num_thresholds"] == 4
    rebuilt = metrics.deserialize(metrics.serialize(metric))
    assert rebuilt.label_weights.tolist() == [1.0, 2.0]
    assert rebuilt.thresholds == metric.thresholds
    assert rebuilt.curve is metrics_utils.AUCCurve.PR


@pytest.fixture
def meta_device():
    """Makes the compute device `meta`: any host read of a metric's tensors would raise."""
    previous = device_module.get_device()
    device_module.set_device("meta")
    yield torch.device("meta")
    device_module.set_device(previous)


SYNC_FREE = [
    (lambda: metrics.AUC(), "multilabel"),
    (lambda: metrics.AUC(curve="PR", thresholds=[0.1, 0.7]), "multilabel"),
    (lambda: metrics.AUC(multi_label=True, label_weights=[1.0, 2.0, 3.0], curve="PRGAIN"), "multilabel"),
    (lambda: metrics.Precision(top_k=2), "multilabel"),
    (lambda: metrics.Recall(class_id=1, thresholds=[0.2, 0.5]), "multilabel"),
    (lambda: metrics.TruePositives(), "multilabel"),
    (lambda: metrics.SensitivityAtSpecificity(0.5), "multilabel"),
    (lambda: metrics.RecallAtPrecision(0.5, num_thresholds=1), "multilabel"),
    (lambda: metrics.F1Score(average="weighted"), "multilabel"),
    (lambda: metrics.FBetaScore(average="micro", threshold=0.5), "multilabel"),
    (lambda: metrics.IoU(3, [0, 1], dtype="float32"), "ids"),
    (lambda: metrics.BinaryIoU(), "ids"),
    (lambda: metrics.OneHotMeanIoU(3), "multilabel"),
]


def _device_batch(kind, device):
    if kind == "ids":
        return (torch.randint(0, 3, (8,)).to(device), torch.randint(0, 3, (8,)).float().to(device),
                torch.rand(8).to(device))
    return (torch.randint(0, 2, (8, 3)).float().to(device), torch.rand(8, 3).to(device), torch.rand(8).to(device))


@pytest.mark.parametrize("make,kind", SYNC_FREE)
def test_updates_and_results_never_read_the_device(meta_device, make, kind):
    metric = make()
    y_true, y_pred, sample_weight = _device_batch(kind, meta_device)
    metric.update_state(y_true, y_pred, sample_weight=sample_weight)
    metric.update_state(y_true, y_pred)
    result = metric.result()
    metric.reset_state()
    assert result.device == meta_device
    assert all(v.device == meta_device for v in metric.variables)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device to detect host syncs")
@pytest.mark.parametrize("make,kind", SYNC_FREE)
def test_updates_do_not_synchronize_the_device(make, kind):
    cuda = torch.device("cuda")
    metric = make()
    y_true, y_pred, sample_weight = _device_batch(kind, cuda)
    metric.update_state(y_true, y_pred)  # warm up: the state and constants move to the GPU once
    expected = make()
    for _ in range(2):
        expected.update_state(y_true.cpu(), y_pred.cpu(), sample_weight=sample_weight.cpu())
    torch.cuda.synchronize()
    torch.cuda.set_sync_debug_mode("error")
    try:
        metric.update_state(y_true, y_pred, sample_weight=sample_weight)
        result = metric.result()
    finally:
        torch.cuda.set_sync_debug_mode("default")
    assert result.device.type == "cuda"
    metric.reset_state()
    metric.update_state(y_true, y_pred, sample_weight=sample_weight)
    metric.update_state(y_true, y_pred, sample_weight=sample_weight)
    np.testing.assert_allclose(metric.result().cpu().numpy(), expected.result().numpy(), rtol=1e-5, atol=1e-5)
