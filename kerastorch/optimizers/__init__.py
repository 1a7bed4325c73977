"""`keras.optimizers`: optimizers and learning rate schedules, on torch tensors."""

from typing import Union

from kerastorch.api_export import keras_export
from kerastorch.optimizers import schedules as schedules
from kerastorch.optimizers.adadelta import Adadelta as Adadelta
from kerastorch.optimizers.adafactor import Adafactor as Adafactor
from kerastorch.optimizers.adagrad import Adagrad as Adagrad
from kerastorch.optimizers.adam import Adam as Adam
from kerastorch.optimizers.adamax import Adamax as Adamax
from kerastorch.optimizers.adamw import AdamW as AdamW
from kerastorch.optimizers.ftrl import Ftrl as Ftrl
from kerastorch.optimizers.lamb import Lamb as Lamb
from kerastorch.optimizers.lion import Lion as Lion
from kerastorch.optimizers.loss_scale_optimizer import LossScaleOptimizer as LossScaleOptimizer
from kerastorch.optimizers.multi_optimizer import MultiOptimizer as MultiOptimizer
from kerastorch.optimizers.multi_optimizer import OptimizerMap as OptimizerMap
from kerastorch.optimizers.muon import Muon as Muon
from kerastorch.optimizers.nadam import Nadam as Nadam
from kerastorch.optimizers.optimizer import Optimizer as Optimizer
from kerastorch.optimizers.rmsprop import RMSprop as RMSprop
from kerastorch.optimizers.schedule_free_adamw import ScheduleFreeAdamW as ScheduleFreeAdamW
from kerastorch.optimizers.sgd import SGD as SGD
from kerastorch.saving import serialization_lib

# Imported after the optimizers: a Keras `module` this package does not know
# is resolved by class name, and `legacy.Adam` must not shadow `Adam` there.
from kerastorch.optimizers import legacy as legacy  # isort: skip

ALL_OBJECTS = {
    Optimizer,
    Adam,
    SGD,
    RMSprop,
    Adadelta,
    AdamW,
    Adagrad,
    Adamax,
    Adafactor,
    Muon,
    MultiOptimizer,
    OptimizerMap,
    Nadam,
    Ftrl,
    Lion,
    Lamb,
    LossScaleOptimizer,
    ScheduleFreeAdamW,
}
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
        identifier: A class name, in any case (`"adam"`, `"adamw"`, `"SGD"`),
            a config dict, an `Optimizer` instance (returned as is), or `None`.

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
        try:
            obj = deserialize({"class_name": identifier, "config": {}})
        except TypeError as error:
            if not str(error).startswith("Could not locate"):
                raise
            obj = None
    else:
        obj = identifier
    if isinstance(obj, Optimizer):
        return obj
    raise ValueError(f"Could not interpret optimizer identifier: {identifier}")
