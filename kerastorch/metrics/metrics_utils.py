"""Confusion-matrix arithmetic shared by the thresholded, AUC and IoU metrics.

`update_confusion_matrix_variables` adds one batch's true/false positives and
negatives, at every threshold at once, to the metric's state tensors: one
`(thresholds, values)` comparison and a sum per statistic, or, for evenly
spaced thresholds (AUC's 200), one scatter of the predictions into
threshold buckets and a reversed cumulative sum, as Keras does. Nothing is
read back on the host; the threshold values are copied to the device once.
"""

import functools
from enum import Enum

import numpy as np
import torch

from kerastorch.backend import config
from kerastorch.losses.loss_utils import squeeze_or_expand_to_same_rank
from kerastorch.losses.tensor_utils import to_tensor

NEG_INF = -1e10


def _to_list(x) -> list:
    return list(x) if isinstance(x, (list, tuple)) else [x]


def assert_thresholds_range(thresholds) -> None:
    """Checks that every threshold lies in `[0, 1]`.

    Args:
        thresholds: `None` or a list of thresholds.

    Raises:
        ValueError: if a threshold is `None` or outside `[0, 1]`.

    Example:

    >>> assert_thresholds_range([0.2, 0.8])
    """
    if thresholds is not None:
        invalid = [t for t in thresholds if t is None or t < 0 or t > 1]
        if invalid:
            raise ValueError(f"Threshold values must be in [0, 1]. Received: {invalid}")


def parse_init_thresholds(thresholds, default_threshold: float = 0.5) -> list:
    """Returns the constructor's `thresholds` argument as a checked list.

    Args:
        thresholds: `None`, a float, or a list / tuple of floats in `[0, 1]`.
        default_threshold: The threshold used when `thresholds` is `None`.

    Returns:
        A list of thresholds.

    Example:

    >>> parse_init_thresholds(None)
    [0.5]
    """
    if thresholds is not None:
        assert_thresholds_range(_to_list(thresholds))
    return _to_list(default_threshold if thresholds is None else thresholds)


def is_evenly_distributed_thresholds(thresholds) -> bool:
    """Whether thresholds are `[0, 1/(n-1), ..., 1]` (within `epsilon()`), with `n >= 3`.

    Such thresholds let `update_confusion_matrix_variables` bucket the
    predictions instead of comparing them with every threshold.

    Args:
        thresholds: A list or 1-D array of thresholds.

    Returns:
        A Python bool.

    Example:

    >>> is_evenly_distributed_thresholds([0.0, 0.5, 1.0])
    True
    """
    num_thresholds = len(thresholds)
    if num_thresholds < 3:
        return False
    even = np.arange(num_thresholds, dtype=np.float32) / (num_thresholds - 1)
    return bool(np.allclose(thresholds, even, atol=config.epsilon()))


class ConfusionMatrix(Enum):
    """The four confusion-matrix statistics, the keys of `variables_to_update`."""

    TRUE_POSITIVES = "tp"
    FALSE_POSITIVES = "fp"
    TRUE_NEGATIVES = "tn"
    FALSE_NEGATIVES = "fn"


class AUCCurve(Enum):
    """Curve of an `AUC` metric: `"ROC"`, `"PR"` (precision-recall) or `"PRGAIN"`."""

    ROC = "ROC"
    PR = "PR"
    PRGAIN = "PRGAIN"

    @staticmethod
    def from_str(key: str) -> "AUCCurve":
        """Parses a curve name (upper or lower case).

        Args:
            key: `"ROC"`, `"PR"` or `"PRGAIN"`, or their lower-case forms.

        Returns:
            The `AUCCurve`.

        Raises:
            ValueError: for any other name.

        Example:

        >>> AUCCurve.from_str("pr")
        <AUCCurve.PR: 'PR'>
        """
        for curve in AUCCurve:
            if key in (curve.value, curve.value.lower()):
                return curve
        raise ValueError(f'Invalid AUC curve value: "{key}". Expected values are ["PR", "ROC", "PRGAIN"]')


