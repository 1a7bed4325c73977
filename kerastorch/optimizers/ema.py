"""The exponential moving average of the variables (`use_ema`), mixed into `Optimizer`.

With `use_ema`, `build` gives each variable an `average` slot; after every
applied update the averages move towards the variables, and every
`ema_overwrite_frequency` updates the variables are overwritten by them.
`finalize_variable_values` copies the averages into the variables.
"""

import torch


def check_ema_arguments(use_ema, ema_momentum, ema_overwrite_frequency) -> None:
    """Raises a `ValueError` for an invalid momentum or overwrite frequency (with `use_ema`)."""
    if not use_ema:
        return
    if ema_momentum > 1 or ema_momentum < 0:
        raise ValueError(
            f"`ema_momentum` must be in the range [0, 1]. Received: ema_momentum={ema_momentum}"
        )
    if ema_overwrite_frequency and (
        not isinstance(ema_overwrite_frequency, int) or ema_overwrite_frequency < 1
    ):
        raise ValueError(
            "`ema_overwrite_frequency` must be an integer >= 1 or None. "
            f"Received: ema_overwrite_frequency={ema_overwrite_frequency}"
        )


class EMAMixin:
    """The moving average of the variables, kept in the `average` slots of `Optimizer`."""

    def _update_moving_averages(self) -> None:
        """Moves the averages towards the variables; overwrites the variables when due."""
        steps = self.gradient_accumulation_steps
        iterations = self._step // steps if steps else self._step
        momentum = self.ema_momentum if iterations != 0 else 0.0
        overwrite = (
            self.ema_overwrite_frequency and (iterations + 1) % self.ema_overwrite_frequency == 0
        )
        for group in self._groups_for(None):
            averages = group.slots["average"]
            torch._foreach_lerp_(averages, group.variables, 1.0 - momentum)
            if overwrite:
                torch._foreach_copy_(group.variables, averages)

    def finalize_variable_values(self, var_list) -> None:
        """Sets the variables to their final values: their moving average with `use_ema`.

        Args:
            var_list: The model variables, in the order the optimizer was built with.
        """
        if not self.use_ema:
            return
        averages = self._model_variables_moving_average
        if len(var_list) != len(averages):
            raise ValueError(
                f"The length of model variables ({len(var_list)}) to override does not match "
                f"the length of model variables stored in the optimizer ({len(averages)}). "
                "Please check if the optimizer was called on your model."
            )
        with torch.no_grad():
            for variable, average in zip(var_list, averages):
                variable.copy_(average)
