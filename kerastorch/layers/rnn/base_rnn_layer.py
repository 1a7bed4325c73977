"""What `SimpleRNN`, `LSTM` and `GRU` share: an `RNN` over their own cell, configured flat."""

from kerastorch import regularizers
from kerastorch.layers.input_spec import InputSpec
from kerastorch.layers.rnn.rnn import RNN


def cell_attribute(name: str) -> property:
    """A read-only property of the layer that reads the cell's attribute `name`."""
    return property(lambda self: getattr(self.cell, name),
                    doc=f"The cell's `{name}`.")


def check_use_cudnn(use_cudnn):
    """Returns `use_cudnn` after Keras's check (`"auto"`, `True` or `False`)."""
    if use_cudnn not in ("auto", True, False):
        raise ValueError(
            "Invalid valid received for argument `use_cudnn`. Expected one of "
            f"{{'auto', True, False}}. Received: use_cudnn={use_cudnn}"
        )
    return use_cudnn


class BaseRNNLayer(RNN):
    """Base of the recurrent layers built on one built-in cell.

    The layer takes the cell's arguments itself (`LSTM(4, dropout=0.1)`),
    exposes them as read-only attributes, and its config is flat: the
    `RNN` arguments and the cell's, without a nested `cell` entry.

    Args:
        cell: The cell, built by the subclass from its arguments.
        activity_regularizer: Optional regularizer of the output.
        **kwargs: `RNN` arguments (`return_sequences`, ...) and base layer
            arguments.
    """

    units = cell_attribute("units")
    activation = cell_attribute("activation")
    use_bias = cell_attribute("use_bias")
    kernel_initializer = cell_attribute("kernel_initializer")
    recurrent_initializer = cell_attribute("recurrent_initializer")
    bias_initializer = cell_attribute("bias_initializer")
    kernel_regularizer = cell_attribute("kernel_regularizer")
    recurrent_regularizer = cell_attribute("recurrent_regularizer")
    bias_regularizer = cell_attribute("bias_regularizer")
    kernel_constraint = cell_attribute("kernel_constraint")
    recurrent_constraint = cell_attribute("recurrent_constraint")
    bias_constraint = cell_attribute("bias_constraint")
    dropout = cell_attribute("dropout")
    recurrent_dropout = cell_attribute("recurrent_dropout")

    def __init__(self, cell, activity_regularizer=None, **kwargs):
        super().__init__(cell, activity_regularizer=activity_regularizer, **kwargs)
        self.input_spec = InputSpec(ndim=3)

    def get_config(self) -> dict:
        config = super().get_config()
        del config["cell"]
        cell_config = self.cell.get_config()
        for key in ("name", "trainable", "dtype"):
            cell_config.pop(key)
        return {
            **config,
            **cell_config,
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
        }

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def cell_kwargs(kwargs, name):
    """The base-layer arguments a layer passes on to its cell (as Keras does)."""
    return {"dtype": kwargs.get("dtype", None), "trainable": kwargs.get("trainable", True),
            "name": name}
