"""Crossentropy losses: binary, categorical (one-hot) and sparse categorical (integer).

The maths is Keras's torch backend: probabilities are clipped to
`[epsilon, 1 - epsilon]` (categorical ones first normalised by their sum) and
logits go through torch's fused `log_softmax` / `cross_entropy` /
`binary_cross_entropy_with_logits`. A saturated softmax output therefore gives a
bounded loss (`-log(epsilon)`, about 16.12) and no gradient, as in Keras on
torch; Keras on TensorFlow would instead recover the logits cached on the
softmax output. Pass `from_logits=True` to train on logits.
"""

import torch
import torch.nn.functional as F

from kerastorch.api_export import keras_export
from kerastorch.losses.crossentropy_utils import check_class_axis
from kerastorch.losses.crossentropy_utils import check_same_shape
from kerastorch.losses.crossentropy_utils import clip_probabilities
from kerastorch.losses.crossentropy_utils import elementwise_binary_crossentropy
from kerastorch.losses.crossentropy_utils import smooth_labels
from kerastorch.losses.crossentropy_utils import warn_if_single_class
from kerastorch.losses.loss import FixedLossFunctionWrapper
from kerastorch.losses.tensor_utils import convert_pair
from kerastorch.losses.tensor_utils import mean


@keras_export("keras.losses.binary_crossentropy", "keras.metrics.binary_crossentropy")
def binary_crossentropy(y_true, y_pred, from_logits: bool = False, label_smoothing: float = 0.0, axis: int = -1):
    """Computes the binary crossentropy, averaged over `axis`.

    Args:
        y_true: Targets in [0, 1], same shape as `y_pred`.
        y_pred: Probabilities, or logits if `from_logits`.
        from_logits: Whether `y_pred` holds logits.
        label_smoothing: Float in [0, 1]; targets become
            `y_true * (1 - label_smoothing) + 0.5 * label_smoothing`.
        axis: The axis averaged over.

    Returns:
        The losses, with `axis` reduced.

    Example:

    >>> binary_crossentropy(np.array([[0, 1], [0, 0]]), np.array([[0.6, 0.4], [0.4, 0.6]]))
    tensor([0.9163, 0.7136])
    """
    y_true, y_pred = convert_pair(y_true, y_pred)
    y_true = smooth_labels(y_true, label_smoothing, categorical=False)
    return mean(elementwise_binary_crossentropy(y_true, y_pred, from_logits), axis=axis)


@keras_export("keras.losses.categorical_crossentropy", "keras.metrics.categorical_crossentropy")
def categorical_crossentropy(
    y_true, y_pred, from_logits: bool = False, label_smoothing: float = 0.0, axis: int = -1
):
    """Computes the crossentropy between one-hot (or soft) targets and predictions.

    Args:
        y_true: One-hot or soft targets, same shape as `y_pred`.
        y_pred: Probabilities (normalised by their sum over `axis`), or logits
            if `from_logits`.
        from_logits: Whether `y_pred` holds logits.
        label_smoothing: Float in [0, 1]; targets become
            `y_true * (1 - label_smoothing) + label_smoothing / num_classes`.
        axis: The class axis.

    Returns:
        The losses, with `axis` reduced.

    Example:

    >>> categorical_crossentropy(np.array([[0, 1, 0]]), np.array([[0.05, 0.95, 0.0]]))
    tensor([0.0513])
    """
    check_class_axis(axis)
    y_true, y_pred = convert_pair(y_true, y_pred)
    warn_if_single_class("categorical_crossentropy", y_pred)
    y_true = smooth_labels(y_true, label_smoothing, categorical=True)
    check_same_shape(y_true, y_pred)
    if y_true.ndim < 1:
        raise ValueError(
            "Arguments `target` and `output` must be at least rank 1. "
            f"Received: target.shape={tuple(y_true.shape)}, output.shape={tuple(y_pred.shape)}"
        )
    if from_logits:
        log_prob = F.log_softmax(y_pred, dim=axis)
    else:
        log_prob = torch.log(clip_probabilities(y_pred / torch.sum(y_pred, dim=axis, keepdim=True)))
    return -torch.sum(y_true * log_prob, dim=axis)


