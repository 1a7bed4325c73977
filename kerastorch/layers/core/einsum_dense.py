"""`EinsumDense`: a dense layer of any rank, written as an einsum equation."""

import re

import torch

from kerastorch import activations, constraints, initializers, regularizers
from kerastorch.api_export import keras_export
from kerastorch.initializers.variance_scaling import VarianceScaling
from kerastorch.layers.input_spec import InputSpec
from kerastorch.layers.layer import Layer


@keras_export("keras.layers.EinsumDense")
class EinsumDense(Layer):
    """A layer that computes `activation(einsum(equation, inputs, kernel) + bias)`.

    The kernel's shape follows from the equation, the input shape and
    `output_shape`: each kernel axis is an output axis (its size from
    `output_shape`) or an input axis (its size from the input). A kernel of a
    `VarianceScaling` initializer (Glorot, He, ...) without explicit axes
    draws with the fans of those input and output axes, as in Keras.

    Args:
        equation: `"ab,bc->ac"`, `"...ab,bc->...ac"` or `"ab...,bc->ac..."`
            forms, with any axis letters.
        output_shape: Output shape without the batch axis and the axes the
            ellipsis stands for (an int for one axis); `None` for an axis
            whose size comes from the input.
        activation: Activation function or name (default: none).
        bias_axes: Optional string of output axis letters the bias spans.
        kernel_initializer: Initializer of the kernel.
        bias_initializer: Initializer of the bias.
        kernel_regularizer: Optional regularizer of the kernel.
        bias_regularizer: Optional regularizer of the bias.
        kernel_constraint: Optional constraint of the kernel.
        bias_constraint: Optional constraint of the bias.
        lora_rank: Not supported (must be `None`).
        lora_alpha: Ignored without `lora_rank`, as in Keras.
        gptq_unpacked_column_size: Accepted for Keras compatibility (GPTQ
            quantization is not supported).
        quantization_config: Not supported (must be `None`).
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Example:

    >>> layer = EinsumDense("...c,cd->...d", output_shape=64, bias_axes="d")
    >>> layer(kerastorch.Input(shape=(32, 128))).shape
    (None, 32, 64)
    """

    _promotes_non_float_inputs = True

    def __init__(self, equation, output_shape, activation=None, bias_axes=None,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, kernel_constraint=None,
                 bias_constraint=None, lora_rank=None, lora_alpha=None,
                 gptq_unpacked_column_size=None, quantization_config=None, **kwargs):
        if lora_rank is not None or quantization_config is not None:
            raise NotImplementedError(
                "kerastorch's EinsumDense does not support LoRA or quantization yet."
            )
        super().__init__(**kwargs)
        self.equation = equation
        if isinstance(output_shape, int):
            self.partial_output_shape = (output_shape,)
        else:
            self.partial_output_shape = tuple(output_shape)
        self.bias_axes = bias_axes
        self.activation = activations.get(activation)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.lora_rank = lora_rank
        self.lora_alpha = lora_alpha

    def build(self, input_shape):
        kernel_shape, bias_shape, _, input_axes, output_axes = analyze_einsum_string(
            self.equation, self.bias_axes, input_shape, self.partial_output_shape)
        self.input_spec = InputSpec(ndim=len(input_shape))
        kernel_initializer = self.kernel_initializer
        if isinstance(kernel_initializer, VarianceScaling) and (
                kernel_initializer.input_axes is None
                or kernel_initializer.output_axes is None):
            kernel_initializer = type(kernel_initializer).from_config({
                **kernel_initializer.get_config(),
                "input_axes": input_axes, "output_axes": output_axes,
            })
        self.kernel = self.add_weight(
            name="kernel", shape=tuple(kernel_shape), initializer=kernel_initializer,
            regularizer=self.kernel_regularizer, constraint=self.kernel_constraint,
        )
        self.bias = None
        if bias_shape is not None:
            self.bias = self.add_weight(
                name="bias", shape=tuple(bias_shape), initializer=self.bias_initializer,
                regularizer=self.bias_regularizer, constraint=self.bias_constraint,
            )
        self.built = True

    def call(self, inputs, training=None):
        outputs = torch.einsum(self.equation, inputs, self.kernel)
        if self.bias is not None:
            outputs = outputs + self.bias
        if self.activation is not None:
            outputs = self.activation(outputs)
        return outputs

    def compute_output_shape(self, input_shape):
        _, _, output_shape, _, _ = analyze_einsum_string(
            self.equation, self.bias_axes, input_shape, self.partial_output_shape)
        return tuple(output_shape)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "output_shape": self.partial_output_shape,
            "equation": self.equation,
            "activation": activations.serialize(self.activation),
            "bias_axes": self.bias_axes,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
            "quantization_config": None,
        }


