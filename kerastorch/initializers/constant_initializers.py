"""Deterministic initializers: zeros, ones, a constant, the identity matrix."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.initializers.initializer import Initializer
from kerastorch.saving import serialization_lib


@keras_export("keras.initializers.Constant", "keras.initializers.constant")
class Constant(Initializer):
    """Initializer that fills tensors with a constant value.

    The value must be convertible to the requested dtype. An array value is
    broadcast to the requested shape.

    Args:
        value: A Python scalar (or a NumPy array / tensor broadcastable to the
            shape).

    Example:

    >>> Constant(10.0)(shape=(2, 2))
    tensor([[10., 10.],
            [10., 10.]])
    """

    def __init__(self, value=0.0):
        self.value = value

    def __call__(self, shape, dtype=None) -> torch.Tensor:
        value = torch.as_tensor(self.value, dtype=to_torch_dtype(dtype), device="cpu")
        return torch.broadcast_to(value, tuple(shape)).clone()

    def get_config(self) -> dict:
        return {"value": serialization_lib.serialize_keras_object(self.value)}

    @classmethod
    def from_config(cls, config: dict) -> "Constant":
        # Keras raises KeyError for `get("constant")` (an empty config); the
        # default value is used instead.
        config = dict(config)
        if isinstance(config.get("value"), dict):
            config["value"] = serialization_lib.deserialize_keras_object(config["value"])
        return cls(**config)


@keras_export("keras.initializers.Zeros", "keras.initializers.zeros")
class Zeros(Initializer):
    """Initializer that generates tensors initialized to 0.

    Example:

    >>> Zeros()(shape=(2, 2))
    tensor([[0., 0.],
            [0., 0.]])
    """

    def __call__(self, shape, dtype=None) -> torch.Tensor:
        return torch.zeros(tuple(shape), dtype=to_torch_dtype(dtype), device="cpu")


@keras_export("keras.initializers.Ones", "keras.initializers.ones")
class Ones(Initializer):
    """Initializer that generates tensors initialized to 1.

    Example:

    >>> Ones()(shape=(2, 2))
    tensor([[1., 1.],
            [1., 1.]])
    """

    def __call__(self, shape, dtype=None) -> torch.Tensor:
        return torch.ones(tuple(shape), dtype=to_torch_dtype(dtype), device="cpu")


@keras_export(
    "keras.initializers.Identity",
    "keras.initializers.identity",
    "keras.initializers.IdentityInitializer",
)
class Identity(Initializer):
    """Initializer that generates the (possibly rectangular) identity matrix.

    Only usable for 2D shapes.

    Args:
        gain: Multiplicative factor applied to the identity matrix.

    Example:

    >>> Identity(gain=2.0)(shape=(2, 3))
    tensor([[2., 0., 0.],
            [0., 2., 0.]])
    """

    def __init__(self, gain: float = 1.0):
        self.gain = gain

    def __call__(self, shape, dtype=None) -> torch.Tensor:
        shape = tuple(shape)
        if len(shape) != 2:
            raise ValueError(
                "Identity matrix initializer can only be used for 2D matrices. "
                f"Received: shape={shape} of rank {len(shape)}."
            )
        eye = torch.eye(*shape, dtype=torch.float64, device="cpu")
        return (self.gain * eye).to(to_torch_dtype(dtype))

    def get_config(self) -> dict:
        return {"gain": self.gain}
