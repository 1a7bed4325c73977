"""`Reshape`: reshapes inputs to a target shape (batch dimension kept)."""

import math

from kerastorch.api_export import keras_export
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.layers.layer import Layer


@keras_export("keras.layers.Reshape")
class Reshape(Layer):
    """Reshapes each sample to `target_shape`.

    Args:
        target_shape: Tuple of ints, without the batch dimension; one entry
            may be -1 (inferred).
        **kwargs: Base layer arguments (`name`, ...).

    Example:

    >>> Reshape((3, 4))(torch.ones(2, 12)).shape
    torch.Size([2, 3, 4])
    """

    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        target_shape = tuple(target_shape)
        if target_shape.count(-1) > 1:
            raise ValueError(
                "The `target_shape` argument must not contain more than one `-1` "
                f"value. Received: target_shape={target_shape}"
            )
        self.target_shape = target_shape
        self.built = True

    def call(self, inputs):
        return inputs.reshape((inputs.shape[0],) + self._resolved_shape(tuple(inputs.shape[1:])))

    def _resolved_shape(self, input_rest):
        if -1 not in self.target_shape:
            known = math.prod(self.target_shape)
            if None not in input_rest and math.prod(input_rest) != known:
                raise ValueError(self._mismatch(input_rest))
            return self.target_shape
        if None in input_rest:
            return self.target_shape
        known = math.prod(d for d in self.target_shape if d != -1)
        total = math.prod(input_rest)
        if known == 0 or total % known:
            raise ValueError(self._mismatch(input_rest))
        return tuple(total // known if d == -1 else d for d in self.target_shape)

    def _mismatch(self, input_rest):
        return (
            f"Layer '{self.name}': the total size of the input, {input_rest}, "
            f"cannot be reshaped to target_shape={self.target_shape}."
        )

    def compute_output_shape(self, input_shape):
        resolved = self._resolved_shape(tuple(input_shape[1:]))
        return (input_shape[0],) + tuple(None if d == -1 else d for d in resolved)

    def compute_output_spec(self, inputs):
        return KerasTensor(self.compute_output_shape(inputs.shape), dtype=inputs.dtype)

    def get_config(self) -> dict:
        return {**super().get_config(), "target_shape": self.target_shape}
