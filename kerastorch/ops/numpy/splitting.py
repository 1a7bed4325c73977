"""Splitting tensors, `keras.ops`: `split`, `array_split`, `hsplit`, `vsplit`, `dsplit`.

Each returns a list of tensors (views of the input).
"""

import torch

from kerastorch.api_export import keras_export
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.ops.operation import keras_op
from kerastorch.ops.operation_utils import canonicalize_axis, split_shapes
from kerastorch.ops.tensor_args import as_tensor

NUMPY = "keras.src.ops.numpy"


def _index_list(indices_or_sections):
    """Split points as ints (sections stay an int)."""
    if isinstance(indices_or_sections, int):
        return indices_or_sections
    return as_tensor(indices_or_sections).tolist()


def _split_specs(x, indices_or_sections, axis):
    return [KerasTensor(shape, dtype=x.dtype)
            for shape in split_shapes(x.shape, indices_or_sections, axis)]


def _split_spec(x, indices_or_sections, axis=0):
    return _split_specs(x, indices_or_sections, axis)


@keras_export("keras.ops.split", "keras.ops.numpy.split")
@keras_op(NUMPY, static=("indices_or_sections", "axis"), spec=_split_spec)
def split(x, indices_or_sections, axis=0):
    """Splits a tensor into pieces along an axis.

    Args:
        x: Input tensor.
        indices_or_sections: An int `N` (N equal pieces; the axis size must be
            divisible by it) or a sequence of split points.
        axis: The axis to split.

    Returns:
        A list of tensors.

    Example:

    >>> [t.shape[0] for t in kerastorch.ops.split(torch.arange(6), [1, 4])]
    [1, 3, 2]
    """
    x = as_tensor(x)
    size = x.shape[axis]
    if isinstance(indices_or_sections, int):
        if size % indices_or_sections:
            raise ValueError(
                f"Received indices_or_sections={indices_or_sections} (interpreted as a "
                f"number of sections) and axis={axis}, but input dimension "
                f"x.shape[{axis}]={size} is not divisible by {indices_or_sections}. Full "
                f"input shape: x.shape={tuple(x.shape)}"
            )
        if size == 0:
            return [x.clone() for _ in range(indices_or_sections)]
        return list(torch.split(x, size // indices_or_sections, dim=axis))
    return list(torch.tensor_split(x, _index_list(indices_or_sections), dim=axis))


def _array_split_spec(x, indices_or_sections, axis=0):
    axis = canonicalize_axis(axis, x.ndim)
    size = x.shape[axis]
    if size is None:
        # Keras answers a tuple here (and a list otherwise).
        return tuple(KerasTensor(x.shape, dtype=x.dtype) for _ in range(indices_or_sections))
    piece, remainder = divmod(size, indices_or_sections)
    return [KerasTensor(x.shape[:axis] + (piece + (i < remainder),) + x.shape[axis + 1:],
                        dtype=x.dtype) for i in range(indices_or_sections)]


@keras_export("keras.ops.array_split", "keras.ops.numpy.array_split")
@keras_op(NUMPY, static=("indices_or_sections", "axis"), spec=_array_split_spec)
def array_split(x, indices_or_sections, axis=0):
    """Splits a tensor into `indices_or_sections` nearly equal pieces.

    The first `size % indices_or_sections` pieces get one more element.

    Args:
        x: Input tensor.
        indices_or_sections: Number of pieces (a positive int).
        axis: The axis to split.

    Returns:
        A list of tensors.

    Example:

    >>> [t.shape[0] for t in kerastorch.ops.array_split(torch.arange(7), 3)]
    [3, 2, 2]
    """
    if not isinstance(indices_or_sections, int):
        raise TypeError(
            "Argument `indices_or_sections` must be of type `int`. Received: "
            f"indices_or_sections={indices_or_sections}"
        )
    if indices_or_sections <= 0:
        raise ValueError(
            "Argument `indices_or_sections` must be a positive integer. Received: "
            f"indices_or_sections={indices_or_sections}"
        )
    if not isinstance(axis, int):
        raise TypeError(f"Argument `axis` must be of type `int`. Received: {axis}")
    return list(torch.tensor_split(as_tensor(x), indices_or_sections, dim=axis))


def _fixed_axis_split(torch_split, axis_of, name, min_ndim):
    def spec(x, indices_or_sections):
        if x.ndim < min_ndim:
            raise ValueError(
                f"`{name}` only works on arrays of at least {min_ndim} dimension"
                f"{'s' if min_ndim > 1 else ''}. Received array with shape {x.shape}."
            )
        return _split_specs(x, indices_or_sections, axis_of(x.ndim))

    def op(x, indices_or_sections):
        return list(torch_split(as_tensor(x), _index_list(indices_or_sections)))

    return op, spec


_hsplit, _hsplit_spec = _fixed_axis_split(torch.hsplit, lambda n: 0 if n == 1 else 1, "hsplit", 1)
_vsplit, _vsplit_spec = _fixed_axis_split(torch.vsplit, lambda n: 0, "vsplit", 2)
_dsplit, _dsplit_spec = _fixed_axis_split(torch.dsplit, lambda n: 2, "dsplit", 3)


@keras_export("keras.ops.hsplit", "keras.ops.numpy.hsplit")
@keras_op(NUMPY, static=("indices_or_sections",), spec=_hsplit_spec)
def hsplit(x, indices_or_sections):
    """Splits a tensor horizontally (along axis 1; axis 0 for 1-D tensors).

    Args:
        x: Input tensor.
        indices_or_sections: Number of equal pieces, or split points.

    Returns:
        A list of tensors.

    Example:

    >>> [t.shape for t in kerastorch.ops.hsplit(torch.ones(2, 4), 2)]
    [torch.Size([2, 2]), torch.Size([2, 2])]
    """
    return _hsplit(x, indices_or_sections)


@keras_export("keras.ops.vsplit", "keras.ops.numpy.vsplit")
@keras_op(NUMPY, static=("indices_or_sections",), spec=_vsplit_spec)
def vsplit(x, indices_or_sections):
    """Splits a tensor vertically (along axis 0; at least 2-D).

    Args:
        x: Input tensor.
        indices_or_sections: Number of equal pieces, or split points.

    Returns:
        A list of tensors.

    Example:

    >>> [t.shape for t in kerastorch.ops.vsplit(torch.ones(4, 2), 2)]
    [torch.Size([2, 2]), torch.Size([2, 2])]
    """
    return _vsplit(x, indices_or_sections)


@keras_export("keras.ops.dsplit", "keras.ops.numpy.dsplit")
@keras_op(NUMPY, static=("indices_or_sections",), spec=_dsplit_spec)
def dsplit(x, indices_or_sections):
    """Splits a tensor depth-wise (along axis 2; at least 3-D).

    Args:
        x: Input tensor.
        indices_or_sections: Number of equal pieces, or split points.

    Returns:
        A list of tensors.

    Example:

    >>> [t.shape for t in kerastorch.ops.dsplit(torch.ones(1, 2, 4), 2)]
    [torch.Size([1, 2, 2]), torch.Size([1, 2, 2])]
    """
    return _dsplit(x, indices_or_sections)
