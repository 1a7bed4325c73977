"""`BaseDepthwiseConv`: the N-D depthwise convolution behind `DepthwiseConv1D` / `2D`."""

from kerastorch import constraints, initializers, regularizers
from kerastorch.layers.convolutional.conv_common import ConvCommon
from kerastorch.layers.convolutional.conv_ops import depthwise_conv
from kerastorch.layers.convolutional.conv_utils import compute_conv_output_shape


class BaseDepthwiseConv(ConvCommon):
    """Abstract N-D depthwise convolution layer; subclasses set the class attribute `rank`.

    Each input channel is convolved with its own `depth_multiplier` filters
    (no mixing across channels): `activation(depthwise_conv(inputs, kernel) +
    bias)` with `F.conv{rank}d(..., groups=channels)`. The kernel, named
    `kernel` as in Keras, is stored as `(*kernel_size, channels,
    depth_multiplier)`.

    Args:
        kernel_size: Int or tuple of `rank` ints, the window size.
        strides: Int or tuple of `rank` ints.
        padding: `"valid"` or `"same"`.
        depth_multiplier: Number of output channels per input channel.
        data_format: `"channels_last"` (default: `image_data_format()`) or
            `"channels_first"`.
        dilation_rate: Int or tuple of `rank` ints.
        activation: Activation function or name (default: none).
        use_bias: Whether to add a bias vector.
        depthwise_initializer: Initializer of the kernel (`"glorot_uniform"`).
        bias_initializer: Initializer of the bias (`"zeros"`).
        depthwise_regularizer: Optional regularizer of the kernel.
        bias_regularizer: Optional regularizer of the bias.
        activity_regularizer: Optional regularizer of the output.
        depthwise_constraint: Optional constraint of the kernel.
        bias_constraint: Optional constraint of the bias.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Example:

    >>> layer = kerastorch.layers.DepthwiseConv2D(3, depth_multiplier=2)
    >>> layer(torch.ones(2, 10, 10, 4)).shape
    torch.Size([2, 8, 8, 8])
    """

    def __init__(self, kernel_size, strides=1, padding="valid", depth_multiplier=1,
                 data_format=None, dilation_rate=1, activation=None, use_bias=True,
                 depthwise_initializer="glorot_uniform", bias_initializer="zeros",
                 depthwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(kernel_size, strides, padding, data_format, dilation_rate, activation,
                         use_bias, bias_initializer, bias_regularizer, bias_constraint,
                         activity_regularizer, **kwargs)
        self.depth_multiplier = depth_multiplier
        self.depthwise_initializer = initializers.get(depthwise_initializer)
        self.depthwise_regularizer = regularizers.get(depthwise_regularizer)
        self.depthwise_constraint = constraints.get(depthwise_constraint)
        self._check_positive("depth_multiplier", depth_multiplier)

    def build(self, input_shape):
        input_channel = self._input_channel(input_shape)
        self.compute_output_shape(input_shape)  # validates the input size
        self.kernel = self.add_weight(
            name="kernel", shape=self.kernel_size + (input_channel, self.depth_multiplier),
            initializer=self.depthwise_initializer, regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint,
        )
        self.bias = self._add_bias(self.depth_multiplier * input_channel)
        self.built = True

    def call(self, inputs):
        return self._activate(depthwise_conv(inputs, self.kernel, self.bias, self.strides,
                                             self.padding, self.dilation_rate,
                                             self.data_format))

    def compute_output_shape(self, input_shape):
        channel_axis = -1 if self.data_format == "channels_last" else 1
        return compute_conv_output_shape(
            input_shape, self.depth_multiplier * input_shape[channel_axis], self.kernel_size,
            self.strides, self.padding, self.data_format, self.dilation_rate,
            layer_name=self.name)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "depth_multiplier": self.depth_multiplier,
            "depthwise_initializer": initializers.serialize(self.depthwise_initializer),
            "depthwise_regularizer": regularizers.serialize(self.depthwise_regularizer),
            "depthwise_constraint": constraints.serialize(self.depthwise_constraint),
        }
