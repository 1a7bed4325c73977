"""`BaseConvTranspose`: the N-D transposed convolution behind `Conv{1,2,3}DTranspose`."""

from kerastorch import constraints, initializers, regularizers
from kerastorch.layers.convolutional.conv_common import ConvCommon
from kerastorch.layers.convolutional.conv_ops import conv_transpose
from kerastorch.layers.convolutional.conv_utils import (
    compute_conv_transpose_output_shape,
)
from kerastorch.utils.argument_validation import standardize_tuple


class BaseConvTranspose(ConvCommon):
    """Abstract N-D transposed convolution layer; subclasses set the class attribute `rank`.

    Computes `activation(conv_transpose(inputs, kernel) + bias)` with
    `F.conv_transpose{rank}d`, with Keras's output sizes: `"valid"` gives
    `(input - 1) * strides + max(kernel_size, strides)`, `"same"` gives
    `input * strides`, and `output_padding` sets the extra length explicitly.
    The kernel is stored in Keras layout, `(*kernel_size, filters, in)`.

    Args:
        filters: Number of output channels.
        kernel_size: Int or tuple of `rank` ints, the window size.
        strides: Int or tuple of `rank` ints. `strides > 1` is incompatible
            with `dilation_rate > 1`.
        padding: `"valid"` or `"same"`.
        output_padding: Int, tuple of `rank` ints (each below the stride), or
            `None` (inferred).
        data_format: `"channels_last"` (default: `image_data_format()`) or
            `"channels_first"`.
        dilation_rate: Int or tuple of `rank` ints.
        activation: Activation function or name (default: none).
        use_bias: Whether to add a bias vector.
        kernel_initializer: Initializer of the kernel (`"glorot_uniform"`).
        bias_initializer: Initializer of the bias (`"zeros"`).
        kernel_regularizer: Optional regularizer of the kernel.
        bias_regularizer: Optional regularizer of the bias.
        activity_regularizer: Optional regularizer of the output.
        kernel_constraint: Optional constraint of the kernel.
        bias_constraint: Optional constraint of the bias.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Example:

    >>> layer = kerastorch.layers.Conv2DTranspose(4, 3, strides=2, padding="same")
    >>> layer(torch.ones(2, 7, 7, 8)).shape
    torch.Size([2, 14, 14, 4])
    """

    def __init__(self, filters, kernel_size, strides=1, padding="valid", output_padding=None,
                 data_format=None, dilation_rate=1, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(kernel_size, strides, padding, data_format, dilation_rate, activation,
                         use_bias, bias_initializer, bias_regularizer, bias_constraint,
                         activity_regularizer, **kwargs)
        self.filters = filters
        self.output_padding = None if output_padding is None else standardize_tuple(
            output_padding, self.rank, "output_padding", allow_zero=True)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self._check_positive("filters", filters)
        for i, (op, s) in enumerate(zip(self.output_padding or (), self.strides)):
            if op >= s:
                raise ValueError(
                    "`output_padding` must be strictly less than `strides` for all "
                    f"dimensions. At dimension {i}, `output_padding` is {op} but `strides` "
                    f"is {s}. Received: output_padding={self.output_padding}, "
                    f"strides={self.strides}"
                )
        self._check_strides_and_dilation()

    def build(self, input_shape):
        input_channel = self._input_channel(input_shape)
        self.kernel = self.add_weight(
            name="kernel", shape=self.kernel_size + (self.filters, input_channel),
            initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        self.bias = self._add_bias(self.filters)
        self.built = True

    def call(self, inputs):
        return self._activate(conv_transpose(
            inputs, self.kernel, self.bias, self.strides, self.padding, self.output_padding,
            self.dilation_rate, self.data_format))

    def compute_output_shape(self, input_shape):
        return compute_conv_transpose_output_shape(
            input_shape, self.filters, self.kernel_size, self.strides, self.padding,
            self.output_padding, self.data_format, self.dilation_rate)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "filters": self.filters,
            "output_padding": self.output_padding,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
        }