# The three equation forms, with "..." written "0": no ellipsis, an ellipsis
# on the left of input and output, or on their right.
_EQUATION_FORMS = (
    (r"([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)", False),
    (r"0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)", True),
    (r"([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0", False),
)


def analyze_einsum_string(equation, bias_axes, input_shape, output_shape):
    """Works out the weight shapes of an `EinsumDense` from its equation.

    Args:
        equation: The einsum equation.
        bias_axes: Output axis letters of the bias, or `None`.
        input_shape: The full input shape.
        output_shape: The layer's partial output shape (a tuple or an int).

    Returns:
        `(kernel_shape, bias_shape, full_output_shape, input_axes,
        output_axes)`: `bias_shape` is `None` without `bias_axes`;
        `input_axes` / `output_axes` are the kernel axes that are input /
        output units (for the initializer's fans).

    Raises:
        ValueError: On an equation of another form, or shapes that disagree.
    """
    dotless = equation.replace("...", "0")
    for pattern, left_elided in _EQUATION_FORMS:
        match = re.match(pattern, dotless)
        if match:
            return _analyze_specs(*match.groups(), bias_axes, list(input_shape),
                                  output_shape, left_elided)
    raise ValueError(
        f"Invalid einsum equation '{equation}'. Equations must be in the form "
        "[X],[Y]->[Z], ...[X],[Y]->...[Z], or [X]...,[Y]->[Z]...."
    )


def _analyze_specs(input_spec, weight_spec, output_spec, bias_axes, input_shape,
                   output_shape, left_elided):
    elided = len(input_shape) - len(input_spec)
    output_shape = [output_shape] if isinstance(output_shape, int) else list(output_shape)
    output_shape.insert(0, input_shape[0])
    if elided > 0 and left_elided:
        output_shape[1:1] = input_shape[1:elided]
    elif elided > 0:
        output_shape.extend(input_shape[len(input_shape) - elided:])

    if left_elided:
        # Input axes counted from the end; output axes after the elided ones.
        input_axis = {dim: i + elided - len(input_shape) for i, dim in enumerate(input_spec)}
        output_axis = {dim: i + elided for i, dim in enumerate(output_spec)}
    else:
        input_axis = {dim: i for i, dim in enumerate(input_spec)}
        output_axis = {dim: i for i, dim in enumerate(output_spec)}

    for dim in input_spec:
        size = input_shape[input_axis[dim]]
        if dim in output_axis:
            expected = output_shape[output_axis[dim]]
            if expected is not None and expected != size:
                raise ValueError(
                    f"Input shape and output shape do not match at shared dimension "
                    f"'{dim}'. Input shape is {size}, and output shape is {expected}."
                )
    for dim in output_spec:
        if dim not in input_spec and dim not in weight_spec:
            raise ValueError(
                f"Dimension '{dim}' was specified in the output '{output_spec}' but has "
                f"no corresponding dim in the input spec '{input_spec}' or weight spec "
                f"'{weight_spec}'"
            )

    kernel_shape, input_axes, output_axes = [], [], []
    for i, dim in enumerate(weight_spec):
        if dim in output_axis:
            kernel_shape.append(output_shape[output_axis[dim]])
            output_axes.append(i)
        elif dim in input_axis:
            kernel_shape.append(input_shape[input_axis[dim]])
            input_axes.append(i)
        else:
            raise ValueError(
                f"Weight dimension '{dim}' did not have a match in either the input "
                f"spec '{input_spec}' or the output spec '{output_spec}'. For this "
                "layer, the weight must be fully specified."
            )

    bias_shape = None
    if bias_axes is not None:
        for char in bias_axes:
            if char not in output_spec:
                raise ValueError(
                    f"Bias dimension '{char}' was requested, but is not part of the "
                    f"output spec '{output_spec}'"
                )
        offset = elided if left_elided else 0
        sizes = {char: output_shape[i + offset] for i, char in enumerate(output_spec)}
        # The bias spans the output axes from the first bias axis on (1 where
        # it is not a bias axis), so it broadcasts against the output's end.
        first = min(output_spec.find(char) for char in bias_axes)
        bias_shape = [sizes[char] if char in bias_axes else 1 for char in output_spec[first:]]
        if not left_elided:
            bias_shape.extend([1] * max(elided, 0))
    return kernel_shape, bias_shape, output_shape, input_axes, output_axes
