"""How `Layer.__call__` hands masks to layers and on to their outputs."""

import torch

import kerastorch
from kerastorch.backend.masking import get_keras_mask, set_keras_mask


class Recorder(kerastorch.layers.Layer):
    """Passes its input through and records the mask arguments it received."""

    def call(self, inputs, mask=None):
        self.seen = mask
        return inputs * 1.0

    def compute_mask(self, inputs, previous_mask=None):
        return previous_mask


class TwoInputs(kerastorch.layers.Layer):
    def call(self, query, value, query_mask=None, value_mask=None):
        self.seen = (query_mask, value_mask)
        return query + value


def test_mask_argument_is_filled_from_the_input_and_set_on_the_output():
    x = torch.ones(2, 3)
    mask = torch.tensor([[True, False, True], [True, True, False]])
    set_keras_mask(x, mask)
    layer = Recorder()
    out = layer(x)
    assert layer.seen is mask
    assert get_keras_mask(out) is mask


def test_explicit_mask_wins_and_is_passed_on():
    x = torch.ones(2, 3)
    set_keras_mask(x, torch.zeros(2, 3, dtype=torch.bool))
    explicit = torch.ones(2, 3, dtype=torch.bool)
    layer = Recorder()
    out = layer(x, mask=explicit)
    assert layer.seen is explicit
    assert get_keras_mask(out) is explicit


def test_each_tensor_argument_fills_its_own_mask_argument():
    query, value = torch.ones(2, 3), torch.ones(2, 3)
    query_mask = torch.ones(2, 3, dtype=torch.bool)
    set_keras_mask(query, query_mask)
    layer = TwoInputs()
    layer(query, value)
    assert layer.seen[0] is query_mask and layer.seen[1] is None


def test_mask_given_to_a_functional_model_reaches_its_layers():
    inputs = kerastorch.Input((3,))
    recorder = Recorder()
    model = kerastorch.Model(inputs, kerastorch.layers.Dense(2)(recorder(inputs)))
    mask = torch.tensor([[True, False, True]])
    out = model(torch.ones(1, 3), mask=mask)
    assert recorder.seen is mask
    assert get_keras_mask(out) is mask


def test_masks_flow_through_sequential_and_nested_models():
    recorder = Recorder()
    inner = kerastorch.Sequential([kerastorch.Input((3,)), kerastorch.layers.Dense(3)])
    outer = kerastorch.Sequential([kerastorch.Input((3,)), inner, recorder])
    x = torch.ones(2, 3)
    mask = torch.tensor([[True, False, True], [False, True, True]])
    set_keras_mask(x, mask)
    out = outer(x)
    assert recorder.seen is mask
    assert get_keras_mask(out) is mask


def test_symbolic_call_gives_outputs_a_symbolic_mask_but_records_none():
    class Masker(kerastorch.layers.Layer):
        def call(self, inputs):
            return inputs

        def compute_mask(self, inputs, previous_mask=None):
            return inputs[..., 0] != 0

    masked = Masker()(kerastorch.Input((4, 2)))
    assert masked._keras_mask.shape == (None, 4)
    assert masked._keras_mask.dtype == "bool"
    recorder = Recorder()
    recorder(masked)
    assert recorder._inbound_nodes[0].call_kwargs["mask"] is None


def test_a_mask_computed_from_a_numpy_input_is_a_tensor():
    import numpy as np

    embedded = kerastorch.layers.Embedding(5, 3, mask_zero=True)(np.array([[1, 0, 2]]))
    assert isinstance(get_keras_mask(embedded), torch.Tensor)
    merged = kerastorch.layers.Add()([embedded, embedded])
    assert get_keras_mask(merged).tolist() == [[True, False, True]]
