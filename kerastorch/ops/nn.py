"""`keras.ops.nn`: neural-network ops (activations, convolutions, losses...)."""

import torch.nn.functional as F

from kerastorch.api_export import keras_export
from kerastorch.ops.operation import keras_op
from kerastorch.ops.tensor_args import as_tensor

NN = "keras.src.ops.nn"


@keras_export("keras.ops.relu", "keras.ops.nn.relu")
@keras_op(NN)
def relu(x):
    """Rectified linear unit, `max(x, 0)`.

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape.

    Example:

    >>> kerastorch.ops.relu(torch.tensor([-1.0, 2.0]))
    tensor([0., 2.])
    """
    return F.relu(as_tensor(x))
