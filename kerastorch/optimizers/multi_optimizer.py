"""`MultiOptimizer` and `OptimizerMap`: different optimizers for different variables."""

import re
from collections.abc import MutableMapping

from kerastorch.api_export import keras_export
from kerastorch.optimizers.foreach_utils import variable_path
from kerastorch.optimizers.loss_scale_optimizer import LossScaleOptimizer
from kerastorch.optimizers.optimizer import Optimizer
from kerastorch.saving import serialization_lib


@keras_export("keras.optimizers.OptimizerMap")
class OptimizerMap(MutableMapping):
    """A mapping from variable paths (or regular expressions) to optimizers.

    A key is first looked up exactly, then as a regular expression that must
    match the whole path (`re.fullmatch`): `"encoder/.*"` covers every
    variable of the `encoder` block. Unmatched paths get `default_optimizer`.
    Called with a variable, it returns the optimizer for the variable's path
    (its name for a tensor without a `path`).

    Args:
        default_optimizer: The `Optimizer` for unmatched variables.
        optimizer_map: Optional dict of keys to optimizers.

    Example:

    >>> optimizer_map = OptimizerMap(default_optimizer=kerastorch.optimizers.RMSprop())
    >>> optimizer_map["encoder/.*"] = kerastorch.optimizers.SGD()
    >>> optimizer_map["encoder/layer_0/attention/query"].name
    'sgd'
    >>> optimizer_map["decoder/dense"].name
    'rm_sprop'
    """

    def __init__(self, default_optimizer: Optimizer, optimizer_map: dict = None):
        if not isinstance(default_optimizer, Optimizer):
            raise TypeError(
                "default_optimizer must be a Keras Optimizer instance. "
                f"Received: {default_optimizer}"
            )
        if optimizer_map is not None and not isinstance(optimizer_map, dict):
            raise TypeError(f"optimizer_map must be a dictionary. Received: {optimizer_map}")
        self._default_optimizer = default_optimizer
        self._optimizer_map = optimizer_map or {}

    @property
    def default_optimizer(self) -> Optimizer:
        """The optimizer of variables no key matches."""
        return self._default_optimizer

    def __getitem__(self, key: str) -> Optimizer:
        if key in self._optimizer_map:
            return self._optimizer_map[key]
        matching = [pattern for pattern in self._optimizer_map if re.fullmatch(pattern, key)]
        if len(matching) > 1:
            raise ValueError(f"Multiple optimizers assigned to variable {key}.")
        if matching:
            return self._optimizer_map[matching[0]]
        return self.default_optimizer

    def __setitem__(self, key: str, optimizer: Optimizer) -> None:
        if key in self._optimizer_map:
            raise ValueError(
                f"'{key}' already exists in the OptimizerMap with value "
                f"{self._optimizer_map[key]}. Please make sure to not use duplicated keys."
            )
        if not isinstance(key, str):
            raise ValueError(f"key must be a string. Received: {key}")
        if not isinstance(optimizer, Optimizer):
            raise ValueError(f"optimizer must be a Keras Optimizer instance. Received: {optimizer}")
        if isinstance(optimizer, LossScaleOptimizer):
            raise ValueError("optimizer cannot be LossScaleOptimizer.")
        if isinstance(optimizer, MultiOptimizer):
            raise ValueError("optimizer cannot be MultiOptimizer.")
        self._optimizer_map[key] = optimizer

    def __delitem__(self, key: str) -> None:
        del self._optimizer_map[key]

    def __len__(self) -> int:
        return len(self._optimizer_map)

    def __iter__(self):
        return iter(self._optimizer_map)

    def __call__(self, variable) -> Optimizer:
        return self[variable_path(variable)]

    def get_config(self) -> dict:
        """Returns the serialized default optimizer and map."""
        return {
            "default_optimizer": serialization_lib.serialize_keras_object(self._default_optimizer),
            "optimizer_map": serialization_lib.serialize_keras_object(self._optimizer_map),
        }

    @classmethod
    def from_config(cls, config: dict, custom_objects: dict = None) -> "OptimizerMap":
        """Rebuilds the map and its optimizers from `get_config()`'s output.

        Args:
            config: The config dict.
            custom_objects: Optional dict of names to custom classes.

        Returns:
            An `OptimizerMap`.
        """
        default_optimizer = serialization_lib.deserialize_keras_object(
            config["default_optimizer"], custom_objects=custom_objects
        )
        optimizer_map = serialization_lib.deserialize_keras_object(
            config["optimizer_map"], custom_objects=custom_objects
        )
        return cls(default_optimizer, optimizer_map)


