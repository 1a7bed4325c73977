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
