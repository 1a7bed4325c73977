"""Gradient accumulation (`gradient_accumulation_steps`), mixed into `Optimizer`.

With `gradient_accumulation_steps=n`, `build` gives each variable a
`gradient_accumulator` slot. Each call to `apply` adds its gradients to the
accumulators; every n-th call applies their mean as one update and zeroes
them. `iterations` counts the applied updates.
"""

import torch


def check_gradient_accumulation_steps(gradient_accumulation_steps) -> None:
    """Raises a `ValueError` unless the argument is unset or an integer >= 2."""
    if gradient_accumulation_steps and not gradient_accumulation_steps >= 2:
        raise ValueError(
            "`gradient_accumulation_steps` must be an integer >= 2. "
            f"Received: gradient_accumulation_steps={gradient_accumulation_steps}"
        )


class GradientAccumulationMixin:
    """Sums gradients over `gradient_accumulation_steps` calls of `Optimizer.apply`."""

    def _accumulate_gradients(self, groups, group_grads) -> None:
        """Adds this call's gradients to the accumulators; on the n-th call, applies their mean."""
        steps = self.gradient_accumulation_steps
        if (self._step + 1) % steps:
            for group, g in zip(groups, group_grads):
                torch._foreach_add_(group.slots["gradient_accumulator"], g)
            return
        averaged = []
        for group, g in zip(groups, group_grads):
            g = torch._foreach_add(g, group.slots["gradient_accumulator"])
            torch._foreach_div_(g, steps)
            averaged.append(g)
        self._update(groups, averaged)
        for group in self._groups_for(None):
            torch._foreach_zero_(group.slots["gradient_accumulator"])
