"""The `training` flag that an outer call passes down to nested layers.

An explicit `training=` argument to a layer (or model) call holds for every
layer called inside it; otherwise a layer uses its own torch mode
(`module.training`, set by `.train()` / `.eval()`).
"""

import contextlib

_TRAINING_STACK = []
_TRAINABLE_VERSION = [0]


def current_training():
    """The `training` value of the innermost enclosing call, or `None`."""
    return _TRAINING_STACK[-1] if _TRAINING_STACK else None


@contextlib.contextmanager
def training_scope(training):
    """Makes `training` the value nested layer calls see."""
    _TRAINING_STACK.append(training)
    try:
        yield
    finally:
        _TRAINING_STACK.pop()


def bump_trainable_version() -> None:
    """Records that some layer's `trainable` changed (cached weight lists go stale)."""
    _TRAINABLE_VERSION[0] += 1


def trainable_version() -> int:
    """A counter that changes whenever a layer's `trainable` is set."""
    return _TRAINABLE_VERSION[0]


_PENDING_LOSSES = [0]


def note_loss_added() -> None:
    """Records that some layer called `add_loss` since the last clear."""
    _PENDING_LOSSES[0] += 1


def take_pending_losses() -> bool:
    """Whether `add_loss` was called since the last call of this function."""
    pending = _PENDING_LOSSES[0] > 0
    _PENDING_LOSSES[0] = 0
    return pending


def losses_pending() -> bool:
    """Whether `add_loss` was called since the last `take_pending_losses()`."""
    return _PENDING_LOSSES[0] > 0
