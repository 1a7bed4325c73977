"""Session-wide state that `clear_session()` resets."""

import gc

from kerastorch.backend import naming

_RESET_HOOKS = []


def register_reset_hook(hook) -> None:
    """Registers a function called (with no argument) by `clear_session`."""
    _RESET_HOOKS.append(hook)


def clear_session(free_memory: bool = True) -> None:
    """Resets the name counters (`dense`, `dense_1`, ...) and other global state.

    Args:
        free_memory: Whether to also run Python's garbage collector and
            release cached CUDA memory.
    """
    naming.reset_names()
    for hook in _RESET_HOOKS:
        hook()
    if free_memory:
        gc.collect()
        import torch

        if torch.cuda.is_available():
            torch.cuda.empty_cache()
