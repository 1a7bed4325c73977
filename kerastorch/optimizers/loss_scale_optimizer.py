"""`LossScaleOptimizer`: dynamic loss scaling around another optimizer."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.optimizers.optimizer import Optimizer
from kerastorch.saving import serialization_lib

# The base arguments older configs still carry: accepted at their defaults only.
_BASE_OPTIMIZER_DEFAULTS = {
    "weight_decay": None,
    "clipnorm": None,
    "global_clipnorm": None,
    "clipvalue": None,
    "use_ema": False,
    "ema_momentum": 0.99,
    "ema_overwrite_frequency": None,
    "loss_scale_factor": None,
    "gradient_accumulation_steps": None,
}


@keras_export("keras.optimizers.LossScaleOptimizer", "keras.mixed_precision.LossScaleOptimizer")
class LossScaleOptimizer(Optimizer):
    """An optimizer that dynamically scales the loss to prevent float16 underflow.

    The loss is multiplied by a loss scale (`scale_loss`) before gradients
    are taken, so small float16 gradients do not flush to zero; `apply`
    divides the gradients by the scale before handing them to
    `inner_optimizer`. The scale adapts:

    - if any gradient has an `inf` or `nan`, the step is skipped and the
      scale halved;
    - after `dynamic_growth_steps` steps with finite gradients, the scale is
      doubled.

    Deciding whether to skip a step reads one boolean on the host per `apply`
    (as `torch.amp.GradScaler` does); the scale and counter stay on the device.

    Args:
        inner_optimizer: The `Optimizer` to wrap; its own
            `loss_scale_factor` is reset to `None`.
        initial_scale: Float, the starting loss scale; better too high than
            too low, as it falls much faster than it rises. Defaults to `2**15`.
        dynamic_growth_steps: Int, the number of finite steps after which the
            scale is doubled. Defaults to `2000`.
        name: String, the optimizer's name.
        **kwargs: Base optimizer arguments at their default values (from
            older configs); any other value raises a `ValueError`.

    Example:

    ```python
    optimizer = kerastorch.optimizers.LossScaleOptimizer(kerastorch.optimizers.Adam())
    loss = optimizer.scale_loss(loss_fn(y, model(x)))
    loss.backward()
    optimizer.apply([w.grad for w in model.trainable_weights], model.trainable_weights)
    ```
    """

    def __init__(
        self,
        inner_optimizer: Optimizer,
        initial_scale: float = 2.0**15,
        dynamic_growth_steps: int = 2000,
        name: str = None,
        **kwargs,
    ):
        if not kwargs.pop("dynamic", True):
            raise ValueError(
                "LossScaleOptimizer no longer supports `dynamic=False`. Instead, simply set "
                "`loss_scale_factor` directly on the `inner_optimizer`."
            )
        for argument, default in _BASE_OPTIMIZER_DEFAULTS.items():
            if argument in kwargs and kwargs.pop(argument) != default:
                raise ValueError(
                    f"LossScaleOptimizer does not support `{argument}`. Instead, set "
                    f"`{argument}` on the `inner_optimizer`."
                )
        if kwargs:
            raise ValueError(
                f"LossScaleOptimizer does not support arguments: `{'`, `'.join(kwargs.keys())}`."
            )
        super().__init__(learning_rate=0.0, name=name)
        self.inner_optimizer = inner_optimizer
        self.initial_scale = initial_scale
        self.dynamic_growth_steps = dynamic_growth_steps
        # Otherwise the gradients would be unscaled twice.
        self.inner_optimizer.loss_scale_factor = None

    def build(self, variables) -> None:
        """Creates `step_counter` and `dynamic_scale`, then builds the inner optimizer.

        Args:
            variables: The model variables.
        """
        variables = list(variables)
        self.step_counter = self.add_variable((), dtype="int64", name="step_counter")
        self.dynamic_scale = self.add_variable(
            (), initializer=float(self.initial_scale), dtype="float32", name="dynamic_scale"
        )
        # As in Keras, whose attribute tracking is off while this builds.
        self.inner_optimizer._tracks_attribute_variables = False
        try:
            self.inner_optimizer.build(variables)
        finally:
            self.inner_optimizer._tracks_attribute_variables = True
        super().build(variables)

    @property
    def variables(self) -> list:
        """This optimizer's state (`iteration`, `learning_rate`, `step_counter`,
        `dynamic_scale`) followed by the inner optimizer's."""
        return self._variables + self.inner_optimizer.variables

    @property
    def learning_rate(self):
        """The inner optimizer's learning rate (settable)."""
        return self.inner_optimizer.learning_rate

    @learning_rate.setter
    def learning_rate(self, learning_rate):
        self.inner_optimizer.learning_rate = learning_rate

    @property
    def iterations(self) -> torch.Tensor:
        """The inner optimizer's `iterations` (skipped steps are not counted)."""
        return self.inner_optimizer.iterations

    def apply(self, grads, trainable_variables=None) -> None:
        """Unscales the gradients and applies them with the inner optimizer, if all are finite.

        Args:
            grads: Gradient tensors (of the scaled loss), one per variable.
            trainable_variables: The variables; defaults to those the
                optimizer was built with.
        """
        if not self.built:
            self.build(trainable_variables)
        grads = list(grads)
        unscaled, finite = self._unscale_and_check(grads)
        if bool(finite):
            self.inner_optimizer.apply(unscaled, trainable_variables=trainable_variables)
            grow = self.step_counter == self.dynamic_growth_steps - 1
            self.dynamic_scale.mul_(torch.where(grow, 2.0, 1.0))
            self.step_counter.add_(1).masked_fill_(grow, 0)
        else:
            self.step_counter.zero_()
            self.dynamic_scale.mul_(0.5)

    def _unscale_and_check(self, grads):
        """Returns the gradients divided by the scale, and whether all are finite (0-d tensor)."""
        groups = {}
        for index, grad in enumerate(grads):
            if grad is not None:
                groups.setdefault((grad.device, grad.dtype), []).append(index)
        unscaled = list(grads)
        maxima = []
        for (device, _), indices in groups.items():
            group = [grads[i] for i in indices]
            maxima.extend(torch._foreach_norm(group, float("inf")))
            divided = torch._foreach_div(group, self.dynamic_scale.to(device))
            for index, grad in zip(indices, divided):
                unscaled[index] = grad
        scale_device = self.dynamic_scale.device
        if not maxima:
            return unscaled, torch.tensor(True, device=scale_device)
        maxima = torch.stack([m.to(scale_device, torch.float32) for m in maxima])
        return unscaled, torch.isfinite(maxima).all()

    def check_finite(self, grads) -> torch.Tensor:
        """Whether every (non-`None`) gradient is finite, as a 0-d boolean tensor.

        Args:
            grads: Gradient tensors or `None`s.

        Returns:
            A 0-d boolean tensor on the device.
        """
        return self._unscale_and_check(grads)[1]

    def scale_loss(self, loss):
        """Multiplies the loss by the current loss scale (`initial_scale` before building).

        Args:
            loss: The loss tensor.

        Returns:
            The scaled loss.
        """
        return loss * (self.dynamic_scale if self.built else self.initial_scale)

    def finalize_variable_values(self, var_list) -> None:
        """Finalizes the inner optimizer's variables (its moving average, with `use_ema`).

        Args:
            var_list: The model variables.
        """
        self.inner_optimizer.finalize_variable_values(var_list)

    def get_config(self) -> dict:
        """Returns the name, the serialized inner optimizer and the scaling arguments."""
        return {
            "name": self.name,
            "inner_optimizer": serialization_lib.serialize_keras_object(self.inner_optimizer),
            "initial_scale": self.initial_scale,
            "dynamic_growth_steps": self.dynamic_growth_steps,
        }

    @classmethod
    def from_config(cls, config: dict, custom_objects: dict = None) -> "LossScaleOptimizer":
        """Creates the optimizer (and its inner optimizer) from `get_config()`'s output.

        Args:
            config: The config dict.
            custom_objects: Optional dict of names to custom classes.

        Returns:
            A `LossScaleOptimizer`.
        """
        config = dict(config)
        inner_optimizer = serialization_lib.deserialize_keras_object(
            config.pop("inner_optimizer"), custom_objects=custom_objects
        )
        return cls(inner_optimizer, **config)
