"""`BaseConv`: the N-D convolution behind `Conv1D`, `Conv2D` and `Conv3D`."""

from kerastorch import constraints, initializers, regularizers
from kerastorch.layers.convolutional.conv_common import ConvCommon
from kerastorch.layers.convolutional.conv_ops import conv
from kerastorch.layers.convolutional.conv_utils import compute_conv_output_shape


class BaseConv(ConvCommon):
    """Abstract N-D convolution layer; subclasses set the class attribute `rank`.

    Computes `activation(conv(inputs, kernel) + bias)` with `F.conv{rank}d`.
    The kernel is stored in Keras layout, `(*kernel_size, in // groups,
    filters)`; the bias is `(filters,)`.

    Args:
        filters: Number of output channels.
        kernel_size: Int or tuple of `rank` ints, the window size.
        strides: Int or tuple of `rank` ints. `strides > 1` is incompatible
            with `dilation_rate > 1`.
        padding: `"valid"` (none), `"same"` (TensorFlow-style, the extra pixel
            at the end; output `ceil(input / strides)`), or `"causal"` (1-D
            only: left padding, so output `t` sees inputs up to `t`).
        data_format: `"channels_last"` (default: `image_data_format()`) or
            `"channels_first"`.
        dilation_rate: Int or tuple of `rank` ints.
        groups: Number of groups the channels are split into; input channels
            and `filters` must both be divisible by it.
        activation: Activation function or name (default: none).
        use_bias: Whether to add a bias vector.
        kernel_initializer: Initializer of the kernel (`"glorot_uniform"`).
        bias_initializer: Initializer of the bias (`"zeros"`).
        kernel_regularizer: Optional regularizer of the kernel.
        bias_regularizer: Optional regularizer of the bias.
        activity_regularizer: Optional regularizer of the output.
        kernel_constraint: Optional constraint of the kernel.
        bias_constraint: Optional constraint of the bias.
        lora_rank: Not supported (must be `None`).
        lora_alpha: Not supported (must be `None`).
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Example:

    >>> layer = kerastorch.layers.Conv2D(8, 3)
    >>> layer(torch.ones(2, 10, 10, 3)).shape
    torch.Size([2, 8, 8, 8])
    """

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, groups=1, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, lora_rank=None, lora_alpha=None,
                 **kwargs):
        super().__init__(kernel_size, strides, padding, data_format, dilation_rate, activation,
                         use_bias, bias_initializer, bias_regularizer, bias_constraint,
                         activity_regularizer, allow_causal=self.rank == 1, **kwargs)
        if lora_rank is not None or lora_alpha is not None:
            raise NotImplementedError(
                f"kerastorch's {type(self).__name__} does not support LoRA yet.")
        self.filters = filters
        self.groups = groups
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self._check_positive("filters", filters)
        if groups <= 0:
            raise ValueError(
                f"The number of groups must be a positive integer. Received: groups={groups}."
            )
        if filters is not None and filters % groups != 0:
            raise ValueError(
                "The number of filters must be evenly divisible by the number of groups. "
                f"Received: groups={groups}, filters={filters}."
            )
        self._check_strides_and_dilation()

    def build(self, input_shape):
        input_channel = self._input_channel(input_shape)
        if input_channel % self.groups != 0:
            raise ValueError(
                "The number of input channels must be evenly divisible by the number of "
                f"groups. Received groups={self.groups}, but the input has {input_channel} "
                f"channels (full input shape is {input_shape})."
            )
        self.compute_output_shape(input_shape)  # validates the input size
        self.kernel = self.add_weight(
            name="kernel", shape=self.kernel_size + (input_channel // self.groups, self.filters),
            initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        self.bias = self._add_bias(self.filters)
        self.built = True

    def call(self, inputs):
        return self._activate(conv(inputs, self.kernel, self.bias, self.strides, self.padding,
                                   self.dilation_rate, self.groups, self.data_format))

    def compute_output_shape(self, input_shape):
        return compute_conv_output_shape(
            input_shape, self.filters, self.kernel_size, self.strides, self.padding,
            self.data_format, self.dilation_rate, layer_name=self.name)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "filters": self.filters,
            "groups": self.groups,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
        }
