"""Shape and padding arithmetic of the convolution layers (pure Python, no tensors).

Keras's rules, as its torch backend applies them: TensorFlow-style "same"
padding (the extra pixel at the end), "causal" left padding, and the output
sizes and paddings of transposed convolutions with `output_padding`.
"""


def same_padding(size: int, kernel_size: int, stride: int, dilation: int = 1) -> tuple:
    """Returns the `(left, right)` padding of TensorFlow-style "same" along one axis.

    The total padding makes the output `ceil(size / stride)` long; an odd
    total puts the extra pixel on the right (bottom).

    Args:
        size: Input length along the axis.
        kernel_size: Kernel length along the axis.
        stride: Stride along the axis.
        dilation: Dilation rate along the axis.

    Returns:
        `(left, right)` paddings.

    Example:

    >>> same_padding(28, 3, 2)
    (0, 1)
    """
    effective = (kernel_size - 1) * dilation + 1
    if stride == 1:
        total = effective - 1
    else:
        output_size = (size + stride - 1) // stride
        total = max(0, (output_size - 1) * stride + effective - size)
    return total // 2, total - total // 2


def conv_paddings(padding: str, spatial_shape, kernel_size, strides, dilation_rate) -> list:
    """Returns the `(left, right)` padding of each spatial axis for a padding mode.

    Args:
        padding: `"valid"`, `"same"` or `"causal"` (left padding only).
        spatial_shape: Input sizes of the spatial axes.
        kernel_size: Kernel sizes of the spatial axes.
        strides: Strides of the spatial axes.
        dilation_rate: Dilation rates of the spatial axes.

    Returns:
        A list of `(left, right)` pairs, one per spatial axis.

    Example:

    >>> conv_paddings("causal", (10,), (3,), (1,), (2,))
    [(4, 0)]
    """
    axes = zip(spatial_shape, kernel_size, strides, dilation_rate)
    if padding == "same":
        return [same_padding(n, k, s, d) for n, k, s, d in axes]
    if padding == "causal":
        return [(d * (k - 1), 0) for _, k, _, d in axes]
    return [(0, 0) for _ in spatial_shape]


