"""`TimeDistributed`: applies a layer to every temporal slice of an input."""

from kerastorch.api_export import keras_export
from kerastorch.layers.core.wrapper import Wrapper
from kerastorch.layers.layer import Layer


@keras_export("keras.layers.TimeDistributed")
class TimeDistributed(Wrapper):
    """This wrapper allows to apply a layer to every temporal slice of an input.

    Every input should be at least 3D; axis 1 is the temporal axis. The same
    wrapped layer (the same weights) processes every timestep. Where Keras
    loops over the timesteps, kerastorch folds time into the batch axis and
    calls the wrapped layer once on `(batch * time, ...)`, then unfolds its
    output: the same result for every layer whose samples are independent.
    (A `BatchNormalization` in training is the exception: its batch
    statistics then cover all the timesteps at once, where Keras computes
    and applies them one timestep at a time.)

    As in Keras, the wrapped layer's `call` runs directly (its own `__call__`
    machinery, input checks and activity regularizer do not), with `training`
    and the folded `mask` when its `call` takes them. The input mask is
    passed on unchanged to the output.

    Args:
        layer: A `keras.layers.Layer` instance.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Call arguments:
        inputs: Tensor of shape `(batch, time, ...)`.
        training: Whether the call is in training mode; passed to the wrapped
            layer when its `call` takes it.
        mask: Boolean tensor of shape `(batch, time, ...)`; passed to the
            wrapped layer, folded, when its `call` takes it.

    Input shape:
        `(batch_size, timesteps, ...)`: the wrapped layer's input shape with
        a time axis inserted after the batch axis.

    Output shape:
        `(batch_size, timesteps, ...)`: the wrapped layer's output shape with
        the time axis inserted.

    Example:

    >>> layer = TimeDistributed(kerastorch.layers.Conv2D(64, 3))
    >>> layer(torch.ones(2, 10, 16, 16, 3)).shape
    torch.Size([2, 10, 14, 14, 64])
    """

    def __init__(self, layer, **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError(
                "Please initialize `TimeDistributed` layer with a "
                f"`keras.layers.Layer` instance. Received: {layer}"
            )
        super().__init__(layer, **kwargs)
        self.supports_masking = True

    @staticmethod
    def _child_input_shape(input_shape) -> tuple:
        if not isinstance(input_shape, (tuple, list)) or len(input_shape) < 3:
            raise ValueError(
                "`TimeDistributed` Layer should be passed an `input_shape` "
                f"with at least 3 dimensions, received: {input_shape}"
            )
        return (input_shape[0], *input_shape[2:])

    def build(self, input_shape):
        super().build(self._child_input_shape(input_shape))

    def compute_output_shape(self, input_shape):
        child_output_shape = self.layer.compute_output_shape(
            self._child_input_shape(input_shape))
        return (child_output_shape[0], input_shape[1], *child_output_shape[1:])

    def call(self, inputs, training=None, mask=None):
        batch, steps = inputs.shape[:2]
        kwargs = {}
        if mask is not None:
            _check_mask(mask, inputs)
            if self.layer._call_has_mask:
                kwargs["mask"] = mask.reshape(batch * steps, *mask.shape[2:])
        if self.layer._call_has_training:
            kwargs["training"] = training
        outputs = self.layer.call(inputs.reshape(batch * steps, *inputs.shape[2:]), **kwargs)
        return outputs.reshape(batch, steps, *outputs.shape[1:])


def _check_mask(mask, inputs) -> None:
    """Raises Keras's error for a mask whose batch or time size differs from the input's."""
    if mask.ndim < 2:
        raise ValueError(
            "The `mask` passed to the `TimeDistributed` layer must be at least 2D "
            f"(e.g., `(batch_size, timesteps)`), but it has {mask.ndim} dimension(s) "
            f"with shape {tuple(mask.shape)}."
        )
    if tuple(mask.shape[:2]) != tuple(inputs.shape[:2]):
        raise ValueError(
            f"The `mask` passed to the `TimeDistributed` layer has a shape "
            f"{tuple(mask.shape)} that is incompatible with the input shape "
            f"{tuple(inputs.shape)}. The first two dimensions of the mask (batch size "
            "and timesteps) must match the input's first two dimensions. Expected mask "
            f"shape prefix: ({inputs.shape[0]}, {inputs.shape[1]})."
        )
