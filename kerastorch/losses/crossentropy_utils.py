"""Crossentropy helpers shared by the crossentropy and focal losses.

Keras's torch-backend arithmetic: shape checks with Keras's messages,
probabilities clipped to `[epsilon, 1 - epsilon]`, label smoothing, and the
unreduced binary crossentropy on torch's fused kernels.
"""

import warnings

import torch
import torch.nn.functional as F

from kerastorch.backend import config


def check_same_shape(target, output) -> None:
    """Raises Keras's error when targets and outputs differ in shape.

    Args:
        target: The targets tensor.
        output: The predictions tensor.

    Raises:
        ValueError: if the shapes differ.
    """
    if target.shape != output.shape:
        raise ValueError(
            "Arguments `target` and `output` must have the same shape. "
            f"Received: target.shape={tuple(target.shape)}, output.shape={tuple(output.shape)}"
        )


def clip_probabilities(probabilities: torch.Tensor) -> torch.Tensor:
    """Clips probabilities to `[epsilon, 1 - epsilon]`, as Keras's torch backend does.

    Args:
        probabilities: A tensor of probabilities.

    Returns:
        The clipped tensor.
    """
    eps = config.epsilon()
    return torch.clip(probabilities, eps, 1.0 - eps)


def check_class_axis(axis) -> None:
    """Raises Keras's error when a categorical loss gets a boolean `axis`.

    Args:
        axis: The `axis` argument.

    Raises:
        ValueError: if `axis` is a bool.
    """
    if isinstance(axis, bool):
        raise ValueError(f"`axis` must be of type `int`. Received: axis={axis} of type {type(axis)}")


def warn_if_single_class(loss_name: str, y_pred: torch.Tensor) -> None:
    """Warns, as Keras does, when categorical predictions have one class.

    Args:
        loss_name: The function name shown in the warning.
        y_pred: The predictions.
    """
    if y_pred.ndim >= 1 and y_pred.shape[-1] == 1:
        warnings.warn(
            f"In loss {loss_name}, expected y_pred.shape to be (batch_size, num_classes) "
            f"with num_classes > 1. Received: y_pred.shape={tuple(y_pred.shape)}. "
            "Consider using 'binary_crossentropy' if you only have 2 classes.",
            SyntaxWarning,
            stacklevel=3,
        )


def smooth_labels(y_true: torch.Tensor, label_smoothing: float, categorical: bool) -> torch.Tensor:
    """Squeezes targets towards uniform by `label_smoothing`, in Keras's arithmetic.

    Binary targets move towards 0.5 (`y * (1 - s) + 0.5 * s`), categorical
    ones towards `1 / num_classes` (`y * (1 - s) + s / num_classes`, the
    division done in the targets' dtype, as Keras does).

    Args:
        y_true: The targets (class axis last when `categorical`).
        label_smoothing: Float in [0, 1]; 0 leaves the targets unchanged.
        categorical: Whether the targets are one-hot over the last axis.

    Returns:
        The smoothed targets.
    """
    if not label_smoothing:
        return y_true
    if categorical:
        num_classes = torch.full((), y_true.shape[-1], dtype=y_true.dtype, device=y_true.device)
        return y_true * (1.0 - label_smoothing) + label_smoothing / num_classes
    return y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing


def elementwise_binary_crossentropy(target, output, from_logits: bool) -> torch.Tensor:
    """Keras's `ops.binary_crossentropy` on torch: unreduced, with clipped probabilities.

    Args:
        target: Targets, same shape as `output`.
        output: Probabilities, or logits if `from_logits`.
        from_logits: Whether `output` holds logits.

    Returns:
        The per-element crossentropy.
    """
    check_same_shape(target, output)
    if from_logits:
        return F.binary_cross_entropy_with_logits(output, target, reduction="none")
    return F.binary_cross_entropy(clip_probabilities(output), target, reduction="none")