class AUCSummationMethod(Enum):
    """Riemann summation of an `AUC` metric.

    `"interpolation"`: mid-point heights for ROC; for PR, interpolates true
    and false positives rather than precision (Davis & Goadrich 2006).
    `"minoring"`: the lower of the two heights of each interval;
    `"majoring"`: the higher.
    """

    INTERPOLATION = "interpolation"
    MAJORING = "majoring"
    MINORING = "minoring"

    @staticmethod
    def from_str(key: str) -> "AUCSummationMethod":
        """Parses a summation method name (lower case or capitalised).

        Args:
            key: `"interpolation"`, `"majoring"` or `"minoring"`, or capitalised.

        Returns:
            The `AUCSummationMethod`.

        Raises:
            ValueError: for any other name.

        Example:

        >>> AUCSummationMethod.from_str("Minoring")
        <AUCSummationMethod.MINORING: 'minoring'>
        """
        for method in AUCSummationMethod:
            if key in (method.value, method.value.capitalize()):
                return method
        raise ValueError(
            f'Invalid AUC summation method value: "{key}". '
            'Expected values are ["interpolation", "majoring", "minoring"]'
        )


@functools.lru_cache(maxsize=64)
def _thresholds_tensor(thresholds: tuple, dtype: torch.dtype, device: torch.device) -> torch.Tensor:
    """The thresholds as a tensor on `device`, copied there once, not at every step."""
    return torch.tensor(thresholds, dtype=dtype, device=device)


def on_device(tensor: torch.Tensor, device: torch.device) -> torch.Tensor:
    """Returns `tensor` on `device`, copying it only if it is elsewhere.

    Args:
        tensor: A tensor.
        device: The target device.

    Returns:
        `tensor` itself, or its copy on `device`.

    Example:

    >>> on_device(torch.zeros(2), torch.device("cpu")).device
    device(type='cpu')
    """
    return tensor if tensor.device == device else tensor.to(device)


def filter_top_k(x: torch.Tensor, k: int) -> torch.Tensor:
    """Keeps the `k` largest values of each row (last axis) and sets the others to `NEG_INF`.

    Args:
        x: A tensor.
        k: How many values to keep per row.

    Returns:
        A tensor like `x`.

    Example:

    >>> filter_top_k(torch.tensor([0.1, 0.7, 0.4]), 2)
    tensor([-1.0000e+10,  7.0000e-01,  4.0000e-01])
    """
    top_k = torch.zeros_like(x, dtype=torch.bool).scatter_(-1, torch.topk(x, k, dim=-1).indices, True)
    return torch.where(top_k, x, torch.full((), NEG_INF, dtype=x.dtype, device=x.device))


def _check_keys(variables_to_update: dict) -> None:
    valid = list(ConfusionMatrix)
    if not any(key in valid for key in variables_to_update):
        raise ValueError(
            "Please provide at least one valid confusion matrix variable to update. "
            f'Valid variable key options are: "{valid}". Received: "{variables_to_update.keys()}"'
        )
    invalid = [key for key in variables_to_update if key not in valid]
    if invalid:
        raise ValueError(f'Invalid keys: "{invalid}". Valid variable key options are: "{valid}"')


def _bucketed_positives(true_labels, false_labels, y_pred, num_thresholds: int, with_epsilon: bool):
    """True and false positives of `(samples, labels)` inputs at evenly spaced thresholds.

    A prediction `p` exceeds thresholds `0 .. ceil(p * (n - 1)) - 1`: each
    prediction adds its weight to that last bucket, and the reversed
    cumulative sum over buckets gives the positives at every threshold.
    Predictions in no bucket (index -1) go to a spare bucket that is dropped.
    """
    buckets = torch.ceil(y_pred.clamp(0.0, 1.0) * float(num_thresholds - 1)) - 1
    if with_epsilon:
        # The first threshold is -epsilon: every prediction in [0, 1] exceeds it.
        buckets = torch.relu(buckets)
    buckets = torch.where(buckets < 0, num_thresholds, buckets).long()
    weights = torch.stack([true_labels, false_labels], dim=-1)
    index = buckets.unsqueeze(-1).expand_as(weights)
    bucket_sums = torch.zeros((num_thresholds + 1,) + tuple(weights.shape[1:]), dtype=weights.dtype,
                              device=weights.device)
    bucket_sums.scatter_add_(0, index, weights)
    positives = torch.flip(torch.cumsum(torch.flip(bucket_sums[:-1], dims=(0,)), dim=0), dims=(0,))
    return positives[..., 0], positives[..., 1]


