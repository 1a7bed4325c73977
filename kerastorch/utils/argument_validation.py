"""Validation of layer constructor arguments (pool / kernel sizes, strides, paddings)."""


def standardize_tuple(value, n: int, name: str, allow_zero: bool = False) -> tuple:
    """Turns an int or an iterable of ints into a tuple of `n` ints, as Keras does.

    Args:
        value: An int (repeated `n` times) or an iterable of `n` ints.
        n: Length of the returned tuple.
        name: The argument's name, for error messages (`"strides"`).
        allow_zero: Whether 0 is accepted (negative values never are).

    Returns:
        A tuple of `n` ints.

    Raises:
        ValueError: If `value` has the wrong length, holds a non-integer, or
            holds a value below the allowed minimum.

    Example:

    >>> standardize_tuple(2, 3, "pool_size")
    (2, 2, 2)
    """
    error_msg = f"The `{name}` argument must be a tuple of {n} integers. Received {name}={value}"
    if isinstance(value, int):
        value_tuple = (value,) * n
    else:
        try:
            value_tuple = tuple(value)
        except TypeError:
            raise ValueError(error_msg) from None
        if len(value_tuple) != n:
            raise ValueError(error_msg)
        for single_value in value_tuple:
            try:
                int(single_value)
            except (ValueError, TypeError):
                raise ValueError(
                    f"{error_msg}, including element {single_value} of type "
                    f"{type(single_value)}"
                ) from None
    minimum, requirement = (0, ">= 0") if allow_zero else (1, "> 0")
    bad_values = {v for v in value_tuple if v < minimum}
    if bad_values:
        raise ValueError(
            f"{error_msg}, including values {bad_values} that do not satisfy "
            f"`value {requirement}`"
        )
    return value_tuple



def standardize_padding(value, allow_causal: bool = False):
    """Lower-cases a padding name and checks it, as Keras does.

    Args:
        value: `"valid"` or `"same"` (any case), `"causal"` where allowed;
            a list / tuple is returned unchanged (explicit paddings).
        allow_causal: Whether `"causal"` is accepted (`Conv1D`).

    Returns:
        The lower-cased padding name (or `value` itself for a list / tuple).

    Raises:
        ValueError: If the name is not one of the allowed ones.

    Example:

    >>> standardize_padding("SAME")
    'same'
    """
    if isinstance(value, (list, tuple)):
        return value
    padding = value.lower()
    allowed_values = {"valid", "same", "causal"} if allow_causal else {"valid", "same"}
    if padding not in allowed_values:
        raise ValueError(
            "The `padding` argument must be a list/tuple or one of "
            f"{allowed_values}. Received: {padding}"
        )
    return padding


def standardize_pairs(value, n: int, name: str, allow_negative_int: bool = True) -> tuple:
    """Turns a cropping / padding argument into `n` `(before, after)` pairs, as Keras does.

    Args:
        value: An int (the same on both sides of every dimension), or a
            sequence of `n` entries, each an int (both sides) or a pair.
        n: Number of spatial dimensions.
        name: The argument's name, for error messages (`"cropping"`).
        allow_negative_int: Whether a single negative int is accepted
            (Keras's `ZeroPadding2D/3D` accept it, `Cropping2D/3D` do not).

    Returns:
        A tuple of `n` tuples of 2 ints.

    Raises:
        ValueError: On a negative value, a wrong number of entries, or a
            value of another type.

    Example:

    >>> standardize_pairs((1, (2, 3)), 2, "cropping")
    ((1, 1), (2, 3))
    """
    if isinstance(value, int):
        if value < 0 and not allow_negative_int:
            raise ValueError(f"`{name}` cannot be negative. Received: {name}={value}.")
        return ((value, value),) * n
    if not hasattr(value, "__len__"):
        raise ValueError(
            f"`{name}` should be either an int, a tuple of {n} ints (symmetric, per "
            f"dimension), or a tuple of {n} tuples of 2 ints ((before, after) per "
            f"dimension). Received: {name}={value}."
        )
    if len(value) != n:
        raise ValueError(f"`{name}` should have {n} elements. Received: {name}={value}.")
    ordinals = ("1st", "2nd", "3rd")
    return tuple(
        standardize_tuple(entry, 2, f"{ordinals[i]} entry of {name}", allow_zero=True)
        for i, entry in enumerate(value)
    )
