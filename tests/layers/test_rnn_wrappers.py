"""Unit tests of TimeDistributed, Bidirectional and the ConvLSTM layers.

Side-by-side comparisons with Keras live in
tests/compat/test_rnn_wrappers_compat.py and tests/compat/test_conv_lstm_compat.py.
"""

import doctest
import importlib

import pytest
import torch
import torch.nn.functional as F

import kerastorch
from kerastorch import layers


class ShapeRecorder(layers.Layer):
    """Doubles its input and records the shapes (and masks) its `call` sees."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.calls = []

    def call(self, inputs, mask=None, training=None):
        self.calls.append((tuple(inputs.shape), mask, training))
        return inputs * 2

    def compute_output_shape(self, input_shape):
        return input_shape


# ------------------------------------------------------------- TimeDistributed
def test_time_distributed_calls_the_layer_once_on_time_folded_into_batch():
    inner = ShapeRecorder()
    layer = layers.TimeDistributed(inner)
    x = torch.randn(2, 5, 3, 4)
    mask = torch.rand(2, 5) > 0.5
    out = layer(x, mask=mask, training=True)
    assert len(inner.calls) == 1
    shape, inner_mask, training = inner.calls[0]
    assert shape == (10, 3, 4) and training is True
    torch.testing.assert_close(inner_mask, mask.reshape(10))
    torch.testing.assert_close(out, x * 2)
    # The input mask is passed on to the output unchanged.
    assert out._keras_mask is mask


def test_time_distributed_weights_are_the_wrapped_layers():
    dense = layers.Dense(3)
    layer = layers.TimeDistributed(dense)
    out = layer(torch.randn(4, 6, 2))
    assert out.shape == (4, 6, 3)
    assert layer.weights == dense.weights
    assert list(layer.state_dict()) == ["layer.kernel", "layer.bias"]
    out.sum().backward()
    assert dense.kernel.grad is not None


def test_time_distributed_shapes_and_config_round_trip():
    layer = layers.TimeDistributed(layers.Conv2D(4, 3), name="td")
    assert layer.compute_output_shape((None, 7, 10, 10, 3)) == (None, 7, 8, 8, 4)
    assert layer(kerastorch.Input((7, 10, 10, 3))).shape == (None, 7, 8, 8, 4)
    rebuilt = layers.TimeDistributed.from_config(layer.get_config())
    assert isinstance(rebuilt.layer, layers.Conv2D) and rebuilt.name == "td"
    with pytest.raises(ValueError, match="at least 3 dimensions"):
        layers.TimeDistributed(layers.Dense(2))(torch.ones(2, 3))


# --------------------------------------------------------------- Bidirectional
def test_bidirectional_copies_the_layer_into_forward_and_backward_layers():
    lstm = layers.LSTM(3, name="lstm")
    layer = layers.Bidirectional(lstm)
    assert layer.forward_layer is not lstm
    assert layer.forward_layer.name == "forward_lstm" and not layer.forward_layer.go_backwards
    assert layer.backward_layer.name == "backward_lstm" and layer.backward_layer.go_backwards
    layer(torch.randn(2, 4, 5))
    forward, backward = layer.forward_layer.weights, layer.backward_layer.weights
    assert layer.weights == forward + backward
    assert list(layer.state_dict())[:3] == [
        "forward_layer.cell.kernel", "forward_layer.cell.recurrent_kernel",
        "forward_layer.cell.bias"]
    # Wrapping a layer named "forward_x" does not double the prefix.
    again = layers.Bidirectional(layer.forward_layer)
    assert again.forward_layer.name == "forward_lstm"
    assert again.backward_layer.name == "backward_forward_lstm"


@pytest.mark.parametrize("merge_mode, merge", [
    ("concat", lambda y, r: torch.cat([y, r], dim=-1)),
    ("sum", lambda y, r: y + r),
    ("mul", lambda y, r: y * r),
    ("ave", lambda y, r: (y + r) / 2),
    (None, lambda y, r: (y, r)),
])
def test_bidirectional_merges_the_forward_and_the_time_aligned_backward_outputs(merge_mode,
                                                                                merge):
    layer = layers.Bidirectional(layers.GRU(3, return_sequences=True), merge_mode=merge_mode)
    x = torch.randn(2, 6, 4)
    out = layer(x)
    y = layer.forward_layer(x)
    y_rev = layer.backward_layer(x).flip(1)
    expected = merge(y, y_rev)
    if merge_mode is None:
        assert isinstance(out, tuple) and len(out) == 2
        for o, e in zip(out, expected):
            torch.testing.assert_close(o, e)
    else:
        torch.testing.assert_close(out, expected)
    # The backward layer reads the sequence from its end: its first output
    # step (once flipped back) is its final one.
    torch.testing.assert_close(y_rev[:, 0], layers.Bidirectional(
        layers.GRU(3), merge_mode=None, weights=layer.get_weights())(x)[1])


def test_bidirectional_applies_initial_weights_when_built():
    source = layers.Bidirectional(layers.SimpleRNN(2))
    source.build((None, 3, 4))
    weights = source.get_weights()
    layer = layers.Bidirectional(layers.SimpleRNN(2), weights=weights)
    layer(torch.randn(1, 3, 4))
    for received, expected in zip(layer.get_weights(), weights):
        torch.testing.assert_close(torch.from_numpy(received), torch.from_numpy(expected))


def test_bidirectional_stateful_return_state_masks_every_output():
    layer = layers.Bidirectional(layers.LSTM(2, stateful=True, return_state=True,
                                             return_sequences=True))
    x = torch.randn(3, 4, 2)
    mask = torch.tensor([[True] * 4, [False, True, True, True], [True] * 4])
    outputs = layer(x, mask=mask)
    assert len(outputs) == 5 and len(layer.states) == 4
    assert outputs[0]._keras_mask is mask
    assert all(getattr(s, "_keras_mask", None) is None for s in outputs[1:])


# -------------------------------------------------------------------- ConvLSTM
def reference_conv_lstm_step(cell, x, h, c, input_masks, recurrent_masks):
    """Keras's ConvLSTMCell step, gate by gate with separate convolutions (2D, channels_last)."""
    def conv(inputs, kernel, padding, strides=1, dilation=1):
        out = F.conv2d(inputs.permute(0, 3, 1, 2), kernel.permute(3, 2, 0, 1),
                       padding=padding, stride=strides, dilation=dilation)
        return out.permute(0, 2, 3, 1)

    kernels = cell.kernel.chunk(4, dim=-1)
    recurrent_kernels = cell.recurrent_kernel.chunk(4, dim=-1)
    biases = cell.bias.chunk(4)
    z = [conv(x * m, k, "same") + b + conv(h * r, rk, "same")
         for m, r, k, rk, b in zip(input_masks, recurrent_masks, kernels, recurrent_kernels,
                                   biases)]
    i, f, o = torch.sigmoid(z[0]), torch.sigmoid(z[1]), torch.sigmoid(z[3])
    c = f * c + i * torch.tanh(z[2])
    return o * torch.tanh(c), c