def _update_evenly(variables_to_update, y_true, y_pred, thresholds, multi_label, sample_weight, label_weights):
    """Adds the statistics for evenly spaced thresholds (bucketing; O(thresholds + samples))."""
    weights = 1.0
    if sample_weight is not None:
        weights = torch.broadcast_to(sample_weight, y_pred.shape)
    if label_weights is not None:
        weights = weights * torch.broadcast_to(label_weights.unsqueeze(0), y_pred.shape)
    y_true = (y_true != 0).to(y_pred.dtype)
    if not multi_label:
        y_true, y_pred = y_true.reshape(-1, 1), y_pred.reshape(-1, 1)
        if isinstance(weights, torch.Tensor):
            weights = weights.reshape(-1, 1)
    true_labels = y_true * weights
    false_labels = (1.0 - y_true) * weights
    with_epsilon = thresholds[0] < 0.0 or thresholds[-1] > 1.0
    tp, fp = _bucketed_positives(true_labels, false_labels, y_pred, len(thresholds), with_epsilon)
    statistics = {ConfusionMatrix.TRUE_POSITIVES: tp, ConfusionMatrix.FALSE_POSITIVES: fp}
    if ConfusionMatrix.TRUE_NEGATIVES in variables_to_update:
        statistics[ConfusionMatrix.TRUE_NEGATIVES] = torch.sum(false_labels, dim=0) - fp
    if ConfusionMatrix.FALSE_NEGATIVES in variables_to_update:
        statistics[ConfusionMatrix.FALSE_NEGATIVES] = torch.sum(true_labels, dim=0) - tp
    return {key: value if multi_label else value.squeeze(-1) for key, value in statistics.items()}


def _update_by_comparison(variables_to_update, y_true, y_pred, thresholds, multi_label, sample_weight,
                          label_weights):
    """Adds the statistics by comparing every prediction with every threshold (O(thresholds x samples))."""
    weights = None
    if sample_weight is not None:
        weights = torch.broadcast_to(sample_weight, y_pred.shape)
    if label_weights is not None and not multi_label:
        label_weights = torch.broadcast_to(label_weights.unsqueeze(0), y_pred.shape)
        weights = label_weights if weights is None else weights * label_weights
    if not multi_label:
        y_true, y_pred = y_true.reshape(-1), y_pred.reshape(-1)
        weights = None if weights is None else weights.reshape(-1)
    thresholds = _thresholds_tensor(tuple(thresholds), y_pred.dtype, y_pred.device)
    thresholds = thresholds.reshape((-1,) + (1,) * y_pred.ndim)
    pred_is_pos = y_pred.unsqueeze(0) > thresholds
    label_is_pos = (y_true != 0).unsqueeze(0)
    conditions = {
        ConfusionMatrix.TRUE_POSITIVES: lambda: label_is_pos & pred_is_pos,
        ConfusionMatrix.FALSE_POSITIVES: lambda: ~label_is_pos & pred_is_pos,
        ConfusionMatrix.TRUE_NEGATIVES: lambda: ~label_is_pos & ~pred_is_pos,
        ConfusionMatrix.FALSE_NEGATIVES: lambda: label_is_pos & ~pred_is_pos,
    }
    statistics = {}
    for key in variables_to_update:
        hits = conditions[key]()
        if weights is None:
            statistics[key] = torch.sum(hits.to(y_pred.dtype), dim=1)
        else:
            statistics[key] = torch.sum(torch.where(hits, weights, 0.0), dim=1)
    return statistics


