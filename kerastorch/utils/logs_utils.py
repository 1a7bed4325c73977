"""Turning callback `logs` (which may hold device tensors) into Python numbers.

The training loop hands callbacks metric values as 0-d device tensors; reading
one waits for the device. `logs_to_python` converts a whole dict at once (for
epoch-level logs), while `LogsView` converts each value only when a callback
reads it, so batches whose logs nobody looks at cost no host sync.
"""

from collections.abc import Mapping, MutableMapping

import torch


def to_python(value):
    """Converts one log value to a Python float where it can.

    A tensor comes to the host (a device sync); a one-element tensor or array
    becomes a `float`; anything else that `float()` rejects is returned as is
    (a larger tensor as a NumPy array), as Keras does.

    Args:
        value: A tensor, NumPy value, Python number or other object.

    Returns:
        A `float`, or the value itself (tensors as NumPy arrays).

    Example:

    >>> to_python(torch.tensor(0.5))
    0.5
    """
    if isinstance(value, torch.Tensor):
        value = value.detach().cpu()
        if value.numel() != 1:
            return value.numpy()
    try:
        return float(value)
    except (TypeError, ValueError):
        return value


def _flatten(logs) -> dict:
    """Flattens nested dicts into one dict, keys sorted at each level, values untouched."""
    flat = {}
    for key, value in sorted((logs or {}).items()):
        if isinstance(value, Mapping):
            flat.update(_flatten(value))
        else:
            flat[key] = value
    return flat


def logs_to_python(logs) -> dict:
    """Returns `logs` as a flat dict of Python floats, keys sorted.

    This is what Keras's `CallbackList` gives every callback: nested dicts are
    flattened into the top level and each value converted by `to_python`.

    Args:
        logs: A dict (or other mapping) of log values, or `None`.

    Returns:
        A new dict; `{}` for `None`.

    Example:

    >>> logs_to_python({"loss": torch.tensor(0.25), "accuracy": 1})
    {'accuracy': 1.0, 'loss': 0.25}
    """
    return {key: to_python(value) for key, value in _flatten(logs).items()}


class LogsView(MutableMapping):
    """A lazy `logs_to_python(logs)`: values convert (and sync) only when read.

    Keys and their order are those of `logs_to_python(logs)`. Each value is
    converted on first read and cached. Writes go to the view, not to `logs`.

    Args:
        logs: A mapping of log values (e.g. 0-d device tensors), or `None`.

    Example:

    >>> view = LogsView({"loss": torch.tensor(0.25)})
    >>> list(view)  # no device sync
    ['loss']
    >>> view["loss"]  # syncs here
    0.25
    """

    def __init__(self, logs):
        self._logs = logs
        self._raw = None
        self._converted = {}

    def _flat(self) -> dict:
        if self._raw is None:
            self._raw = _flatten(self._logs)
        return self._raw

    def __getitem__(self, key):
        if key not in self._converted:
            self._converted[key] = to_python(self._flat()[key])
        return self._converted[key]

    def __setitem__(self, key, value):
        self._flat()[key] = value
        self._converted[key] = value

    def __delitem__(self, key):
        del self._flat()[key]
        self._converted.pop(key, None)

    def __iter__(self):
        return iter(self._flat())

    def __len__(self) -> int:
        return len(self._flat())

    def copy(self) -> dict:
        """A plain dict of the converted values (the common `logs.copy()` idiom)."""
        return dict(self)

    def __repr__(self) -> str:
        return f"LogsView({dict(self)!r})"
