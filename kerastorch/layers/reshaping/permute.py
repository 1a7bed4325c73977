"""`Permute`: reorders the non-batch dimensions (a view, no copy)."""

from kerastorch.api_export import keras_export
from kerastorch.layers.input_spec import InputSpec
from kerastorch.layers.layer import Layer


@keras_export("keras.layers.Permute")
class Permute(Layer):
    """Permutes the dimensions of the input according to a given pattern.

    Useful e.g. to connect RNNs and convnets.

    Args:
        dims: Tuple of ints, the permutation pattern, without the batch
            dimension. Indexing starts at 1: `(2, 1)` swaps the first and
            second non-batch dimensions.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Input shape:
        Tensor of rank `len(dims) + 1`.

    Output shape:
        The input shape with its non-batch dimensions reordered by `dims`.

    Example:

    >>> kerastorch.layers.Permute((2, 1))(torch.ones(2, 10, 64)).shape
    torch.Size([2, 64, 10])
    """

    def __init__(self, dims, **kwargs):
        super().__init__(**kwargs)
        self.dims = tuple(dims)
        if sorted(dims) != list(range(1, len(dims) + 1)):
            raise ValueError(
                "Invalid permutation argument `dims` for Permute Layer. The set of "
                f"indices in `dims` must be consecutive and start from 1. Received dims={dims}"
            )
        self.input_spec = InputSpec(ndim=len(self.dims) + 1)

    def call(self, inputs):
        return inputs.permute((0,) + self.dims)

    def compute_output_shape(self, input_shape):
        return (input_shape[0],) + tuple(input_shape[d] for d in self.dims)

    def get_config(self) -> dict:
        return {**super().get_config(), "dims": self.dims}
