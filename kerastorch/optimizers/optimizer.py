"""The optimizer base class: Keras's optimizer API on torch tensors.

An optimizer updates a list of `torch.nn.Parameter`s (or any float tensors) in
place from their gradients. It keeps its own state as plain tensors on each
variable's device: `iterations` (0-d int64), `learning_rate` (0-d float, unless
a schedule is used) and per-variable slots such as Adam's momentums.

Two choices make `apply` cheap enough to run every training step:

- The update works on whole lists of tensors with torch's `_foreach_*`
  kernels, one call per (device, dtype) group, under `torch.no_grad()`.
- Nothing is read back from the device. The step count and a float learning
  rate are mirrored as Python numbers, so per-step scalars (Adam's bias
  correction) are computed on the host. The mirrors re-read the tensors only
  after someone else changed them in place (`set_weights`, `copy_`), which
  torch's per-tensor version counter reveals without a sync.

The state tensors (creating, listing, saving them) and the optional parts of
a step live in their own modules, mixed into `Optimizer`: `optimizer_state.py`,
gradient clipping and weight decay (`gradient_transforms.py`), the moving
average of the weights (`ema.py`) and gradient accumulation
(`gradient_accumulation.py`). The (device, dtype) groups and the helpers for
`update_step_foreach` implementations are in `foreach_utils.py`.
"""

import operator
import sys
import warnings
from itertools import repeat

import torch

from kerastorch.api_export import keras_export
from kerastorch.backend import config
from kerastorch.backend.naming import auto_name
from kerastorch.optimizers.ema import EMAMixin
from kerastorch.optimizers.ema import check_ema_arguments
from kerastorch.optimizers.foreach_utils import group_by_device_and_dtype
from kerastorch.optimizers.foreach_utils import variable_name
from kerastorch.optimizers.foreach_utils import variable_path
from kerastorch.optimizers.gradient_accumulation import GradientAccumulationMixin
from kerastorch.optimizers.gradient_accumulation import check_gradient_accumulation_steps
from kerastorch.optimizers.gradient_transforms import GradientTransformsMixin
from kerastorch.optimizers.gradient_transforms import check_clipping_arguments
from kerastorch.optimizers.optimizer_state import OptimizerStateMixin
from kerastorch.optimizers.schedules.learning_rate_schedule import LearningRateSchedule
from kerastorch.saving import serialization_lib

# The `Args:` entries of the arguments every optimizer takes; a docstring
# names them with `{{base_optimizer_keyword_args}}`, as Keras's do.
base_optimizer_keyword_args = """weight_decay: Float. If set, each variable is multiplied by
            `1 - weight_decay * learning_rate` before each update.
        clipnorm: Float. If set, each gradient is rescaled so that its L2
            norm is at most this value.
        clipvalue: Float. If set, each gradient is clipped to
            `[-clipvalue, clipvalue]`.
        global_clipnorm: Float. If set, all gradients are rescaled together
            so that their global L2 norm is at most this value.
        use_ema: Boolean. Whether to keep an exponential moving average of
            the variables (see `finalize_variable_values`).
        ema_momentum: Float in `[0, 1]`, the EMA's momentum:
            `average = ema_momentum * average + (1 - ema_momentum) * variable`.
        ema_overwrite_frequency: Int or `None`. With `use_ema`, overwrite
            the variables with their average every this many iterations.
        loss_scale_factor: Float or `None`. Gradients are divided by it
            (see `scale_loss`).
        gradient_accumulation_steps: Int >= 2 or `None`. If set, gradients
            are summed over this many calls to `apply` and their mean is
            applied on the last one.
        name: String, the optimizer's name; unique default from the class."""


def _user_stacklevel() -> int:
    """The `stacklevel` that makes a warning point at the first caller outside kerastorch."""
    level, frame = 2, sys._getframe(2)
    while frame is not None and frame.f_globals.get("__name__", "").startswith("kerastorch."):
        level, frame = level + 1, frame.f_back
    return level


def _with_base_optimizer_keyword_args(docstring):
    """Fills in `{{base_optimizer_keyword_args}}` in a class docstring."""
    if not docstring:
        return docstring
    return docstring.replace("{{base_optimizer_keyword_args}}", base_optimizer_keyword_args)


