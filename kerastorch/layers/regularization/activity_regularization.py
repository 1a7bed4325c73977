"""`ActivityRegularization`: adds an L1/L2 penalty on its input to the loss."""

from kerastorch.api_export import keras_export
from kerastorch.layers.layer import Layer
from kerastorch.regularizers import L1L2


@keras_export("keras.layers.ActivityRegularization")
class ActivityRegularization(Layer):
    """Passes its input through and adds `l1 * sum(|x|) + l2 * sum(x ** 2)` to the losses.

    The penalty, divided by the batch size (as every activity regularizer
    is), lands in `layer.losses` at each call and in the training loss.

    Args:
        l1: L1 regularization factor (non-negative float).
        l2: L2 regularization factor (non-negative float).
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Input shape:
        Arbitrary.

    Output shape:
        Same as the input.

    Example:

    >>> layer = ActivityRegularization(l1=0.1)
    >>> _ = layer(torch.ones(2, 3))
    >>> layer.losses
    [tensor(0.3000)]
    """

    def __init__(self, l1=0.0, l2=0.0, **kwargs):
        super().__init__(activity_regularizer=L1L2(l1=l1, l2=l2), **kwargs)
        self.supports_masking = True
        self.l1 = l1
        self.l2 = l2
        self.built = True

    def call(self, inputs):
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config.pop("activity_regularizer", None)
        return {**config, "l1": self.l1, "l2": self.l2}
