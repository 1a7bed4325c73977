"""Attention layers against real Keras: outputs (fused and explicit paths), masks, configs,
weights, shapes, errors and training."""

import keras
import numpy as np
import pytest
import torch

import kerastorch
from tests.compat.layer_checks import assert_fit_matches_keras, assert_raises_like_keras

RNG = np.random.default_rng(0)
NAME = "layer_under_test"


def _numpy(x):
    return keras.ops.convert_to_numpy(x)


def _torch(x):
    if isinstance(x, (list, tuple)):
        return [_torch(v) for v in x]
    return None if x is None else torch.from_numpy(np.asarray(x))


def _assert_close(received, expected):
    if isinstance(expected, (tuple, list)):
        assert len(received) == len(expected)
        for r, e in zip(received, expected):
            _assert_close(r, e)
        return
    assert tuple(received.shape) == tuple(expected.shape)
    np.testing.assert_allclose(received.detach().cpu().numpy(), _numpy(expected),
                               rtol=1e-5, atol=1e-6)


def _same_weights(keras_layer, kt_layer):
    """Gives both (built) layers the Keras weights, moved off their initial values."""
    weights = [w + RNG.normal(scale=0.3, size=w.shape).astype(w.dtype)
               for w in keras_layer.get_weights()]
    keras_layer.set_weights(weights)
    kt_layer.set_weights(weights)


def _assert_same_layer_state(keras_layer, kt_layer):
    assert [w.keras_name for w in kt_layer.weights] == [w.name for w in keras_layer.weights]
    assert [tuple(w.shape) for w in kt_layer.weights] == [tuple(w.shape) for w in
                                                           keras_layer.weights]
    assert kt_layer.get_config() == keras_layer.get_config()
    rebuilt = type(kt_layer).from_config(kt_layer.get_config())
    assert rebuilt.get_config() == kt_layer.get_config()
    keras_rebuilt = type(keras_layer).from_config(kt_layer.get_config())
    assert keras_rebuilt.get_config() == keras_layer.get_config()


# ------------------------------------------------------ Attention, AdditiveAttention
SEQ_CASES = [
    ("Attention", {}),
    ("Attention", {"use_scale": True}),
    ("Attention", {"score_mode": "concat"}),
    ("Attention", {"score_mode": "concat", "use_scale": True}),
    ("Attention", {"dropout": 0.3, "seed": 1}),
    ("AdditiveAttention", {}),
    ("AdditiveAttention", {"use_scale": False}),
]
Q_MASK = np.array([[1, 1, 0], [1, 0, 1]], bool)
V_MASK = np.array([[1, 1, 1, 0, 0], [1, 0, 1, 1, 1]], bool)
SEQ_CALLS = [
    {},
    {"use_causal_mask": True},
    {"mask": [Q_MASK, V_MASK]},
    {"mask": [None, V_MASK], "use_causal_mask": True},
    {"mask": [Q_MASK, None]},
    {"return_attention_scores": True},
    {"return_attention_scores": True, "mask": [Q_MASK, V_MASK], "use_causal_mask": True},
    {"training": True},
]


def _seq_inputs(with_key):
    query = RNG.normal(size=(2, 3, 4)).astype("float32")
    value = RNG.normal(size=(2, 5, 4)).astype("float32")
    if with_key:
        return [query, value, RNG.normal(size=(2, 5, 4)).astype("float32")]
    return [query, value]


@pytest.mark.parametrize("with_key", [False, True])
@pytest.mark.parametrize("name, kwargs", SEQ_CASES,
                         ids=[f"{n}-{i}" for i, (n, _) in enumerate(SEQ_CASES)])
def test_sequence_attention_matches_keras(name, kwargs, with_key):
    keras_layer = getattr(keras.layers, name)(name=NAME, **kwargs)
    kt_layer = getattr(kerastorch.layers, name)(name=NAME, **kwargs)
    inputs = _seq_inputs(with_key)
    keras_layer(inputs)
    kt_layer(_torch(inputs))
    _same_weights(keras_layer, kt_layer)
    for call in SEQ_CALLS:
        if call.get("training") and kwargs.get("dropout"):
            continue  # random: see the dropout test
        expected = keras_layer(inputs, **call)
        received = kt_layer(_torch(inputs), **{k: _torch(v) if k == "mask" else v
                                               for k, v in call.items()})
        _assert_close(received, expected)
    _assert_same_layer_state(keras_layer, kt_layer)


