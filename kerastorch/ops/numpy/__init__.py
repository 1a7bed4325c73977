"""`keras.ops.numpy`: the NumPy-like ops, by topic."""

from kerastorch.ops.numpy.arithmetic import add as add
from kerastorch.ops.numpy.arithmetic import matmul as matmul
from kerastorch.ops.numpy.arithmetic import multiply as multiply
from kerastorch.ops.numpy.arithmetic import subtract as subtract
from kerastorch.ops.numpy.reductions import sum as sum  # noqa: A004 - Keras's name
