"""`Bidirectional`: runs a recurrent layer forwards and backwards and merges the two."""

import copy

import torch

from kerastorch.api_export import keras_export
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.layers.layer import Layer
from kerastorch.saving import serialization_lib

MERGE_MODES = ("sum", "mul", "ave", "concat", None)


@keras_export("keras.layers.Bidirectional")
class Bidirectional(Layer):
    """Bidirectional wrapper for RNNs.

    Holds two copies of the wrapped layer, rebuilt from its config (fresh
    weights): `forward_layer` (named `forward_<name>`) and `backward_layer`
    (`backward_<name>`, with `go_backwards=True`), or the given
    `backward_layer`. Both read the same input; the backward output
    sequence is flipped back to the input's time order, then the two are
    merged. The weights are the forward layer's, then the backward
    layer's.

    Args:
        layer: A `keras.layers.RNN` instance (`LSTM`, `GRU`, ...), or a
            sequence layer with `go_backwards`, `return_sequences`,
            `return_state` and `stateful` attributes and a config.
        merge_mode: How the forward and backward outputs are combined: one of
            `"concat"` (default, along the last axis), `"sum"`, `"mul"`,
            `"ave"`, or `None` (a pair of outputs, not combined).
        weights: Optional list of initial weights, the forward layer's half
            then the backward layer's, applied when the layer is built.
        backward_layer: Optional layer for the backward direction; it must
            have the opposite `go_backwards` and the same `stateful`,
            `return_sequences` and `return_state` as `layer`.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Call arguments:
        sequences: Input tensor `(batch, time, ...)`.
        initial_state: List of initial states: the first half goes to the
            forward layer, the second half to the backward layer.
        mask: Boolean tensor `(batch, time)`, passed to both layers.
        training: Whether the call is in training mode (for dropout).

    Returns:
        The merged output (a pair with `merge_mode=None`), followed, with
        `return_state=True`, by the forward then the backward final states.
        With `return_sequences=True`, masked timesteps of both directions
        output zeros (`zero_output_for_mask` is forced on), as in Keras.

    Example:

    >>> layer = Bidirectional(kerastorch.layers.LSTM(10, return_sequences=True))
    >>> layer(torch.ones(4, 5, 8)).shape
    torch.Size([4, 5, 20])
    """

    def __init__(self, layer, merge_mode="concat", weights=None, backward_layer=None, **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError(
                "Please initialize `Bidirectional` layer with a "
                f"`keras.layers.Layer` instance. Received: {layer}"
            )
        if backward_layer is not None and not isinstance(backward_layer, Layer):
            raise ValueError(
                "`backward_layer` need to be a `keras.layers.Layer` "
                f"instance. Received: {backward_layer}"
            )
        if merge_mode not in MERGE_MODES:
            raise ValueError(
                f"Invalid merge mode. Received: {merge_mode}. Merge mode should be one of "
                '{"sum", "mul", "ave", "concat", None}'
            )
        super().__init__(**kwargs)
        # Copies rebuilt from the config, so that no state of `layer` carries over.
        self.forward_layer = _rebuilt_copy(layer, "forward_")
        if backward_layer is None:
            backward_layer = _rebuilt_copy(layer, "backward_", go_backwards=True)
        self.backward_layer = backward_layer
        if hasattr(layer, "use_cudnn"):  # not serialized
            self.forward_layer.use_cudnn = layer.use_cudnn
            self.backward_layer.use_cudnn = layer.use_cudnn
        self._verify_layer_config()
        for direction in (self.forward_layer, self.backward_layer):
            if getattr(direction, "zero_output_for_mask", None) is not None:
                direction.zero_output_for_mask = direction.return_sequences
        self.merge_mode = merge_mode
        self._initial_weights = weights
        self.stateful = layer.stateful
        self.return_sequences = layer.return_sequences
        self.return_state = layer.return_state
        self.supports_masking = True
        self.input_spec = layer.input_spec

    def _verify_layer_config(self) -> None:
        forward, backward = self.forward_layer, self.backward_layer
        if forward.go_backwards == backward.go_backwards:
            raise ValueError(
                "Forward layer and backward layer should have different `go_backwards` "
                f"value. Received: forward_layer.go_backwards {forward.go_backwards}, "
                f"backward_layer.go_backwards={backward.go_backwards}"
            )
        for attribute in ("stateful", "return_sequences", "return_state"):
            forward_value = getattr(forward, attribute)
            backward_value = getattr(backward, attribute)
            if forward_value != backward_value:
                raise ValueError(
                    "Forward layer and backward layer are expected to have the same value "
                    f'for attribute "{attribute}", got "{forward_value}" for forward layer '
                    f'and "{backward_value}" for backward layer'
                )

    def build(self, sequences_shape, initial_state_shape=None):
        for direction in (self.forward_layer, self.backward_layer):
            if not direction.built:
                direction.build(sequences_shape)
        if self._initial_weights:
            self.set_weights(self._initial_weights)
            self._initial_weights = None

    def call(self, sequences, initial_state=None, mask=None, training=None):
        kwargs = {}
        if self.forward_layer._call_has_training:
            kwargs["training"] = training
        if self.forward_layer._call_has_mask:
            kwargs["mask"] = mask
        forward_state = backward_state = None
        if initial_state is not None:
            half = len(initial_state) // 2
            forward_state, backward_state = initial_state[:half], initial_state[half:]
        y = self.forward_layer(sequences, initial_state=forward_state, **kwargs)
        y_rev = self.backward_layer(sequences, initial_state=backward_state, **kwargs)
        states = ()
        if self.return_state:
            states = tuple(y[1:]) + tuple(y_rev[1:])
            y, y_rev = y[0], y_rev[0]
        compute_dtype = to_torch_dtype(self.compute_dtype)
        y, y_rev = y.to(compute_dtype), y_rev.to(compute_dtype)
        if self.return_sequences:
            y_rev = torch.flip(y_rev, dims=(1,))
        if self.merge_mode is None:
            return (y, y_rev) + states
        output = _merge(self.merge_mode, y, y_rev)
        return (output,) + states if self.return_state else output

    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        output_shape = self.forward_layer.compute_output_shape(sequences_shape)
        state_shapes = ()
        if self.return_state:
            output_shape, state_shapes = output_shape[0], tuple(output_shape[1:])
        output_shape = tuple(output_shape)
        if self.merge_mode == "concat":
            output_shape = output_shape[:-1] + (output_shape[-1] * 2,)
        outputs = (output_shape,) * 2 if self.merge_mode is None else (output_shape,)
        if self.return_state:
            return outputs + state_shapes * 2
        return outputs if self.merge_mode is None else output_shape

    def compute_mask(self, inputs, mask=None):
        if isinstance(mask, list):
            mask = mask[0]
        if self.return_sequences:
            output_mask = mask if self.merge_mode else (mask, mask)
        else:
            output_mask = None if self.merge_mode else (None, None)
        if self.return_state and self.states is not None:
            # Keras fails here (it multiplies a generator); the states carry no mask.
            state_masks = (None,) * len(self.states)
            output_masks = output_mask if isinstance(output_mask, tuple) else (output_mask,)
            return output_masks + state_masks
        return output_mask

    @property
    def states(self):
        """The forward then the backward layer's state variables (stateful layers), or `None`."""
        forward_states = getattr(self.forward_layer, "states", None)
        backward_states = getattr(self.backward_layer, "states", None)
        if forward_states and backward_states:
            return tuple(forward_states) + tuple(backward_states)
        return None

    def reset_state(self) -> None:
        """Resets the states of both layers to zeros.

        Raises:
            AttributeError: If the layer is not stateful.
        """
        if not self.stateful:
            raise AttributeError("Layer must be stateful.")
        self.forward_layer.reset_state()
        self.backward_layer.reset_state()

    def reset_states(self) -> None:
        """Alias of `reset_state`, kept for compatibility."""
        self.reset_state()

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "merge_mode": self.merge_mode,
            "layer": serialization_lib.serialize_keras_object(self.forward_layer),
            "backward_layer": serialization_lib.serialize_keras_object(self.backward_layer),
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = copy.deepcopy(config)
        config["layer"] = serialization_lib.deserialize_keras_object(
            config["layer"], custom_objects=custom_objects)
        backward_config = config.pop("backward_layer", None)
        if backward_config is not None:
            config["backward_layer"] = serialization_lib.deserialize_keras_object(
                backward_config, custom_objects=custom_objects)
        return cls(**config)


def _rebuilt_copy(layer, prefix: str, **overrides):
    """A new layer from `layer`'s config, named `prefix + name` (the prefix not doubled)."""
    config = serialization_lib.serialize_keras_object(layer)
    config["config"].update(overrides, name=prefix + layer.name.removeprefix(prefix))
    return serialization_lib.deserialize_keras_object(config)


def _merge(merge_mode: str, y, y_rev):
    """Combines the forward and the (time-aligned) backward outputs."""
    if merge_mode == "concat":
        return torch.cat([y, y_rev], dim=-1)
    if merge_mode == "sum":
        return y + y_rev
    if merge_mode == "ave":
        return (y + y_rev) / 2
    return y * y_rev
