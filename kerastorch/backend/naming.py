"""Keras-style object names: `dense`, `dense_1`, ... per session."""

import collections
import re

_NAME_UIDS = collections.defaultdict(int)


def to_snake_case(name: str) -> str:
    """`"InputLayer"` -> `"input_layer"`, as Keras names layers."""
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def uniquify(name: str) -> str:
    """Returns `name` the first time, then `name_1`, `name_2`, ..."""
    unique_name = f"{name}_{_NAME_UIDS[name]}" if name in _NAME_UIDS else name
    _NAME_UIDS[name] += 1
    return unique_name


def auto_name(class_name: str) -> str:
    """A unique snake_case name derived from a class name."""
    return uniquify(to_snake_case(class_name))


def reset_names() -> None:
    """Forgets every name handed out (part of `clear_session`)."""
    _NAME_UIDS.clear()


def get_uid(prefix: str = "") -> int:
    """Counts one more use of `prefix` and returns the count (1 the first time).

    It shares the counters of layer names: after a layer named `dense`,
    `get_uid("dense")` is 2 and the next Dense layer is named `dense_2`.

    Args:
        prefix: The string whose uses are counted.

    Returns:
        The new count.

    Example:

    >>> kerastorch.backend.get_uid("thing"), kerastorch.backend.get_uid("thing")
    (1, 2)
    """
    _NAME_UIDS[prefix] += 1
    return _NAME_UIDS[prefix]
