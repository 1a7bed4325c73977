"""`keras.ops`: the backend-agnostic ops, on torch tensors and on KerasTensors.

On tensors each op computes with torch; on symbolic `KerasTensor`s it records a
graph node (see `kerastorch.ops.operation`), so ops build functional models.
"""

from kerastorch.ops import nn as nn
from kerastorch.ops import numpy as numpy
from kerastorch.ops.nn import relu as relu
from kerastorch.ops.numpy import add as add
from kerastorch.ops.numpy import matmul as matmul
from kerastorch.ops.numpy import multiply as multiply
from kerastorch.ops.numpy import subtract as subtract
from kerastorch.ops.numpy import sum as sum  # noqa: A004 - Keras's name
