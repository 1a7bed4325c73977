"""`Sequential`: a plain stack of layers, each with one input and one output."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.backend import naming
from kerastorch.backend.dtypes import standardize_dtype
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.backend.masking import set_keras_mask
from kerastorch.layers import call_context
from kerastorch.layers.core.input_layer import InputLayer
from kerastorch.layers.layer import Layer
from kerastorch.models.model import Model
from kerastorch.saving.serialization_lib import (
    deserialize_keras_object,
    serialize_keras_object,
)


@keras_export("keras.Sequential", "keras.models.Sequential")
class Sequential(Model):
    """A model that is a linear stack of layers.

    It knows its input shape from a `keras.Input` as first element, from an
    `input_shape=` argument of the first layer, or from the first data it is
    called on; once known, the layers are built and `summary()` shows their
    output shapes. Its torch sub-modules are named `"0"`, `"1"`, ... like
    `torch.nn.Sequential`'s.

    Args:
        layers: Optional list of layers (an `Input` may come first).
        trainable: Whether the model's weights are trained.
        name: Model name.

    Example:

    ```python
    model = kerastorch.Sequential([
        kerastorch.Input(shape=(784,)),
        kerastorch.layers.Dense(128, activation="sigmoid"),
        kerastorch.layers.Dense(10, activation="softmax"),
    ])
    ```
    """

    def __init__(self, layers=None, trainable=True, name=None, **kwargs):
        super().__init__(trainable=trainable, name=name, **kwargs)
        self._set_input_layer(None)
        self._stack = []
        self._output_specs = {}
        for layer in layers or []:
            self.add(layer, rebuild=False)
        self._maybe_rebuild()

    def _set_input_layer(self, layer) -> None:
        # Not a torch sub-module: the children are the stacked layers "0", "1", ...
        object.__setattr__(self, "_input_layer", layer)

    def add(self, layer, rebuild=True) -> None:
        """Adds a layer on top of the stack.

        Args:
            layer: A `Layer`, or a `keras.Input` tensor as the first element.
            rebuild: Whether to rebuild the symbolic graph now.

        Raises:
            ValueError: If `layer` is not a layer, an input comes after layers,
                or its name is already used in the model.
        """
        if isinstance(layer, KerasTensor) and isinstance(layer._keras_history[0], InputLayer):
            layer = layer._keras_history[0]
        if isinstance(layer, InputLayer):
            if self._stack or self._input_layer is not None:
                raise ValueError(
                    "Sequential model 'sequential' has already been configured to "
                    f"use an input. You cannot add a second input: {layer}"
                )
            self._set_input_layer(layer)
        elif not isinstance(layer, Layer):
            kind = "a torch.nn.Module" if isinstance(layer, torch.nn.Module) else "not a Layer"
            raise ValueError(
                "Only instances of `keras.Layer` can be added to a Sequential model. "
                f"Received: {layer} (of type {type(layer)}, {kind})"
            )
        else:
            if any(existing.name == layer.name for existing in self._stack):
                raise ValueError(
                    "All layers added to a Sequential model should have unique "
                    f"names. Name '{layer.name}' is already the name of a layer in "
                    "this model. Update the `name` argument to pass a unique name."
                )
            if not self._stack and self._input_layer is None and layer._input_shape_arg:
                shape, batch_size = layer._input_shape_arg
                self._set_input_layer(InputLayer(shape=shape, batch_size=batch_size))
            self.add_module(str(len(self._stack)), layer)
            self._stack.append(layer)
        if rebuild:
            self._maybe_rebuild()

    def pop(self, rebuild=True):
        """Removes and returns the last layer.

        Raises:
            TypeError: If the model has no layers.
        """
        if not self._stack:
            raise TypeError("There are no layers in the model.")
        layer = self._stack.pop()
        del self._modules[str(len(self._stack))]
        self._output_specs.pop(layer, None)
        if rebuild:
            self._maybe_rebuild()
        return layer

    @property
    def layers(self) -> list:
        """The stacked layers (the input layer is not listed, as in Keras)."""
        return list(self._stack)

    def _maybe_rebuild(self) -> None:
        if self._input_layer is None:
            return
        # Keras builds a `Functional` behind each Sequential graph, which takes a
        # "functional" name; taking it too keeps later default names identical.
        naming.auto_name("Functional")
        x = self._input_layer.output
        self._output_specs = {}
        for layer in self._stack:
            with call_context.name_scope(self):
                x = layer(x)
            if not isinstance(x, KerasTensor):
                raise ValueError(
                    "All layers in a Sequential model should have a single output "
                    f"tensor. Layer '{layer.name}' returned: {x}"
                )
            self._output_specs[layer] = x
        self._build_shapes = self._input_layer.batch_shape
        self.built = True

    def build(self, input_shape=None) -> None:
        """Builds the model for inputs of `input_shape` (batch dimension included)."""
        if self._input_layer is None:
            if input_shape is None:
                raise ValueError("You must provide an `input_shape` argument.")
            self._set_input_layer(InputLayer(batch_shape=(None,) + tuple(input_shape[1:])))
        self._maybe_rebuild()

    def _maybe_build(self, args, kwargs) -> None:
        if self.built:
            return
        first_arg = args[0]
        if self._input_layer is None:
            if not isinstance(first_arg, (torch.Tensor, KerasTensor)):
                raise ValueError(
                    f"Sequential model '{self.name}' cannot be built from a non-tensor "
                    f"input: {type(first_arg).__name__}"
                )
            # Keras keeps the batch size of the first data in the input shape.
            self._set_input_layer(InputLayer(
                batch_shape=tuple(first_arg.shape), dtype=standardize_dtype(first_arg.dtype)))
        self._maybe_rebuild()

    def call(self, inputs, training=None, mask=None):
        if mask is not None:
            set_keras_mask(inputs, mask)
        for layer in self._stack:
            inputs = layer(inputs)
        return inputs

    @property
    def input(self):
        """The symbolic input tensor (once the input shape is known)."""
        self._require_input()
        return self._input_layer.output

    @property
    def output(self):
        """The symbolic output tensor (once the input shape is known)."""
        self._require_input()
        return self._output_specs[self._stack[-1]] if self._stack else self.input

    @property
    def inputs(self) -> list:
        """`[input]`."""
        return [self.input]

    @property
    def outputs(self) -> list:
        """`[output]`."""
        return [self.output]

    @property
    def input_shape(self):
        """The input shape, batch dimension included."""
        return self.input.shape

    @property
    def output_shape(self):
        """The output shape, batch dimension included."""
        return self.output.shape

    def _require_input(self):
        if self._input_layer is None:
            raise AttributeError(
                f"Sequential model '{self.name}' has no defined input yet: give it a "
                "`keras.Input`, an `input_shape`, or call it on data first."
            )

    def get_config(self) -> dict:
        """Returns the layers' configs, Keras's format (an `InputLayer` first)."""
        layers = []
        if self._input_layer is not None:
            layers.append(serialize_keras_object(self._input_layer))
        for layer in self._stack:
            layers.append(serialize_keras_object(layer))
        config = {**Layer.get_config(self), "layers": layers}
        if self._input_layer is not None:
            config["build_input_shape"] = self._input_layer.batch_shape
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """Rebuilds a Sequential model from `get_config()`."""
        from kerastorch import layers as layers_module

        model = cls(name=config.get("name"), trainable=config.get("trainable", True))
        for layer_config in config["layers"]:
            layer = deserialize_keras_object(
                layer_config, module_objects=vars(layers_module),
                custom_objects=custom_objects,
            )
            if not isinstance(layer, InputLayer) and "build_config" in layer_config \
                    and model._input_layer is None:
                layer.build_from_config(layer_config["build_config"])
            model.add(layer, rebuild=False)
        model._maybe_rebuild()
        return model
