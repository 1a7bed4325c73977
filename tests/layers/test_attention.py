"""Attention layers: fused and explicit paths agree, torch structure, configs, host reads."""

import pytest
import torch

import kerastorch
from kerastorch import layers
from kerastorch.layers.attention import attention_ops
from tests.trainers.test_no_host_sync import HostReads

QUERY_MASK = torch.tensor([[True, True, False], [True, False, True]])
VALUE_MASK = torch.tensor([[True, True, True, False, False], [True, False, True, True, True]])


@pytest.fixture
def sdpa_calls(monkeypatch):
    """Counts the calls of `F.scaled_dot_product_attention`."""
    calls = []
    original = torch.nn.functional.scaled_dot_product_attention

    def counting(*args, **kwargs):
        calls.append(kwargs.get("attn_mask"))
        return original(*args, **kwargs)

    monkeypatch.setattr(torch.nn.functional, "scaled_dot_product_attention", counting)
    return calls


@pytest.mark.parametrize("kwargs", [{}, {"use_scale": True}])
@pytest.mark.parametrize("call", [{}, {"use_causal_mask": True},
                                  {"mask": [QUERY_MASK, VALUE_MASK]},
                                  {"mask": [None, VALUE_MASK], "use_causal_mask": True}])
def test_attention_fused_path_equals_explicit_softmax(kwargs, call, sdpa_calls):
    layer = layers.Attention(**kwargs)
    query, value = torch.randn(2, 3, 4), torch.randn(2, 5, 4)
    layer([query, value])
    if kwargs:
        layer.set_weights([torch.tensor(0.7)])
    fused = layer([query, value], **call)
    assert len(sdpa_calls) == 2
    explicit, weights = layer([query, value], return_attention_scores=True, **call)
    assert len(sdpa_calls) == 2
    torch.testing.assert_close(fused, explicit)
    torch.testing.assert_close(weights.sum(-1), torch.ones(2, 3))


@pytest.mark.parametrize("name, kwargs", [
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 3}),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 3, "use_gate": True,
                            "sliding_window": 2}),
    ("GroupQueryAttention", {"head_dim": 3, "num_query_heads": 4, "num_key_value_heads": 2}),
])
@pytest.mark.parametrize("call", [{}, {"use_causal_mask": True},
                                  {"value_mask": VALUE_MASK},
                                  {"attention_mask": torch.rand(2, 3, 5) > 0.3,
                                   "use_causal_mask": True}])
def test_multi_head_fused_path_equals_explicit_softmax(name, kwargs, call, sdpa_calls):
    layer = getattr(layers, name)(**kwargs)
    query, value = torch.randn(2, 3, 6), torch.randn(2, 5, 6)
    if "attention_mask" in call:
        # No fully masked query row, whatever the causal / sliding window
        # masks leave: the diagonal stays visible.
        diagonal = torch.arange(3)
        call["attention_mask"][:, diagonal, diagonal] = True
    fused = layer(query, value, **call)
    assert len(sdpa_calls) == 1
    explicit, scores = layer(query, value, return_attention_scores=True, **call)
    assert len(sdpa_calls) == 1
    torch.testing.assert_close(fused, explicit)
    assert scores.shape == (2, 4 if name == "GroupQueryAttention" else 2, 3, 5)


def test_causal_mask_alone_runs_as_the_fused_kernel_is_causal(sdpa_calls):
    layer = layers.MultiHeadAttention(num_heads=2, key_dim=3)
    x = torch.randn(2, 4, 6)
    layer(x, x, use_causal_mask=True)
    assert sdpa_calls == [None]


@pytest.mark.parametrize("name, kwargs", [
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 3}),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 3, "dropout": 0.1}),
    ("GroupQueryAttention", {"head_dim": 3, "num_query_heads": 4, "num_key_value_heads": 2}),
])
def test_gradients_reach_every_projection(name, kwargs):
    layer = getattr(layers, name)(**kwargs)
    query, value = torch.randn(2, 3, 6), torch.randn(2, 5, 6)
    layer(query, value, value_mask=VALUE_MASK, training=True).sum().backward()
    assert all(w.grad is not None and w.grad.abs().sum() > 0 for w in layer.weights
               if w.keras_name == "kernel")