@pytest.mark.parametrize("name", ["Attention", "AdditiveAttention"])
@pytest.mark.parametrize("return_attention_scores", [False, True])
def test_sequence_attention_symbolic_shapes_match_keras(name, return_attention_scores):
    def outputs(lib):
        layer = getattr(lib.layers, name)()
        query, value = lib.Input((3, 4)), lib.Input((7, 4))
        out = layer([query, value], return_attention_scores=return_attention_scores)
        return out, layer.compute_output_shape([(None, 3, 4), (None, 7, 4)])

    (expected, expected_shape), (received, received_shape) = outputs(keras), outputs(kerastorch)
    if return_attention_scores:
        assert [tuple(t.shape) for t in received] == [tuple(t.shape) for t in expected]
    else:
        assert tuple(received.shape) == tuple(expected.shape)
    assert tuple(received_shape) == tuple(expected_shape)


def test_attention_output_mask_is_the_query_mask_as_in_keras():
    inputs = _seq_inputs(False)
    expected = keras.layers.Attention()(inputs, mask=[Q_MASK, V_MASK])
    received = kerastorch.layers.Attention()(_torch(inputs), mask=_torch([Q_MASK, V_MASK]))
    np.testing.assert_array_equal(received._keras_mask.numpy(), _numpy(expected._keras_mask))


def test_attention_dropout_drops_weights_in_training_only():
    # With an identity `value`, the output is the (dropped) attention weights.
    query = RNG.normal(size=(4, 50, 60)).astype("float32")
    value = np.broadcast_to(np.eye(60, dtype="float32"), (4, 60, 60)).copy()
    layer = kerastorch.layers.Attention(dropout=0.4, seed=3)
    keras_layer = keras.layers.Attention(dropout=0.4, seed=3)
    expected = keras_layer([query, value], return_attention_scores=True, training=False)
    inputs = _torch([query, value])
    _assert_close(layer(inputs, return_attention_scores=True, training=False), expected)
    _assert_close(layer(inputs), expected[0])
    for lib_layer, convert in ((layer, _torch), (keras_layer, lambda x: x)):
        dropped, weights = lib_layer(convert([query, value]), return_attention_scores=True,
                                     training=True)
        dropped, weights = _numpy(dropped), _numpy(weights)
        # As Keras: the returned weights are the ones applied (after dropout).
        np.testing.assert_allclose(dropped, weights, rtol=1e-5, atol=1e-6)
        kept = dropped != 0
        assert abs(1 - kept.mean() - 0.4) < 0.03
        np.testing.assert_allclose(dropped[kept], _numpy(expected[1])[kept] / 0.6, rtol=1e-5)


@pytest.mark.parametrize("bad", [
    lambda lib: lib.layers.Attention()(np.ones((2, 3, 4), "float32")),
    lambda lib: lib.layers.Attention()([np.ones((2, 3, 4), "float32")]),
    lambda lib: lib.layers.Attention()([np.ones((2, 3, 4), "float32")] * 4),
    lambda lib: lib.layers.Attention()([np.ones((2, 3, 4), "float32")] * 2,
                                       mask=np.ones((2, 3), bool)),
    lambda lib: lib.layers.Attention(score_mode="cosine"),
])
def test_sequence_attention_errors_match_keras(bad):
    assert_raises_like_keras(lambda: bad(keras), lambda: bad(kerastorch))


@pytest.mark.parametrize("name", ["Attention", "AdditiveAttention"])
def test_sequence_attention_fit_matches_keras(name):
    def build(lib):
        query, value = lib.Input((3, 4)), lib.Input((5, 4))
        attended = getattr(lib.layers, name)(use_scale=True)([query, value])
        outputs = lib.layers.Dense(2)(attended)
        return lib.Model([query, value], outputs)

    x = [RNG.normal(size=(8, 3, 4)).astype("float32"),
         RNG.normal(size=(8, 5, 4)).astype("float32")]
    y = RNG.normal(size=(8, 3, 2)).astype("float32")
    assert_fit_matches_keras(build, x, y)


