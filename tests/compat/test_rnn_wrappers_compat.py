"""TimeDistributed and Bidirectional against real Keras."""

import keras
import numpy as np
import pytest
import torch

import kerastorch
from tests.compat.layer_checks import assert_fit_matches_keras, assert_raises_like_keras
from tests.compat.twins import assert_same_weights

RNG = np.random.default_rng(0)


def numpy_of(x):
    return None if x is None else keras.ops.convert_to_numpy(x)


def torch_of(x):
    return None if x is None else torch.from_numpy(np.asarray(x))


def assert_close(received, expected):
    np.testing.assert_allclose(received.detach().numpy(), numpy_of(expected), rtol=1e-5,
                               atol=1e-6)


def assert_same_structure_close(received, expected):
    if isinstance(expected, (list, tuple)):
        assert isinstance(received, (list, tuple)) and len(received) == len(expected)
        for r, e in zip(received, expected):
            assert_same_structure_close(r, e)
    else:
        assert tuple(received.shape) == tuple(expected.shape)
        assert_close(received, expected)


def assert_same_masks(received, expected):
    expected_flat = keras.tree.flatten(expected)
    received_flat = kerastorch.utils.tree.flatten(received)
    for r, e in zip(received_flat, expected_flat):
        e_mask = getattr(e, "_keras_mask", None)
        r_mask = getattr(r, "_keras_mask", None)
        assert (r_mask is None) == (e_mask is None)
        if e_mask is not None:
            np.testing.assert_array_equal(r_mask.numpy(), numpy_of(e_mask))


def symbolic_shapes(x):
    """The shape(s) of a (nest of) tensors or shapes, as tuples in lists."""
    if hasattr(x, "shape"):
        return tuple(x.shape)
    if all(d is None or isinstance(d, int) for d in x):
        return tuple(x)
    return [symbolic_shapes(v) for v in x]


# ------------------------------------------------------------- TimeDistributed
TIME_DISTRIBUTED_CASES = [
    (lambda lib: lib.layers.Dense(3, name="inner"), (2, 4, 5)),
    (lambda lib: lib.layers.Dense(3, activation="relu", name="inner"), (2, 4, 3, 5)),
    (lambda lib: lib.layers.Dense(2, use_bias=False, name="inner"), (3, 1, 6)),
    (lambda lib: lib.layers.Conv2D(4, 3, padding="same", name="inner"), (2, 3, 6, 6, 2)),
    (lambda lib: lib.layers.Conv1D(4, 2, strides=2, name="inner"), (2, 3, 7, 2)),
    (lambda lib: lib.layers.Flatten(name="inner"), (2, 3, 4, 5)),
    (lambda lib: lib.layers.MaxPooling1D(2, name="inner"), (2, 3, 6, 4)),
    (lambda lib: lib.layers.LayerNormalization(name="inner"), (2, 3, 6)),
    (lambda lib: lib.layers.BatchNormalization(name="inner"), (2, 3, 6)),
]


def time_distributed_pair(make_inner, shape):
    keras_layer = keras.layers.TimeDistributed(make_inner(keras), name="td")
    kt_layer = kerastorch.layers.TimeDistributed(make_inner(kerastorch), name="td")
    keras_layer.build(shape)
    kt_layer.build(shape)
    kt_layer.set_weights([RNG.normal(size=w.shape).astype("float32")
                          for w in keras_layer.get_weights()])
    keras_layer.set_weights(kt_layer.get_weights())
    return keras_layer, kt_layer


@pytest.mark.parametrize("make_inner, shape", TIME_DISTRIBUTED_CASES)
def test_time_distributed_matches_keras(make_inner, shape):
    keras_layer, kt_layer = time_distributed_pair(make_inner, shape)
    assert [w.keras_name for w in kt_layer.weights] == [w.name for w in keras_layer.weights]
    assert [tuple(w.shape) for w in kt_layer.weights] == [
        tuple(w.shape) for w in keras_layer.weights]
    x = RNG.normal(size=shape).astype("float32")
    expected = keras_layer(x)
    received = kt_layer(torch.from_numpy(x))
    assert tuple(received.shape) == tuple(expected.shape)
    assert_close(received, expected)
    assert kt_layer.get_config() == keras_layer.get_config()
    rebuilt = kerastorch.layers.TimeDistributed.from_config(kt_layer.get_config())
    assert rebuilt.get_config() == kt_layer.get_config()
    symbolic = (None,) + shape[1:]
    assert kt_layer.compute_output_shape(symbolic) == keras_layer.compute_output_shape(symbolic)
    assert kt_layer(kerastorch.Input(batch_shape=symbolic)).shape == keras_layer(
        keras.Input(batch_shape=symbolic)).shape


