"""`keras.optimizers`: optimizers and learning rate schedules, on torch tensors."""

from typing import Union

from kerastorch.api_export import keras_export
from kerastorch.optimizers import schedules as schedules
from kerastorch.optimizers.adam import Adam as Adam
from kerastorch.optimizers.optimizer import Optimizer as Optimizer
from kerastorch.optimizers.rmsprop import RMSprop as RMSprop
from kerastorch.optimizers.sgd import SGD as SGD
from kerastorch.saving import serialization_lib

ALL_OBJECTS = {Optimizer, Adam, SGD, RMSprop}
ALL_OBJECTS_DICT = {cls.__name__.lower(): cls for cls in ALL_OBJECTS}


@keras_export("keras.optimizers.serialize")
def serialize(optimizer: Optimizer) -> dict:
    """Returns an optimizer's config in Keras's format.

    Args:
        optimizer: An `Optimizer` instance.

    Returns:
        A dict with keys `module`, `class_name`, `config`, `registered_name`.

    Example:

    >>> serialize(Adam())["class_name"]
    'Adam'
    """
    return serialization_lib.serialize_keras_object(optimizer)


@keras_export("keras.optimizers.deserialize")
def deserialize(config: dict, custom_objects: dict = None) -> Optimizer:
    """Rebuilds an optimizer from its serialized config.

    Built-in class names are matched case-insensitively (`"adam"`), and
    configs written by Keras on any backend are accepted.

    Args:
        config: A dict as returned by `serialize` (or by Keras).
        custom_objects: Optional dict of names to custom classes, also used
            for a custom learning rate schedule inside the config.

    Returns:
        An `Optimizer` instance.

    Example:

    >>> deserialize({"class_name": "SGD", "config": {"learning_rate": 0.1}}).learning_rate
    tensor(0.1000)
    """
    config = dict(config)
    if config["class_name"].lower() in ALL_OBJECTS_DICT:
        config["class_name"] = config["class_name"].lower()
    inner = config.get("config") or {}
    if isinstance(inner.get("learning_rate"), dict):
        learning_rate = schedules.deserialize(inner["learning_rate"], custom_objects)
        config["config"] = {**inner, "learning_rate": learning_rate}
    return serialization_lib.deserialize_keras_object(
        config, module_objects=ALL_OBJECTS_DICT, custom_objects=custom_objects
    )


@keras_export("keras.optimizers.get")
def get(identifier: Union[None, str, dict, Optimizer]) -> Optimizer:
    """Returns an optimizer from a name, a config or an instance.

    Args:
        identifier: A name (`"adam"`, `"sgd"`, `"rmsprop"`), a config dict,
            an `Optimizer` instance (returned as is), or `None`.

    Returns:
        An `Optimizer`, or `None` for `None`.

    Example:

    >>> get("adam").learning_rate
    tensor(0.0010)
    """
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        obj = deserialize(identifier)
    elif isinstance(identifier, str):
        obj = deserialize({"class_name": identifier, "config": {}})
    else:
        obj = identifier
    if isinstance(obj, Optimizer):
        return obj
    raise ValueError(f"Could not interpret optimizer identifier: {identifier}")
