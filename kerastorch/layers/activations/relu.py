"""`ReLU`: the rectified linear unit, with optional cap, slope and threshold."""

from kerastorch import activations
from kerastorch.api_export import keras_export
from kerastorch.layers.layer import Layer


@keras_export("keras.layers.ReLU")
class ReLU(Layer):
    """Rectified Linear Unit activation layer.

    ```
    f(x) = max_value                        if x >= max_value
    f(x) = x                                if threshold <= x < max_value
    f(x) = negative_slope * (x - threshold) otherwise
    ```

    Args:
        max_value: Float >= 0, the largest output (`None`: unbounded).
        negative_slope: Float >= 0, the slope below the threshold.
        threshold: Float >= 0, the input below which the slope applies.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Example:

    >>> ReLU(max_value=10, negative_slope=0.5)(torch.tensor([-10.0, -5.0, 0.0, 5.0, 10.0]))
    tensor([-5.0000, -2.5000,  0.0000,  5.0000, 10.0000])
    """

    def __init__(self, max_value=None, negative_slope=0.0, threshold=0.0, **kwargs):
        super().__init__(**kwargs)
        if max_value is not None and max_value < 0.0:
            raise ValueError(
                "max_value of a ReLU layer cannot be a negative value. "
                f"Received: max_value={max_value}"
            )
        if negative_slope is None or negative_slope < 0.0:
            raise ValueError(
                "negative_slope of a ReLU layer cannot be None or a negative value. "
                f"Received: negative_slope={negative_slope}"
            )
        if threshold is None or threshold < 0.0:
            raise ValueError(
                "threshold of a ReLU layer cannot be None or a negative value. "
                f"Received: threshold={threshold}"
            )
        self.max_value = max_value
        self.negative_slope = negative_slope
        self.threshold = threshold
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return activations.relu(inputs, negative_slope=self.negative_slope,
                                max_value=self.max_value, threshold=self.threshold)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "max_value": self.max_value,
            "negative_slope": self.negative_slope,
            "threshold": self.threshold,
        }
