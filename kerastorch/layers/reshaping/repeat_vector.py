"""`RepeatVector`: repeats a vector `n` times along a new time axis."""

from kerastorch.api_export import keras_export
from kerastorch.layers.input_spec import InputSpec
from kerastorch.layers.layer import Layer


@keras_export("keras.layers.RepeatVector")
class RepeatVector(Layer):
    """Repeats the input `n` times.

    The output is a broadcast view of the input (`expand`, no copy); its
    gradient sums over the repeats.

    Args:
        n: Positive int, the repetition factor.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Input shape:
        2D tensor `(batch_size, features)`.

    Output shape:
        3D tensor `(batch_size, n, features)`.

    Example:

    >>> kerastorch.layers.RepeatVector(3)(torch.ones(2, 32)).shape
    torch.Size([2, 3, 32])
    """

    def __init__(self, n, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(n, int) or isinstance(n, bool):
            raise TypeError(f"Expected an integer value for `n`, got {type(n)}.")
        if n <= 0:
            raise ValueError(f"Argument `n` should be a positive integer. Received: n={n}")
        self.n = n
        self.input_spec = InputSpec(ndim=2)

    def call(self, inputs):
        return inputs.unsqueeze(1).expand(-1, self.n, -1)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.n, input_shape[1])

    def get_config(self) -> dict:
        return {**super().get_config(), "n": self.n}
