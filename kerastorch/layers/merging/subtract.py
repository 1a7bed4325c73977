"""`Subtract` and `subtract`: the difference of two inputs."""

from kerastorch.api_export import keras_export
from kerastorch.layers.merging.base_merge import Merge


@keras_export("keras.layers.Subtract")
class Subtract(Merge):
    """Subtracts two inputs: `inputs[0] - inputs[1]`.

    Takes a list of exactly two tensors of the same shape (or shapes that
    broadcast).

    Args:
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Example:

    >>> kerastorch.layers.Subtract()([torch.ones(2, 3), torch.ones(2, 3)])
    tensor([[0., 0., 0.],
            [0., 0., 0.]])
    """

    def build(self, input_shape):
        super().build(input_shape)
        if len(input_shape) != 2:
            raise ValueError(
                f"A `Subtract` layer ('{self.name}') should be called on exactly 2 "
                f"inputs. Received: input_shape={input_shape}"
            )

    def _merge_function(self, inputs):
        if len(inputs) != 2:
            raise ValueError(
                f"A `Subtract` layer ('{self.name}') should be called on exactly 2 "
                f"inputs. Received {len(inputs)} inputs."
            )
        return inputs[0] - inputs[1]


@keras_export("keras.layers.subtract")
def subtract(inputs, **kwargs):
    """Functional interface to the `Subtract` layer.

    Args:
        inputs: A list of exactly two tensors with broadcast-compatible shapes.
        **kwargs: Standard layer keyword arguments.

    Returns:
        A tensor, `inputs[0] - inputs[1]`.

    Example:

    >>> kerastorch.layers.subtract([torch.ones(2, 3), torch.ones(2, 3)]).shape
    torch.Size([2, 3])
    """
    return Subtract(**kwargs)(inputs)
