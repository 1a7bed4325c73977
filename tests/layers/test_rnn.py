"""Recurrent layers on their own: the fused and step-by-step paths, masks, states, dropout."""

import doctest
import importlib

import numpy as np
import pytest
import torch

import kerastorch
from kerastorch.layers.rnn.fused_rnn import fused_rnn
from kerastorch.layers.rnn.rnn_loop import rnn_loop

layers = kerastorch.layers
BATCH, STEPS, FEATURES, UNITS = 4, 6, 3, 5
LENGTHS = torch.tensor([6, 2, 0, 4])
POSITIONS = torch.arange(STEPS)
MASKS = {
    "right": POSITIONS < LENGTHS[:, None],
    "left": POSITIONS >= (STEPS - LENGTHS)[:, None],
    "run": (POSITIONS >= 1) & (POSITIONS < (1 + LENGTHS.clamp(max=5))[:, None]),
    "full": torch.ones(BATCH, STEPS, dtype=torch.bool),
}


def inputs(seed=0):
    return torch.randn(BATCH, STEPS, FEATURES, generator=torch.Generator().manual_seed(seed))


@pytest.mark.parametrize("module", ["rnn", "simple_rnn", "lstm", "gru", "stacked_rnn_cells",
                                    "rnn_loop"])
def test_docstring_examples(module):
    result = doctest.testmod(importlib.import_module(f"kerastorch.layers.rnn.{module}"),
                             extraglobs={"torch": torch, "kerastorch": kerastorch},
                             optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0


# -------------------------------------------------------------------- rnn_loop
def running_sum(x, states):
    total = states[0] + x
    return total, [total]


def test_rnn_loop_carries_states_and_outputs_over_masked_steps():
    x = torch.tensor([[[1.0], [2.0], [4.0]]])
    mask = torch.tensor([[False, True, False]])
    last, outputs, states = rnn_loop(running_sum, x, [torch.zeros(1, 1)], mask=mask)
    assert outputs.flatten().tolist() == [0.0, 2.0, 2.0]  # zeros before, then carried
    assert last.item() == 2.0 and states[0].item() == 2.0
    _, outputs, _ = rnn_loop(running_sum, x, [torch.zeros(1, 1)], mask=mask,
                             zero_output_for_mask=True)
    assert outputs.flatten().tolist() == [0.0, 2.0, 0.0]
    _, outputs, _ = rnn_loop(running_sum, x, [torch.zeros(1, 1)], go_backwards=True)
    assert outputs.flatten().tolist() == [4.0, 6.0, 7.0]
    _, outputs, _ = rnn_loop(running_sum, x, [torch.zeros(1, 1)], return_all_outputs=False)
    assert outputs.shape == (1, 1, 1) and outputs.item() == 7.0


# --------------------------------------------------------- fused == step loop
def twin_layers(name, **kwargs):
    """The same layer twice, with the same weights: fused path and step-by-step loop."""
    fused = getattr(layers, name)(UNITS, **kwargs)
    loop = getattr(layers, name)(UNITS, unroll=True, **kwargs)
    fused.build((BATCH, STEPS, FEATURES))
    loop.build((BATCH, STEPS, FEATURES))
    loop.set_weights(fused.get_weights())
    for w in fused.weights:  # non-trivial biases
        with torch.no_grad():
            w.add_(0.1 * torch.randn(w.shape))
    loop.set_weights(fused.get_weights())
    return fused, loop


def outputs_and_grads(layer, x, mask, initial_state=None):
    results = layer(x, mask=mask, initial_state=initial_state, training=True)
    flat = [r for r in results]
    total = sum((r * torch.linspace(-1, 1, r.shape[-1])).sum() for r in flat)
    grads = torch.autograd.grad(total, layer.trainable_weights)
    return [r.detach() for r in flat], grads


@pytest.mark.parametrize("go_backwards", [False, True])
@pytest.mark.parametrize("mask", [None, *MASKS], ids=str)
@pytest.mark.parametrize("name", ["SimpleRNN", "LSTM", "GRU"])
def test_fused_path_gives_the_step_loop_outputs_states_and_gradients(name, mask, go_backwards):
    fused, loop = twin_layers(name, return_sequences=True, return_state=True,
                              go_backwards=go_backwards)
    x = inputs()
    mask = MASKS[mask] if mask else None
    states = [torch.randn(BATCH, UNITS) for _ in range(2 if name == "LSTM" else 1)]
    fused_out, fused_grads = outputs_and_grads(fused, x, mask, states)
    loop_out, loop_grads = outputs_and_grads(loop, x, mask, states)
    for a, b in zip(fused_out + list(fused_grads), loop_out + list(loop_grads)):
        torch.testing.assert_close(a, b, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("name", ["SimpleRNN", "LSTM", "GRU"])
def test_fused_weights_load_into_torch_nn_modules(name):
    layer = getattr(layers, name)(UNITS, return_sequences=True)
    x = inputs()
    expected = layer(x)
    module = {"SimpleRNN": torch.nn.RNN, "LSTM": torch.nn.LSTM, "GRU": torch.nn.GRU}[name](
        FEATURES, UNITS, batch_first=True)
    with torch.no_grad():
        for param, value in zip(module.parameters(), layer.cell.fused_weights()):
            param.copy_(value)
    torch.testing.assert_close(module(x)[0], expected)


def test_scattered_mask_is_refused_by_the_fused_kernel():
    cell = layers.LSTMCell(UNITS)
    cell.build((BATCH, FEATURES))
    mask = torch.tensor([[True, False, True, True, True, True]] * BATCH)
    assert fused_rnn("lstm", cell.fused_weights(), inputs(), cell.get_initial_state(BATCH),
                     mask=mask) is None


def test_no_host_read_without_a_mask(monkeypatch):
    layer = layers.LSTM(UNITS, return_sequences=True)
    x = inputs()
    layer(x)

    def refuse(*args, **kwargs):
        raise AssertionError("host read")

    for method in ("cpu", "item", "tolist", "numpy"):
        monkeypatch.setattr(torch.Tensor, method, refuse)
    layer(x, training=True).sum().backward()


def test_masked_call_reads_the_host_once(monkeypatch):
    layer = layers.GRU(UNITS)
    x = inputs()
    layer(x)
    reads = []
    cpu = torch.Tensor.cpu
    monkeypatch.setattr(torch.Tensor, "cpu", lambda t, *a, **k: reads.append(1) or cpu(t))
    layer(x, mask=MASKS["left"])
    assert len(reads) == 1


def test_use_cudnn_true_refuses_a_scattered_mask():
    layer = layers.LSTM(UNITS, use_cudnn=True)
    mask = torch.tensor([[True, False, True, True, True, True]] * BATCH)
    with pytest.raises(ValueError, match="use_cudnn=True"):
        layer(inputs(), mask=mask)


def test_float64_layer_runs_masked_and_fused():
    layer = layers.GRU(UNITS, return_sequences=True).double()
    out = layer(inputs().double(), mask=MASKS["left"])
    assert out.dtype == torch.float64 and out.shape == (BATCH, STEPS, UNITS)


# -------------------------------------------------------------- torch module
def test_state_dict_holds_the_cell_weights_under_keras_names():
    layer = layers.LSTM(UNITS)
    layer(inputs())
    assert list(layer.state_dict()) == ["cell.kernel", "cell.recurrent_kernel", "cell.bias"]
    bias = layer.get_weights()[2]
    np.testing.assert_array_equal(bias[UNITS:2 * UNITS], 1.0)  # unit_forget_bias
    np.testing.assert_array_equal(np.delete(bias, np.s_[UNITS:2 * UNITS]), 0.0)


def test_properties_read_the_cell():
    layer = layers.GRU(UNITS, dropout=0.25, reset_after=False, recurrent_activation="relu")
    assert (layer.units, layer.dropout, layer.reset_after) == (UNITS, 0.25, False)
    assert layer.recurrent_activation is kerastorch.activations.relu
    assert layer.cell.name == "gru_cell"


# ------------------------------------------------------------------- states
def test_stateful_layer_carries_detached_states_and_resets_to_zeros():
    layer = layers.SimpleRNN(UNITS, stateful=True)
    x = inputs()
    first = layer(x)
    assert not any(s.requires_grad for s in layer.states)
    carried = layer(x)
    assert not torch.allclose(first, carried)
    layer.reset_state()
    assert all(torch.count_nonzero(s) == 0 for s in layer.states)
    torch.testing.assert_close(layer(x), first)


def test_initial_states_and_stacked_state_structure():
    cells = [layers.LSTMCell(4), layers.GRUCell(3)]
    stacked = layers.StackedRNNCells(cells)
    assert stacked.state_size == [[4, 4], 3]
    assert stacked.output_size == 3
    layer = layers.RNN(stacked, return_state=True)
    output, lstm_states, gru_state = layer(inputs())
    assert output.shape == (BATCH, 3)
    assert [tuple(s.shape) for s in lstm_states] == [(BATCH, 4), (BATCH, 4)]
    assert [tuple(s.shape) for s in gru_state] == [(BATCH, 3)]  # GRUCell states: a list


# ------------------------------------------------------------------ dropout
def test_dropout_masks_are_drawn_once_per_call_and_forgotten_after():
    cell = layers.LSTMCell(UNITS, dropout=0.5, recurrent_dropout=0.5)
    assert cell.implementation == 1 and cell.dropout_mask_count == 4
    step = torch.ones(BATCH, FEATURES)
    masks = cell.get_dropout_mask(step)
    assert len(masks) == 4 and masks[0].shape == step.shape
    assert cell.get_dropout_mask(step) is masks
    assert set(torch.cat(masks).unique().tolist()) <= {0.0, 2.0}
    cell.reset_dropout_mask()
    assert cell.get_dropout_mask(step) is not masks
    layer = layers.RNN(cell)
    layer(inputs(), training=True)
    assert cell._dropout_mask is None and cell._recurrent_dropout_mask is None


def test_recurrent_dropout_only_in_training_and_seeded_repeats():
    def make():
        layer = layers.GRU(UNITS, recurrent_dropout=0.5, seed=3)
        layer.build((BATCH, STEPS, FEATURES))
        layer.set_weights([np.full(w.shape, 0.2, "float32") for w in layer.get_weights()])
        return layer

    x = inputs()
    a, b = make(), make()
    torch.testing.assert_close(a(x, training=True), b(x, training=True))
    assert not torch.allclose(a(x, training=True), a(x))
    torch.testing.assert_close(a(x), b(x))