def test_conv_lstm_cell_dropout_masks_each_gate_like_keras():
    cell = layers.ConvLSTM2D(3, 3, padding="same", dropout=0.4, recurrent_dropout=0.3,
                             seed=7, bias_initializer="random_normal").cell
    cell.build((None, 5, 5, 2))
    x = torch.randn(2, 5, 5, 2)
    h, c = torch.randn(2, 5, 5, 3), torch.randn(2, 5, 5, 3)
    out, (_, new_c) = cell(x, [h, c], training=True)
    input_masks, recurrent_masks = cell._dropout_mask, cell._recurrent_dropout_mask
    assert len(input_masks) == len(recurrent_masks) == 4
    assert not torch.equal(input_masks[0], input_masks[1])  # one mask per gate
    expected_h, expected_c = reference_conv_lstm_step(cell, x, h, c, input_masks,
                                                      recurrent_masks)
    torch.testing.assert_close(out, expected_h)
    torch.testing.assert_close(new_c, expected_c)
    ones = [torch.ones(())] * 4
    inference, _ = cell(x, [h, c], training=False)
    torch.testing.assert_close(inference, reference_conv_lstm_step(cell, x, h, c, ones,
                                                                   ones)[0])


def test_conv_lstm_dropout_is_seeded_and_drawn_once_per_sequence():
    def run(seed):
        kerastorch.utils.set_random_seed(0)
        layer = layers.ConvLSTM1D(2, 3, dropout=0.5, recurrent_dropout=0.5, seed=seed,
                                  return_sequences=True)
        x = torch.ones(2, 4, 6, 1)
        return layer, layer(x, training=True)

    layer, first = run(3)
    _, again = run(3)
    torch.testing.assert_close(first, again)
    assert not torch.allclose(first, layer(torch.ones(2, 4, 6, 1), training=False))
    # The RNN forgets the masks after each call; the next call draws new ones.
    assert layer.cell.__dict__.get("_dropout_mask") is None
    assert not torch.allclose(first, layer(torch.ones(2, 4, 6, 1), training=True))
    first.sum().backward()
    assert layer.cell.kernel.grad is not None


@pytest.mark.parametrize("data_format, shape, state_shape", [
    ("channels_last", (2, 3, 8, 6, 1), (2, 4, 3, 5)),
    ("channels_first", (2, 3, 1, 8, 6), (2, 5, 4, 3)),
])
def test_conv_lstm_states_follow_the_strided_convolution(data_format, shape, state_shape):
    layer = layers.ConvLSTM2D(5, 2, strides=2, data_format=data_format, return_state=True)
    output, h, c = layer(torch.randn(shape))
    assert output.shape == h.shape == c.shape == state_shape
    torch.testing.assert_close(output, h)
    assert [tuple(w.shape) for w in layer.weights] == [(2, 2, 1, 20), (2, 2, 5, 20), (20,)]
    assert list(layer.state_dict()) == ["cell.kernel", "cell.recurrent_kernel", "cell.bias"]
    # unit_forget_bias: the forget gate's quarter of the bias starts at one.
    torch.testing.assert_close(layer.cell.bias.detach(),
                               torch.tensor([0.0] * 5 + [1.0] * 5 + [0.0] * 10))


# --------------------------------------------------------------- docstrings
@pytest.mark.parametrize("module", ["time_distributed", "bidirectional", "conv_lstm",
                                    "conv_lstm1d", "conv_lstm2d", "conv_lstm3d"])
def test_docstring_examples(module):
    module = importlib.import_module(f"kerastorch.layers.rnn.{module}")
    result = doctest.testmod(module, extraglobs={"torch": torch, "kerastorch": kerastorch},
                             optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0
