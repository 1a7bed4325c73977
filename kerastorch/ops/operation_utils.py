"""Shape arithmetic shared by the ops' symbolic specs (as `keras.src.ops.operation_utils`)."""

import math
import operator


def canonicalize_axis(axis: int, ndim: int) -> int:
    """Returns `axis` in `[0, ndim)`, raising for an out-of-range axis.

    Args:
        axis: An axis, possibly negative.
        ndim: The number of dimensions.

    Returns:
        The non-negative axis.

    Example:

    >>> canonicalize_axis(-1, 3)
    2
    """
    axis = operator.index(axis)
    if not -ndim <= axis < ndim:
        raise ValueError(f"axis {axis} is out of bounds for an array with dimension {ndim}.")
    return axis + ndim if axis < 0 else axis


def axis_tuple(axis) -> tuple:
    """`axis` (an int, list or tuple) as a tuple; `None` stays `None`.

    Example:

    >>> axis_tuple(1)
    (1,)
    """
    if axis is None or isinstance(axis, tuple):
        return axis
    if isinstance(axis, list):
        return tuple(axis)
    return (axis,)


def reduce_shape(shape, axis=None, keepdims: bool = False) -> tuple:
    """The shape left by reducing `shape` over `axis`.

    Args:
        shape: Input shape (`None` for unknown sizes).
        axis: Int, list/tuple of ints, or `None` (all axes).
        keepdims: Whether reduced axes stay with size 1.

    Returns:
        The reduced shape, a tuple.

    Example:

    >>> reduce_shape((None, 3, 4), axis=1)
    (None, 4)
    """
    shape = list(shape)
    if axis is None:
        return (1,) * len(shape) if keepdims else ()
    axes = {canonicalize_axis(a, len(shape)) for a in axis_tuple(axis)}
    if keepdims:
        return tuple(1 if i in axes else d for i, d in enumerate(shape))
    return tuple(d for i, d in enumerate(shape) if i not in axes)


def broadcast_shapes(shape1, shape2) -> list:
    """The broadcast of two shapes with `None` for unknown sizes.

    Raises:
        ValueError: when two known sizes differ and neither is 1.

    Example:

    >>> broadcast_shapes((None, 1), (3,))
    [None, 3]
    """
    shape1, shape2 = list(shape1), list(shape2)
    if len(shape1) < len(shape2):
        shape1 = [1] * (len(shape2) - len(shape1)) + shape1
    else:
        shape2 = [1] * (len(shape1) - len(shape2)) + shape2
    output = []
    for a, b in zip(shape1, shape2):
        if a == 1:
            output.append(b)
        elif b == 1 or b is None or a == b:
            output.append(a)
        elif a is None:
            output.append(b)
        else:
            raise ValueError(
                f"Cannot broadcast shape, the failure dim has value {a}, which cannot be "
                f"broadcasted to {b}. Input shapes are: {shape1} and {shape2}."
            )
    return output


def compute_reshape_output_shape(input_shape, newshape) -> tuple:
    """The shape `reshape(x, newshape)` gives: `-1` resolved, or `None` when unknown.

    Example:

    >>> compute_reshape_output_shape((None, 4), (-1, 2))
    (None, 2)
    """
    newshape = tuple(newshape) if isinstance(newshape, (list, tuple)) else (newshape,)
    if sum(d == -1 for d in newshape if isinstance(d, int)) > 1:
        raise ValueError(
            "There must be at most one unknown dimension (-1) in `newshape`. "
            f"Received: newshape={newshape}."
        )
    if None in input_shape or None in newshape:
        return tuple(None if d == -1 else d for d in newshape)
    size = math.prod(input_shape)
    if -1 not in newshape:
        if size != math.prod(newshape):
            raise ValueError(
                "The total size of the tensor must be unchanged. Received: "
                f"input_shape={tuple(input_shape)}, newshape={newshape}"
            )
        return newshape
    known = math.prod(d for d in newshape if d != -1)
    if known == 0 or size % known:
        raise ValueError(
            "The total size of the tensor must be unchanged, however, the input size "
            "cannot by divided by the specified dimensions in newshape. Received: "
            f"input_shape={tuple(input_shape)}, newshape={newshape}"
        )
    return tuple(size // known if d == -1 else d for d in newshape)


def split_shapes(shape, indices_or_sections, axis: int) -> list:
    """The shapes of the pieces `split(x, indices_or_sections, axis)` gives.

    Example:

    >>> split_shapes((None, 6), 3, axis=1)
    [(None, 2), (None, 2), (None, 2)]
    """
    shape = list(shape)
    axis = canonicalize_axis(axis, len(shape))
    size = shape[axis]
    if isinstance(indices_or_sections, int):
        if size is not None and size % indices_or_sections:
            raise ValueError(
                "`x` size on given `axis` must be divisible by `indices_or_sections` "
                f"when `indices_or_sections` is an int. But received {size} and "
                f"{indices_or_sections}."
            )
        piece = None if size is None else size // indices_or_sections
        return [tuple(shape[:axis] + [piece] + shape[axis + 1:])] * indices_or_sections
    bounds = [0, *indices_or_sections, size]
    return [
        tuple(shape[:axis] + [None if a is None or b is None else b - a] + shape[axis + 1:])
        for a, b in zip(bounds[:-1], bounds[1:])
    ]