def test_time_distributed_passes_the_folded_mask_to_the_wrapped_layer_as_keras():
    keras_layer, kt_layer = time_distributed_pair(
        lambda lib: lib.layers.GlobalAveragePooling1D(name="inner"), (2, 3, 5, 4))
    x = RNG.normal(size=(2, 3, 5, 4)).astype("float32")
    mask = RNG.random(size=(2, 3, 5)) > 0.3
    expected = keras_layer(x, mask=mask)
    received = kt_layer(torch.from_numpy(x), mask=torch.from_numpy(mask))
    assert_close(received, expected)
    # The input mask is passed on unchanged, as in Keras.
    assert_same_masks(received, expected)


def test_time_distributed_training_flag_reaches_the_wrapped_layer_as_keras():
    keras_layer, kt_layer = time_distributed_pair(
        lambda lib: lib.layers.Dropout(0.999, seed=1, name="inner"), (2, 3, 4))
    x = np.ones((2, 3, 4), "float32")
    np.testing.assert_array_equal(kt_layer(torch.from_numpy(x)).numpy(),
                                  numpy_of(keras_layer(x)))
    # Nearly everything dropped in training, in both.
    assert numpy_of(keras_layer(x, training=True)).sum() < 24
    assert kt_layer(torch.from_numpy(x), training=True).sum() < 24


def sequence_tagger(lib):
    return lib.Sequential([
        lib.Input(shape=(6,)),
        lib.layers.Embedding(10, 4, mask_zero=True, name="embedding"),
        lib.layers.TimeDistributed(lib.layers.Dense(3, activation="softmax", name="dense"),
                                   name="td"),
    ])


def padded_tokens():
    tokens = RNG.integers(1, 10, size=(8, 6))
    tokens[:, 4:] = 0
    tokens[:3, 2:] = 0
    return tokens


def test_time_distributed_propagates_the_embedding_mask_in_a_model_as_keras():
    keras_model, kt_model = sequence_tagger(keras), sequence_tagger(kerastorch)
    kt_model.set_weights(keras_model.get_weights())
    tokens = padded_tokens()
    expected = keras_model(tokens)
    received = kt_model(torch.from_numpy(tokens))
    assert_close(received, expected)
    assert_same_masks(received, expected)
    x = keras.Input((6,), dtype="int32")
    kx = kerastorch.Input((6,), dtype="int32")
    assert kt_model(kx).shape == keras_model(x).shape


def test_time_distributed_fit_with_a_masked_loss_matches_keras():
    tokens = padded_tokens()
    targets = RNG.random(size=(8, 6, 3)).astype("float32")
    assert_fit_matches_keras(sequence_tagger, tokens, targets)


def test_time_distributed_sparse_crossentropy_fit_matches_keras():
    tokens = padded_tokens()
    labels = RNG.integers(0, 3, size=(8, 6))
    keras_model, kt_model = sequence_tagger(keras), sequence_tagger(kerastorch)
    kt_model.set_weights(keras_model.get_weights())
    histories = []
    for lib, model in ((keras, keras_model), (kerastorch, kt_model)):
        model.compile(optimizer=lib.optimizers.SGD(0.5), loss="sparse_categorical_crossentropy",
                      metrics=["accuracy"])
        histories.append(model.fit(tokens, labels, batch_size=4, epochs=2, shuffle=False,
                                   verbose=0).history)
    for key in ("loss", "accuracy"):
        np.testing.assert_allclose(histories[1][key], histories[0][key], rtol=1e-5, atol=1e-6)
    assert_same_weights(keras_model, kt_model)


@pytest.mark.parametrize("mask_shape", [(2, 5), (3, 4), (3, 5, 2), (4,)])
def test_time_distributed_rejects_a_mask_of_another_shape_as_keras(mask_shape):
    keras_layer, kt_layer = time_distributed_pair(lambda lib: lib.layers.Dense(3), (2, 4, 5))
    x = np.zeros((2, 4, 5), "float32")
    mask = np.ones(mask_shape, bool)
    assert_raises_like_keras(lambda: keras_layer(x, mask=mask),
                             lambda: kt_layer(torch.from_numpy(x), mask=torch.from_numpy(mask)),
                             "`mask` passed to the `TimeDistributed` layer", str(mask_shape))


