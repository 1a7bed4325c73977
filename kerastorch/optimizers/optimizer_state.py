"""Optimizer state: creating, listing and restoring the tensors an optimizer keeps.

Mixed into `Optimizer`. Every state tensor (`iterations`, `learning_rate`,
each variable's slots) is an `OptimizerVariable` in `variables`, in Keras's
order; slots created with `add_optimizer_variables` are also handed to
`update_step_foreach` under their name. `set_weights`, `save_own_variables`
and `load_own_variables` read and write them in that order, so optimizer
state files are interchangeable with Keras's.
"""

import warnings

import torch

from kerastorch.backend.device import get_device
from kerastorch.backend.dtypes import standardize_dtype, to_torch_dtype
from kerastorch.backend.naming import auto_name
from kerastorch.optimizers.foreach_utils import variable_path
from kerastorch.optimizers.optimizer_variable import OptimizerVariable


class OptimizerStateMixin:
    """The state tensors of `Optimizer`: `add_variable`, slots, and their persistence."""

    def add_variable(
        self, shape, initializer="zeros", dtype=None, name: str = None
    ) -> torch.Tensor:
        """Creates an optimizer state tensor on the compute device.

        Args:
            shape: Tuple of ints; `()` for a scalar.
            initializer: `"zeros"`, a float, or a Keras initializer (object,
                name or callable `(shape, dtype) -> values`).
            dtype: Dtype; defaults to `floatx()`.
            name: The variable's name; by default a unique `"variable"`,
                `"variable_1"`, ... as Keras names unnamed variables.

        Returns:
            The new tensor (`requires_grad=False`), also added to `variables`.

        Example:

        >>> optimizer.add_variable((), dtype="int64", name="counter")
        OptimizerVariable(0)
        """
        variable = torch.zeros(tuple(shape), dtype=to_torch_dtype(dtype), device=get_device())
        return self._track(variable, initializer, name)

    def add_variable_from_reference(
        self, reference_variable: torch.Tensor, name: str = None, initializer="zeros"
    ) -> torch.Tensor:
        """Creates a state tensor like a model variable: same shape, dtype, device and layout.

        Args:
            reference_variable: The model variable (e.g. a `torch.nn.Parameter`).
            name: Name of the slot (`"momentum"`); the tensor's name is
                `"{variable name}_{name}"` as in Keras.
            initializer: As in `add_variable`.

        Returns:
            The new tensor, also added to `variables`.

        Example:

        >>> optimizer.add_variable_from_reference(dense.kernel, "momentum").shape
        torch.Size([784, 128])
        """
        name = name or "var"
        reference_name = variable_path(reference_variable)
        if reference_name:
            name = f"{reference_name.replace('/', '_').replace(':', '_')}_{name}"
        variable = torch.zeros_like(
            reference_variable, memory_format=torch.preserve_format, requires_grad=False
        )
        return self._track(variable, initializer, name)

    def add_optimizer_variables(self, trainable_variables, name, initializer="zeros"):
        """Creates one or several slots for each model variable, in Keras's order.

        The slots of each variable are created together (for Adam: kernel
        momentum, kernel velocity, bias momentum, ...). Each slot list is also
        handed to `update_step_foreach` under its name.

        Args:
            trainable_variables: The model variables.
            name: A slot name, or a list of names.
            initializer: An initializer, or a list of them (one per name).

        Returns:
            A list of tensors aligned with `trainable_variables`, or one such
            list per name when `name` is a list.

        Example:

        >>> momentums, velocities = self.add_optimizer_variables(
        ...     variables, ["momentum", "velocity"])
        """
        names = [name] if isinstance(name, str) else list(name)
        initializers = (
            initializer if isinstance(initializer, (list, tuple)) else [initializer] * len(names)
        )
        slot_lists = tuple([] for _ in names)
        for variable in trainable_variables:
            for slot_list, slot_name, slot_initializer in zip(slot_lists, names, initializers):
                slot_list.append(
                    self.add_variable_from_reference(variable, slot_name, slot_initializer)
                )
        for slot_name, slot_list in zip(names, slot_lists):
            self._register_slots(slot_name, slot_list)
        return slot_lists[0] if isinstance(name, str) else slot_lists

    def _register_slots(self, name: str, slot_list: list) -> None:
        """Hands `slot_list` (aligned with the model variables) to `update_step_foreach`."""
        self._slots[name] = slot_list
        self._groups = {}

    def _add_attribute_variable(self, value: torch.Tensor, name: str = None) -> torch.Tensor:
        """Adds a state tensor that Keras creates as a plain `Variable` attribute.

        Keras lists such variables (Nadam's momentum product, Adafactor's
        placeholders) in `variables` through attribute tracking, which is off
        while a `LossScaleOptimizer` builds its inner optimizer; kerastorch
        leaves them out there too, so `variables` and saved files match Keras's.

        Args:
            value: The initial tensor, on its device.
            name: The variable's name; a unique `"variable"` by default.

        Returns:
            The new state tensor.
        """
        return self._track(value, "zeros", name, listed=self._tracks_attribute_variables)

    def _track(self, variable, initializer, name, listed=True):
        """Initializes and names a new state tensor, and appends it to `variables` if `listed`."""
        if isinstance(initializer, (int, float)):
            variable.fill_(initializer)
        elif not (isinstance(initializer, str) and initializer == "zeros"):
            if not callable(initializer):
                from kerastorch import initializers

                initializer = initializers.get(initializer)
            value = initializer(tuple(variable.shape), dtype=standardize_dtype(variable.dtype))
            variable.copy_(torch.as_tensor(value))
        name = name or auto_name("Variable")
        variable = OptimizerVariable.from_tensor(variable, name, f"{self.name}/{name}")
        if listed:
            self._variables.append(variable)
        return variable

    def set_weights(self, weights) -> None:
        """Sets the optimizer's state from a list of arrays, in `variables` order.

        Args:
            weights: Arrays or tensors with the shapes of `variables`.
        """
        if not self.built:
            raise ValueError(
                "You are calling `set_weights()` on an optimizer that has not yet been built. "
                "Please call `optimizer.build(trainable_variables)` to create the optimizer "
                "weights before calling `set_weights()`."
            )
        for variable, weight in zip(self._variables, weights):
            weight = torch.as_tensor(weight)
            if variable.shape != weight.shape:
                raise ValueError(
                    f"Optimizer variable {variable.keras_name} has shape {tuple(variable.shape)} "
                    f"not compatible with provided weight shape {tuple(weight.shape)}."
                )
            variable.copy_(weight)

    def save_own_variables(self, store) -> None:
        """Writes the state to `store` (a dict-like) under keys `"0"`, `"1"`, ...

        Args:
            store: A mapping of string keys to arrays.
        """
        for i, variable in enumerate(self.variables):
            store[str(i)] = variable.detach().cpu().numpy()

    def load_own_variables(self, store) -> None:
        """Reads the state written by `save_own_variables`.

        Args:
            store: A mapping of string keys to arrays.
        """
        variables = self.variables
        if len(store.keys()) != len(variables):
            msg = (
                f"Skipping variable loading for optimizer '{self.name}', because it has "
                f"{len(variables)} variables whereas the saved optimizer has "
                f"{len(store.keys())} variables. "
            )
            if len(variables) == 0:
                msg += "This is likely because the optimizer has not been called/built yet."
            warnings.warn(msg, stacklevel=2)
            return
        for i, variable in enumerate(variables):
            variable.copy_(torch.as_tensor(store[str(i)]))