@keras_export("keras.losses.sparse_categorical_crossentropy", "keras.metrics.sparse_categorical_crossentropy")
def sparse_categorical_crossentropy(y_true, y_pred, from_logits: bool = False, ignore_class=None, axis: int = -1):
    """Computes the crossentropy between integer labels and predictions.

    Uses torch's fused `cross_entropy` / `nll_loss` on the label indices, with
    no one-hot tensor.

    Args:
        y_true: Integer class ids, shape of `y_pred` without the class axis
            (a trailing axis of size 1 is squeezed).
        y_pred: Probabilities (normalised by their sum over `axis`), or logits
            if `from_logits`.
        from_logits: Whether `y_pred` holds logits.
        ignore_class: Optional class id whose entries get loss 0 and are
            masked out of the reduction (via the result's `_keras_mask`).
        axis: The class axis of `y_pred`.

    Returns:
        The losses, one per label.

    Example:

    >>> sparse_categorical_crossentropy(np.array([1, 2]), np.array([[0.05, 0.95, 0], [0.1, 0.8, 0.1]]))
    tensor([0.0513, 2.3026])
    """
    y_true, y_pred = convert_pair(y_true, y_pred, cast_y_true=False)
    if y_true.ndim == y_pred.ndim and y_true.shape[axis] == 1:
        y_true = y_true.squeeze(axis)
    if y_pred.ndim < 1:
        raise ValueError(f"Argument `output` must be at least rank 1. Received: output.shape={tuple(y_pred.shape)}")
    class_axis = axis % y_pred.ndim
    if y_true.shape != y_pred.shape[:class_axis] + y_pred.shape[class_axis + 1 :]:
        raise ValueError(
            "Arguments `target` and `output` must have the same shape up until the last dimension: "
            f"target.shape={tuple(y_true.shape)}, output.shape={tuple(y_pred.shape)}"
        )
    target = y_true.long()
    if ignore_class is not None:
        valid = y_true != ignore_class
        target = torch.where(valid, target, 0)
    # The fused kernels want (rows, classes): move the class axis last and flatten.
    logits = y_pred.movedim(class_axis, -1).reshape(-1, y_pred.shape[class_axis])
    if from_logits:
        losses = F.cross_entropy(logits, target.reshape(-1), reduction="none")
    else:
        log_prob = torch.log(clip_probabilities(logits / torch.sum(logits, dim=1, keepdim=True)))
        losses = F.nll_loss(log_prob, target.reshape(-1), reduction="none")
    losses = losses.reshape(target.shape)
    if ignore_class is not None:
        losses = torch.where(valid, losses, 0.0)
        losses._keras_mask = valid
    return losses


@keras_export("keras.losses.BinaryCrossentropy")
class BinaryCrossentropy(FixedLossFunctionWrapper):
    """Crossentropy between binary labels and predicted probabilities (or logits).

    Args:
        from_logits: Whether `y_pred` holds logits rather than probabilities.
        label_smoothing: Float in [0, 1]; squeezes targets towards 0.5.
        axis: The axis averaged over; defaults to -1.
        reduction: The reduction (see `Loss`); defaults to `"sum_over_batch_size"`.
        name: Name of the loss; defaults to `"binary_crossentropy"`.
        dtype: Dtype of the computations; defaults to `floatx()`.

    Example:

    >>> loss = BinaryCrossentropy(from_logits=True)
    >>> loss(np.array([0, 1, 0, 0]), np.array([-18.6, 0.51, 2.94, -12.8]))
    tensor(0.8655)
    """

    CONFIG_KEYS = ("from_logits", "label_smoothing", "axis")

    def __init__(
        self,
        from_logits: bool = False,
        label_smoothing: float = 0.0,
        axis: int = -1,
        reduction="sum_over_batch_size",
        name="binary_crossentropy",
        dtype=None,
    ):
        super().__init__(
            binary_crossentropy,
            reduction,
            name,
            dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )


@keras_export("keras.losses.CategoricalCrossentropy")
class CategoricalCrossentropy(FixedLossFunctionWrapper):
    """Crossentropy between one-hot labels and predicted probabilities (or logits).

    Args:
        from_logits: Whether `y_pred` holds logits rather than probabilities.
        label_smoothing: Float in [0, 1]; targets become
            `y_true * (1 - label_smoothing) + label_smoothing / num_classes`.
        axis: The class axis; defaults to -1.
        reduction: The reduction (see `Loss`); defaults to `"sum_over_batch_size"`.
        name: Name of the loss; defaults to `"categorical_crossentropy"`.
        dtype: Dtype of the computations; defaults to `floatx()`.

    Example:

    >>> loss = CategoricalCrossentropy()
    >>> loss(np.array([[0, 1, 0], [0, 0, 1]]), np.array([[0.05, 0.95, 0], [0.1, 0.8, 0.1]]))
    tensor(1.1769)
    """

    CONFIG_KEYS = ("from_logits", "label_smoothing", "axis")

    def __init__(
        self,
        from_logits: bool = False,
        label_smoothing: float = 0.0,
        axis: int = -1,
        reduction="sum_over_batch_size",
        name="categorical_crossentropy",
        dtype=None,
    ):
        super().__init__(
            categorical_crossentropy,
            reduction,
            name,
            dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )


@keras_export("keras.losses.SparseCategoricalCrossentropy")
class SparseCategoricalCrossentropy(FixedLossFunctionWrapper):
    """Crossentropy between integer labels and predicted probabilities (or logits).

    Args:
        from_logits: Whether `y_pred` holds logits rather than probabilities.
        ignore_class: Optional class id (e.g. a "void" class -1 or 255) left
            out of the loss and of the averaging.
        reduction: The reduction (see `Loss`); defaults to `"sum_over_batch_size"`.
        axis: The class axis of `y_pred`; defaults to -1.
        name: Name of the loss; defaults to `"sparse_categorical_crossentropy"`.
        dtype: Dtype of the computations; defaults to `floatx()`.

    Example:

    >>> loss = SparseCategoricalCrossentropy()
    >>> loss(np.array([1, 2]), np.array([[0.05, 0.95, 0], [0.1, 0.8, 0.1]]))
    tensor(1.1769)
    """

    CONFIG_KEYS = ("from_logits", "ignore_class")  # Keras leaves `axis` out

    def __init__(
        self,
        from_logits: bool = False,
        ignore_class=None,
        reduction="sum_over_batch_size",
        axis: int = -1,
        name="sparse_categorical_crossentropy",
        dtype=None,
    ):
        super().__init__(
            sparse_categorical_crossentropy,
            reduction,
            name,
            dtype,
            from_logits=from_logits,
            ignore_class=ignore_class,
            axis=axis,
        )
