"""Session settings that `clear_session()` forgets, as Keras's global state.

The global dtype policy, flash attention and interactive logging switches,
traceback filtering and the global `SeedGenerator` live here: Keras keeps
them in its global state, so `keras.backend.clear_session()` resets them to
their defaults, and so does kerastorch's. (`floatx`, `epsilon`, the image
data format and the epoch limits are module settings that survive it, as in
Keras.)
"""

_STATE = {}


def get_global_attribute(name: str, default=None):
    """Returns setting `name`, or `default` when it is not set.

    Args:
        name: The setting's name (`"dtype_policy"`, `"flash_attention"`, ...).
        default: The value when unset.

    Returns:
        The value.
    """
    return _STATE.get(name, default)


def set_global_attribute(name: str, value) -> None:
    """Sets setting `name` to `value` until the next `clear_session()`.

    Args:
        name: The setting's name.
        value: Its value.
    """
    _STATE[name] = value


def clear() -> None:
    """Forgets every setting (part of `clear_session`)."""
    _STATE.clear()