def test_time_distributed_rejects_inputs_under_three_dimensions_as_keras():
    assert_raises_like_keras(
        lambda: keras.layers.TimeDistributed(keras.layers.Dense(2))(np.ones((2, 3), "float32")),
        lambda: kerastorch.layers.TimeDistributed(kerastorch.layers.Dense(2))(torch.ones(2, 3)),
        "at least 3 dimensions", "(2, 3)")
    assert_raises_like_keras(lambda: keras.layers.TimeDistributed("dense"),
                             lambda: kerastorch.layers.TimeDistributed("dense"),
                             "`keras.layers.Layer` instance")


# --------------------------------------------------------------- Bidirectional
def random_weights(layer, scale=0.5):
    return [(scale * RNG.normal(size=w.shape)).astype("float32") for w in layer.get_weights()]


def bidirectional_pair(rnn, rnn_kwargs, shape, merge_mode="concat", backward_kwargs=None):
    """The same Bidirectional RNN in both libraries, built, with the same random weights."""

    def make(lib):
        backward = None
        if backward_kwargs is not None:
            backward = getattr(lib.layers, rnn)(name="back", **backward_kwargs)
        forward = getattr(lib.layers, rnn)(name="rnn", **{"units": 2, **rnn_kwargs})
        return lib.layers.Bidirectional(forward,
                                        merge_mode=merge_mode, backward_layer=backward,
                                        name="bidirectional")

    keras_layer, kt_layer = make(keras), make(kerastorch)
    keras_layer.build(shape)
    kt_layer.build(shape)
    keras_layer.set_weights(random_weights(keras_layer))
    kt_layer.set_weights(keras_layer.get_weights())
    return keras_layer, kt_layer


BIDIRECTIONAL_CASES = [
    ("LSTM", {}, "concat"),
    ("LSTM", {"return_sequences": True}, "concat"),
    ("LSTM", {"return_sequences": True}, "sum"),
    ("LSTM", {}, "mul"),
    ("LSTM", {"return_sequences": True}, "ave"),
    ("LSTM", {"return_sequences": True}, None),
    ("LSTM", {}, None),
    ("LSTM", {"return_state": True}, "concat"),
    ("LSTM", {"return_sequences": True, "return_state": True}, None),
    ("LSTM", {"return_sequences": True, "activation": "relu", "use_bias": False}, "concat"),
    ("GRU", {"return_sequences": True}, "concat"),
    ("GRU", {"return_state": True, "reset_after": False}, "sum"),
    ("SimpleRNN", {"return_sequences": True, "return_state": True}, "ave"),
]


@pytest.mark.parametrize("rnn, rnn_kwargs, merge_mode", BIDIRECTIONAL_CASES)
def test_bidirectional_matches_keras(rnn, rnn_kwargs, merge_mode):
    shape = (3, 5, 4)
    keras_layer, kt_layer = bidirectional_pair(rnn, rnn_kwargs, shape, merge_mode)
    assert [w.path for w in kt_layer.weights] == [w.path for w in keras_layer.weights]
    assert [tuple(w.shape) for w in kt_layer.weights] == [
        tuple(w.shape) for w in keras_layer.weights]
    x = RNG.normal(size=shape).astype("float32")
    expected = keras_layer(x)
    received = kt_layer(torch.from_numpy(x))
    assert type(received) is type(expected)
    assert_same_structure_close(received, expected)
    assert kt_layer.get_config() == keras_layer.get_config()
    rebuilt = kerastorch.layers.Bidirectional.from_config(keras_layer.get_config())
    assert rebuilt.get_config() == keras_layer.get_config()
    symbolic = (None,) + shape[1:]
    assert symbolic_shapes(kt_layer.compute_output_shape(symbolic)) == symbolic_shapes(
        keras_layer.compute_output_shape(symbolic))
    keras_symbolic = keras_layer(keras.Input(batch_shape=symbolic))
    kt_symbolic = kt_layer(kerastorch.Input(batch_shape=symbolic))
    assert symbolic_shapes(kt_symbolic) == symbolic_shapes(keras_symbolic)


