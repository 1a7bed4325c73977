"""Gradient clipping and weight decay: what `Optimizer` does to a step before the update.

`Optimizer._update` clips the gradients of all groups (`clipnorm`,
`global_clipnorm` or `clipvalue`, at most one), then multiplies each group's
decayed variables by `1 - weight_decay * learning_rate`, then runs the update.
"""

import re

import torch

from kerastorch.optimizers.foreach_utils import variable_name


def check_clipping_arguments(clipnorm, clipvalue, global_clipnorm) -> None:
    """Raises a `ValueError` if more than one clipping argument is set."""
    if sum(a is not None for a in (clipnorm, clipvalue, global_clipnorm)) > 1:
        raise ValueError(
            "Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set. "
            f"Received: clipnorm={clipnorm}, clipvalue={clipvalue}, "
            f"global_clipnorm={global_clipnorm}"
        )


class GradientTransformsMixin:
    """Gradient clipping and weight decay exclusions, mixed into `Optimizer`.

    Reads the optimizer's `clipnorm`, `clipvalue` and `global_clipnorm`, and
    keeps the variables excluded from weight decay.
    """

    def _clip_gradients(self, group_grads):
        """Returns the per-group gradient lists clipped as the optimizer's arguments say."""
        if self.clipnorm and self.clipnorm > 0:
            clipped = []
            for grads in group_grads:
                norms = torch._foreach_norm(grads)
                torch._foreach_clamp_min_(norms, self.clipnorm)
                scaled = torch._foreach_mul(grads, self.clipnorm)
                torch._foreach_div_(scaled, norms)
                clipped.append(scaled)
            return clipped
        if self.global_clipnorm and self.global_clipnorm > 0:
            norms = [n for grads in group_grads for n in torch._foreach_norm(grads)]
            device = norms[0].device
            dtype = norms[0].dtype
            for n in norms[1:]:
                dtype = torch.promote_types(dtype, n.dtype)
            norm = torch.linalg.vector_norm(torch.stack([n.to(device, dtype) for n in norms]))
            # Keras's formula: NaN for a non-finite norm, a no-op below the threshold.
            scale = torch.clamp_max(norm.reciprocal(), 1.0 / self.global_clipnorm)
            scale = scale * self.global_clipnorm + (norm - norm)
            return [
                torch._foreach_mul(grads, scale.to(grads[0].device, grads[0].dtype))
                for grads in group_grads
            ]
        if self.clipvalue and self.clipvalue > 0:
            clipped = []
            for grads in group_grads:
                grads = torch._foreach_clamp_min(grads, -self.clipvalue)
                torch._foreach_clamp_max_(grads, self.clipvalue)
                clipped.append(grads)
            return clipped
        return group_grads

    def exclude_from_weight_decay(self, var_list=None, var_names=None) -> None:
        """Excludes variables from weight decay.

        Args:
            var_list: Variables to exclude.
            var_names: Strings; a variable whose `keras_name` contains any of
                them (regular expression search) is excluded, e.g. `["bias"]`.

        Example:

        >>> optimizer.exclude_from_weight_decay(var_names=["bias", "gamma"])
        """
        self._exclude_from_weight_decay = {id(v) for v in var_list or ()}
        self._exclude_from_weight_decay_pattern = (
            re.compile("|".join(set(var_names))) if var_names else None
        )
        self._groups = {}

    def _use_weight_decay(self, variable) -> bool:
        """Whether weight decay applies to `variable` (it is not excluded)."""
        if id(variable) in self._exclude_from_weight_decay:
            return False
        pattern = self._exclude_from_weight_decay_pattern
        return pattern is None or re.search(pattern, variable_name(variable)) is None