def update_confusion_matrix_variables(
    variables_to_update: dict,
    y_true,
    y_pred,
    thresholds,
    top_k: "int | None" = None,
    class_id: "int | None" = None,
    sample_weight=None,
    multi_label: bool = False,
    label_weights=None,
    thresholds_distributed_evenly: bool = False,
) -> None:
    """Adds one batch's weighted confusion-matrix counts, at every threshold, to the given variables.

    A prediction is positive at a threshold when it is strictly greater than
    it; a label is positive when it is non-zero. Without `multi_label`, all
    values are flattened into one binary problem; with it, counts are kept
    per label (the last axis of rank-2 inputs).

    Args:
        variables_to_update: Dict from `ConfusionMatrix` keys to the state
            tensors to add to, of shape `(num_thresholds,)` (or
            `(num_thresholds, num_labels)` with `multi_label`), all on the
            device of `y_pred`.
        y_true: Labels, the shape of `y_pred` (or differing by a trailing 1).
        y_pred: Predictions, normally in `[0, 1]`.
        thresholds: A list of Python floats (`[NEG_INF]` with `top_k`).
        top_k: Only the `top_k` largest predictions of each row count as positive.
        class_id: Only this class (index of the last axis) is counted.
        sample_weight: Optional weights broadcastable to `y_true`.
        multi_label: Whether to keep counts per label.
        label_weights: Optional tensor of per-label weights (last axis),
            applied to the flattened data; not allowed with `multi_label`.
        thresholds_distributed_evenly: Whether `thresholds` are evenly spaced
            in `[0, 1]` (possibly with `-epsilon` / `1 + epsilon` ends), which
            enables bucketing.

    Raises:
        ValueError: on invalid keys, `label_weights` with `multi_label`, or
            `class_id` with rank-1 predictions.

    Example:

    >>> tp = torch.zeros(1)
    >>> update_confusion_matrix_variables({ConfusionMatrix.TRUE_POSITIVES: tp}, [0, 1, 1], [0.9, 0.8, 0.1], [0.5])
    >>> tp
    tensor([1.])
    """
    if multi_label and label_weights is not None:
        raise ValueError(
            "`label_weights` for multilabel data should be handled outside of "
            "`update_confusion_matrix_variables` when `multi_label` is True."
        )
    if variables_to_update is None:
        return
    _check_keys(variables_to_update)
    dtype = next(iter(variables_to_update.values())).dtype
    y_pred = to_tensor(y_pred, dtype=dtype)
    y_true = to_tensor(y_true, dtype=dtype, device=y_pred.device)
    y_pred, y_true = squeeze_or_expand_to_same_rank(y_pred, y_true)
    if sample_weight is not None:
        sample_weight = to_tensor(sample_weight, dtype=dtype, device=y_pred.device).unsqueeze(-1)
        _, sample_weight = squeeze_or_expand_to_same_rank(y_true, sample_weight, expand_rank_1=False)
    if top_k is not None:
        y_pred = filter_top_k(y_pred, top_k)
    if class_id is not None:
        if y_pred.ndim == 1:
            raise ValueError(
                "When class_id is provided, y_pred must be a 2D array with shape (num_samples, num_classes), "
                f"found shape: {tuple(y_pred.shape)}"
            )
        y_true = y_true[..., class_id, None]
        y_pred = y_pred[..., class_id, None]
    update = _update_evenly if thresholds_distributed_evenly else _update_by_comparison
    statistics = update(variables_to_update, y_true, y_pred, thresholds, multi_label, sample_weight, label_weights)
    with torch.no_grad():
        for key, variable in variables_to_update.items():
            variable.add_(statistics[key])


def confusion_matrix(labels, predictions, num_classes: int, weights=None, dtype: str = "int32") -> torch.Tensor:
    """Returns the `(num_classes, num_classes)` confusion matrix: rows are labels, columns predictions.

    Args:
        labels: 1-D integer labels in `[0, num_classes)`.
        predictions: 1-D integer predictions, same shape.
        num_classes: Number of classes.
        weights: Optional weights, one per prediction (default 1).
        dtype: Dtype of the matrix.

    Returns:
        The matrix, on the device of `predictions`.

    Example:

    >>> confusion_matrix([1, 2, 1], [2, 2, 1], num_classes=3)
    tensor([[0, 0, 0],
            [0, 1, 1],
            [0, 0, 1]], dtype=torch.int32)
    """
    predictions = to_tensor(predictions, dtype=dtype)
    labels = to_tensor(labels, dtype=dtype, device=predictions.device)
    labels, predictions = squeeze_or_expand_to_same_rank(labels, predictions)
    cells = (labels.long() * num_classes + predictions.long()).reshape(-1)
    if weights is None:
        values = torch.ones_like(cells, dtype=predictions.dtype)
    else:
        values = torch.broadcast_to(to_tensor(weights, dtype=dtype, device=predictions.device), cells.shape)
    matrix = torch.zeros(num_classes * num_classes, dtype=predictions.dtype, device=predictions.device)
    return matrix.index_add_(0, cells, values.reshape(-1)).reshape(num_classes, num_classes)