@keras_export("keras.Optimizer", "keras.optimizers.Optimizer")
class Optimizer(OptimizerStateMixin, GradientTransformsMixin, EMAMixin, GradientAccumulationMixin):
    """Base class of all optimizers.

    A subclass creates its per-variable state in `build` with
    `add_optimizer_variables` and implements `update_step_foreach` (all
    variables of one device and dtype at once, with `torch._foreach_*` ops)
    or Keras's per-variable `update_step`. Gradient clipping, weight decay,
    loss-scale unscaling, gradient accumulation, the moving average of the
    weights (EMA), constraints and the step counter are handled here.

    Args:
        learning_rate: A float, a `LearningRateSchedule`, or a callable
            taking no argument and returning the learning rate.
        {{base_optimizer_keyword_args}}
        **kwargs: `lr` (Keras 2 name of `learning_rate`, deprecated) and
            `decay` (ignored with a warning, as in Keras 3).

    Example:

    ```python
    class PlainSGD(kerastorch.optimizers.Optimizer):
        def update_step_foreach(self, grads, variables, learning_rate, slots):
            torch._foreach_add_(variables, grads, alpha=-learning_rate)

    optimizer = PlainSGD(learning_rate=0.1)
    optimizer.apply([p.grad for p in params], params)
    ```
    """

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.__doc__ = _with_base_optimizer_keyword_args(cls.__doc__)

    def __init__(
        self,
        learning_rate,
        weight_decay: float = None,
        clipnorm: float = None,
        clipvalue: float = None,
        global_clipnorm: float = None,
        use_ema: bool = False,
        ema_momentum: float = 0.99,
        ema_overwrite_frequency: int = None,
        loss_scale_factor: float = None,
        gradient_accumulation_steps: int = None,
        name: str = None,
        **kwargs,
    ):
        # Keras 3 rejects `lr`; kerastorch accepts the Keras 2 spelling, with a warning.
        if "lr" in kwargs:
            warnings.warn(
                "The `lr` argument is deprecated, use `learning_rate` instead.",
                DeprecationWarning,
                stacklevel=_user_stacklevel(),
            )
            learning_rate = kwargs.pop("lr")
        if kwargs.pop("decay", None) is not None:
            warnings.warn(
                "Argument `decay` is no longer supported and will be ignored.",
                stacklevel=_user_stacklevel(),
            )
        if kwargs:
            raise ValueError(f"Argument(s) not recognized: {kwargs}")
        check_gradient_accumulation_steps(gradient_accumulation_steps)
        check_ema_arguments(use_ema, ema_momentum, ema_overwrite_frequency)
        check_clipping_arguments(clipnorm, clipvalue, global_clipnorm)
        self.name = name or auto_name(type(self).__name__)
        self.weight_decay = weight_decay
        self.clipnorm = clipnorm
        self.clipvalue = clipvalue
        self.global_clipnorm = global_clipnorm
        self.use_ema = use_ema
        self.ema_momentum = ema_momentum
        self.ema_overwrite_frequency = ema_overwrite_frequency
        self.loss_scale_factor = loss_scale_factor
        self.gradient_accumulation_steps = gradient_accumulation_steps
        self.built = False

        self._variables = []
        self._trainable_variables = []
        self._variable_index = {}
        self._slots = {}
        self._groups = {}
        self._exclude_from_weight_decay = set()
        self._exclude_from_weight_decay_pattern = None
        self._tracks_attribute_variables = True

        self._iterations = self.add_variable((), dtype="int64", name="iteration")
        self._step = 0
        self._iterations_version = self._iterations._version
        if callable(learning_rate):
            self._learning_rate = learning_rate
        elif isinstance(learning_rate, float):
            self._learning_rate = self.add_variable((), dtype=config.floatx(), name="learning_rate")
            self._assign_learning_rate(learning_rate)
        else:
            raise ValueError(
                "Argument `learning_rate` should be float, or an instance of "
                "LearningRateSchedule, or a callable (that takes in the current "
                "iteration value and returns the corresponding learning rate value). "
                f"Received instead: learning_rate={learning_rate}"
            )

    # ------------------------------------------------------------------ state
    @property
    def variables(self) -> list:
        """The optimizer's state tensors, in Keras's order.

        `iterations`, `learning_rate` (absent with a schedule), then the slots
        in creation order (for Adam: each variable's momentum and velocity,
        interleaved, then the AMSGrad velocity maxima).
        """
        return self._variables[:]

    @property
    def iterations(self) -> torch.Tensor:
        """The number of updates applied so far, a 0-d int64 tensor on the device.

        With `gradient_accumulation_steps`, it counts the applied (accumulated)
        updates, not the calls to `apply`. It can be set at any time, as in
        Keras, with `optimizer.iterations.assign(n)`.
        """
        if self.gradient_accumulation_steps:
            return torch.div(
                self._iterations, self.gradient_accumulation_steps, rounding_mode="floor"
            )
        return self._iterations

    @property
    def learning_rate(self):
        """The current learning rate.

        The optimizer's 0-d learning-rate tensor (the one in `variables`) for
        a float learning rate, else the schedule's value at `iterations` or
        the callable's value. Set it to a float (or 0-d tensor), a
        `LearningRateSchedule` or a callable; a float can be set at any time,
        even during training, but not after a schedule was given.
        """
        if isinstance(self._learning_rate, torch.Tensor):
            return self._learning_rate
        if isinstance(self._learning_rate, LearningRateSchedule):
            return self._learning_rate(self._iterations)
        return self._learning_rate()

    @learning_rate.setter
    def learning_rate(self, learning_rate):
        if callable(learning_rate):
            if isinstance(self._learning_rate, torch.Tensor):
                self._variables = [v for v in self._variables if v is not self._learning_rate]
            self._learning_rate = learning_rate
            return
        if not isinstance(self._learning_rate, torch.Tensor):
            raise TypeError(
                "This optimizer was created with a `LearningRateSchedule` (or a callable) "
                "as its `learning_rate` constructor argument, hence its learning rate is "
                "not settable. If you need the learning rate to be settable, you should "
                "instantiate the optimizer with a float `learning_rate` argument."
            )
        if isinstance(learning_rate, torch.Tensor):
            # Copied on the device; the host mirror re-reads it at the next `apply`.
            self._learning_rate.copy_(learning_rate)
        else:
            self._assign_learning_rate(float(learning_rate))

    def _assign_learning_rate(self, value: float) -> None:
        self._learning_rate.fill_(value)
        # The value as the tensor stores it (0.001 -> 0.0010000000474974513),
        # rounded on the host: it is what Keras computes with and reports.
        self._learning_rate_value = torch.tensor(value, dtype=self._learning_rate.dtype).item()
        self._learning_rate_version = self._learning_rate._version

    def _sync_host_mirrors(self) -> None:
        """Re-reads the host copies of the step and learning rate if their tensors changed."""
        if self._iterations._version != self._iterations_version:
            self._step = int(self._iterations)
            self._iterations_version = self._iterations._version
        learning_rate = self._learning_rate
        if (
            isinstance(learning_rate, torch.Tensor)
            and learning_rate._version != self._learning_rate_version
        ):
            self._learning_rate_value = float(learning_rate)
            self._learning_rate_version = learning_rate._version

    def _current_learning_rate(self):
        """This step's learning rate: a Python float, or a 0-d tensor from a schedule."""
        if isinstance(self._learning_rate, torch.Tensor):
            return self._learning_rate_value
        value = self.learning_rate
        return value if isinstance(value, torch.Tensor) else float(value)

    @property
    def _local_step(self) -> int:
        """The 1-based number of the update being applied (Keras's `iterations + 1`)."""
        steps = self.gradient_accumulation_steps
        return (self._step // steps if steps else self._step) + 1

    def build(self, variables) -> None:
        """Creates the optimizer's state for `variables` (called by the first `apply`).

        Subclasses extend it to create their slots, after calling
        `super().build(variables)`.

        Args:
            variables: The model variables this optimizer will update, e.g.
                `model.trainable_weights`.
        """
        variables = list(variables)
        if self.use_ema:
            self._model_variables_moving_average = self.add_optimizer_variables(
                variables, "average"
            )
        if self.gradient_accumulation_steps:
            self._accumulated_gradients = self.add_optimizer_variables(
                variables, "gradient_accumulator"
            )
        self._trainable_variables = variables
        self._variable_index = {id(v): i for i, v in enumerate(variables)}
        self._groups = {}
        self.built = True

    def _get_variable_index(self, variable) -> int:
        """The variable's position in build order (Keras's helper for `update_step` code)."""
        return self._variable_index[id(variable)]

    def _groups_for(self, present):
        """The (device, dtype) groups of the variables at `present` (`None`: all), cached."""
        groups = self._groups.get(present)
        if groups is None:
            indices = range(len(self._trainable_variables)) if present is None else present
            groups = group_by_device_and_dtype(self, indices)
            if len(self._groups) > 16:
                self._groups = {}
            self._groups[present] = groups
        return groups

    # ------------------------------------------------------------------ apply
    def apply_gradients(self, grads_and_vars) -> torch.Tensor:
        """Applies `(gradient, variable)` pairs (the tf.keras spelling of `apply`).

        Args:
            grads_and_vars: Iterable of `(gradient, variable)` pairs.

        Returns:
            The `iterations` tensor.

        Example:

        >>> optimizer.apply_gradients(zip(grads, model.trainable_weights))
        """
        grads, variables = zip(*grads_and_vars)
        self.apply(grads, variables)
        return self._iterations

    def apply(self, grads, trainable_variables=None) -> None:
        """Updates the variables in place from their gradients.

        Variables whose gradient is `None` are left alone (with a warning).
        Builds the optimizer on the first call that passes the variables.

        Args:
            grads: Gradient tensors, one per variable.
            trainable_variables: The variables, in the order of `grads`;
                defaults to those the optimizer was built with.

        Example:

        ```python
        loss.backward()
        optimizer.apply([p.grad for p in params], params)
        ```
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
            if len(grads) != len(self._trainable_variables):
                raise ValueError(
                    "When passing `grads` as a list of gradient tensors, the gradients must "
                    "match `optimizer.variables` one-to-one. Received a list of "
                    f"{len(grads)} gradients, but the optimizer is tracking "
                    f"{len(self._trainable_variables)} trainable variables."
                )
            trainable_variables = self._trainable_variables
        else:
            trainable_variables = list(trainable_variables)
            if not self.built:
                self.build(trainable_variables)
        grads, present = self._align_gradients(grads, trainable_variables)

        self._sync_host_mirrors()
        with torch.no_grad():
            self._apply_aligned(grads, present)
        self._iterations.add_(1)
        self._step += 1
        self._iterations_version = self._iterations._version

    def _align_gradients(self, grads, variables):
        """Returns the gradients in build order and the positions that have one.

        The positions are `None` when every variable has a gradient (the
        common case, whose groups are cached); variables whose gradient is
        `None` are skipped, with Keras's warning.
        """
        if len(variables) == len(self._trainable_variables) and all(
            map(operator.is_, variables, self._trainable_variables)
        ):
            aligned = grads
        else:
            aligned = [None] * len(self._trainable_variables)
            for grad, variable in zip(grads, variables):
                index = self._variable_index.get(id(variable))
                if index is None:
                    raise ValueError(
                        f"Unknown variable: {variable_name(variable) or tuple(variable.shape)}. "
                        "This optimizer can only be called for the variables it was originally "
                        "built with. When working with a new set of variables, you should "
                        "recreate a new optimizer instance."
                    )
                aligned[index] = grad
        has_none = any(map(operator.is_, grads, repeat(None)))
        if has_none:
            missing = [variable_path(v) for g, v in zip(grads, variables) if g is None]
            if len(missing) == len(grads):
                raise ValueError("No gradients provided for any variable.")
            warnings.warn(
                f"Gradients do not exist for variables {missing} when minimizing the loss. "
                "If using `model.compile()`, did you forget to provide a `loss` argument?",
                stacklevel=3,
            )
        if aligned is grads and not has_none:
            return aligned, None
        return aligned, tuple(i for i, g in enumerate(aligned) if g is not None)

    def _apply_aligned(self, grads, present) -> None:
        """Unscales the gradients, updates (or accumulates), then applies EMA and constraints."""
        groups = self._groups_for(present)
        group_grads = [
            grads if present is None and len(groups) == 1 else [grads[i] for i in group.indices]
            for group in groups
        ]
        if self.loss_scale_factor is not None:
            group_grads = [torch._foreach_div(g, self.loss_scale_factor) for g in group_grads]

        if self.gradient_accumulation_steps:
            self._accumulate_gradients(groups, group_grads)
        else:
            self._update(groups, group_grads)

        if self.use_ema:
            self._update_moving_averages()
        for group in groups:
            for variable in group.constrained:
                variable.copy_(variable.constraint(variable))

    def _update(self, groups, group_grads) -> None:
        """Clips, decays and runs the update step of each group."""
        group_grads = self._clip_gradients(group_grads)
        learning_rate = self._current_learning_rate()
        for group, grads in zip(groups, group_grads):
            lr = learning_rate
            if isinstance(lr, torch.Tensor):
                lr = lr.to(group.device)
            self._apply_weight_decay(group, lr)
            self.update_step_foreach(grads, group.variables, lr, group.slots)

    def _apply_weight_decay(self, group, learning_rate) -> None:
        """Multiplies the group's decayed variables by `1 - weight_decay * learning_rate`."""
        if self.weight_decay is not None and group.decayed:
            torch._foreach_mul_(group.decayed, 1 - self.weight_decay * learning_rate)

    def update_step_foreach(self, grads, variables, learning_rate, slots) -> None:
        """Updates the variables of one device and dtype in place (override for speed).

        Called under `torch.no_grad()` after clipping and weight decay. The
        default calls Keras's per-variable `update_step` for each variable.

        Args:
            grads: List of gradients.
            variables: List of variables, aligned with `grads`.
            learning_rate: A Python float, or a 0-d tensor on the variables'
                device when a schedule returns one.
            slots: Dict of slot name (as given to `add_optimizer_variables`)
                to the list of slot tensors aligned with `variables`.
        """
        for grad, variable in zip(grads, variables):
            self.update_step(grad, variable, learning_rate)

    def update_step(self, gradient, variable, learning_rate) -> None:
        """Updates one variable in place (Keras's per-variable hook).

        Args:
            gradient: The variable's gradient.
            variable: The variable.
            learning_rate: A Python float or a 0-d tensor.
        """
        raise NotImplementedError(
            f"Optimizer '{type(self).__name__}' must override `update_step_foreach` "
            "or `update_step`."
        )

    def assign(self, variable, value) -> None:
        """Sets `variable` to `value` in place (for `update_step` implementations)."""
        variable.copy_(value)

    def assign_add(self, variable, value) -> None:
        """Adds `value` to `variable` in place (for `update_step` implementations)."""
        variable.add_(value)

    def assign_sub(self, variable, value) -> None:
        """Subtracts `value` from `variable` in place (for `update_step` implementations)."""
        variable.sub_(value)

    # -------------------------------------------------------------------- misc
    def scale_loss(self, loss):
        """Multiplies the loss by `loss_scale_factor` (if set) before gradients are taken.

        Args:
            loss: The loss tensor.

        Returns:
            The scaled loss.
        """
        if self.loss_scale_factor is not None:
            return loss * self.loss_scale_factor
        return loss

    def get_config(self) -> dict:
        """Returns the optimizer's constructor arguments, with Keras's keys.

        Returns:
            A dict; `from_config` rebuilds the optimizer (without its state).
        """
        if isinstance(self._learning_rate, torch.Tensor):
            self._sync_host_mirrors()
            learning_rate = self._learning_rate_value
        else:
            learning_rate = serialization_lib.serialize_keras_object(self._learning_rate)
        return {
            "name": self.name,
            "learning_rate": learning_rate,
            "weight_decay": self.weight_decay,
            "clipnorm": self.clipnorm,
            "global_clipnorm": self.global_clipnorm,
            "clipvalue": self.clipvalue,
            "use_ema": self.use_ema,
            "ema_momentum": self.ema_momentum,
            "ema_overwrite_frequency": self.ema_overwrite_frequency,
            "loss_scale_factor": self.loss_scale_factor,
            "gradient_accumulation_steps": self.gradient_accumulation_steps,
        }

    @classmethod
    def from_config(cls, config: dict, custom_objects: dict = None) -> "Optimizer":
        """Creates an optimizer from the output of `get_config()`.

        Args:
            config: The config dict.
            custom_objects: Optional dict of names to custom classes (e.g. a
                custom learning rate schedule).

        Returns:
            An optimizer instance.
        """
        config = dict(config)
        if isinstance(config.get("learning_rate"), dict):
            config["learning_rate"] = serialization_lib.deserialize_keras_object(
                config["learning_rate"], custom_objects=custom_objects
            )
        return cls(**config)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name}, built={self.built}>"


Optimizer.__doc__ = _with_base_optimizer_keyword_args(Optimizer.__doc__)