@pytest.mark.parametrize("rnn, rnn_kwargs, merge_mode", [
    ("LSTM", {"return_sequences": True}, "concat"),
    ("LSTM", {"return_sequences": True}, None),
    ("LSTM", {}, None),
    ("LSTM", {"return_sequences": True, "return_state": True}, "sum"),
    ("GRU", {}, "concat"),
])
@pytest.mark.parametrize("padding", ["left", "right", "scattered"])
def test_bidirectional_masks_like_keras(rnn, rnn_kwargs, merge_mode, padding):
    keras_layer, kt_layer = bidirectional_pair(rnn, rnn_kwargs, (4, 6, 3), merge_mode)
    x = RNG.normal(size=(4, 6, 3)).astype("float32")
    mask = np.ones((4, 6), bool)
    if padding == "left":
        mask[:, :2] = False
        mask[0, :5] = False
    elif padding == "right":
        mask[:, 4:] = False
        mask[1, 1:] = False
    else:
        mask[:, 1] = False
        mask[2, 3:5] = False
    expected = keras_layer(x, mask=mask)
    received = kt_layer(torch.from_numpy(x), mask=torch.from_numpy(mask))
    assert_same_structure_close(received, expected)
    assert_same_masks(received, expected)


@pytest.mark.parametrize("rnn, states", [("LSTM", 4), ("GRU", 2)])
def test_bidirectional_splits_the_initial_state_like_keras(rnn, states):
    x = RNG.normal(size=(3, 5, 4)).astype("float32")
    keras_layer, kt_layer = bidirectional_pair(rnn, {"return_state": True, "units": 7},
                                               (3, 5, 4))
    initial = [RNG.normal(size=(3, 7)).astype("float32") for _ in range(states)]
    expected = keras_layer(x, initial_state=initial)
    received = kt_layer(torch.from_numpy(x), initial_state=[torch.from_numpy(s)
                                                            for s in initial])
    assert_same_structure_close(received, expected)
    # The states given do change the result.
    assert not np.allclose(numpy_of(expected[0]), numpy_of(keras_layer(x)[0]))


def test_bidirectional_initial_state_inputs_of_a_functional_model_match_keras():
    def build(lib):
        sequences = lib.Input((5, 3))
        states = [lib.Input((4,)) for _ in range(4)]
        outputs = lib.layers.Bidirectional(lib.layers.LSTM(4, name="lstm"),
                                           name="bidirectional")(sequences,
                                                                 initial_state=states)
        return lib.Model([sequences] + states, outputs)

    keras_model, kt_model = build(keras), build(kerastorch)
    keras_model.set_weights(random_weights(keras_model))
    kt_model.set_weights(keras_model.get_weights())
    data = [RNG.normal(size=(2, 5, 3)).astype("float32")] + [
        RNG.normal(size=(2, 4)).astype("float32") for _ in range(4)]
    np.testing.assert_allclose(kt_model.predict(data, verbose=0),
                               keras_model.predict(data, verbose=0), rtol=1e-5, atol=1e-6)


def test_bidirectional_with_a_backward_layer_matches_keras():
    backward = {"units": 3, "activation": "relu", "go_backwards": True,
                "return_sequences": True}
    keras_layer, kt_layer = bidirectional_pair("LSTM", {"units": 5, "return_sequences": True},
                                               (2, 4, 3), backward_kwargs=backward)
    assert [w.path for w in kt_layer.weights] == [w.path for w in keras_layer.weights]
    x = RNG.normal(size=(2, 4, 3)).astype("float32")
    assert_close(kt_layer(torch.from_numpy(x)), keras_layer(x))
    assert kt_layer.get_config() == keras_layer.get_config()
    rebuilt = kerastorch.layers.Bidirectional.from_config(kt_layer.get_config())
    assert rebuilt.get_config() == kt_layer.get_config()
    assert rebuilt.backward_layer.name == "back" and rebuilt.backward_layer.units == 3


def test_bidirectional_stateful_carries_states_across_calls_like_keras():
    keras_layer, kt_layer = bidirectional_pair("LSTM", {"stateful": True, "units": 3},
                                               (2, 4, 3))
    for _ in range(2):
        x = RNG.normal(size=(2, 4, 3)).astype("float32")
        assert_close(kt_layer(torch.from_numpy(x)), keras_layer(x))
    assert len(kt_layer.states) == len(keras_layer.states) == 4
    for received, expected in zip(kt_layer.states, keras_layer.states):
        assert_close(received, expected)
    keras_layer.reset_state()
    kt_layer.reset_state()
    x = RNG.normal(size=(2, 4, 3)).astype("float32")
    assert_close(kt_layer(torch.from_numpy(x)), keras_layer(x))
    assert_raises_like_keras(
        lambda: bidirectional_pair("LSTM", {}, (2, 4, 3))[0].reset_state(),
        lambda: bidirectional_pair("LSTM", {}, (2, 4, 3))[1].reset_state(),
        "Layer must be stateful.")


