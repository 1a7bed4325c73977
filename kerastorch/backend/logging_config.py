"""How kerastorch reports to the user: interactive logging and traceback filtering.

With interactive logging on (the default), progress bars and messages go to
stdout; off, they go to the `"kerastorch"` Python logger at level INFO, as
Keras sends them to `absl.logging` (a server job's log). Both switches are
session settings: `clear_session()` turns them back on, as in Keras.
"""

from kerastorch.backend import global_state


def enable_interactive_logging() -> None:
    """Sends progress bars and messages to stdout (the default).

    Example:

    >>> kerastorch.config.enable_interactive_logging()
    """
    global_state.set_global_attribute("interactive_logging", True)


def disable_interactive_logging() -> None:
    """Sends progress bars and messages to the `"kerastorch"` logger instead of stdout.

    Example:

    >>> kerastorch.config.disable_interactive_logging()
    >>> kerastorch.config.is_interactive_logging_enabled()
    False
    """
    global_state.set_global_attribute("interactive_logging", False)


def is_interactive_logging_enabled() -> bool:
    """Whether progress bars and messages go to stdout.

    Returns:
        `True` unless `disable_interactive_logging()` was called.

    Example:

    >>> kerastorch.config.is_interactive_logging_enabled()
    True
    """
    return global_state.get_global_attribute("interactive_logging", True)


def enable_traceback_filtering() -> None:
    """Turns traceback filtering on (the default).

    Keras hides its own frames in the tracebacks of errors it raises.
    kerastorch shows full tracebacks; the switch is kept so Keras scripts
    that set it run unchanged.

    Example:

    >>> kerastorch.config.enable_traceback_filtering()
    """
    global_state.set_global_attribute("traceback_filtering", True)


def disable_traceback_filtering() -> None:
    """Turns traceback filtering off (kerastorch never filters tracebacks).

    Example:

    >>> kerastorch.config.disable_traceback_filtering()
    >>> kerastorch.config.is_traceback_filtering_enabled()
    False
    """
    global_state.set_global_attribute("traceback_filtering", False)


def is_traceback_filtering_enabled() -> bool:
    """Returns the traceback filtering switch (`True` unless disabled).

    Example:

    >>> kerastorch.config.is_traceback_filtering_enabled()
    True
    """
    return global_state.get_global_attribute("traceback_filtering", True)
