"""The Muon optimizer: orthogonalized momentum for matrices, AdamW for the rest."""

import math
import re

import torch

from kerastorch.api_export import keras_export
from kerastorch.optimizers.adam import adam_update_foreach
from kerastorch.optimizers.foreach_utils import foreach_add_scaled_
from kerastorch.optimizers.foreach_utils import variable_path
from kerastorch.optimizers.optimizer import Optimizer


@keras_export("keras.optimizers.Muon")
class Muon(Optimizer):
    """Optimizer that implements the Muon algorithm (Jordan et al.; Liu et al., 2025).

    Each 2-D variable takes a Muon step: its (Nesterov) momentum is
    orthogonalized by a few Newton-Schulz iterations, then scaled as in
    Moonlight so that Adam's learning rate and weight decay fit. Every other
    variable takes an AdamW step (see `Adam`): variables that are not 2-D,
    embeddings (with `exclude_embeddings`, any variable whose path contains
    `"embedding"`) and variables whose path matches a regular expression of
    `exclude_layers`. Typically, pass the name of the output Dense layer in
    `exclude_layers`. The Muon step, as in Keras:

    ```python
    m = momentum * m + g
    d = g + momentum * m                         # nesterov; d = m otherwise
    x = d / (norm(d) + 1e-7)                     # transposed if rows > columns
    for _ in range(ns_steps):
        a_ = x @ x.T
        x = muon_a * x + (muon_b * a_ + muon_c * a_ @ a_) @ x
    w = w - learning_rate * x * sqrt(max(rows, columns)) * rms_rate
    ```

    The weight decay is `weight_decay` for Muon variables and
    `adam_weight_decay` for AdamW ones.

    Args:
        learning_rate: A float, a `LearningRateSchedule`, or a callable
            returning the learning rate. Defaults to `0.001`.
        adam_beta_1: Float, the AdamW first-moment decay rate. Defaults to `0.9`.
        adam_beta_2: Float, the AdamW second-moment decay rate. Defaults to
            `0.999`.
        adam_weight_decay: Float or `None`, the weight decay of AdamW
            variables. Defaults to `0.004`.
        epsilon: Float added to AdamW's denominator. Defaults to `1e-7`.
        exclude_layers: List of regular expressions; variables whose path
            matches one take AdamW steps. Defaults to `None` (none).
        exclude_embeddings: Boolean, whether embeddings take AdamW steps.
            Defaults to `True`.
        muon_a: Float, first Newton-Schulz coefficient. Defaults to `3.4445`.
        muon_b: Float, second Newton-Schulz coefficient. Defaults to `-4.7750`.
        muon_c: Float, third Newton-Schulz coefficient. Defaults to `2.0315`.
        adam_lr_ratio: Float, the AdamW learning rate relative to
            `learning_rate`. Defaults to `1`.
        momentum: Float, the Muon momentum. Defaults to `0.95`.
        ns_steps: Int, the number of Newton-Schulz iterations. Defaults to `5`.
        nesterov: Boolean, whether to use Nesterov momentum. Defaults to `True`.
        rms_rate: Float or `None`, Moonlight's update scale; `None` leaves
            the orthogonalized update unscaled. Defaults to `0.2`.
        {{base_optimizer_keyword_args}}

    Example:

    >>> optimizer = kerastorch.optimizers.Muon(learning_rate=1e-3, exclude_layers=["output"])
    >>> optimizer.apply([p.grad for p in params], params)
    """

    def __init__(
        self,
        learning_rate=0.001,
        adam_beta_1: float = 0.9,
        adam_beta_2: float = 0.999,
        adam_weight_decay: float = 0.004,
        epsilon: float = 1e-7,
        weight_decay: float = 0.004,
        clipnorm: float = None,
        clipvalue: float = None,
        global_clipnorm: float = None,
        use_ema: bool = False,
        ema_momentum: float = 0.99,
        ema_overwrite_frequency: int = None,
        loss_scale_factor: float = None,
        gradient_accumulation_steps: int = None,
        name: str = None,
        exclude_layers: list = None,
        exclude_embeddings: bool = True,
        muon_a: float = 3.4445,
        muon_b: float = -4.7750,
        muon_c: float = 2.0315,
        adam_lr_ratio: float = 1,
        momentum: float = 0.95,
        ns_steps: int = 5,
        nesterov: bool = True,
        rms_rate: float = 0.2,
        **kwargs,
    ):
        super().__init__(
            learning_rate=learning_rate,
            weight_decay=weight_decay,
            clipnorm=clipnorm,
            clipvalue=clipvalue,
            global_clipnorm=global_clipnorm,
            use_ema=use_ema,
            ema_momentum=ema_momentum,
            ema_overwrite_frequency=ema_overwrite_frequency,
            loss_scale_factor=loss_scale_factor,
            gradient_accumulation_steps=gradient_accumulation_steps,
            name=name,
            **kwargs,
        )
        self.adam_beta_1 = adam_beta_1
        self.adam_beta_2 = adam_beta_2
        self.epsilon = epsilon
        self.muon_a = muon_a
        self.muon_b = muon_b
        self.muon_c = muon_c
        self.adam_lr_ratio = adam_lr_ratio
        self.momentum = momentum
        self.ns_steps = ns_steps
        self.nesterov = nesterov
        self.exclude_embeddings = exclude_embeddings
        self.exclude_layers = exclude_layers or []
        self.adam_weight_decay = adam_weight_decay
        self.rms_rate = rms_rate

    def _should_use_adamw(self, variable) -> bool:
        """Whether `variable` takes AdamW steps rather than Muon steps."""
        if variable.dim() != 2:
            return True
        path = variable_path(variable)
        if self.exclude_embeddings and "embedding" in path.lower():
            return True
        return any(re.search(keyword, path) for keyword in self.exclude_layers)

    def build(self, variables) -> None:
        """Creates a `momentum` slot per variable and a `velocity` slot per AdamW variable.

        Args:
            variables: The model variables.
        """
        if self.built:
            return
        variables = list(variables)
        super().build(variables)
        self.momentums, self.adam_velocities = [], []
        for variable in variables:
            self.momentums.append(self.add_variable_from_reference(variable, "momentum"))
            self.adam_velocities.append(
                self.add_variable_from_reference(variable, "velocity")
                if self._should_use_adamw(variable)
                else None
            )
        self._register_slots("momentum", self.momentums)
        self._register_slots("velocity", self.adam_velocities)

    def _apply_weight_decay(self, group, learning_rate) -> None:
        decayed = {id(v) for v in group.decayed}
        by_rate = {}
        for variable, velocity in zip(group.variables, group.slots["velocity"]):
            rate = self.weight_decay if velocity is None else self.adam_weight_decay
            if rate is not None and id(variable) in decayed:
                by_rate.setdefault(rate, []).append(variable)
        for rate, variables in by_rate.items():
            torch._foreach_mul_(variables, 1 - rate * learning_rate)

    def update_step_foreach(self, grads, variables, learning_rate, slots) -> None:
        """Applies Muon and AdamW steps to a device/dtype group.

        See `Optimizer.update_step_foreach`.
        """
        adam, muon = [], []
        for index, velocity in enumerate(slots["velocity"]):
            (muon if velocity is None else adam).append(index)
        if adam:
            adam_update_foreach(
                [variables[i] for i in adam],
                [grads[i] for i in adam],
                [slots["momentum"][i] for i in adam],
                [slots["velocity"][i] for i in adam],
                learning_rate * self.adam_lr_ratio,
                self.adam_beta_1,
                self.adam_beta_2,
                self.epsilon,
                self._local_step,
            )
        if not muon:
            return
        grads = [grads[i] for i in muon]
        momentums = [slots["momentum"][i] for i in muon]
        torch._foreach_mul_(momentums, self.momentum)
        torch._foreach_add_(momentums, grads)
        if self.nesterov:
            directions = torch._foreach_add(grads, momentums, alpha=self.momentum)
        else:
            directions = momentums
        for index, direction in zip(muon, directions):
            variable = variables[index]
            update = self.zeropower_via_newtonschulz5(direction, self.ns_steps)
            if self.rms_rate is not None:
                update.mul_(math.sqrt(max(variable.shape[0], variable.shape[1])) * self.rms_rate)
            foreach_add_scaled_([variable], [update], -learning_rate)

    def zeropower_via_newtonschulz5(self, x: torch.Tensor, steps: int) -> torch.Tensor:
        """Approximately orthogonalizes the matrices `x` (`U S' V^T` for `x = U S V^T`).

        A quintic Newton-Schulz iteration chosen for its slope at zero: it
        does not fully converge, which does not hurt training.

        Args:
            x: A tensor of rank >= 2; its last two axes are the matrices.
            steps: The number of iterations.

        Returns:
            The orthogonalized tensor, a new one.
        """
        if x.dim() < 2:
            raise ValueError(
                "Expected gradient or momentum to have at least 2 dimensions. "
                f"Received: shape={tuple(x.shape)}"
            )
        transposed = x.shape[-2] > x.shape[-1]
        if transposed:
            x = x.transpose(-2, -1)
        x = x / (torch.linalg.matrix_norm(x, keepdim=True) + 1e-7)
        for _ in range(steps):
            gram = x @ x.transpose(-2, -1)
            polynomial = self.muon_b * gram + (self.muon_c * gram) @ gram
            x = self.muon_a * x + polynomial @ x
        return x.transpose(-2, -1) if transposed else x

    def get_config(self) -> dict:
        """Returns the constructor arguments, with Keras's keys."""
        config = super().get_config()
        config.update(
            {
                "adam_beta_1": self.adam_beta_1,
                "adam_beta_2": self.adam_beta_2,
                "epsilon": self.epsilon,
                "exclude_layers": self.exclude_layers,
                "muon_a": self.muon_a,
                "muon_b": self.muon_b,
                "muon_c": self.muon_c,
                "adam_lr_ratio": self.adam_lr_ratio,
                "momentum": self.momentum,
                "ns_steps": self.ns_steps,
                "nesterov": self.nesterov,
                "exclude_embeddings": self.exclude_embeddings,
                "adam_weight_decay": self.adam_weight_decay,
                "rms_rate": self.rms_rate,
            }
        )
        return config