# ------------------------------------------------ MultiHeadAttention, GroupQueryAttention
ATTENTION_MASK = RNG.integers(0, 2, size=(2, 4, 5)).astype(bool)
ATTENTION_MASK[:, :, 0] = True
VALUE_MASK = np.array([[1, 1, 1, 0, 0], [1, 1, 0, 1, 1]], bool)
HEAD_CALLS = [
    {},
    {"use_causal_mask": True},
    {"attention_mask": ATTENTION_MASK},
    {"value_mask": VALUE_MASK},
    {"key_mask": VALUE_MASK, "use_causal_mask": True},
    {"return_attention_scores": True},
    {"return_attention_scores": True, "use_causal_mask": True,
     "attention_mask": ATTENTION_MASK},
    {"return_attention_scores": True, "value_mask": VALUE_MASK},
    {"training": True},
]
# (layer, kwargs, query shape, value shape, with key, calls)
HEAD_CASES = [
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 3}, (2, 4, 6), (2, 5, 8), False,
     HEAD_CALLS),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 3, "value_dim": 4, "output_shape": 7,
                            "use_gate": True}, (2, 4, 6), (2, 5, 8), True, HEAD_CALLS),
    ("MultiHeadAttention", {"num_heads": 3, "key_dim": 2, "use_bias": False,
                            "sliding_window": 2, "output_shape": (2, 3)},
     (2, 4, 6), (2, 5, 8), False, HEAD_CALLS),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 3, "dropout": 0.2, "seed": 4},
     (2, 4, 6), (2, 5, 8), False, HEAD_CALLS),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 3, "flash_attention": False,
                            "kernel_initializer": "he_normal", "bias_initializer": "ones"},
     (2, 4, 6), (2, 5, 6), False, HEAD_CALLS),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 3, "attention_axes": (1, 2)},
     (2, 3, 4, 6), (2, 3, 4, 8), False, [{}, {"return_attention_scores": True}]),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 3, "attention_axes": -2},
     (2, 3, 4, 6), (2, 3, 5, 8), True, [{}, {"return_attention_scores": True}]),
    ("GroupQueryAttention", {"head_dim": 3, "num_query_heads": 4, "num_key_value_heads": 2},
     (2, 4, 6), (2, 5, 6), False, HEAD_CALLS),
    ("GroupQueryAttention", {"head_dim": 3, "num_query_heads": 4, "num_key_value_heads": 1,
                             "use_gate": True, "sliding_window": 3, "use_bias": False},
     (2, 4, 6), (2, 5, 6), True, HEAD_CALLS),
    ("GroupQueryAttention", {"head_dim": 2, "num_query_heads": 3, "num_key_value_heads": 3,
                             "dropout": 0.1}, (2, 4, 6), (2, 5, 6), False, HEAD_CALLS),
]


def _head_inputs(query_shape, value_shape, with_key):
    arrays = [RNG.normal(size=query_shape).astype("float32"),
              RNG.normal(size=value_shape).astype("float32")]
    arrays.append(RNG.normal(size=value_shape).astype("float32") if with_key else None)
    return arrays


@pytest.mark.parametrize("name, kwargs, query_shape, value_shape, with_key, calls", HEAD_CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(HEAD_CASES)])
def test_multi_head_attention_matches_keras(name, kwargs, query_shape, value_shape, with_key,
                                            calls):
    keras_layer = getattr(keras.layers, name)(name=NAME, **kwargs)
    kt_layer = getattr(kerastorch.layers, name)(name=NAME, **kwargs)
    inputs = _head_inputs(query_shape, value_shape, with_key)
    keras_layer(*inputs)
    kt_layer(*_torch(inputs))
    _same_weights(keras_layer, kt_layer)
    for call in calls:
        if call.get("training") and kwargs.get("dropout"):
            continue  # random: see the dropout test
        expected = keras_layer(*inputs, **call)
        received = kt_layer(*_torch(inputs), **{
            k: _torch(v) if isinstance(v, np.ndarray) else v for k, v in call.items()})
        _assert_close(received, expected)
    _assert_same_layer_state(keras_layer, kt_layer)
    assert [w.path for w in keras_layer.weights] == [
        f"{NAME}/{sub.name}/{w.keras_name}" for sub in kt_layer._layers for w in sub.weights]


@pytest.mark.parametrize("name, kwargs", [
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 3}),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 3, "output_shape": (2, 5)}),
    ("GroupQueryAttention", {"head_dim": 3, "num_query_heads": 4, "num_key_value_heads": 2}),
])
@pytest.mark.parametrize("return_attention_scores", [False, True])
def test_multi_head_attention_symbolic_shapes_match_keras(name, kwargs,
                                                          return_attention_scores):
    def outputs(lib):
        layer = getattr(lib.layers, name)(**kwargs)
        sequence = lib.Input((5, 6))
        out = layer(sequence, sequence, return_attention_scores=return_attention_scores)
        return out, layer.compute_output_shape((None, 5, 6), (None, 5, 6))

    (expected, expected_shape), (received, received_shape) = outputs(keras), outputs(kerastorch)
    if not return_attention_scores:
        expected, received = [expected], [received]
    assert [tuple(t.shape) for t in received] == [tuple(t.shape) for t in expected]
    assert tuple(received_shape) == tuple(expected_shape)


