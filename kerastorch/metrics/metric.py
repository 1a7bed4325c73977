"""The `Metric` base class and its state tensors.

A metric's state (running totals, counts) lives in torch tensors on the
compute device, updated in place with no host synchronisation: `update_state`
never reads a value back, and `result()` returns a 0-d device tensor that is
read only when something displays or records it.
"""

import numbers

import numpy as np
import torch

from kerastorch import initializers
from kerastorch.api_export import keras_export
from kerastorch.backend import naming
from kerastorch.backend.device import get_device
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.losses.tensor_utils import standardize_compute_dtype

_AGGREGATIONS = ("none", "mean", "sum", "only_first_replica")


class MetricVariable(torch.Tensor):
    """A metric state tensor: a plain torch tensor with Keras's variable methods.

    It has a `name`, a `path` (`"metric_name/var_name"`), an `aggregation`
    (how replicas combine it: `"sum"`, `"mean"`, ...) and `assign`,
    `assign_add`, `assign_sub`, which update it in place without recording
    gradients, so Keras-style custom metrics run unchanged. Torch operations
    on it return ordinary tensors.

    Example:

    >>> v = Metric(name="m").add_variable(shape=(), initializer="zeros", name="total")
    >>> v.assign_add(3.0)
    MetricVariable(3.)
    """

    __torch_function__ = torch._C._disabled_torch_function_impl

    @classmethod
    def wrap(cls, value: torch.Tensor, name: str, path: str, aggregation: str) -> "MetricVariable":
        """Makes a `MetricVariable` sharing `value`'s storage.

        Args:
            value: The initial tensor.
            name: The variable's name.
            path: `"metric_name/variable_name"`.
            aggregation: How replicas combine it.

        Returns:
            The variable.
        """
        variable = torch.Tensor._make_subclass(cls, value, False)
        variable._keras_name = name
        variable.path = path
        variable.aggregation = aggregation
        return variable

    def __deepcopy__(self, memo):
        copied = MetricVariable.wrap(self.detach().clone(), self._keras_name, self.path, self.aggregation)
        memo[id(self)] = copied
        return copied

    @property
    def name(self) -> str:
        """The variable's name, e.g. `"total"`."""
        return self._keras_name

    def __array__(self, dtype=None, copy=None):
        # As a Keras variable: `np.array(v)` works on any device (torch's
        # tensors refuse it on an accelerator).
        array = self.detach().cpu().numpy()
        return array if dtype is None else array.astype(dtype, copy=False)

    def assign(self, value) -> "MetricVariable":
        """Sets the value in place (broadcast and cast to this variable).

        Args:
            value: A tensor, array or number.

        Returns:
            This variable.
        """
        with torch.no_grad():
            if isinstance(value, numbers.Number):
                self.fill_(value)
            else:
                self.copy_(_as_operand(value, self.device))
        return self

    def assign_add(self, value) -> "MetricVariable":
        """Adds `value` in place.

        Args:
            value: A tensor, array or number.

        Returns:
            This variable.
        """
        with torch.no_grad():
            self.add_(_as_operand(value, self.device))
        return self

    def assign_sub(self, value) -> "MetricVariable":
        """Subtracts `value` in place.

        Args:
            value: A tensor, array or number.

        Returns:
            This variable.
        """
        with torch.no_grad():
            self.sub_(_as_operand(value, self.device))
        return self


def _as_operand(value, device):
    """A number stays a number (no host-to-device copy); arrays become tensors on `device`."""
    if isinstance(value, (numbers.Number, torch.Tensor)):
        return value
    return torch.as_tensor(np.asarray(value), device=device)


def _initial_value(initializer, shape, dtype) -> torch.Tensor:
    """Evaluates an `add_variable` initializer, on the compute device."""
    if isinstance(initializer, numbers.Number):
        value = torch.full(shape, initializer)
    else:
        value = initializers.get(initializer)(shape, dtype=dtype)
    return value.to(device=get_device(), dtype=to_torch_dtype(dtype))


