"""`keras.ops.rearrange`: einops-style axis rearrangement (Keras's `keras/src/ops/einops.py`).

A pattern such as `"b (h p) w -> b h (p w)"` names the input axes (a group in
parentheses splits one axis; the sizes it needs come as keyword arguments)
and says how to order and merge them in the output. The op is a reshape, a
permutation and a reshape.
"""

import functools
import math
import re

from kerastorch.api_export import keras_export
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.ops.operation import keras_op
from kerastorch.ops.tensor_args import as_tensor

_AXES = re.compile(r"\w+|\(.*?\)")


def _groups(side: str) -> list:
    """`"b (h w) c"` -> `["b", ["h", "w"], "c"]`: an axis name, or a group's names."""
    return [token[1:-1].split() if token.startswith("(") else token
            for token in _AXES.findall(side)]


def _names(group) -> list:
    return [group] if isinstance(group, str) else group


@functools.lru_cache(maxsize=256)
def _plan(pattern: str, input_shape: tuple, axes_lengths: tuple):
    """Parses `pattern` against `input_shape` (cached: layers repeat their patterns).

    Args:
        pattern: The rearrangement pattern.
        input_shape: The input shape (`None` for unknown sizes).
        axes_lengths: The `(axis, size)` pairs given as keyword arguments.

    Returns:
        `(split_shape, permutation, output_shape)`: the input shape with each
        group split into its axes, the order of those axes in the output, and
        the output shape (`None` where a size is unknown).
    """
    axes_lengths = dict(axes_lengths)
    source, target = re.split(r"\s*->\s*", pattern)
    input_groups, output_groups = _groups(source), _groups(target)
    sizes = {}
    for group, size in zip(input_groups, input_shape):
        if isinstance(group, str):
            sizes[group] = size
            continue
        unknown = [axis for axis in group if axis not in axes_lengths]
        if len(unknown) > 1:
            raise ValueError(
                f"Cannot infer the sizes of axes {unknown} of the group {group} in "
                f"pattern '{pattern}': pass all but one of them as keyword arguments.")
        sizes.update((axis, axes_lengths[axis]) for axis in group if axis in axes_lengths)
        if unknown:
            known = math.prod(axes_lengths[axis] for axis in group if axis in axes_lengths)
            sizes[unknown[0]] = None if size is None else size // known
    input_axes = [axis for group in input_groups for axis in _names(group)]
    split_shape = tuple(sizes[axis] for axis in input_axes)
    permutation = tuple(input_axes.index(axis) for group in output_groups
                        for axis in _names(group))
    output_shape = tuple(
        None if any(sizes[axis] is None for axis in _names(group))
        else math.prod(sizes[axis] for axis in _names(group))
        for group in output_groups
    )
    return split_shape, permutation, output_shape


def _rearrange_spec(tensor, pattern, **axes_lengths):
    plan = _plan(pattern, tuple(tensor.shape), tuple(sorted(axes_lengths.items())))
    return KerasTensor(plan[2], dtype=tensor.dtype)


def _rearrange(tensor, pattern, **axes_lengths):
    tensor = as_tensor(tensor)
    split_shape, permutation, output_shape = _plan(
        pattern, tuple(tensor.shape), tuple(sorted(axes_lengths.items())))
    if split_shape != tuple(tensor.shape):
        tensor = tensor.reshape(split_shape)
    return tensor.permute(permutation).reshape(output_shape)


# The node records the axis lengths as keyword arguments of its call, as Keras's.
_Rearrange = keras_op("keras.src.ops.einops", class_name="Rearrange",
                      spec=_rearrange_spec)(_rearrange).op_class


@keras_export("keras.ops.rearrange")
def rearrange(tensor, pattern, **axes_lengths):
    """Reorders, splits and merges axes following an einops pattern.

    Args:
        tensor: Input tensor.
        pattern: `"input axes -> output axes"`, e.g. `"b h w c -> b c h w"`
            (a transpose) or `"b (h p) w -> b h (p w)"` (split then merge).
        **axes_lengths: Sizes of axes that a group splits (one axis per group
            may be left out and is inferred).

    Returns:
        The rearranged tensor.

    Example:

    >>> kerastorch.ops.rearrange(torch.zeros(2, 6, 4), "b (h p) w -> b h (p w)", p=3).shape
    torch.Size([2, 2, 12])
    """
    if isinstance(tensor, KerasTensor):
        return _Rearrange()(tensor, pattern, **axes_lengths)
    return _rearrange(tensor, pattern, **axes_lengths)
