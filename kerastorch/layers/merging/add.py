"""`Add` and `add`: the sum of the inputs."""

from kerastorch.api_export import keras_export
from kerastorch.layers.merging.base_merge import Merge, sum_inputs


@keras_export("keras.layers.Add")
class Add(Merge):
    """Performs elementwise addition of a list of inputs.

    Takes a list of tensors of the same shape (or shapes that broadcast) and
    returns one tensor of that shape.

    Args:
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Example:

    >>> kerastorch.layers.Add()([torch.ones(2, 3), torch.ones(2, 3)])
    tensor([[2., 2., 2.],
            [2., 2., 2.]])
    """

    def _merge_function(self, inputs):
        return sum_inputs(inputs)


@keras_export("keras.layers.add")
def add(inputs, **kwargs):
    """Functional interface to the `Add` layer.

    Args:
        inputs: A list of input tensors with broadcast-compatible shapes.
        **kwargs: Standard layer keyword arguments.

    Returns:
        A tensor, the sum of the inputs.

    Example:

    >>> kerastorch.layers.add([torch.ones(2, 3), torch.ones(2, 3)]).shape
    torch.Size([2, 3])
    """
    return Add(**kwargs)(inputs)
