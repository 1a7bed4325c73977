"""Intersection-over-union metrics: `IoU`, `MeanIoU`, `BinaryIoU`, `OneHotIoU`, `OneHotMeanIoU`.

Each accumulates a `(num_classes, num_classes)` confusion matrix (rows:
labels, columns: predictions) on the device, and returns the mean, over the
target classes that occurred, of `tp / (tp + fp + fn)`. As in Keras the
matrix is `int32` by default, so float sample weights are truncated: pass
`dtype="float32"` for fractional weights.
"""

import warnings

import torch

from kerastorch.api_export import keras_export
from kerastorch.backend import config
from kerastorch.backend.device import get_device
from kerastorch.losses.tensor_utils import to_tensor
from kerastorch.metrics.metric import Metric
from kerastorch.metrics.metrics_utils import confusion_matrix
from kerastorch.metrics.metrics_utils import on_device


class _IoUBase(Metric):
    """Accumulates the confusion matrix of integer (or argmax-ed) labels and predictions.

    Args:
        num_classes: Number of classes.
        name: Name of the metric.
        dtype: Dtype of the matrix; defaults to `"int32"`.
        ignore_class: Optional label id left out (e.g. a "void" class).
        sparse_y_true: Whether labels are class ids (else the argmax over `axis`).
        sparse_y_pred: Whether predictions are class ids (else the argmax over `axis`).
        axis: The class axis of dense inputs; defaults to -1.
    """

    _direction = "up"

    def __init__(self, num_classes: int, name=None, dtype=None, ignore_class=None, sparse_y_true: bool = True,
                 sparse_y_pred: bool = True, axis: int = -1):
        super().__init__(name=name, dtype=dtype or "int32")
        self.num_classes = num_classes
        self.ignore_class = ignore_class
        self.sparse_y_true = sparse_y_true
        self.sparse_y_pred = sparse_y_pred
        self.axis = axis
        self.total_cm = self.add_variable(shape=(num_classes, num_classes), initializer="zeros", dtype=self.dtype,
                                          name="total_confusion_matrix")

    @torch.no_grad()
    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        """Adds one batch to the confusion matrix.

        Labels or predictions outside `[0, num_classes)`, and labels equal to
        `ignore_class`, are left out.

        Args:
            y_true: Labels (class ids, or dense if not `sparse_y_true`).
            y_pred: Predictions (class ids, or dense if not `sparse_y_pred`).
            sample_weight: Optional weights broadcastable to the flattened labels.
        """
        y_pred = to_tensor(y_pred)
        y_true = to_tensor(y_true, device=y_pred.device)
        if not self.sparse_y_true:
            y_true = torch.argmax(y_true, dim=self.axis)
        if not self.sparse_y_pred:
            y_pred = torch.argmax(y_pred, dim=self.axis)
        self._move_state_to(y_pred.device)
        y_true = to_tensor(y_true, dtype=self.dtype).reshape(-1)
        y_pred = to_tensor(y_pred, dtype=self.dtype).reshape(-1)
        if sample_weight is None:
            sample_weight = 1
        elif "float" in str(getattr(sample_weight, "dtype", "")) and "int" in self.dtype:
            warnings.warn("You are passing weight as `float`, but dtype is `int`. This may result in an incorrect "
                          "weight due to type casting Consider using integer weights.", stacklevel=2)
        sample_weight = to_tensor(sample_weight, dtype=self.dtype, device=y_pred.device)
        sample_weight = torch.broadcast_to(sample_weight.reshape(-1) if sample_weight.ndim > 1 else sample_weight,
                                           y_true.shape)
        in_bounds = (y_true >= 0) & (y_true < self.num_classes) & (y_pred >= 0) & (y_pred < self.num_classes)
        if self.ignore_class is not None:
            in_bounds = in_bounds & (y_true != self.ignore_class)
        y_true = torch.where(in_bounds, y_true, 0)
        y_pred = torch.where(in_bounds, y_pred, 0)
        sample_weight = torch.where(in_bounds, sample_weight, 0)
        self.total_cm.add_(confusion_matrix(y_true, y_pred, self.num_classes, weights=sample_weight, dtype=self.dtype))


