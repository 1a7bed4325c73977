"""`BaseSeparableConv`: the N-D depthwise separable convolution behind `SeparableConv1D` / `2D`."""

from kerastorch import constraints, initializers, regularizers
from kerastorch.layers.convolutional.conv_common import ConvCommon
from kerastorch.layers.convolutional.conv_ops import conv, depthwise_conv
from kerastorch.layers.convolutional.conv_utils import compute_conv_output_shape


class BaseSeparableConv(ConvCommon):
    """Abstract N-D separable convolution layer; subclasses set the class attribute `rank`.

    A depthwise convolution (each channel with its own `depth_multiplier`
    filters) followed by a pointwise (1x1) convolution mixing the channels
    into `filters` outputs, then bias and activation. Kernels in Keras layout:
    `depthwise_kernel` `(*kernel_size, in, depth_multiplier)`,
    `pointwise_kernel` `(1, ..., 1, in * depth_multiplier, filters)`.

    Args:
        filters: Number of output channels.
        kernel_size: Int or tuple of `rank` ints, the depthwise window size.
        strides: Int or tuple of `rank` ints (of the depthwise step).
        padding: `"valid"` or `"same"`.
        data_format: `"channels_last"` (default: `image_data_format()`) or
            `"channels_first"`.
        dilation_rate: Int or tuple of `rank` ints.
        depth_multiplier: Depthwise output channels per input channel.
        activation: Activation function or name (default: none).
        use_bias: Whether to add a bias vector.
        depthwise_initializer: Initializer of the depthwise kernel.
        pointwise_initializer: Initializer of the pointwise kernel.
        bias_initializer: Initializer of the bias (`"zeros"`).
        depthwise_regularizer: Optional regularizer of the depthwise kernel.
        pointwise_regularizer: Optional regularizer of the pointwise kernel.
        bias_regularizer: Optional regularizer of the bias.
        activity_regularizer: Optional regularizer of the output.
        depthwise_constraint: Optional constraint of the depthwise kernel.
        pointwise_constraint: Optional constraint of the pointwise kernel.
        bias_constraint: Optional constraint of the bias.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Example:

    >>> layer = kerastorch.layers.SeparableConv2D(8, 3)
    >>> layer(torch.ones(2, 10, 10, 4)).shape
    torch.Size([2, 8, 8, 8])
    """

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, depth_multiplier=1, activation=None, use_bias=True,
                 depthwise_initializer="glorot_uniform", pointwise_initializer="glorot_uniform",
                 bias_initializer="zeros", depthwise_regularizer=None,
                 pointwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, pointwise_constraint=None, bias_constraint=None,
                 **kwargs):
        super().__init__(kernel_size, strides, padding, data_format, dilation_rate, activation,
                         use_bias, bias_initializer, bias_regularizer, bias_constraint,
                         activity_regularizer, **kwargs)
        self.depth_multiplier = depth_multiplier
        self.filters = filters
        self.depthwise_initializer = initializers.get(depthwise_initializer)
        self.pointwise_initializer = initializers.get(pointwise_initializer)
        self.depthwise_regularizer = regularizers.get(depthwise_regularizer)
        self.pointwise_regularizer = regularizers.get(pointwise_regularizer)
        self.depthwise_constraint = constraints.get(depthwise_constraint)
        self.pointwise_constraint = constraints.get(pointwise_constraint)
        self._check_positive("depth_multiplier", depth_multiplier)
        self._check_positive("filters", filters)

    def build(self, input_shape):
        input_channel = self._input_channel(input_shape)
        self.compute_output_shape(input_shape)  # validates the input size
        self.depthwise_kernel = self.add_weight(
            name="depthwise_kernel",
            shape=self.kernel_size + (input_channel, self.depth_multiplier),
            initializer=self.depthwise_initializer, regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint,
        )
        self.pointwise_kernel = self.add_weight(
            name="pointwise_kernel",
            shape=(1,) * self.rank + (self.depth_multiplier * input_channel, self.filters),
            initializer=self.pointwise_initializer, regularizer=self.pointwise_regularizer,
            constraint=self.pointwise_constraint,
        )
        self.bias = self._add_bias(self.filters)
        self.built = True

    def call(self, inputs):
        outputs = depthwise_conv(inputs, self.depthwise_kernel, None, self.strides,
                                 self.padding, self.dilation_rate, self.data_format)
        ones = (1,) * self.rank
        outputs = conv(outputs, self.pointwise_kernel, self.bias, ones, "valid", ones, 1,
                       self.data_format)
        return self._activate(outputs)

    def compute_output_shape(self, input_shape):
        return compute_conv_output_shape(
            input_shape, self.filters, self.kernel_size, self.strides, self.padding,
            self.data_format, self.dilation_rate, layer_name=self.name)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "depth_multiplier": self.depth_multiplier,
            "filters": self.filters,
            "depthwise_initializer": initializers.serialize(self.depthwise_initializer),
            "pointwise_initializer": initializers.serialize(self.pointwise_initializer),
            "depthwise_regularizer": regularizers.serialize(self.depthwise_regularizer),
            "pointwise_regularizer": regularizers.serialize(self.pointwise_regularizer),
            "depthwise_constraint": constraints.serialize(self.depthwise_constraint),
            "pointwise_constraint": constraints.serialize(self.pointwise_constraint),
        }
