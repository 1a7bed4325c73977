"""`Average` and `average`: the elementwise mean of the inputs."""

from kerastorch.api_export import keras_export
from kerastorch.layers.merging.base_merge import Merge, sum_inputs


@keras_export("keras.layers.Average")
class Average(Merge):
    """Averages a list of inputs elementwise.

    Takes a list of tensors of the same shape (or shapes that broadcast) and
    returns one tensor of that shape.

    Args:
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Example:

    >>> kerastorch.layers.Average()([torch.ones(2, 3), torch.ones(2, 3)])
    tensor([[1., 1., 1.],
            [1., 1., 1.]])
    """

    def _merge_function(self, inputs):
        return sum_inputs(inputs) / len(inputs)


@keras_export("keras.layers.average")
def average(inputs, **kwargs):
    """Functional interface to the `Average` layer.

    Args:
        inputs: A list of input tensors with broadcast-compatible shapes.
        **kwargs: Standard layer keyword arguments.

    Returns:
        A tensor, the elementwise mean of the inputs.

    Example:

    >>> kerastorch.layers.average([torch.ones(2, 3), torch.ones(2, 3)]).shape
    torch.Size([2, 3])
    """
    return Average(**kwargs)(inputs)
