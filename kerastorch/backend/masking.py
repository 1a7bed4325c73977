"""Keras masks: a boolean tensor carried as the `_keras_mask` attribute of a tensor.

A layer that produces a mask (`Embedding(mask_zero=True)`, `Masking`) attaches it
to its output; the next layers receive it as their `mask` call argument and pass
it on (see `Layer.__call__`). Losses and metrics read the mask of `y_pred`.
"""

from kerastorch.utils import tree


def get_keras_mask(x):
    """Returns the mask attached to `x`, or `None`."""
    return getattr(x, "_keras_mask", None)


def set_keras_mask(x, mask) -> None:
    """Attaches `mask` to the tensor `x` (removes it when `mask` is `None`)."""
    if mask is not None:
        x._keras_mask = mask
    elif getattr(x, "_keras_mask", None) is not None:
        del x._keras_mask


def get_keras_masks(structure):
    """The masks of a tensor or a nest of tensors (`None` where there is none)."""
    if isinstance(structure, (list, tuple, dict)):
        return tree.map_structure(get_keras_mask, structure)
    return getattr(structure, "_keras_mask", None)


def has_mask(masks) -> bool:
    """Whether a mask or a nest of masks holds at least one mask."""
    if isinstance(masks, (list, tuple, dict)):
        return any(m is not None for m in tree.flatten(masks))
    return masks is not None
