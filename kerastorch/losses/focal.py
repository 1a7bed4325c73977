"""Focal crossentropies (Lin et al., 2017): crossentropy down-weighted on easy examples."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.losses.crossentropy_utils import check_class_axis
from kerastorch.losses.crossentropy_utils import clip_probabilities
from kerastorch.losses.crossentropy_utils import elementwise_binary_crossentropy
from kerastorch.losses.crossentropy_utils import smooth_labels
from kerastorch.losses.crossentropy_utils import warn_if_single_class
from kerastorch.losses.loss import FixedLossFunctionWrapper
from kerastorch.losses.tensor_utils import convert_pair
from kerastorch.losses.tensor_utils import mean


@keras_export("keras.losses.binary_focal_crossentropy", "keras.metrics.binary_focal_crossentropy")
def binary_focal_crossentropy(
    y_true,
    y_pred,
    apply_class_balancing: bool = False,
    alpha: float = 0.25,
    gamma: float = 2.0,
    from_logits: bool = False,
    label_smoothing: float = 0.0,
    axis: int = -1,
) -> torch.Tensor:
    """Computes the binary focal crossentropy, averaged over `axis`.

    `loss = (1 - p_t) ** gamma * bce`, where `p_t` is the predicted
    probability of the true class; with `apply_class_balancing`, positives
    are further weighted by `alpha` and negatives by `1 - alpha`.

    Args:
        y_true: Targets in [0, 1], same shape as `y_pred`.
        y_pred: Probabilities, or logits if `from_logits`.
        apply_class_balancing: Whether to weight classes by `alpha`.
        alpha: Weight of the positive class, in [0, 1].
        gamma: Focusing parameter; 0 gives the binary crossentropy.
        from_logits: Whether `y_pred` holds logits.
        label_smoothing: Float in [0, 1]; squeezes targets towards 0.5.
        axis: The axis averaged over.

    Returns:
        The losses, with `axis` reduced.

    Example:

    >>> binary_focal_crossentropy(np.array([[0, 1], [0, 0]]), np.array([[0.6, 0.4], [0.4, 0.6]]), gamma=2)
    tensor([0.3299, 0.2058])
    """
    y_true, y_pred = convert_pair(y_true, y_pred)
    y_true = smooth_labels(y_true, label_smoothing, categorical=False)
    if from_logits:
        y_pred = torch.sigmoid(y_pred)
    bce = elementwise_binary_crossentropy(y_true, y_pred, from_logits=False)
    p_t = y_true * y_pred + (1 - y_true) * (1 - y_pred)
    focal_bce = torch.pow(1.0 - p_t, gamma) * bce
    if apply_class_balancing:
        focal_bce = (y_true * alpha + (1 - y_true) * (1 - alpha)) * focal_bce
    return mean(focal_bce, axis=axis)


@keras_export("keras.losses.categorical_focal_crossentropy", "keras.metrics.categorical_focal_crossentropy")
def categorical_focal_crossentropy(
    y_true,
    y_pred,
    alpha: float = 0.25,
    gamma: float = 2.0,
    from_logits: bool = False,
    label_smoothing: float = 0.0,
    axis: int = -1,
) -> torch.Tensor:
    """Computes the categorical focal crossentropy over the class axis.

    `loss = sum(alpha * (1 - p) ** gamma * -y_true * log(p), axis)` with `p`
    the predicted probabilities (normalised by their sum, then clipped to
    `[epsilon, 1 - epsilon]`).

    Args:
        y_true: One-hot (or soft) targets.
        y_pred: Probabilities, or logits if `from_logits`.
        alpha: Weighting factor.
        gamma: Focusing parameter; 0 gives `alpha` times the crossentropy.
        from_logits: Whether `y_pred` holds logits.
        label_smoothing: Float in [0, 1]; targets become
            `y_true * (1 - label_smoothing) + label_smoothing / num_classes`.
        axis: The class axis.

    Returns:
        The losses, with `axis` reduced.

    Example:

    >>> categorical_focal_crossentropy(np.array([[0, 1, 0]]), np.array([[0.05, 0.9, 0.05]]))
    tensor([0.0003])
    """
    check_class_axis(axis)
    y_true, y_pred = convert_pair(y_true, y_pred)
    warn_if_single_class("categorical_focal_crossentropy", y_pred)
    y_true = smooth_labels(y_true, label_smoothing, categorical=True)
    if from_logits:
        y_pred = torch.softmax(y_pred, dim=axis)
    output = clip_probabilities(y_pred / torch.sum(y_pred, dim=axis, keepdim=True))
    cce = -y_true * torch.log(output)
    focal_cce = torch.pow(1.0 - output, gamma) * alpha * cce
    return torch.sum(focal_cce, dim=axis)


@keras_export("keras.losses.BinaryFocalCrossentropy")
class BinaryFocalCrossentropy(FixedLossFunctionWrapper):
    """Binary crossentropy down-weighted on well-classified examples (focal loss).

    Args:
        apply_class_balancing: Whether to weight positives by `alpha` and
            negatives by `1 - alpha`.
        alpha: Weight of the positive class, in [0, 1].
        gamma: Focusing parameter; 0 gives the binary crossentropy.
        from_logits: Whether `y_pred` holds logits rather than probabilities.
        label_smoothing: Float in [0, 1]; squeezes targets towards 0.5.
        axis: The axis averaged over; defaults to -1.
        reduction: The reduction (see `Loss`); defaults to `"sum_over_batch_size"`.
        name: Name of the loss; defaults to `"binary_focal_crossentropy"`.
        dtype: Dtype of the computations; defaults to `floatx()`.

    Example:

    >>> loss = BinaryFocalCrossentropy(gamma=2.0, from_logits=True)
    >>> loss(np.array([0, 1, 0, 0]), np.array([-18.6, 0.51, 2.94, -12.8]))
    tensor(0.6912)
    """

    CONFIG_KEYS = ("from_logits", "label_smoothing", "axis", "apply_class_balancing", "alpha", "gamma")

    def __init__(
        self,
        apply_class_balancing: bool = False,
        alpha: float = 0.25,
        gamma: float = 2.0,
        from_logits: bool = False,
        label_smoothing: float = 0.0,
        axis: int = -1,
        reduction="sum_over_batch_size",
        name="binary_focal_crossentropy",
        dtype=None,
    ):
        super().__init__(
            binary_focal_crossentropy,
            reduction,
            name,
            dtype,
            apply_class_balancing=apply_class_balancing,
            alpha=alpha,
            gamma=gamma,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )


@keras_export("keras.losses.CategoricalFocalCrossentropy")
class CategoricalFocalCrossentropy(FixedLossFunctionWrapper):
    """Categorical crossentropy down-weighted on well-classified examples (focal loss).

    Args:
        alpha: Weighting factor.
        gamma: Focusing parameter; 0 gives `alpha` times the crossentropy.
        from_logits: Whether `y_pred` holds logits rather than probabilities.
        label_smoothing: Float in [0, 1]; targets become
            `y_true * (1 - label_smoothing) + label_smoothing / num_classes`.
        axis: The class axis; defaults to -1.
        reduction: The reduction (see `Loss`); defaults to `"sum_over_batch_size"`.
        name: Name of the loss; defaults to `"categorical_focal_crossentropy"`.
        dtype: Dtype of the computations; defaults to `floatx()`.

    Example:

    >>> loss = CategoricalFocalCrossentropy()
    >>> loss(np.array([[0, 1, 0], [0, 0, 1]]), np.array([[0.05, 0.95, 0], [0.1, 0.8, 0.1]]))
    tensor(0.2332)
    """

    CONFIG_KEYS = ("from_logits", "label_smoothing", "axis", "alpha", "gamma")

    def __init__(
        self,
        alpha: float = 0.25,
        gamma: float = 2.0,
        from_logits: bool = False,
        label_smoothing: float = 0.0,
        axis: int = -1,
        reduction="sum_over_batch_size",
        name="categorical_focal_crossentropy",
        dtype=None,
    ):
        super().__init__(
            categorical_focal_crossentropy,
            reduction,
            name,
            dtype,
            alpha=alpha,
            gamma=gamma,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )
