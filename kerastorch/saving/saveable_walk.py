"""Walking a model's objects to save or load their state at Keras's paths.

Keras names each object's state by the attribute path that reaches it from
the model: `layers/dense` (the `layers` of a Sequential or functional model,
named after their classes: `dense`, `dense_1`, ...), `layers/functional/layers/
dense` (a nested model), `optimizer`, or `my_block/dense` (an attribute of a
subclassed layer). Attributes are visited in Keras's order (a model's
`layers` first, then public names sorted, then private ones sorted), each
object only at the first path that reaches it, skipping the attributes every
layer has. Walking kerastorch's objects in the same way gives the same paths,
so weights files are interchangeable.

Objects with state are layers (and models) and optimizers, through their
`save_own_variables` / `load_own_variables` hooks. Metrics and losses take
part in naming, as in Keras, but their state is not saved (Keras does not
save it either).
"""

import warnings

import torch

from kerastorch.backend.naming import to_snake_case

_CONTAINER_TYPES = (list, tuple, dict, torch.nn.ModuleList, torch.nn.ModuleDict)


def _saveable_bases():
    from kerastorch.layers.layer import Layer
    from kerastorch.losses.loss import Loss
    from kerastorch.metrics.metric import Metric
    from kerastorch.optimizers.optimizer import Optimizer

    return Layer, Optimizer, Metric, Loss


def _is_saveable(obj) -> bool:
    return isinstance(obj, _saveable_bases())


def _is_container(obj) -> bool:
    return isinstance(obj, _CONTAINER_TYPES)


def _has_state(obj) -> bool:
    layer, optimizer, _, _ = _saveable_bases()
    return isinstance(obj, (layer, optimizer))


_SKIPSETS = {}


def _skipset(obj) -> frozenset:
    """The attributes not walked: those of a bare layer (or optimizer), as in Keras."""
    from kerastorch.layers.layer import Layer
    from kerastorch.models.sequential import Sequential
    from kerastorch.optimizers.optimizer import Optimizer

    kind = Optimizer if isinstance(obj, Optimizer) else Layer
    if kind not in _SKIPSETS:
        # Named explicitly, so that no default name (`layer`, ...) is consumed.
        reference = kind(1.0, name="skipset") if kind is Optimizer else kind(name="skipset")
        names = set(dir(reference))
        if kind is Optimizer:
            names.discard("variables")  # Walked by Keras (it holds no saveable).
        _SKIPSETS[kind] = frozenset(names)
    skipset = _SKIPSETS[kind]
    if isinstance(obj, Sequential):
        # Its input layer is hidden from `layers`, as Keras hides it.
        skipset = skipset | {"_input_layer"}
    return skipset


def _sort_key(name: str) -> str:
    """Keras visits private attributes last."""
    return f"~{name}" if name.startswith("_") else name


def _children(obj):
    """`(attribute name, value)` pairs of `obj`, in Keras's visiting order."""
    from kerastorch.models.functional import Functional
    from kerastorch.models.sequential import Sequential

    if isinstance(obj, (Sequential, Functional)):
        yield "layers", obj.layers
    skipset = _skipset(obj)
    for name in sorted(dir(obj), key=_sort_key):
        if name.startswith("__") or name in skipset:
            continue
        try:
            value = getattr(obj, name)
        except Exception:  # A property that cannot answer now is not state.
            continue
        yield name, value


def _container_items(container) -> list:
    if isinstance(container, (dict, torch.nn.ModuleDict)):
        return list(container.values())
    return list(container)


def _unique_name(name: str, used: dict) -> str:
    if name in used:
        used[name] += 1
        return f"{name}_{used[name]}"
    used[name] = 0
    return name


def _join(path: str, name: str) -> str:
    return f"{path}/{name}" if path else name


def _walk(obj, path: str, found: list, visited: set) -> None:
    """Adds `(path, obj)` to `found` if it has state, then walks its children."""
    if id(obj) in visited:
        return
    visited.add(id(obj))
    if not _has_state(obj):
        return
    found.append((path, obj))
    for name, child in _children(obj):
        if _is_saveable(child):
            _walk(child, _join(path, name), found, visited)
        elif _is_container(child):
            _walk_container(child, _join(path, name), found, visited, set())


def _walk_container(container, path, found, visited, containers) -> None:
    """Walks a list / dict: saveables named after their class, nested ones `container`."""
    if id(container) in containers:
        return
    containers.add(id(container))
    used = {}
    for item in _container_items(container):
        if _is_saveable(item):
            name = _unique_name(to_snake_case(type(item).__name__), used)
            _walk(item, _join(path, name), found, visited)
        elif _is_container(item):
            name = _unique_name("container", used)
            _walk_container(item, _join(path, name), found, visited, containers)


def state_paths(model, objects_to_skip=()) -> list:
    """The objects of `model` that have state, with the paths Keras saves them at.

    Args:
        model: A layer or model.
        objects_to_skip: Objects left out, with the objects only they reach.

    Returns:
        `(path, object)` pairs in visiting order (`""` is the model itself).

    Example:

    >>> [path for path, _ in state_paths(model)]
    ['', 'layers/dense', 'layers/dense_1', 'optimizer']
    """
    found = []
    _walk(model, "", found, {id(obj) for obj in objects_to_skip})
    return found


def save_state(model, store, objects_to_skip=()) -> None:
    """Writes the state of `model` and everything it holds to a weights store.

    Args:
        model: The model (or layer).
        store: An `H5IOStore` open for writing.
        objects_to_skip: Objects whose state (and children) are not saved.

    Example:

    ```python
    store = H5IOStore("model.weights.h5", mode="w")
    save_state(model, store)
    store.close()
    ```
    """
    for path, obj in state_paths(model, objects_to_skip):
        obj.save_own_variables(store.make(path, metadata={"name": obj.name}))


def load_state(model, store, skip_mismatch=False, objects_to_skip=()) -> None:
    """Reads the state of `model` and everything it holds from a weights store.

    Every object is tried; the failures are then reported together, as Keras
    reports them: a `ValueError` naming the objects and one example error,
    or (with `skip_mismatch`) a warning, the failed objects keeping their state.

    Args:
        model: The model (or layer).
        store: An `H5IOStore` open for reading.
        skip_mismatch: Whether failures only warn.
        objects_to_skip: Objects whose state (and children) are not loaded.

    Raises:
        ValueError: If some objects could not be loaded (without `skip_mismatch`).

    Example:

    ```python
    store = H5IOStore("model.weights.h5", mode="r")
    load_state(model, store)
    store.close()
    ```
    """
    failures = []
    for path, obj in state_paths(model, objects_to_skip):
        try:
            obj.load_own_variables(store.get(path))
        except Exception as error:  # Reported below, with all the others.
            failures.append((obj, error))
    if failures:
        _raise_loading_failure(failures, warn_only=skip_mismatch)


def _raise_loading_failure(failures: list, warn_only: bool = False) -> None:
    """Raises (or warns) Keras's message for objects whose state did not load."""
    example, error = failures[0]
    message = (
        f"A total of {len(failures)} objects could not be loaded. Example error "
        f"message for object {example}:\n\n{error}\n\nList of objects that could "
        f"not be loaded:\n{[obj for obj, _ in failures]}"
    )
    if warn_only:
        warnings.warn(message, stacklevel=3)
    else:
        raise ValueError(message)
