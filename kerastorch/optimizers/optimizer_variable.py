"""`OptimizerVariable`: an optimizer state tensor with Keras's variable methods.

Optimizer state (`iterations`, `learning_rate`, Adam's momentums, ...) is
plain torch tensors, updated in place by `torch._foreach_*` kernels. Wrapping
them costs nothing per operation (torch function dispatch is disabled, as for
metric states) and lets Keras code run unchanged:
`optimizer.iterations.assign(0)`, `optimizer.learning_rate.assign(1e-4)`,
`[v.name for v in optimizer.variables]`.
"""

import torch

from kerastorch.metrics.metric import MetricVariable


class OptimizerVariable(MetricVariable):
    """An optimizer state tensor: `name`, `path` and in-place `assign`, `assign_add`, `assign_sub`.

    The variable's name is also its `keras_name` attribute, as for model
    weights. Torch operations on it return ordinary tensors.

    Example:

    >>> optimizer = kerastorch.optimizers.SGD()
    >>> optimizer.iterations.assign(100)
    OptimizerVariable(100)
    >>> optimizer.iterations.path
    'sgd/iteration'
    """

    @classmethod
    def from_tensor(cls, value: torch.Tensor, name: str, path: str) -> "OptimizerVariable":
        """Wraps `value` (sharing its storage) as an optimizer variable.

        Args:
            value: The state tensor.
            name: The variable's name (`"kernel_momentum"`).
            path: `"optimizer_name/variable_name"`.

        Returns:
            The variable.
        """
        variable = cls.wrap(value, name, path, "none")
        variable.keras_name = name
        return variable

    def __deepcopy__(self, memo):
        copied = OptimizerVariable.from_tensor(self.detach().clone(), self.name, self.path)
        memo[id(self)] = copied
        return copied