def test_cross_attention_scores_shape_is_query_by_key_length():
    # Keras's symbolic shape says (B, N, T, T) here; the eager scores are (B, N, T, S).
    layer = kerastorch.layers.MultiHeadAttention(num_heads=2, key_dim=3)
    _, scores = layer(kerastorch.Input((4, 6)), kerastorch.Input((7, 6)),
                      return_attention_scores=True)
    _, eager = keras.layers.MultiHeadAttention(num_heads=2, key_dim=3)(
        np.ones((1, 4, 6), "float32"), np.ones((1, 7, 6), "float32"),
        return_attention_scores=True)
    assert scores.shape[1:] == tuple(eager.shape)[1:] == (2, 4, 7)


@pytest.mark.parametrize("bad", [
    lambda lib: lib.layers.MultiHeadAttention(num_heads=0, key_dim=2),
    lambda lib: lib.layers.MultiHeadAttention(num_heads=2, key_dim=2.5),
    lambda lib: lib.layers.MultiHeadAttention(num_heads=2, key_dim=2, value_dim=-1),
    lambda lib: lib.layers.MultiHeadAttention(num_heads=2, key_dim=2, attention_axes="1"),
    lambda lib: lib.layers.MultiHeadAttention(num_heads=2, key_dim=2, sliding_window=0),
    lambda lib: lib.layers.MultiHeadAttention(num_heads=2, key_dim=2, dropout=0.1,
                                              flash_attention=True),
    lambda lib: lib.layers.MultiHeadAttention(num_heads=2, key_dim=2, flash_attention=True)(
        np.ones((1, 3, 4), "float32"), np.ones((1, 3, 4), "float32"),
        return_attention_scores=True),
    lambda lib: lib.layers.MultiHeadAttention(num_heads=2, key_dim=2)(
        lib.Input((3, 4)), lib.Input((5, 4)), lib.Input((6, 4))),
    lambda lib: lib.layers.GroupQueryAttention(2, num_query_heads=3, num_key_value_heads=2),
    lambda lib: lib.layers.GroupQueryAttention(2, 4, 2, sliding_window=-1),
    lambda lib: lib.layers.GroupQueryAttention(2, 4, 2).compute_output_shape(
        (None, 3, 4), (None, 5, 6)),
])
def test_multi_head_attention_errors_match_keras(bad):
    assert_raises_like_keras(lambda: bad(keras), lambda: bad(kerastorch))


@pytest.mark.parametrize("name, kwargs", [
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 3, "dropout": 0.5, "seed": 1}),
    ("GroupQueryAttention", {"head_dim": 3, "num_query_heads": 4, "num_key_value_heads": 2,
                             "dropout": 0.5, "seed": 1}),
])
def test_multi_head_attention_dropout_in_training_only(name, kwargs):
    layer = getattr(kerastorch.layers, name)(**kwargs)
    x = torch.from_numpy(RNG.normal(size=(4, 30, 6)).astype("float32"))
    inference = layer(x, x, training=False)
    torch.testing.assert_close(layer(x, x), inference)
    reference = getattr(keras.layers, name)(**{**kwargs, "dropout": 0.0})
    reference(x.numpy(), x.numpy())
    reference.set_weights(layer.get_weights())
    np.testing.assert_allclose(inference.detach().numpy(),
                               _numpy(reference(x.numpy(), x.numpy())), rtol=1e-5, atol=1e-6)
    assert not torch.allclose(layer(x, x, training=True), inference)


def _masked_ids():
    query = np.array([[1, 2, 3, 0, 0], [3, 3, 1, 1, 2], [1, 0, 0, 0, 0]])
    value = np.array([[5, 4, 0], [3, 0, 0], [2, 1, 1]])
    return query, value


@pytest.mark.parametrize("name, kwargs", [
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 2}),
    ("GroupQueryAttention", {"head_dim": 2, "num_query_heads": 2, "num_key_value_heads": 1}),
])
@pytest.mark.parametrize("call", [{}, {"use_causal_mask": True},
                                  {"return_attention_scores": True}])
