"""`rnn_loop`: runs a step function over the time axis, with Keras's mask semantics.

The loop of `keras.backend.rnn` (the one every cell can use): at a masked
step the states keep their previous values and the output repeats the
previous step's output (zeros before the first unmasked step), or is zero
with `zero_output_for_mask`.
"""

import torch

from kerastorch.utils import tree


def rnn_loop(step_function, inputs, initial_states, go_backwards=False, mask=None,
             zero_output_for_mask=False, return_all_outputs=True):
    """Iterates `step_function` over the time axis of `inputs`.

    Args:
        step_function: `(step_input, states) -> (output, new_states)`, with
            `states` a tuple shaped like `initial_states`.
        inputs: Tensor `(batch, time, ...)`.
        initial_states: List of state tensors (or nested lists of them).
        go_backwards: Whether to iterate from the last step to the first; the
            outputs are then in that reversed order.
        mask: Optional boolean tensor `(batch, time)`, `True` for the steps
            to compute.
        zero_output_for_mask: Whether masked steps output zeros instead of
            the previous output.
        return_all_outputs: Whether to stack the output of every step;
            otherwise `outputs` holds only the last one.

    Returns:
        `(last_output, outputs, new_states)`: `last_output` `(batch, ...)`,
        `outputs` `(batch, time, ...)` (or `(batch, 1, ...)`), and the final
        states in the structure of `initial_states`.

    Example:

    >>> step = lambda x, states: (x + states[0], [x + states[0]])
    >>> last, _, _ = rnn_loop(step, torch.ones(2, 3, 4), [torch.zeros(2, 4)])
    >>> last[0]
    tensor([3., 3., 3., 3.])
    """
    steps = inputs.unbind(1)
    step_masks = None
    if mask is not None:
        step_masks = mask.to(torch.bool).unbind(1)
    if go_backwards:
        steps = steps[::-1]
        step_masks = step_masks[::-1] if step_masks is not None else None
    states = tuple(initial_states)
    outputs = []
    output = None
    for index, step_input in enumerate(steps):
        new_output, new_states = step_function(step_input, states)
        if step_masks is not None:
            keep = step_masks[index]
            if zero_output_for_mask or output is None:
                masked_output = torch.zeros_like(new_output)
            else:
                masked_output = output
            new_output = torch.where(_along(keep, new_output), new_output, masked_output)
            new_states = tree.pack_sequence_as(new_states, [
                torch.where(_along(keep, new), new, old)
                for new, old in zip(tree.flatten(new_states), tree.flatten(states))
            ])
        output, states = new_output, new_states
        if return_all_outputs:
            outputs.append(output)
    outputs = torch.stack(outputs, dim=1) if return_all_outputs else output.unsqueeze(1)
    return output, outputs, states


def _along(step_mask, x):
    """The `(batch,)` step mask shaped to broadcast against `x` `(batch, ...)`."""
    return step_mask.view(step_mask.shape + (1,) * (x.ndim - 1))