def test_multi_head_attention_is_a_torch_module_of_einsum_projections():
    layer = layers.MultiHeadAttention(num_heads=2, key_dim=3, value_dim=4, use_gate=True)
    layer(torch.randn(1, 3, 6), torch.randn(1, 5, 8))
    assert list(layer.state_dict()) == [
        f"_{part}_dense.{weight}" for part in ("query", "key", "gate", "value", "output")
        for weight in ("kernel", "bias")]
    assert [tuple(w.shape) for w in layer.weights] == [
        (6, 2, 3), (2, 3), (8, 2, 3), (2, 3), (6, 2, 4), (2, 4), (8, 2, 4), (2, 4),
        (2, 4, 6), (6,)]
    assert layer.query_dense is layer._query_dense
    assert isinstance(layer.output_dense, layers.EinsumDense)
    assert len(list(layer.parameters())) == len(layer.weights)


@pytest.mark.parametrize("name, kwargs", [
    ("Attention", {"use_scale": True, "score_mode": "concat", "dropout": 0.2, "seed": 1}),
    ("AdditiveAttention", {"use_scale": False}),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 3, "attention_axes": [1],
                            "output_shape": 5, "kernel_regularizer": "l2"}),
    ("GroupQueryAttention", {"head_dim": 3, "num_query_heads": 4, "num_key_value_heads": 2,
                             "sliding_window": 4}),
])
def test_serialization_round_trip(name, kwargs):
    layer = getattr(layers, name)(**kwargs)
    config = layers.serialize(layer)
    assert config["class_name"] == name
    rebuilt = layers.deserialize(config)
    assert type(rebuilt) is type(layer)
    assert rebuilt.get_config() == layer.get_config()


def test_group_query_attention_aliases():
    assert layers.GroupQueryAttention is layers.GroupedQueryAttention
    assert layers.GroupQueryAttention(2, 4, 2).name.startswith("grouped_query_attention")


def test_sub_layers_take_keras_auto_names():
    kerastorch.backend.clear_session()
    layers.MultiHeadAttention(num_heads=2, key_dim=2)(torch.ones(1, 2, 4), torch.ones(1, 2, 4))
    layers.Attention(dropout=0.5)
    # Keras's MultiHeadAttention builds a Softmax and a Dropout layer; its
    # Attention makes no Dropout layer.
    assert layers.Dropout(0.1).name == "dropout_1"
    assert layers.Softmax().name == "softmax_1"


def test_multi_head_attention_in_a_functional_model():
    inputs = kerastorch.Input((4, 6))
    outputs, scores = layers.MultiHeadAttention(num_heads=2, key_dim=3)(
        inputs, inputs, return_attention_scores=True)
    model = kerastorch.Model(inputs, [outputs, scores])
    received = model(torch.randn(3, 4, 6))
    assert [tuple(t.shape) for t in received] == [(3, 4, 6), (3, 2, 4, 4)]


def test_attention_mask_helpers():
    torch.testing.assert_close(
        attention_ops.causal_mask(2, 3, "cpu"),
        torch.tensor([[[True, False, False], [True, True, False]]]))
    torch.testing.assert_close(
        attention_ops.sliding_window_mask(3, 3, 2, "cpu")[0],
        torch.tensor([[True, True, False], [True, True, True], [False, True, True]]))
    assert attention_ops.merge_masks(None, None) is None
    assert attention_ops.to_bool_mask([[1, 0]], "cpu").dtype == torch.bool


@pytest.mark.parametrize("name, kwargs, call", [
    ("Attention", {"use_scale": True}, {"mask": [QUERY_MASK, VALUE_MASK]}),
    ("Attention", {"dropout": 0.3}, {"return_attention_scores": True}),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 3}, {"value_mask": VALUE_MASK}),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 3, "dropout": 0.2},
     {"use_causal_mask": True}),
    ("GroupQueryAttention", {"head_dim": 3, "num_query_heads": 2, "num_key_value_heads": 1},
     {"use_causal_mask": True, "return_attention_scores": True}),
])
def test_attention_calls_read_nothing_on_the_host(monkeypatch, name, kwargs, call):
    layer = getattr(layers, name)(**kwargs)
    query, value = torch.randn(2, 3, 4, requires_grad=True), torch.randn(2, 5, 4)
    args = ([query, value],) if name == "Attention" else (query, value)
    layer(*args, **call)  # builds
    with HostReads(monkeypatch) as reads:
        outputs = layer(*args, training=True, **call)
        output = outputs[0] if isinstance(outputs, tuple) else outputs
        output.sum().backward()
    assert not reads.counts