def test_embedding_masks_reach_multi_head_attention_as_in_keras(name, kwargs, call):
    def build(lib):
        query_ids = lib.Input((5,), dtype="int32")
        value_ids = lib.Input((3,), dtype="int32")
        query = lib.layers.Embedding(4, 8, mask_zero=True)(query_ids)
        value = lib.layers.Embedding(6, 8, mask_zero=True)(value_ids)
        outputs = getattr(lib.layers, name)(**kwargs)(query, value, **call)
        return lib.Model([query_ids, value_ids], outputs)

    keras_model, kt_model = build(keras), build(kerastorch)
    kt_model.set_weights(keras_model.get_weights())
    ids = _masked_ids()
    _assert_close(kt_model([_torch(i) for i in ids]), keras_model(list(ids)))
    # Eagerly: the output carries the query's mask.
    keras_layers, kt_layers = keras_model.layers, kt_model.layers
    keras_query = keras_layers[2](ids[0])
    kt_query = kt_layers[2](_torch(ids[0]))
    keras_out = keras_layers[4](keras_query, keras_layers[3](ids[1]))
    kt_out = kt_layers[4](kt_query, kt_layers[3](_torch(ids[1])))
    _assert_close(kt_out, keras_out)
    np.testing.assert_array_equal(kt_out._keras_mask.numpy(), _numpy(keras_out._keras_mask))


def test_embedding_masks_reach_attention_as_in_keras():
    def build(lib):
        query_ids = lib.Input((5,), dtype="int32")
        value_ids = lib.Input((3,), dtype="int32")
        query = lib.layers.Embedding(4, 8, mask_zero=True)(query_ids)
        value = lib.layers.Embedding(6, 8, mask_zero=True)(value_ids)
        attended = lib.layers.Attention(use_scale=True)([query, value])
        return lib.Model([query_ids, value_ids], lib.layers.Dense(2)(attended))

    keras_model, kt_model = build(keras), build(kerastorch)
    kt_model.set_weights(keras_model.get_weights())
    ids = _masked_ids()
    _assert_close(kt_model([_torch(i) for i in ids]), keras_model(list(ids)))
    y = RNG.normal(size=(3, 5, 2)).astype("float32")
    for lib, model in ((keras, keras_model), (kerastorch, kt_model)):
        model.compile(optimizer=lib.optimizers.SGD(0.1), loss="mse")
    expected = keras_model.fit(list(ids), y, epochs=2, batch_size=3, verbose=0)
    received = kt_model.fit(list(ids), y, epochs=2, batch_size=3, verbose=0)
    np.testing.assert_allclose(received.history["loss"], expected.history["loss"], rtol=1e-5,
                               atol=1e-6)


FIT_LAYERS = [
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 3}, (4, 6)),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 3, "use_gate": True}, (4, 6)),
    ("GroupQueryAttention", {"head_dim": 3, "num_query_heads": 4, "num_key_value_heads": 2},
     (4, 6)),
]
FIT_CALLS = [{}, {"use_causal_mask": True},
             {"attention_mask": np.tril(np.ones((4, 4), bool))}]
# Attention over two axes (the explicit softmax path); Keras cannot mask it.
FIT_CASES = [layer + (call,) for layer in FIT_LAYERS for call in FIT_CALLS] + [
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 3, "attention_axes": (1, 2)},
     (2, 3, 6), {})]


@pytest.mark.parametrize("name, kwargs, shape, call", FIT_CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(FIT_CASES)])
def test_multi_head_attention_fit_matches_keras(name, kwargs, shape, call):
    def build(lib):
        inputs = lib.Input(shape)
        attended = getattr(lib.layers, name)(**kwargs)(inputs, inputs, **call)
        return lib.Model(inputs, lib.layers.Dense(2)(attended))

    x = RNG.normal(size=(8,) + shape).astype("float32")
    y = RNG.normal(size=(8,) + shape[:-1] + (2,)).astype("float32")
    assert_fit_matches_keras(build, x, y)


def test_functional_model_config_matches_keras():
    def build(lib):
        lib.backend.clear_session()
        query, value = lib.Input((4, 6)), lib.Input((5, 6))
        attended = lib.layers.Attention()([query, value])
        heads = lib.layers.MultiHeadAttention(2, 3)(query, value, use_causal_mask=True)
        grouped = lib.layers.GroupQueryAttention(3, 2, 1)(heads, value)
        return lib.Model([query, value], [attended, grouped])

    keras_model, kt_model = build(keras), build(kerastorch)
    assert kt_model.get_config() == keras_model.get_config()
    rebuilt = kerastorch.Model.from_config(kt_model.get_config())
    rebuilt.set_weights(keras_model.get_weights())
    x = [RNG.normal(size=(2, 4, 6)).astype("float32"),
         RNG.normal(size=(2, 5, 6)).astype("float32")]
    _assert_close(rebuilt(_torch(x)), keras_model(x))
