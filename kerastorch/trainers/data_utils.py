"""Packing a batch as `x`, `(x, y)` or `(x, y, sample_weight)`, as Keras does."""

from kerastorch.api_export import keras_export


@keras_export("keras.utils.unpack_x_y_sample_weight")
def unpack_x_y_sample_weight(data):
    """Splits a batch into `(x, y, sample_weight)`; missing parts are `None`.

    Args:
        data: `x`, `(x,)`, `(x, y)` or `(x, y, sample_weight)` (a list is
            read as a tuple).

    Returns:
        The tuple `(x, y, sample_weight)`.

    Example:

    >>> unpack_x_y_sample_weight((1, 2))
    (1, 2, None)
    """
    if isinstance(data, list):
        data = tuple(data)
    if not isinstance(data, tuple):
        return data, None, None
    if len(data) == 1:
        return data[0], None, None
    if len(data) == 2:
        return data[0], data[1], None
    if len(data) == 3:
        return data
    raise ValueError(
        "Data is expected to be in format `x`, `(x,)`, `(x, y)`, or "
        f"`(x, y, sample_weight)`, found: {data}"
    )


@keras_export("keras.utils.pack_x_y_sample_weight")
def pack_x_y_sample_weight(x, y=None, sample_weight=None):
    """Packs a batch as Keras's data adapters yield it: `x`, `(x, y)` or `(x, y, sw)`.

    A custom `train_step` that unpacks `x, y = data` relies on this shape. A
    tuple or list `x` alone is wrapped as `(x,)`, so it is not read as `(x, y)`.

    Args:
        x: Inputs.
        y: Optional targets.
        sample_weight: Optional sample weights.

    Returns:
        `x`, `(x,)`, `(x, y)` or `(x, y, sample_weight)`.

    Example:

    >>> pack_x_y_sample_weight(1, 2)
    (1, 2)
    """
    if y is None:
        return (x,) if isinstance(x, (list, tuple)) else x
    if sample_weight is None:
        return (x, y)
    return (x, y, sample_weight)
