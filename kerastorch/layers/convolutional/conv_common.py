"""`ConvCommon`: what every convolution base shares (window arguments, bias, activation, config)."""

from kerastorch import activations, constraints, initializers, regularizers
from kerastorch.backend.config import standardize_data_format
from kerastorch.layers.input_spec import InputSpec
from kerastorch.layers.layer import Layer
from kerastorch.utils.argument_validation import standardize_padding, standardize_tuple


class ConvCommon(Layer):
    """Base of `BaseConv`, `BaseConvTranspose`, `BaseDepthwiseConv` and `BaseSeparableConv`.

    Holds the arguments all convolutions take, validated as Keras validates
    them; subclasses set the class attribute `rank` (1, 2 or 3) and create
    their kernels in `build`.

    Args:
        kernel_size: Int or tuple of `rank` ints, the window size.
        strides: Int or tuple of `rank` ints.
        padding: `"valid"` or `"same"` (and `"causal"` where allowed).
        data_format: `"channels_last"`, `"channels_first"`, or `None`
            (`image_data_format()`).
        dilation_rate: Int or tuple of `rank` ints.
        activation: Activation function or name (default: none).
        use_bias: Whether to add a bias vector.
        bias_initializer: Initializer of the bias.
        bias_regularizer: Optional regularizer of the bias.
        bias_constraint: Optional constraint of the bias.
        activity_regularizer: Optional regularizer of the output.
        allow_causal: Whether `padding="causal"` is accepted.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Example:

    >>> kerastorch.layers.Conv2D(8, 3).kernel_size
    (3, 3)
    """

    _promotes_non_float_inputs = True

    rank = None

    def __init__(self, kernel_size, strides, padding, data_format, dilation_rate, activation,
                 use_bias, bias_initializer, bias_regularizer, bias_constraint,
                 activity_regularizer=None, allow_causal=False, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.kernel_size = standardize_tuple(kernel_size, self.rank, "kernel_size")
        self.strides = standardize_tuple(strides, self.rank, "strides")
        self.dilation_rate = standardize_tuple(dilation_rate, self.rank, "dilation_rate")
        self.padding = standardize_padding(padding, allow_causal=allow_causal)
        self.data_format = standardize_data_format(data_format)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.bias_initializer = initializers.get(bias_initializer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(min_ndim=self.rank + 2)

    @staticmethod
    def _check_positive(name: str, value) -> None:
        if value is not None and value <= 0:
            raise ValueError(
                f"Invalid value for argument `{name}`. Expected a strictly positive value. "
                f"Received {name}={value}."
            )

    def _check_strides_and_dilation(self) -> None:
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError(
                "`strides > 1` not supported in conjunction with `dilation_rate > 1`. "
                f"Received: strides={self.strides} and dilation_rate={self.dilation_rate}"
            )

    def _input_channel(self, input_shape) -> int:
        """The input's channel count; fixes it in the input spec."""
        channel_axis = -1 if self.data_format == "channels_last" else 1
        input_channel = input_shape[channel_axis]
        self.input_spec = InputSpec(min_ndim=self.rank + 2, axes={channel_axis: input_channel})
        return input_channel

    def _add_bias(self, size: int):
        """The `(size,)` bias weight, or `None` without `use_bias`."""
        if not self.use_bias:
            return None
        return self.add_weight(
            name="bias", shape=(size,), initializer=self.bias_initializer,
            regularizer=self.bias_regularizer, constraint=self.bias_constraint,
        )

    def _activate(self, outputs):
        return outputs if self.activation is None else self.activation(outputs)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "bias_constraint": constraints.serialize(self.bias_constraint),
        }
