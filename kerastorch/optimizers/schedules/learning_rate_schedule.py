"""The `LearningRateSchedule` base class and its (de)serialization."""

from typing import Optional

from kerastorch.api_export import keras_export
from kerastorch.saving import serialization_lib


@keras_export("keras.optimizers.schedules.LearningRateSchedule")
class LearningRateSchedule:
    """Base class of learning rate schedules: the learning rate as a function of the step.

    Pass an instance as any optimizer's `learning_rate`. At each update the
    optimizer calls it with its `iterations` counter, a 0-d int64 tensor on
    the device, and uses the returned float or 0-d tensor as the learning rate.
    Subclasses implement `__call__(step)` and, to be serializable,
    `get_config()`.

    Example:

    ```python
    class InverseStep(kerastorch.optimizers.schedules.LearningRateSchedule):
        def __init__(self, initial_learning_rate):
            self.initial_learning_rate = initial_learning_rate

        def __call__(self, step):
            return self.initial_learning_rate / (step + 1)

        def get_config(self):
            return {"initial_learning_rate": self.initial_learning_rate}

    optimizer = kerastorch.optimizers.SGD(learning_rate=InverseStep(0.1))
    ```
    """

    def __call__(self, step):
        """Returns the learning rate at `step`.

        Args:
            step: The optimizer's iteration count, a 0-d int64 tensor.

        Returns:
            A float or a 0-d float tensor.
        """
        raise NotImplementedError(
            f"Learning rate schedule '{self.__class__.__name__}' "
            "must override `__call__(self, step)`."
        )

    def get_config(self) -> dict:
        """Returns the schedule's constructor arguments, for serialization."""
        raise NotImplementedError(
            f"Learning rate schedule '{self.__class__.__name__}' "
            "must override `get_config()` in order to be serializable."
        )

    @classmethod
    def from_config(cls, config: dict) -> "LearningRateSchedule":
        """Instantiates a schedule from the output of `get_config()`.

        Args:
            config: The dict `get_config()` returned.

        Returns:
            A `LearningRateSchedule` instance.
        """
        return cls(**config)


@keras_export("keras.optimizers.schedules.serialize")
def serialize(learning_rate_schedule: LearningRateSchedule) -> dict:
    """Returns a schedule's config in Keras's format.

    Args:
        learning_rate_schedule: The `LearningRateSchedule` to serialize.

    Returns:
        A dict with keys `module`, `class_name`, `config`, `registered_name`.

    Example:

    >>> serialize(MySchedule(0.1))["config"]
    {'initial_learning_rate': 0.1}
    """
    return serialization_lib.serialize_keras_object(learning_rate_schedule)


@keras_export("keras.optimizers.schedules.deserialize")
def deserialize(config: dict, custom_objects: Optional[dict] = None) -> LearningRateSchedule:
    """Rebuilds a schedule from its serialized config.

    Args:
        config: A dict as returned by `serialize`.
        custom_objects: Optional dict of names to custom schedule classes.

    Returns:
        A `LearningRateSchedule` instance.

    Example:

    >>> deserialize(serialize(schedule), custom_objects={"MySchedule": MySchedule})
    """
    return serialization_lib.deserialize_keras_object(config, custom_objects=custom_objects)