def compute_conv_output_shape(input_shape, filters, kernel_size, strides, padding,
                              data_format, dilation_rate, layer_name=None) -> tuple:
    """Returns the output shape of a convolution, as Keras computes it.

    Args:
        input_shape: Input shape, batch included (`None` for unknown sizes).
        filters: Number of output channels.
        kernel_size: Tuple of kernel sizes.
        strides: Tuple of strides.
        padding: `"valid"`, `"same"` or `"causal"`.
        data_format: `"channels_last"` or `"channels_first"`.
        dilation_rate: Tuple of dilation rates.
        layer_name: Name of the layer, for error messages.

    Returns:
        The output shape, a tuple.

    Raises:
        ValueError: If the input rank does not match the kernel, the padding
            is unknown, or a "valid" output size would be zero or negative.

    Example:

    >>> compute_conv_output_shape((None, 28, 28, 1), 32, (3, 3), (1, 1), "valid",
    ...                           "channels_last", (1, 1))
    (None, 26, 26, 32)
    """
    input_shape = tuple(input_shape)
    channels_last = data_format == "channels_last"
    spatial_shape = input_shape[1:-1] if channels_last else input_shape[2:]
    kernel_shape = tuple(kernel_size) + (
        input_shape[-1] if channels_last else input_shape[1], filters)
    prefix = f"Layer '{layer_name}': " if layer_name else ""
    if len(kernel_shape) != len(input_shape):
        raise ValueError(
            f"{prefix}Kernel shape must have the same length as input, but received "
            f"kernel of shape {kernel_shape} and input of shape {input_shape}."
        )
    output_spatial = []
    for size, k, s, d in zip(spatial_shape, kernel_size, strides, dilation_rate):
        if size is None:
            output_spatial.append(None)
        elif padding == "valid":
            output_spatial.append((size - d * (k - 1) - 1) // s + 1)
        else:
            output_spatial.append((size - 1) // s + 1)
    if padding not in ("valid", "same", "causal"):
        raise ValueError(
            f"{prefix}`padding` must be either `'valid'` or `'same'`. Received {padding}."
        )
    if padding == "valid" and any(n is not None and n <= 0 for n in output_spatial):
        raise ValueError(
            f"{prefix}Computed output size would be zero or negative. Received "
            f"`inputs shape={input_shape}`, `kernel shape={kernel_shape}`, "
            f"`dilation_rate={tuple(dilation_rate)}`, `strides={tuple(strides)}`, "
            f"`padding={padding}`."
        )
    if channels_last:
        return (input_shape[0], *output_spatial, filters)
    return (input_shape[0], filters, *output_spatial)


def conv_transpose_padding(kernel_size: int, stride: int, dilation: int, padding: str,
                           output_padding=None) -> tuple:
    """Returns the `(left, right)` padding of a transposed convolution along one axis.

    This is the padding of the equivalent stride-1 convolution over the
    stride-dilated input (JAX's convention, which Keras's torch backend
    reproduces): "valid" gives `(input - 1) * stride + max(kernel, stride)`
    outputs, "same" gives `input * stride`, and an `output_padding` adds
    to the right.

    Args:
        kernel_size: Kernel length along the axis.
        stride: Stride along the axis.
        dilation: Dilation rate along the axis.
        padding: `"valid"` or `"same"`.
        output_padding: Extra output length on the right, or `None`.

    Returns:
        `(left, right)` paddings; the output is cropped where they are smaller
        than `effective_kernel - 1`.

    Raises:
        ValueError: If `padding` is not `"valid"` or `"same"`.

    Example:

    >>> conv_transpose_padding(3, 2, 1, "same")
    (2, 1)
    """
    if padding not in ("valid", "same"):
        raise ValueError(
            f"The `padding` argument must be one of 'valid', 'same'. Received: padding={padding}"
        )
    effective = (kernel_size - 1) * dilation + 1
    if padding == "valid":
        if output_padding is None:
            output_padding = max(effective, stride) - effective
        return effective - 1, effective - 1 + output_padding
    if output_padding is None:
        total = stride + effective - 2
    else:
        total = effective + effective % 2 - 2 + output_padding
    left = min(total // 2 + total % 2, effective - 1)
    return left, total - left


def compute_conv_transpose_output_shape(input_shape, filters, kernel_size, strides, padding,
                                        output_padding, data_format, dilation_rate) -> list:
    """Returns the output shape of a transposed convolution, as Keras computes it.

    Args:
        input_shape: Input shape, batch included (`None` for unknown sizes).
        filters: Number of output channels.
        kernel_size: Tuple of kernel sizes.
        strides: Tuple of strides.
        padding: `"valid"` or `"same"`.
        output_padding: Tuple of output paddings, or `None`.
        data_format: `"channels_last"` or `"channels_first"`.
        dilation_rate: Tuple of dilation rates.

    Returns:
        The output shape, a list (as Keras returns it).

    Example:

    >>> compute_conv_transpose_output_shape((None, 7, 7, 8), 4, (3, 3), (2, 2), "same",
    ...                                     None, "channels_last", (1, 1))
    [None, 14, 14, 4]
    """
    channels_last = data_format == "channels_last"
    spatial_shape = input_shape[1:-1] if channels_last else input_shape[2:]
    if output_padding is None:
        output_padding = (None,) * len(kernel_size)
    output_spatial = []
    for size, k, s, op, d in zip(spatial_shape, kernel_size, strides, output_padding,
                                 dilation_rate):
        if size is None:
            output_spatial.append(None)
            continue
        left, right = conv_transpose_padding(k, s, d, padding, op)
        # The stride-dilated input, padded, then a valid stride-1 convolution.
        output_spatial.append((size - 1) * s + 1 + left + right - (k - 1) * d)
    if channels_last:
        return [input_shape[0], *output_spatial, filters]
    return [input_shape[0], filters, *output_spatial]
