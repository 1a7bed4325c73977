"""`fused_rnn`: a whole sequence through torch's fused RNN kernels, with Keras's results.

`torch._VF.rnn_tanh` / `lstm` / `gru` are the kernels behind `torch.nn.RNN` /
`LSTM` / `GRU` (cuDNN on CUDA, oneDNN or ATen's loop on the CPU). They give
Keras's numbers for `SimpleRNN`, `LSTM` and `GRU(reset_after=True)` with
`tanh` / `sigmoid`, once the weights are in torch's layout (the cells'
`fused_weights`).

Masks. The kernels cannot carry a state across a masked step, but they can
stop each sequence at its own length (a packed sequence). So a mask whose
`True`s form one contiguous run in each row — right padding (`[1, 1, 0]`),
left padding (`[0, 1, 1]`, what `pad_sequences` makes by default), or both —
runs fused: each row's run is shifted to the front, packed, run, and shifted
back, and the masked steps get Keras's outputs (zeros before the run, the
last output after it, or zeros with `zero_output_for_mask`) and states (the
initial ones before the run, the final ones after it). Other masks return
`None` and the caller loops step by step.

Deciding this needs the lengths on the host (torch's packed sequences keep
them there), so a call with a mask reads the lengths and two flags back
from the device once — one synchronisation per masked call on CUDA, as
`nn.LSTM` with `pack_padded_sequence` has (which then makes two more host
copies; this module none). A call without a mask reads nothing back.
"""

import torch

_KERNELS = {"rnn_tanh": torch._VF.rnn_tanh, "lstm": torch._VF.lstm, "gru": torch._VF.gru}


def fused_rnn(kernel_name, weights, inputs, initial_states, mask=None, go_backwards=False,
              zero_output_for_mask=False, return_sequences=True):
    """Runs a fused torch RNN kernel over `inputs`, with Keras's masking semantics.

    Args:
        kernel_name: `"rnn_tanh"`, `"lstm"` or `"gru"`.
        weights: `[w_ih, w_hh]` or `[w_ih, w_hh, b_ih, b_hh]` in torch layout.
        inputs: Tensor `(batch, time, features)`.
        initial_states: `[h]` (`[h, c]` for the LSTM), each `(batch, units)`.
        mask: Optional boolean tensor `(batch, time)`.
        go_backwards: Whether to process the sequence from its end; the
            outputs are in that reversed order, as in Keras.
        zero_output_for_mask: Whether masked steps output zeros.
        return_sequences: Whether the caller needs the whole output sequence
            (otherwise `outputs` is only valid at its last step).

    Returns:
        `(last_output, outputs, states)` as `rnn_loop` returns them, or
        `None` when the mask is not one contiguous run per row.
    """
    weights = _one_buffer(weights)
    if go_backwards:
        inputs = inputs.flip(1)
        mask = mask.flip(1) if mask is not None else None
    if mask is None:
        return _run_dense(kernel_name, weights, inputs, initial_states)
    mask = mask.to(torch.bool)
    batch, steps = mask.shape
    lengths = mask.sum(1)
    starts = mask.to(torch.uint8).argmax(1)  # first unmasked step (0 for an empty row)
    runs = (mask[:, 1:] & ~mask[:, :-1]).sum(1) + mask[:, 0]
    # The one read back to the host: lengths for packing, whether every row
    # is one run, and whether the runs all start at step 0.
    host = torch.cat([lengths, (runs <= 1).all().view(1),
                      (starts == 0).all().view(1)]).cpu()
    host_lengths, contiguous, right_padded = host[:batch], bool(host[batch]), bool(host[-1])
    if not contiguous:
        return None
    if bool((host_lengths == steps).all()):
        return _run_dense(kernel_name, weights, inputs, initial_states)
    positions = torch.arange(steps, device=inputs.device)
    if not right_padded:  # shift each row's run to the front
        index = (starts[:, None] + positions).clamp(max=steps - 1)
        inputs = inputs.gather(1, index[..., None].expand_as(inputs))
    packed_outputs, states = _run_packed(kernel_name, weights, inputs, initial_states,
                                         lengths.clamp(min=1), host_lengths.clamp(min=1))
    empty = lengths == 0
    if bool((host_lengths == 0).any()):
        states = [torch.where(empty[:, None], initial, final)
                  for initial, final in zip(initial_states, states)]
    # What a masked step after the run outputs: the run's last output.
    carry = torch.zeros_like(states[0]) if zero_output_for_mask else \
        states[0].masked_fill(empty[:, None], 0)
    last_output = torch.where(mask[:, -1:], states[0], carry)
    if not return_sequences:
        return last_output, last_output.unsqueeze(1), states
    outputs = packed_outputs
    if not right_padded:  # shift back; steps before the run output zeros
        index = (positions - starts[:, None]).clamp(min=0)
        outputs = outputs.gather(1, index[..., None].expand_as(outputs))
        outputs = outputs.masked_fill((positions < starts[:, None])[..., None], 0)
    after = positions >= (starts + lengths)[:, None]
    outputs = torch.where(after[..., None], carry[:, None, :], outputs)
    return last_output, outputs, states


def _one_buffer(weights):
    """The weights as consecutive views of one new buffer (autograd flows back to them).

    The layout `torch.nn.LSTM.flatten_parameters()` makes: cuDNN then uses
    the weights in place instead of compacting them (and warning) at each call.
    """
    flat = torch.cat([w.reshape(-1) for w in weights])
    return [chunk.view(w.shape)
            for chunk, w in zip(flat.split([w.numel() for w in weights]), weights)]


def _hidden(kernel_name, states):
    """States as the kernels take them: `(1, batch, units)`, an `(h, c)` pair for the LSTM."""
    states = [s.unsqueeze(0).contiguous() for s in states]
    return tuple(states) if kernel_name == "lstm" else states[0]


def _final_states(kernel_name, results):
    finals = results[1:] if kernel_name == "lstm" else results[1:2]
    return list(finals)


def _run_dense(kernel_name, weights, inputs, initial_states):
    results = _KERNELS[kernel_name](
        inputs, _hidden(kernel_name, initial_states), weights, len(weights) == 4,
        1, 0.0, torch.is_grad_enabled(), False, True)
    outputs = results[0]
    states = [s[0] for s in _final_states(kernel_name, results)]
    return outputs[:, -1], outputs, states


def _run_packed(kernel_name, weights, inputs, initial_states, lengths, host_lengths):
    """The kernel over sequences of `host_lengths` steps; outputs padded with zeros after them.

    Packs as `pack_padded_sequence` does, but sorts by length on the device
    and on the host separately (a stable sort gives both the same order), so
    no index travels between them.
    """
    host_sorted = torch.sort(host_lengths, descending=True, stable=True).values
    order = torch.sort(lengths, descending=True, stable=True).indices
    unorder = torch.empty_like(order).scatter_(
        0, order, torch.arange(order.numel(), device=order.device))
    data, batch_sizes = torch._VF._pack_padded_sequence(inputs.index_select(0, order),
                                                        host_sorted, True)
    sorted_states = [s.index_select(0, order) for s in initial_states]
    results = _KERNELS[kernel_name](
        data, batch_sizes, _hidden(kernel_name, sorted_states), weights,
        len(weights) == 4, 1, 0.0, torch.is_grad_enabled(), False)
    outputs, _ = torch._VF._pad_packed_sequence(results[0], batch_sizes, True, 0.0,
                                                inputs.shape[1])
    states = [s[0].index_select(0, unorder) for s in _final_states(kernel_name, results)]
    return outputs.index_select(0, unorder), states