@keras_export("keras.optimizers.MultiOptimizer")
class MultiOptimizer(Optimizer):
    """An optimizer that hands each variable to the optimizer chosen for it.

    Each sub-optimizer is built on, and updates, its own variables; its
    state follows this optimizer's `iteration` and `learning_rate` in
    `variables`. There is no single learning rate: reading or setting
    `learning_rate` raises an `AttributeError`; use `optimizers` instead.

    Args:
        optimizer_map: An `OptimizerMap`, or a callable returning the
            optimizer of a variable.
        loss_scale_factor: Float or `None`; set on every sub-optimizer.
        name: String, the optimizer's name.

    Example:

    ```python
    optimizer = kerastorch.optimizers.MultiOptimizer(
        kerastorch.optimizers.OptimizerMap(
            default_optimizer=kerastorch.optimizers.SGD(),
            optimizer_map={"encoder/.*": kerastorch.optimizers.Adam()},
        )
    )
    model.compile(optimizer=optimizer, loss="binary_crossentropy")
    ```
    """

    def __init__(self, optimizer_map, loss_scale_factor: float = None, name: str = None):
        super().__init__(learning_rate=0.0, loss_scale_factor=loss_scale_factor, name=name)
        self._optimizer_map = optimizer_map
        self._inner_optimizers = []
        candidates = list(optimizer_map.values()) if hasattr(optimizer_map, "values") else []
        default = getattr(optimizer_map, "default_optimizer", None)
        if default is not None:
            candidates.append(default)
        for optimizer in candidates:
            self._add_inner_optimizer(optimizer)

    def _add_inner_optimizer(self, optimizer: Optimizer) -> int:
        """Returns the position of `optimizer` among the sub-optimizers, adding it if new."""
        for index, known in enumerate(self._inner_optimizers):
            if known is optimizer:
                return index
        optimizer.loss_scale_factor = self.loss_scale_factor
        self._inner_optimizers.append(optimizer)
        return len(self._inner_optimizers) - 1

    def build(self, variables) -> None:
        """Chooses each variable's optimizer and builds every sub-optimizer on its variables.

        Args:
            variables: The model variables.
        """
        if self.built:
            return
        variables = list(variables)
        self._var_to_optimizer_idx = {}
        assigned = {}
        for variable in variables:
            optimizer = self._optimizer_map(variable)
            if not isinstance(optimizer, Optimizer):
                raise ValueError(
                    f"Optimizer for variable {variable_path(variable)} is not an Optimizer "
                    "instance."
                )
            if isinstance(optimizer, LossScaleOptimizer):
                raise ValueError("LossScaleOptimizer cannot be used inside an MultiOptimizer.")
            if isinstance(optimizer, MultiOptimizer):
                raise ValueError("MultiOptimizer cannot be used inside an MultiOptimizer.")
            index = self._add_inner_optimizer(optimizer)
            self._var_to_optimizer_idx[id(variable)] = index
            assigned.setdefault(index, []).append(variable)
        for index, optimizer in enumerate(self._inner_optimizers):
            if index in assigned:
                optimizer.build(assigned[index])
        super().build(variables)

    @property
    def optimizers(self) -> list:
        """The sub-optimizers, in the order their state appears in `variables`."""
        return self._inner_optimizers

    @property
    def variables(self) -> list:
        """`iteration` and `learning_rate`, then every sub-optimizer's variables."""
        variables = self._variables[:]
        for optimizer in self._inner_optimizers:
            variables.extend(optimizer.variables)
        return variables

    @property
    def learning_rate(self):
        """Not available: the sub-optimizers each have their own."""
        raise AttributeError(
            "Learning rate cannot be accessed on a MultiOptimizer. Access the learning rate "
            "on the individual sub-optimizers instead."
        )

    @learning_rate.setter
    def learning_rate(self, value):
        raise AttributeError(
            "Learning rate cannot be set on a MultiOptimizer. Set the learning rate on the "
            "individual sub-optimizers instead."
        )

    @property
    def loss_scale_factor(self):
        """The loss scale factor, shared by every sub-optimizer (settable)."""
        return getattr(self, "_loss_scale_factor", None)

    @loss_scale_factor.setter
    def loss_scale_factor(self, value):
        self._loss_scale_factor = value
        for optimizer in getattr(self, "_inner_optimizers", ()):
            optimizer.loss_scale_factor = value

    @property
    def iterations(self):
        """The number of calls to `apply`."""
        return self._iterations

    def apply(self, grads, trainable_variables=None) -> None:
        """Hands each gradient to its variable's optimizer.

        Args:
            grads: Gradient tensors, one per variable the optimizer was built
                with.
            trainable_variables: The variables, in the order of `grads`;
                defaults to those the optimizer was built with.
        """
        grads = list(grads)
        if not grads:
            return
        if trainable_variables is None:
            if not self.built:
                raise ValueError(
                    "When passing `grads` without `variables`, the optimizer must already be "
                    "built on a list of variables. Call `optimizer.build(trainable_variables)` "
                    "first."
                )
            trainable_variables = self._trainable_variables
        trainable_variables = list(trainable_variables)
        if not self.built:
            self.build(trainable_variables)
        if len(grads) != len(self._var_to_optimizer_idx):
            raise ValueError(
                "Gradients must match trainable variables one-to-one. Received "
                f"{len(grads)} gradients and {len(self._var_to_optimizer_idx)} variables."
            )
        per_optimizer = [([], []) for _ in self._inner_optimizers]
        for grad, variable in zip(grads, trainable_variables):
            sub_grads, sub_variables = per_optimizer[self._var_to_optimizer_idx[id(variable)]]
            sub_grads.append(grad)
            sub_variables.append(variable)
        for optimizer, (sub_grads, sub_variables) in zip(self._inner_optimizers, per_optimizer):
            if sub_grads:
                optimizer.apply(sub_grads, sub_variables)
        self._iterations.add_(1)

    def _per_optimizer(self, variables) -> list:
        """`variables` split by sub-optimizer, aligned with `optimizers`."""
        split = [[] for _ in self._inner_optimizers]
        for variable in variables:
            split[self._var_to_optimizer_idx[id(variable)]].append(variable)
        return split

    def finalize_variable_values(self, var_list) -> None:
        """Finalizes each sub-optimizer's variables (their moving averages, with `use_ema`).

        Args:
            var_list: The model variables.
        """
        for optimizer, variables in zip(self._inner_optimizers, self._per_optimizer(var_list)):
            if variables:
                optimizer.finalize_variable_values(variables)

    def set_weights(self, weights) -> None:
        """Sets this optimizer's and then each sub-optimizer's state, in `variables` order.

        Args:
            weights: Arrays or tensors with the shapes of `variables`.
        """
        if not self.built:
            raise ValueError(
                "You are calling `set_weights()` on an optimizer that has not yet been built. "
                "Please call `optimizer.build(trainable_variables)` to create the optimizer "
                "weights before calling `set_weights()`."
            )
        weights = list(weights)
        own = len(self._variables)
        super().set_weights(weights[:own])
        for optimizer in self._inner_optimizers:
            count = len(optimizer.variables)
            if count:
                optimizer.set_weights(weights[own : own + count])
                own += count

    def get_config(self) -> dict:
        """Returns the serialized optimizer map, the loss scale factor and the name."""
        return {
            "optimizer_map": serialization_lib.serialize_keras_object(self._optimizer_map),
            "loss_scale_factor": self.loss_scale_factor,
            "name": self.name,
        }

    @classmethod
    def from_config(cls, config: dict, custom_objects: dict = None) -> "MultiOptimizer":
        """Rebuilds the optimizer and its map from `get_config()`'s output.

        Args:
            config: The config dict.
            custom_objects: Optional dict of names to custom classes.

        Returns:
            A `MultiOptimizer`.
        """
        config = dict(config)
        config["optimizer_map"] = serialization_lib.deserialize_keras_object(
            config["optimizer_map"], custom_objects=custom_objects
        )
        return cls(**config)
