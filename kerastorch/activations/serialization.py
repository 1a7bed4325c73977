"""Looking up activations by name, and (de)serializing them as Keras does."""

from typing import Callable, Optional, Union

from kerastorch.activations.basic import exponential, linear
from kerastorch.activations.gated import gelu, glu, hard_silu, mish, silu
from kerastorch.activations.normalizing import log_softmax, softmax, sparsemax
from kerastorch.activations.rectifiers import (
    celu, elu, leaky_relu, relu, relu6, selu, softplus, sparse_plus, squareplus,
)
from kerastorch.activations.shrinkage import hard_shrink, soft_shrink, tanh_shrink, threshold
from kerastorch.activations.sigmoids import (
    hard_sigmoid, hard_tanh, log_sigmoid, sigmoid, sparse_sigmoid, softsign, tanh,
)
from kerastorch.api_export import keras_export
from kerastorch.saving import serialization_lib

_BUILTINS = (
    relu, leaky_relu, relu6, elu, selu, celu, softplus, sparse_plus, squareplus,
    silu, hard_silu, gelu, mish, glu, sigmoid, hard_sigmoid, sparse_sigmoid,
    log_sigmoid, tanh, hard_tanh, softsign, soft_shrink, hard_shrink, tanh_shrink,
    threshold, softmax, log_softmax, sparsemax, linear, exponential,
)

ALL_OBJECTS_DICT = {fn.__name__: fn for fn in _BUILTINS}
ALL_OBJECTS_DICT["swish"] = silu
ALL_OBJECTS_DICT["hard_swish"] = hard_silu

Identifier = Union[None, str, dict, Callable]


@keras_export("keras.activations.serialize")
def serialize(activation: Callable) -> Union[str, dict]:
    """Returns the serialized form of an activation: its name for a built-in.

    Args:
        activation: A built-in activation function, a registered custom
            function, or a callable object with `get_config()` (e.g. a layer).

    Returns:
        The built-in's name (`"relu"`; `"silu"` for `swish`), or a Keras
        config dict for anything else.

    Example:

    >>> serialize(kerastorch.activations.swish)
    'silu'
    """
    fn_config = serialization_lib.serialize_keras_object(activation)
    if not isinstance(fn_config, dict) or fn_config["config"] == "<lambda>":
        raise ValueError(
            f"Unknown activation function '{activation}' cannot be serialized "
            "due to invalid function name. Make sure to use an activation name "
            "that matches the references defined in activations.py or use "
            "`@keras.saving.register_keras_serializable()` to register any "
            f"custom activations. config={fn_config}"
        )
    if fn_config["class_name"] == "function" and fn_config["config"] in ALL_OBJECTS_DICT:
        return fn_config["config"]
    return fn_config


@keras_export("keras.activations.deserialize")
def deserialize(config: Union[str, dict], custom_objects: Optional[dict] = None) -> Callable:
    """Returns the activation function a serialized config names.

    Args:
        config: A name (`"relu"`, `"swish"`) or a Keras config dict.
        custom_objects: Optional dict of name -> custom activation.

    Returns:
        The activation function (or callable object).

    Example:

    >>> deserialize("relu") is kerastorch.activations.relu
    True
    """
    return serialization_lib.deserialize_keras_object(
        config, module_objects=ALL_OBJECTS_DICT, custom_objects=custom_objects
    )


@keras_export("keras.activations.get")
def get(identifier: Identifier) -> Callable:
    """Returns an activation function from a name, config, callable or `None`.

    Args:
        identifier: `None` (gives `linear`), a built-in name, a config dict,
            or a callable (returned as is).

    Returns:
        A callable activation.

    Example:

    >>> get("relu") is kerastorch.activations.relu
    True
    >>> get(None) is kerastorch.activations.linear
    True
    """
    if identifier is None:
        return linear
    if isinstance(identifier, dict):
        obj = deserialize(identifier)
    elif isinstance(identifier, str):
        obj = ALL_OBJECTS_DICT.get(identifier)
    else:
        obj = identifier
    if callable(obj):
        return obj
    raise ValueError(f"Could not interpret activation function identifier: {identifier}")