def test_bidirectional_errors_match_keras():
    def both(make):
        return (lambda: make(keras)), (lambda: make(kerastorch))

    assert_raises_like_keras(*both(lambda lib: lib.layers.Bidirectional(
        lib.layers.LSTM(2), merge_mode="max")), "Invalid merge mode", "max")
    assert_raises_like_keras(*both(lambda lib: lib.layers.Bidirectional("lstm")),
                             "`keras.layers.Layer` instance")
    assert_raises_like_keras(*both(lambda lib: lib.layers.Bidirectional(
        lib.layers.LSTM(2), backward_layer="lstm")), "`backward_layer`")
    assert_raises_like_keras(*both(lambda lib: lib.layers.Bidirectional(
        lib.layers.LSTM(2), backward_layer=lib.layers.LSTM(2))), "`go_backwards`")
    assert_raises_like_keras(*both(lambda lib: lib.layers.Bidirectional(
        lib.layers.LSTM(2), backward_layer=lib.layers.LSTM(
            2, go_backwards=True, return_sequences=True))), '"return_sequences"')
    assert_raises_like_keras(*both(lambda lib: lib.layers.Bidirectional(
        lib.layers.LSTM(2), name="bidirectional")(np.ones((2, 3), "float32"))),
        "bidirectional", "ndim=3", "ndim=2")


def sentiment_model(lib):
    inputs = lib.Input(shape=(7,), dtype="int32")
    x = lib.layers.Embedding(20, 4, mask_zero=True, name="embedding")(inputs)
    x = lib.layers.Bidirectional(lib.layers.LSTM(3, return_sequences=True, name="lstm_a"),
                                 name="bidirectional_a")(x)
    x = lib.layers.Bidirectional(lib.layers.GRU(3, name="gru_b"), merge_mode="sum",
                                 name="bidirectional_b")(x)
    outputs = lib.layers.Dense(1, activation="sigmoid", name="dense")(x)
    return lib.Model(inputs, outputs)


def sentiment_data():
    tokens = RNG.integers(1, 20, size=(8, 7))
    for row, length in enumerate([7, 5, 3, 6, 1, 7, 4, 2]):
        tokens[row, :7 - length] = 0  # left padding, as pad_sequences makes it
    labels = RNG.integers(0, 2, size=(8, 1)).astype("float32")
    return tokens, labels


def test_bidirectional_propagates_the_embedding_mask_in_a_model_as_keras():
    keras_model, kt_model = sentiment_model(keras), sentiment_model(kerastorch)
    keras_model.set_weights(random_weights(keras_model))
    kt_model.set_weights(keras_model.get_weights())
    assert [w.path for w in kt_model.weights] == [w.path for w in keras_model.weights]
    tokens, _ = sentiment_data()
    assert_close(kt_model(torch.from_numpy(tokens)), keras_model(tokens))
    # The padding's embedding changes nothing: the mask reached both directions.
    before = kt_model(torch.from_numpy(tokens)).detach().clone()
    with torch.no_grad():
        kt_model.get_layer("embedding").embeddings[0] += 5.0
    np.testing.assert_allclose(kt_model(torch.from_numpy(tokens)).detach().numpy(),
                               before.numpy(), rtol=1e-5, atol=1e-6)


def test_bidirectional_fit_matches_keras():
    tokens, labels = sentiment_data()
    assert_fit_matches_keras(sentiment_model, tokens, labels)


def test_bidirectional_sequence_tagger_fit_matches_keras():
    def tagger(lib):
        return lib.Sequential([
            lib.Input((5, 3)),
            lib.layers.Bidirectional(lib.layers.LSTM(4, return_sequences=True, name="lstm"),
                                     merge_mode="ave", name="bidirectional"),
            lib.layers.TimeDistributed(lib.layers.Dense(2, name="dense"), name="td"),
        ])

    x = RNG.normal(size=(8, 5, 3)).astype("float32")
    y = RNG.normal(size=(8, 5, 2)).astype("float32")
    assert_fit_matches_keras(tagger, x, y)
