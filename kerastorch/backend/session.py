"""Session-wide state that `clear_session()` resets."""

import gc
import sys

from kerastorch.backend import global_state, naming

_RESET_HOOKS = []


def register_reset_hook(hook) -> None:
    """Registers a function called (with no argument) by `clear_session`."""
    _RESET_HOOKS.append(hook)


def clear_session(free_memory: bool = True) -> None:
    """Resets the name counters (`dense`, `dense_1`, ...) and other global state.

    As in Keras, this also restores the default dtype policy, the flash
    attention and interactive logging switches and traceback filtering,
    drops the global `SeedGenerator` of unseeded `kerastorch.random` draws
    and, when `torch.compile` was used, resets its caches.

    Args:
        free_memory: Whether to also run Python's garbage collector and
            release cached CUDA memory.

    Example:

    >>> [kerastorch.layers.Dense(1).name for _ in range(2)]
    ['dense', 'dense_1']
    >>> kerastorch.backend.clear_session()
    >>> kerastorch.layers.Dense(1).name
    'dense'
    """
    naming.reset_names()
    global_state.clear()
    for hook in _RESET_HOOKS:
        hook()
    if "torch._dynamo" in sys.modules:  # Only when torch.compile was used: importing it is slow.
        sys.modules["torch._dynamo"].reset()
    if free_memory:
        gc.collect()
        import torch

        if torch.cuda.is_available():
            torch.cuda.empty_cache()