@keras_export("keras.metrics.IoU")
class IoU(_IoUBase):
    """The intersection over union, `tp / (tp + fp + fn)`, averaged over target classes.

    The mean is over those of `target_class_ids` that appear in labels or
    predictions; a single id gives that class's IoU.

    Args:
        num_classes: Number of classes.
        target_class_ids: List or tuple of the class ids averaged.
        name: Name of the metric.
        dtype: Dtype of the confusion matrix; defaults to `"int32"`.
        ignore_class: Optional label id left out (e.g. a "void" class).
        sparse_y_true: Whether labels are class ids (else the argmax over `axis`).
        sparse_y_pred: Whether predictions are class ids (else the argmax over `axis`).
        axis: The class axis of dense inputs; defaults to -1.

    Example:

    >>> m = IoU(num_classes=2, target_class_ids=[0])
    >>> m.update_state([0, 0, 1, 1], [0, 1, 0, 1])
    >>> m.result()
    tensor(0.3333)
    """

    def __init__(self, num_classes: int, target_class_ids, name=None, dtype=None, ignore_class=None,
                 sparse_y_true: bool = True, sparse_y_pred: bool = True, axis: int = -1):
        super().__init__(num_classes, name=name, dtype=dtype, ignore_class=ignore_class,
                         sparse_y_true=sparse_y_true, sparse_y_pred=sparse_y_pred, axis=axis)
        if max(target_class_ids) >= num_classes:
            raise ValueError(f"Target class id {max(target_class_ids)} is out of range, which is [0, {num_classes}).")
        self.target_class_ids = list(target_class_ids)
        self._target_ids = torch.tensor(self.target_class_ids, dtype=torch.long, device=get_device())

    def result(self) -> torch.Tensor:
        """Returns the mean IoU of the target classes seen (0-d, float32)."""
        matrix = self.total_cm
        true_positives = torch.diagonal(matrix)
        denominator = torch.sum(matrix, dim=0) + torch.sum(matrix, dim=1) - true_positives
        self._target_ids = on_device(self._target_ids, matrix.device)
        true_positives = true_positives[self._target_ids].float()
        denominator = denominator[self._target_ids].float()
        valid = denominator > 1e-9
        iou = torch.where(valid, true_positives / (denominator + config.epsilon()), 0.0)
        return torch.sum(iou, dim=self.axis) / (torch.sum(valid.float()) + config.epsilon())

    def get_config(self) -> dict:
        """Returns `name`, `dtype`, `num_classes`, `target_class_ids`, `ignore_class`, the sparsity flags and `axis`."""
        return {**super().get_config(), "num_classes": self.num_classes, "target_class_ids": self.target_class_ids,
                "ignore_class": self.ignore_class, "sparse_y_true": self.sparse_y_true,
                "sparse_y_pred": self.sparse_y_pred, "axis": self.axis}


@keras_export("keras.metrics.BinaryIoU")
class BinaryIoU(IoU):
    """The IoU of classes 0 and / or 1 of a binary task, predictions thresholded at `threshold`.

    A prediction at or above `threshold` is class 1, below it class 0.

    Args:
        target_class_ids: `[0]`, `[1]` or `[0, 1]` (default: their mean).
        threshold: The threshold on predictions; defaults to 0.5.
        name: Name of the metric.
        dtype: Dtype of the confusion matrix; defaults to `"int32"`.

    Example:

    >>> m = BinaryIoU(target_class_ids=[0, 1], threshold=0.3)
    >>> m.update_state([0, 1, 0, 1], [0.1, 0.2, 0.4, 0.7])
    >>> m.result()
    tensor(0.3333)
    """

    def __init__(self, target_class_ids=(0, 1), threshold: float = 0.5, name=None, dtype=None):
        super().__init__(num_classes=2, target_class_ids=target_class_ids, name=name, dtype=dtype)
        self.threshold = threshold

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        """Thresholds the predictions, then adds the batch to the confusion matrix.

        Args:
            y_true: Binary labels.
            y_pred: Predictions (probabilities or scores).
            sample_weight: Optional weights broadcastable to the flattened labels.
        """
        y_pred = to_tensor(y_pred, dtype="float32")
        super().update_state(y_true, (y_pred >= self.threshold).to(self.total_cm.dtype), sample_weight)

    def get_config(self) -> dict:
        """Returns `target_class_ids`, `threshold`, `name` and `dtype`."""
        return {"target_class_ids": self.target_class_ids, "threshold": self.threshold, "name": self.name,
                "dtype": self.dtype}