@keras_export("keras.metrics.Metric", "keras.Metric")
class Metric:
    """Metric base class: state variables, `update_state`, `result`, `reset_state`.

    Subclasses create their state in `__init__` with `add_variable`, update
    it in place in `update_state` (with `assign_add` or torch in-place ops
    under `torch.no_grad()`), and compute the value in `result`. Metrics
    assigned as attributes (alone, or in a list, tuple or dict) are tracked:
    their variables follow this metric's own in `variables`.

    Args:
        dtype: Dtype of the metric's computations and state; defaults to
            `floatx()`.
        name: Optional name; defaults to the snake-cased class name.

    Example:

    ```python
    class BinaryTruePositives(Metric):
        def __init__(self, name="binary_true_positives", **kwargs):
            super().__init__(name=name, **kwargs)
            self.true_positives = self.add_variable(shape=(), initializer="zeros", name="tp")

        def update_state(self, y_true, y_pred, sample_weight=None):
            hits = (torch.as_tensor(y_true) > 0.5) & (torch.as_tensor(y_pred) > 0.5)
            self.true_positives.assign_add(hits.sum())

        def result(self):
            return self.true_positives.clone()
    ```
    """

    def __init__(self, dtype=None, name: "str | None" = None):
        self.name = name or naming.auto_name(self.__class__.__name__)
        self._dtype = standardize_compute_dtype(dtype)
        self._variables = []

    @property
    def dtype(self) -> str:
        """The dtype of the metric's computations, e.g. `"float32"`."""
        return self._dtype

    def add_variable(self, shape, initializer, dtype=None, aggregation: str = "sum", name: "str | None" = None):
        """Creates a state tensor on the compute device and tracks it.

        Args:
            shape: Shape of the variable.
            initializer: `"zeros"`, `"ones"`, any `keras.initializers` name or
                object, a number, or an array of values.
            dtype: Dtype of the variable; defaults to `floatx()`.
            aggregation: How replicas combine it: `"sum"`, `"mean"`,
                `"none"` or `"only_first_replica"`.
            name: Name of the variable.

        Returns:
            The new `MetricVariable`.
        """
        if not hasattr(self, "_variables"):
            raise RuntimeError("You forgot to call `super().__init__()` in the `__init__()` method. Go add it!")
        if aggregation not in _AGGREGATIONS:
            raise ValueError(f"Invalid value for argument `aggregation`. Expected one of {_AGGREGATIONS}. "
                             f"Received: aggregation={aggregation}")
        dtype = standardize_compute_dtype(dtype)
        shape = () if shape is None else tuple(shape) if isinstance(shape, (list, tuple)) else (shape,)
        value = _initial_value(initializer, shape, dtype)
        name = name or "variable"
        variable = MetricVariable.wrap(value, name, f"{self.name.replace('/', '>')}/{name}", aggregation)
        self._variables.append(variable)
        return variable

    def add_weight(self, shape=(), initializer=None, dtype=None, name: "str | None" = None):
        """Alias of `add_variable` (Keras 2 name).

        Args:
            shape: Shape of the variable.
            initializer: The initializer (see `add_variable`).
            dtype: Dtype of the variable.
            name: Name of the variable.

        Returns:
            The new `MetricVariable`.
        """
        return self.add_variable(shape=shape, initializer=initializer, dtype=dtype, name=name)

    @property
    def variables(self) -> list:
        """The state tensors: this metric's own, then those of tracked sub-metrics."""
        variables = list(self._variables)
        for metric in self._sub_metrics():
            variables.extend(metric.variables)
        return variables

    def _sub_metrics(self):
        for value in vars(self).values():
            if isinstance(value, Metric):
                yield value
            elif isinstance(value, (list, tuple, dict)):
                items = value.values() if isinstance(value, dict) else value
                yield from (item for item in items if isinstance(item, Metric))

    def _move_state_to(self, device: torch.device) -> None:
        """Moves the state tensors (in place, keeping their identity) to `device`.

        Called by `update_state` with the device of the incoming values, so a
        metric follows its inputs to another device without a host sync.
        """
        for variable in self.variables:
            if variable.device != device:
                variable.data = variable.data.to(device)

    def update_state(self, *args, **kwargs):
        """Accumulates statistics from a batch; implemented by subclasses."""
        raise NotImplementedError

    def result(self) -> torch.Tensor:
        """Returns the current value (a 0-d tensor, or a dict of them); implemented by subclasses."""
        raise NotImplementedError

    def reset_state(self) -> None:
        """Sets every state variable to zero (called between epochs)."""
        with torch.no_grad():
            for variable in self.variables:
                variable.zero_()

    def __call__(self, *args, **kwargs):
        """Updates the state with one batch, then returns `result()`."""
        if not hasattr(self, "_variables"):
            raise RuntimeError("You forgot to call `super().__init__()` in the `__init__()` method. Go add it!")
        self.update_state(*args, **kwargs)
        return self.result()

    def get_config(self) -> dict:
        """Returns `name` and `dtype`."""
        return {"name": self.name, "dtype": self.dtype}

    @classmethod
    def from_config(cls, config: dict):
        """Rebuilds a metric from `get_config()`'s output.

        Args:
            config: The dict `get_config()` returned.

        Returns:
            A new metric (with fresh state).
        """
        return cls(**config)

    def __repr__(self):
        return f"<{self.__class__.__name__} name={self.name}>"

    def __str__(self):
        return self.__repr__()
