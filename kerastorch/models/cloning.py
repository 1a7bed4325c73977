"""`keras.models.clone_model`: the same architecture with new layers (fresh weights)."""

import inspect

from kerastorch.api_export import keras_export
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.layers.core.input_layer import Input
from kerastorch.models.functional import Functional
from kerastorch.models.sequential import Sequential
from kerastorch.saving import serialization_lib
from kerastorch.utils import tree


@keras_export("keras.models.clone_model")
def clone_model(model, input_tensors=None, clone_function=None, call_function=None,
                recursive=False, **kwargs):
    """Clones a Sequential or functional model: new layers, new weights.

    Args:
        model: A `Sequential` or functional `Model` (a subclassed model is
            rebuilt from its config).
        input_tensors: Optional `KerasTensor`(s) to build the clone on (the
            structure of `model.input`); new `Input`s by default.
        clone_function: `fn(layer) -> layer` making each layer of the clone
            (input layers excepted); by default
            `layer.__class__.from_config(layer.get_config())`.
        call_function: `fn(layer, *args, **kwargs) -> outputs` calling each
            cloned layer (functional models only); by default `layer(...)`.
        recursive: Whether nested Sequential / functional models are cloned
            with `clone_model` (and the same functions) instead of
            `clone_function`.
        **kwargs: `cache`, a dict of `id(layer)` -> clone shared across calls.

    Returns:
        The clone, compiled as `model` was (with a new optimizer).

    Raises:
        ValueError: On arguments that do not apply to the model.

    Example:

    ```python
    clone = kerastorch.models.clone_model(model)
    clone.set_weights(model.get_weights())
    ```
    """
    cache = kwargs.pop("cache", None)
    if kwargs:
        raise ValueError(f"Unexpected keyword argument(s): {tuple(kwargs)}")
    if isinstance(model, (Sequential, Functional)):
        if isinstance(model, Sequential) and call_function is not None:
            raise ValueError(
                "`call_function` argument is not supported with Sequential models.  In a "
                "Sequential model, layers aren't called at model-construction time (they're "
                "merely listed). Use `call_function` with Functional models only. Received "
                f"model of type '{type(model).__name__}', with call_function={call_function}"
            )
        clone_layer = _cloning_function(clone_function, call_function, recursive,
                                        {} if cache is None else cache)
        if isinstance(model, Sequential):
            clone = _clone_sequential(model, clone_layer, input_tensors)
        else:
            clone = _clone_functional(model, clone_layer, call_function, input_tensors)
        if model.compiled:
            serialization_lib.compile_from_config(clone, model.get_compile_config())
        return clone
    if clone_function is not None or input_tensors is not None:
        raise ValueError(
            "Arguments `clone_function` and `input_tensors` are only supported for "
            "Sequential models or Functional models. Received model of type "
            f"'{type(model).__name__}', with clone_function={clone_function} and "
            f"input_tensors={input_tensors}"
        )
    if call_function is not None:
        raise ValueError(
            "Argument `call_function` is only supported for Functional models. Received "
            f"model of type '{type(model).__name__}', with call_function={call_function}"
        )
    config = serialization_lib.serialize_keras_object(model)
    return serialization_lib.deserialize_keras_object(
        config, custom_objects={type(model).__name__: type(model)})


def _cloning_function(clone_function, call_function, recursive, cache):
    """`clone_function`, cached per layer (shared layers stay shared), recursing if asked."""
    if clone_function is None:
        def clone_function(layer):
            return type(layer).from_config(layer.get_config())
    if not callable(clone_function):
        raise ValueError(
            "Expected `clone_function` argument to be a callable. "
            f"Received: clone_function={clone_function}"
        )

    def clone_layer(layer):
        if id(layer) not in cache:
            if recursive and isinstance(layer, (Sequential, Functional)):
                cache[id(layer)] = clone_model(
                    layer, clone_function=clone_function, recursive=True, cache=cache,
                    call_function=None if isinstance(layer, Sequential) else call_function)
            else:
                cache[id(layer)] = clone_function(layer)
        return cache[id(layer)]

    return clone_layer


def _clone_sequential(model, clone_layer, input_tensors):
    layers = [clone_layer(layer) for layer in model.layers]
    input_layer = model._input_layer
    if input_tensors is not None:
        if isinstance(input_tensors, (list, tuple)):
            if len(input_tensors) != 1:
                raise ValueError("Argument `input_tensors` must contain a single tensor.")
            input_tensors = input_tensors[0]
        if not isinstance(input_tensors, KerasTensor):
            raise ValueError(
                "Argument `input_tensors` must be a KerasTensor. Received invalid value: "
                f"input_tensors={input_tensors}"
            )
        layers = [input_tensors] + layers
    elif input_layer is not None:
        layers = [Input(batch_shape=input_layer.batch_shape, dtype=input_layer.dtype,
                        name=input_layer.name, optional=input_layer.optional)] + layers
    return Sequential(layers, name=model.name, trainable=model.trainable)


def _clone_functional(model, clone_layer, call_function, input_tensors):
    if input_tensors is not None:
        if not all(isinstance(x, KerasTensor) for x in tree.flatten(input_tensors)):
            raise ValueError(
                "All entries in `input_tensors` must be KerasTensors. Received invalid "
                f"values: inputs_tensors={input_tensors}"
            )
        if len(tree.flatten(input_tensors)) != len(model.inputs):
            raise ValueError(
                "`input_tensors` must have the same structure as model.input\nReference "
                f"structure: {model.input}\nReceived structure: {input_tensors}"
            )
    else:
        input_tensors = tree.map_structure(
            lambda x: Input(batch_shape=x.shape, dtype=x.dtype, name=x.name), model.input)
    new_tensors = dict(zip(map(id, model.inputs), tree.flatten(input_tensors)))

    def fetch(x):
        return new_tensors[id(x)] if isinstance(x, KerasTensor) else x

    for node in model._nodes:
        if node.is_input or all(id(t) in new_tensors for t in node.flat_outputs):
            continue
        layer = clone_layer(node.layer)
        args = [tree.map_structure(fetch, a) for a in node.call_args]
        kwargs = {k: tree.map_structure(fetch, v) for k, v in node.call_kwargs.items()}
        outputs = (call_function(layer, *args, **kwargs) if call_function is not None
                   else layer(*args, **kwargs))
        for old, new in zip(node.flat_outputs, tree.flatten(outputs)):
            new_tensors[id(old)] = new
    outputs = tree.map_structure(fetch, model.output)
    # A subclass taking Functional's arguments stays of its class, as in Keras.
    cls = type(model) if _functional_like_constructor(type(model)) else Functional
    return cls(input_tensors, outputs, name=model.name)


def _functional_like_constructor(cls) -> bool:
    parameters = inspect.signature(cls.__init__).parameters
    kinds = {p.kind for p in parameters.values()}
    if inspect.Parameter.VAR_POSITIONAL in kinds and inspect.Parameter.VAR_KEYWORD in kinds:
        return True
    functional = inspect.signature(Functional.__init__).parameters
    positional = (inspect.Parameter.POSITIONAL_OR_KEYWORD,)
    return ([n for n, p in parameters.items() if p.kind in positional]
            == [n for n, p in functional.items() if p.kind in positional])