@keras_export("keras.metrics.MeanIoU")
class MeanIoU(IoU):
    """The mean IoU over all classes (that appear in labels or predictions).

    Args:
        num_classes: Number of classes.
        name: Name of the metric.
        dtype: Dtype of the confusion matrix; defaults to `"int32"`.
        ignore_class: Optional label id left out (e.g. a "void" class).
        sparse_y_true: Whether labels are class ids (else the argmax over `axis`).
        sparse_y_pred: Whether predictions are class ids (else the argmax over `axis`).
        axis: The class axis of dense inputs; defaults to -1.

    Example:

    >>> m = MeanIoU(num_classes=2)
    >>> m.update_state([0, 0, 1, 1], [0, 1, 0, 1])
    >>> m.result()
    tensor(0.3333)
    """

    def __init__(self, num_classes: int, name=None, dtype=None, ignore_class=None, sparse_y_true: bool = True,
                 sparse_y_pred: bool = True, axis: int = -1):
        super().__init__(num_classes, list(range(num_classes)), name=name, dtype=dtype, ignore_class=ignore_class,
                         sparse_y_true=sparse_y_true, sparse_y_pred=sparse_y_pred, axis=axis)

    def get_config(self) -> dict:
        """Returns `num_classes`, `name`, `dtype`, `ignore_class`, the sparsity flags and `axis`."""
        config_dict = super().get_config()
        del config_dict["target_class_ids"]
        return config_dict


@keras_export("keras.metrics.OneHotIoU")
class OneHotIoU(IoU):
    """The IoU of target classes for one-hot labels (argmax over the class axis).

    Args:
        num_classes: Number of classes (the size of the class axis).
        target_class_ids: List or tuple of the class ids averaged.
        name: Name of the metric.
        dtype: Dtype of the confusion matrix; defaults to `"int32"`.
        ignore_class: Optional label id left out.
        sparse_y_pred: Whether predictions are class ids (default `False`: argmax).
        axis: The class axis; defaults to -1.

    Example:

    >>> m = OneHotIoU(num_classes=3, target_class_ids=[0, 2])
    >>> m.update_state(np.eye(3)[[2, 0, 1, 0]], np.array([[.2, .3, .5], [.1, .2, .7], [.5, .3, .1], [.1, .4, .5]]))
    >>> m.result()
    tensor(0.1667)
    """

    def __init__(self, num_classes: int, target_class_ids, name=None, dtype=None, ignore_class=None,
                 sparse_y_pred: bool = False, axis: int = -1):
        super().__init__(num_classes, target_class_ids, name=name, dtype=dtype, ignore_class=ignore_class,
                         sparse_y_true=False, sparse_y_pred=sparse_y_pred, axis=axis)

    def get_config(self) -> dict:
        """Returns `num_classes`, `target_class_ids`, `name`, `dtype`, `ignore_class`, `sparse_y_pred` and `axis`."""
        config_dict = super().get_config()
        del config_dict["sparse_y_true"]
        return config_dict


@keras_export("keras.metrics.OneHotMeanIoU")
class OneHotMeanIoU(MeanIoU):
    """The mean IoU over all classes for one-hot labels (argmax over the class axis).

    Args:
        num_classes: Number of classes (the size of the class axis).
        name: Name of the metric.
        dtype: Dtype of the confusion matrix; defaults to `"int32"`.
        ignore_class: Optional label id left out.
        sparse_y_pred: Whether predictions are class ids (default `False`: argmax).
        axis: The class axis; defaults to -1.

    Example:

    >>> m = OneHotMeanIoU(num_classes=3)
    >>> m.update_state(np.eye(3)[[2, 0, 1, 0]], np.array([[.2, .3, .5], [.1, .2, .7], [.5, .3, .1], [.1, .4, .5]]))
    >>> m.result()
    tensor(0.1111)
    """

    def __init__(self, num_classes: int, name=None, dtype=None, ignore_class=None, sparse_y_pred: bool = False,
                 axis: int = -1):
        super().__init__(num_classes, name=name, dtype=dtype, ignore_class=ignore_class, sparse_y_true=False,
                         sparse_y_pred=sparse_y_pred, axis=axis)

    def get_config(self) -> dict:
        """Returns `num_classes`, `name`, `dtype`, `ignore_class`, `sparse_y_pred` and `axis`."""
        config_dict = super().get_config()
        del config_dict["sparse_y_true"]
        return config_dict
