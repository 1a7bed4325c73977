"""kerastorch: the Keras API, reimplemented on PyTorch.

    import kerastorch as keras

Every layer and model is a `torch.nn.Module`; the public names mirror Keras 3's.
"""

__version__ = "0.1.0"


def version() -> str:
    """Returns the kerastorch version string (Keras's `keras.version()`)."""
    return __version__


from kerastorch import activations as activations
from kerastorch import backend as backend
from kerastorch import callbacks as callbacks
from kerastorch import config as config
from kerastorch import constraints as constraints
from kerastorch import datasets as datasets
from kerastorch import initializers as initializers
from kerastorch import layers as layers
from kerastorch import losses as losses
from kerastorch import metrics as metrics
from kerastorch import models as models
from kerastorch import ops as ops
from kerastorch import optimizers as optimizers
from kerastorch import random as random
from kerastorch import regularizers as regularizers
from kerastorch import saving as saving
from kerastorch import utils as utils
from kerastorch.backend.dtype_policy import DTypePolicy as DTypePolicy
from kerastorch.backend.keras_tensor import KerasTensor as KerasTensor
from kerastorch.backend.variable import Variable as Variable
from kerastorch.initializers.initializer import Initializer as Initializer
from kerastorch.layers.core.input_layer import Input as Input
from kerastorch.layers.input_spec import InputSpec as InputSpec
from kerastorch.layers.layer import Layer as Layer
from kerastorch.losses.loss import Loss as Loss
from kerastorch.metrics.metric import Metric as Metric
from kerastorch.models.model import Model as Model
from kerastorch.models.sequential import Sequential as Sequential
from kerastorch.ops.operation import Operation as Operation
from kerastorch.optimizers.optimizer import Optimizer as Optimizer
from kerastorch.regularizers.regularizers import Regularizer as Regularizer
