"""Helpers shared by the data adapters: type checks, class weights, errors."""

import numpy as np
import torch

from kerastorch.backend import config
from kerastorch.utils import tree


def is_torch_dataloader(x) -> bool:
    """Whether `x` is a `torch.utils.data.DataLoader`."""
    return isinstance(x, torch.utils.data.DataLoader)


def is_torch_dataset(x) -> bool:
    """Whether `x` is a `torch.utils.data.Dataset` (map-style or iterable)."""
    return isinstance(x, torch.utils.data.Dataset)


def raise_unsupported_arg(arg_name, arg_description, input_type):
    """Raises Keras's error for `y` / `sample_weight` passed beside a dataset."""
    raise ValueError(
        f"When providing `x` as a {input_type}, `{arg_name}` should not be passed. "
        f"Instead, {arg_description} should be included as part of the {input_type}."
    )


def class_weight_to_sample_weights(y, class_weight):
    """Per-sample weights from a dict class index -> weight, as Keras computes them.

    The class of a sample is its label (rounded), the argmax of a one-hot row,
    or the single entry of a `(n, 1)` column; classes missing from the dict
    weigh 1.

    Args:
        y: Targets of a single-output model (array or tensor).
        class_weight: Dict class index -> weight.

    Returns:
        A `floatx()` numpy array of shape `(num_samples,)`.

    Example:

    >>> class_weight_to_sample_weights(np.array([0, 1, 1]), {1: 2.0})
    array([1., 2., 2.], dtype=float32)
    """
    labels = y.detach().cpu().numpy() if isinstance(y, torch.Tensor) else np.asarray(y)
    if labels.ndim > 1:
        labels = labels.argmax(axis=-1) if labels.shape[-1] != 1 else labels[..., 0]
    labels = np.round(labels).astype("int64")
    return np.array([class_weight.get(int(label), 1.0) for label in labels],
                    dtype=config.floatx())


def apply_class_weight(class_weight, y, sample_weight):
    """Turns `class_weight` into per-sample weights (for `fit` and `train_on_batch`).

    Args:
        class_weight: `None`, or a dict class index -> weight.
        y: The targets.
        sample_weight: The `sample_weight` argument.

    Returns:
        `sample_weight` unchanged when there is no `class_weight`, else the
        weights of `class_weight_to_sample_weights`.

    Raises:
        ValueError: If both are given, or `y` has several outputs.
    """
    if not class_weight:
        return sample_weight
    if sample_weight is not None:
        raise ValueError(
            "Arguments `sample_weight` and `class_weight` cannot be specified at the "
            f"same time. Received: sample_weight={sample_weight}, class_weight={class_weight}"
        )
    if tree.is_nested(y):
        raise ValueError("`class_weight` is only supported for models with a single output.")
    return class_weight_to_sample_weights(y, class_weight)
