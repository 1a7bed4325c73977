"""The `training` flag that an outer call passes down to nested layers.

An explicit `training=` argument to a layer (or model) call holds for every
layer called inside it; otherwise a layer uses its own torch mode
(`module.training`, set by `.train()` / `.eval()`).
"""

import contextlib
import weakref

_TRAINING_STACK = []
_IN_LAYER_CALL = [False]
_LOSS_HOLDERS = weakref.WeakSet()
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
    """Records that some layer's weights or `trainable` changed (cached weight lists go stale)."""
    _TRAINABLE_VERSION[0] += 1


def trainable_version() -> int:
    """A counter that changes whenever a weight is created or a layer's `trainable` is set."""
    return _TRAINABLE_VERSION[0]


_PENDING_LOSSES = [0]


def note_loss_added(layer=None) -> None:
    """Records that some layer (`layer`) called `add_loss` since the last clear."""
    _PENDING_LOSSES[0] += 1
    if layer is not None:
        _LOSS_HOLDERS.add(layer)


def note_losses_cleared(layer) -> None:
    """Records that `layer` holds no `add_loss` loss any more."""
    _LOSS_HOLDERS.discard(layer)


def some_layer_holds_losses() -> bool:
    """Whether any live layer holds `add_loss` losses (of its last call)."""
    return bool(_LOSS_HOLDERS)


def in_layer_call() -> bool:
    """Whether a layer call is running (the current call is a nested one)."""
    return _IN_LAYER_CALL[0]


@contextlib.contextmanager
def outermost_call():
    """Marks the duration of a top-level layer call."""
    _IN_LAYER_CALL[0] = True
    try:
        yield
    finally:
        _IN_LAYER_CALL[0] = False


def take_pending_losses() -> bool:
    """Whether `add_loss` was called since the last call of this function."""
    pending = _PENDING_LOSSES[0] > 0
    _PENDING_LOSSES[0] = 0
    return pending


def losses_pending() -> bool:
    """Whether `add_loss` was called since the last `take_pending_losses()`."""
    return _PENDING_LOSSES[0] > 0


# Names of the layers being built or first called, outermost first: a weight's
# Keras `path` is this scope, its layer's name and its own name
# (`sequential/dense/kernel`), as Keras's name scopes make it.
_NAME_SCOPE = []


@contextlib.contextmanager
def name_scope(layer):
    """Opens `layer`'s name scope (no new level if it is already the innermost)."""
    if _NAME_SCOPE and _NAME_SCOPE[-1][1] is layer:
        yield
        return
    _NAME_SCOPE.append((layer.name, layer))
    try:
        yield
    finally:
        _NAME_SCOPE.pop()


def current_path() -> str:
    """The names of the layers in scope, outermost first, joined by "/"."""
    return "/".join(scope_name for scope_name, _ in _NAME_SCOPE)


def weight_path(layer, name: str) -> str:
    """The Keras path of weight `name` created now by `layer`."""
    names = [scope_name for scope_name, _ in _NAME_SCOPE]
    if not _NAME_SCOPE or _NAME_SCOPE[-1][1] is not layer:
        names.append(layer.name)
    return "/".join(names + [name])
