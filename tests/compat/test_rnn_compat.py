"""Recurrent layers (RNN, SimpleRNN, LSTM, GRU, their cells, StackedRNNCells) against real Keras.

kerastorch runs the built-in cells either in torch's fused kernels or step by
step (`unroll=True` forces the loop); both paths are compared with Keras on
the same weights, and the `paths` fixture checks which one actually ran.
"""

import keras
import numpy as np
import pytest
import torch

import kerastorch
from kerastorch.layers.rnn import rnn as rnn_module
from tests.compat.layer_checks import assert_fit_matches_keras, assert_raises_like_keras

RNG = np.random.default_rng(0)
BATCH, STEPS, FEATURES, UNITS = 4, 7, 5, 3
X = RNG.normal(size=(BATCH, STEPS, FEATURES)).astype("float32")
LAYERS = ["SimpleRNN", "LSTM", "GRU"]

RIGHT_PADDED = np.arange(STEPS)[None] < np.array([7, 3, 1, 5])[:, None]
LEFT_PADDED = np.arange(STEPS)[None] >= np.array([0, 3, 6, 2])[:, None]
RUN_AND_EMPTY = np.zeros((BATCH, STEPS), bool)
RUN_AND_EMPTY[:, 2:5] = True
RUN_AND_EMPTY[1] = False  # a fully masked row
SCATTERED = np.array([[1, 0, 1, 1, 0, 1, 0]] * BATCH, bool)
MASKS = {"none": None, "right": RIGHT_PADDED, "left": LEFT_PADDED,
         "run_and_empty": RUN_AND_EMPTY, "scattered": SCATTERED}


@pytest.fixture
def paths(monkeypatch):
    """Records which path (`"fused"` or `"loop"`) each RNN call took."""
    taken = []
    fused, loop = rnn_module.fused_rnn, rnn_module.rnn_loop

    def spy_fused(*args, **kwargs):
        result = fused(*args, **kwargs)
        taken.append("fused" if result is not None else "fused_refused")
        return result

    def spy_loop(*args, **kwargs):
        taken.append("loop")
        return loop(*args, **kwargs)

    monkeypatch.setattr(rnn_module, "fused_rnn", spy_fused)
    monkeypatch.setattr(rnn_module, "rnn_loop", spy_loop)
    return taken


def numpy_of(x):
    return keras.ops.convert_to_numpy(x)


def as_list(x):
    return list(x) if isinstance(x, (list, tuple)) else [x]


def assert_all_close(received, expected):
    received, expected = as_list(received), as_list(expected)
    assert len(received) == len(expected)
    for r, e in zip(received, expected):
        if isinstance(e, (list, tuple)):
            assert_all_close(r, e)
        else:
            np.testing.assert_allclose(r.detach().numpy(), numpy_of(e), rtol=1e-5, atol=1e-6)


def layer_pair(class_name, kt_extra=None, **kwargs):
    """Keras's and kerastorch's `class_name(UNITS, **kwargs)`, with Keras's weights."""
    keras_layer = getattr(keras.layers, class_name)(UNITS, **kwargs)
    kt_layer = getattr(kerastorch.layers, class_name)(UNITS, **kwargs, **(kt_extra or {}))
    keras_layer.build(X.shape)
    kt_layer.build(X.shape)
    kt_layer.set_weights(keras_layer.get_weights())
    return keras_layer, kt_layer


def call_both(keras_layer, kt_layer, x=X, mask=None, **kwargs):
    keras_kwargs = dict(kwargs)
    kt_kwargs = {k: [torch.from_numpy(v) for v in val] if isinstance(val, list) else val
                 for k, val in kwargs.items()}
    if mask is not None:
        keras_kwargs["mask"] = mask
        kt_kwargs["mask"] = torch.from_numpy(mask)
    return keras_layer(x, **keras_kwargs), kt_layer(torch.from_numpy(x), **kt_kwargs)


# ------------------------------------------------------------ outputs and paths
OPTIONS = [
    {},
    {"return_sequences": True},
    {"return_state": True},
    {"return_sequences": True, "return_state": True, "go_backwards": True},
    {"return_sequences": True, "return_state": True, "zero_output_for_mask": True},
]


def expected_path(name, mask_name, unroll, kwargs):
    if unroll or kwargs.get("activation") == "relu" or kwargs.get("reset_after") is False:
        return "loop"
    return "fused_refused" if mask_name == "scattered" else "fused"


@pytest.mark.parametrize("unroll", [False, True], ids=["fused", "loop"])
@pytest.mark.parametrize("mask_name", list(MASKS))
@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: "-".join(o) or "default")
@pytest.mark.parametrize("name", LAYERS)
def test_outputs_and_states_match_keras(name, options, mask_name, unroll, paths):
    keras_layer, kt_layer = layer_pair(name, kt_extra={"unroll": unroll}, **options)
    expected, received = call_both(keras_layer, kt_layer, mask=MASKS[mask_name])
    assert_all_close(received, expected)
    path = expected_path(name, mask_name, unroll, options)
    assert paths[0] == path
    assert paths[-1] == ("loop" if path != "fused" else "fused")


@pytest.mark.parametrize("unroll", [False, True], ids=["fused", "loop"])
@pytest.mark.parametrize("name, kwargs", [
    ("LSTM", {"use_bias": False}),
    ("GRU", {"use_bias": False}),
    ("SimpleRNN", {"use_bias": False}),
    ("LSTM", {"unit_forget_bias": False, "bias_initializer": "random_normal"}),
    ("GRU", {"bias_initializer": "random_normal"}),
    ("GRU", {"reset_after": False, "bias_initializer": "random_normal"}),
    ("LSTM", {"activation": "relu"}),
    ("SimpleRNN", {"activation": "relu"}),
    ("GRU", {"recurrent_activation": "hard_sigmoid"}),
    ("LSTM", {"implementation": 1}),
])
@pytest.mark.parametrize("mask_name", ["none", "left"])
def test_layer_variants_match_keras(name, kwargs, mask_name, unroll, paths):
    options = dict(kwargs, return_sequences=True, return_state=True)
    keras_layer, kt_layer = layer_pair(name, kt_extra={"unroll": unroll}, **options)
    expected, received = call_both(keras_layer, kt_layer, mask=MASKS[mask_name])
    assert_all_close(received, expected)
    fused = not unroll and "activation" not in kwargs and "recurrent_activation" not in kwargs \
        and kwargs.get("reset_after", True)
    assert paths[-1] == ("fused" if fused else "loop")


@pytest.mark.parametrize("name", ["LSTM", "GRU"])
def test_use_cudnn_false_loops_and_matches_keras(name, paths):
    keras_layer, kt_layer = layer_pair(name, kt_extra={"use_cudnn": False},
                                       return_sequences=True)
    expected, received = call_both(keras_layer, kt_layer, mask=LEFT_PADDED)
    assert_all_close(received, expected)
    assert paths == ["loop"]
    assert "use_cudnn" not in kt_layer.get_config()


@pytest.mark.parametrize("name", LAYERS)
def test_initial_state_matches_keras(name):
    keras_layer, kt_layer = layer_pair(name, return_sequences=True, return_state=True)
    states = [RNG.normal(size=(BATCH, UNITS)).astype("float32")
              for _ in range(2 if name == "LSTM" else 1)]
    for mask in (None, RIGHT_PADDED, RUN_AND_EMPTY):
        expected, received = call_both(keras_layer, kt_layer, mask=mask, initial_state=states)
        assert_all_close(received, expected)


@pytest.mark.parametrize("unroll", [False, True], ids=["fused", "loop"])
@pytest.mark.parametrize("name", LAYERS)
def test_stateful_over_batches_and_reset_match_keras(name, unroll):
    keras_layer, kt_layer = layer_pair(name, kt_extra={"unroll": unroll}, stateful=True,
                                       return_state=True)
    second = RNG.normal(size=X.shape).astype("float32")
    for x in (X, second):
        expected, received = call_both(keras_layer, kt_layer, x=x)
        assert_all_close(received, expected)
    assert_all_close(kt_layer.states, keras_layer.states)
    keras_layer.reset_states()
    kt_layer.reset_states()
    expected, received = call_both(keras_layer, kt_layer, x=second)
    assert_all_close(received, expected)


def test_stateful_batch_size_mismatch_raises_like_keras():
    keras_layer, kt_layer = layer_pair("LSTM", stateful=True)
    call_both(keras_layer, kt_layer)
    assert_raises_like_keras(lambda: keras_layer(X[:2]), lambda: kt_layer(torch.from_numpy(X[:2])),
                             "Expected batch size: 4", "Received batch size: 2")


def test_stateful_needs_a_static_batch_size_like_keras():
    assert_raises_like_keras(
        lambda: keras.layers.LSTM(2, stateful=True)(keras.Input((STEPS, FEATURES))),
        lambda: kerastorch.layers.LSTM(2, stateful=True)(kerastorch.Input((STEPS, FEATURES))),
        "batch size must be static")


# ------------------------------------------------------------- masks in models
def masked_model(lib, name, masking, return_sequences):
    layers = lib.layers
    if masking == "embedding":
        inputs = lib.Input((STEPS,), dtype="int32")
        x = layers.Embedding(10, FEATURES, mask_zero=True)(inputs)
    else:
        inputs = lib.Input((STEPS, FEATURES))
        x = layers.Masking(0.0)(inputs)
    x = getattr(layers, name)(UNITS, return_sequences=return_sequences)(x)
    outputs = layers.Dense(2)(x)
    return lib.Model(inputs, outputs)


def padded_tokens(left):
    tokens = RNG.integers(1, 10, size=(BATCH, STEPS))
    lengths = np.array([7, 4, 2, 5])
    keep = np.arange(STEPS)[None] >= (STEPS - lengths)[:, None] if left else \
        np.arange(STEPS)[None] < lengths[:, None]
    return np.where(keep, tokens, 0).astype("int32")


@pytest.mark.parametrize("return_sequences", [False, True])
@pytest.mark.parametrize("padding", ["right", "left"])
@pytest.mark.parametrize("masking", ["embedding", "masking"])
@pytest.mark.parametrize("name", LAYERS)
def test_masks_propagate_from_embedding_and_masking_like_keras(name, masking, padding,
                                                               return_sequences, paths):
    keras_model = masked_model(keras, name, masking, return_sequences)
    kt_model = masked_model(kerastorch, name, masking, return_sequences)
    kt_model.set_weights(keras_model.get_weights())
    tokens = padded_tokens(padding == "left")
    x = tokens if masking == "embedding" else np.where(
        tokens[..., None] > 0, X, 0.0).astype("float32")
    expected = keras_model.predict(x, verbose=0)
    received = kt_model.predict(x, verbose=0)
    np.testing.assert_allclose(received, expected, rtol=1e-5, atol=1e-6)
    assert "fused" in paths
    if return_sequences:
        keras_mask = keras_model.layers[2](keras_model.layers[1](x))._keras_mask
        kt_out = kt_model.layers[2](kt_model.layers[1](torch.from_numpy(x)))
        np.testing.assert_array_equal(kt_out._keras_mask.numpy(), numpy_of(keras_mask))


# ------------------------------------------------------------ configs, weights
CONFIG_CASES = [
    ("SimpleRNN", {}),
    ("SimpleRNN", {"activation": "relu", "dropout": 0.2, "recurrent_dropout": 0.1, "seed": 3,
                   "return_sequences": True, "kernel_regularizer": "l2"}),
    ("LSTM", {}),
    ("LSTM", {"unit_forget_bias": False, "recurrent_activation": "hard_sigmoid",
              "go_backwards": True, "stateful": True, "unroll": True, "seed": 1,
              "bias_constraint": "non_neg", "activity_regularizer": "l1"}),
    ("GRU", {}),
    ("GRU", {"reset_after": False, "return_state": True, "dropout": 0.5, "use_bias": False}),
]


@pytest.mark.parametrize("name, kwargs", CONFIG_CASES)
def test_config_weights_and_shapes_match_keras(name, kwargs):
    keras_layer, kt_layer = layer_pair(name, name="rnn_under_test", **kwargs)
    assert kt_layer.get_config() == keras_layer.get_config()
    rebuilt = type(kt_layer).from_config(kt_layer.get_config())
    assert rebuilt.get_config() == kt_layer.get_config()
    assert getattr(keras.layers, name).from_config(kt_layer.get_config()).get_config() == \
        keras_layer.get_config()
    assert [w.path for w in kt_layer.weights] == [w.path for w in keras_layer.weights]
    assert [tuple(w.shape) for w in kt_layer.weights] == [tuple(w.shape) for w in
                                                           keras_layer.weights]
    assert kt_layer.get_build_config() == keras_layer.get_build_config()
    for attribute in ("units", "dropout", "recurrent_dropout", "use_bias"):
        assert getattr(kt_layer, attribute) == getattr(keras_layer, attribute)
    shape = (None, STEPS, FEATURES) if not kwargs.get("stateful") else X.shape
    assert kt_layer.compute_output_shape(shape) == keras_layer.compute_output_shape(shape)
    keras_out = getattr(keras.layers, name)(UNITS, **kwargs)(keras.Input(batch_shape=shape))
    kt_out = getattr(kerastorch.layers, name)(UNITS, **kwargs)(kerastorch.Input(
        batch_shape=shape))
    assert [tuple(t.shape) for t in as_list(kt_out)] == [tuple(t.shape) for t in
                                                          as_list(keras_out)]


@pytest.mark.parametrize("name", LAYERS)
def test_default_initial_weights_follow_keras_rules(name):
    kt_layer = getattr(kerastorch.layers, name)(4)
    kt_layer.build((None, STEPS, FEATURES))
    keras_layer = getattr(keras.layers, name)(4)
    keras_layer.build((None, STEPS, FEATURES))
    _, recurrent, bias = kt_layer.get_weights()
    assert recurrent.shape == (4, 4 * {"SimpleRNN": 1, "LSTM": 4, "GRU": 3}[name])
    np.testing.assert_allclose(recurrent @ recurrent.T, np.eye(4), atol=1e-5)  # orthogonal
    np.testing.assert_array_equal(bias, keras_layer.get_weights()[2])  # zeros; LSTM forget ones


def cells(lib):
    layers = lib.layers
    return [layers.LSTMCell(4), layers.GRUCell(3, reset_after=False), layers.SimpleRNNCell(2)]


@pytest.mark.parametrize("mask", [None, LEFT_PADDED], ids=["no_mask", "mask"])
@pytest.mark.parametrize("stacked_explicitly", [False, True])
def test_rnn_of_stacked_cells_matches_keras(stacked_explicitly, mask):
    def build(lib):
        cell = cells(lib)
        if stacked_explicitly:
            cell = lib.layers.StackedRNNCells(cell)
        return lib.layers.RNN(cell, return_sequences=True, return_state=True)

    keras_layer, kt_layer = build(keras), build(kerastorch)
    keras_layer.build(X.shape)
    kt_layer.build(X.shape)
    assert [w.path for w in kt_layer.weights] == [w.path for w in keras_layer.weights]
    kt_layer.set_weights(keras_layer.get_weights())
    expected, received = call_both(keras_layer, kt_layer, mask=mask)
    assert_all_close(received, expected)
    assert kt_layer.get_config() == keras_layer.get_config()
    assert kerastorch.layers.RNN.from_config(kt_layer.get_config()).get_config() == \
        kt_layer.get_config()
    assert kt_layer.compute_output_shape((None, STEPS, FEATURES)) == \
        keras_layer.compute_output_shape((None, STEPS, FEATURES))


@pytest.mark.parametrize("cell_name, kwargs", [
    ("SimpleRNNCell", {}), ("LSTMCell", {"unit_forget_bias": False}),
    ("GRUCell", {"reset_after": False}), ("GRUCell", {"dropout": 0.3, "seed": 2}),
])
@pytest.mark.parametrize("go_backwards", [False, True])
def test_rnn_of_one_builtin_cell_matches_keras(cell_name, kwargs, go_backwards):
    def build(lib):
        cell = getattr(lib.layers, cell_name)(UNITS, **kwargs)
        return lib.layers.RNN(cell, return_sequences=True, go_backwards=go_backwards)

    keras_layer, kt_layer = build(keras), build(kerastorch)
    keras_layer.build(X.shape)
    kt_layer.build(X.shape)
    kt_layer.set_weights(keras_layer.get_weights())
    for mask in (None, RIGHT_PADDED, SCATTERED):
        expected, received = call_both(keras_layer, kt_layer, mask=mask)
        assert_all_close(received, expected)
    assert kt_layer.get_config() == keras_layer.get_config()
    cell = keras_layer.cell
    assert kt_layer.cell.get_config() == cell.get_config()
    kt_cell = getattr(kerastorch.layers, cell_name).from_config(cell.get_config())
    assert kt_cell.get_config() == cell.get_config()


# ------------------------------------------------------------- user-written cell
def minimal_cell_class(lib):
    matmul = torch.matmul if lib is kerastorch else keras.ops.matmul

    class MinimalRNNCell(lib.layers.Layer):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.units = units
            self.state_size = units

        def build(self, input_shape):
            self.kernel = self.add_weight(shape=(input_shape[-1], self.units),
                                          initializer="uniform", name="kernel")
            self.recurrent_kernel = self.add_weight(shape=(self.units, self.units),
                                                    initializer="uniform",
                                                    name="recurrent_kernel")

        def call(self, inputs, states):
            output = matmul(inputs, self.kernel) + matmul(states[0], self.recurrent_kernel)
            return output, [output]

    return MinimalRNNCell


@pytest.mark.parametrize("stacked", [False, True])
@pytest.mark.parametrize("mask", [None, SCATTERED, RIGHT_PADDED], ids=["none", "scattered",
                                                                      "right"])
def test_user_written_cell_matches_keras(stacked, mask, paths):
    def build(lib):
        cell_class = minimal_cell_class(lib)
        cell = [cell_class(4), cell_class(UNITS)] if stacked else cell_class(UNITS)
        return lib.layers.RNN(cell, return_sequences=True, return_state=True)

    keras_layer, kt_layer = build(keras), build(kerastorch)
    keras_layer.build(X.shape)
    kt_layer.build(X.shape)
    kt_layer.set_weights(keras_layer.get_weights())
    expected, received = call_both(keras_layer, kt_layer, mask=mask)
    assert_all_close(received, expected)
    assert paths == ["loop"]


def test_subclassed_builtin_cell_runs_its_own_call(paths):
    class DoubledLSTMCell(kerastorch.layers.LSTMCell):
        def call(self, inputs, states, training=False):
            h, (h2, c) = super().call(inputs, states, training=training)
            return 2 * h, [h2, c]

    layer = kerastorch.layers.RNN(DoubledLSTMCell(UNITS))
    plain = kerastorch.layers.RNN(kerastorch.layers.LSTMCell(UNITS))
    plain.build(X.shape)
    layer.build(X.shape)
    layer.set_weights(plain.get_weights())
    x = torch.from_numpy(X)
    torch.testing.assert_close(layer(x), 2 * plain(x))
    assert paths == ["loop", "fused"]


# ------------------------------------------------------------------- dropout
def identity_rnn(lib, unroll, **kwargs):
    """SimpleRNN whose output at each step is tanh(dropped input): the mask is visible."""
    layer = lib.layers.SimpleRNN(FEATURES, return_sequences=True, **kwargs)
    if lib is kerastorch:
        layer.unroll = unroll
    layer.build((None, STEPS, FEATURES))
    layer.set_weights([np.eye(FEATURES, dtype="float32"),
                       np.zeros((FEATURES, FEATURES), "float32"),
                       np.zeros(FEATURES, "float32")])
    return layer


@pytest.mark.parametrize("unroll", [False, True], ids=["fused", "loop"])
def test_input_dropout_mask_is_per_sequence_with_keras_statistics(unroll):
    x = np.ones((2000, STEPS, FEATURES), "float32")
    kt_out = identity_rnn(kerastorch, unroll, dropout=0.3)(torch.from_numpy(x),
                                                           training=True).detach().numpy()
    keras_out = numpy_of(identity_rnn(keras, unroll, dropout=0.3)(x, training=True))
    for out in (kt_out, keras_out):
        # kept inputs are scaled by 1 / (1 - rate); the same units drop at every step
        np.testing.assert_allclose(np.unique(np.round(out, 5)),
                                   np.round(np.tanh([0.0, 1 / 0.7]), 5))
        assert (out == out[:, :1]).all()
        assert abs((out == 0).mean() - 0.3) < 0.02
    inference = identity_rnn(kerastorch, unroll, dropout=0.3)(torch.from_numpy(x))
    np.testing.assert_allclose(inference.detach().numpy(), np.tanh(x), rtol=1e-6)


@pytest.mark.parametrize("name", LAYERS)
def test_recurrent_dropout_trains_randomly_and_infers_like_keras(name, paths):
    keras_layer, kt_layer = layer_pair(name, dropout=0.2, recurrent_dropout=0.4,
                                       return_sequences=True)
    expected, received = call_both(keras_layer, kt_layer, training=False)
    assert_all_close(received, expected)
    assert paths == ["fused"]  # no recurrent dropout at inference: fused
    x = torch.from_numpy(X)
    first, second = kt_layer(x, training=True), kt_layer(x, training=True)
    assert paths[1:] == ["loop", "loop"]
    assert not torch.allclose(first, second)
    assert not torch.allclose(first, received)


@pytest.mark.parametrize("name", LAYERS)
def test_seeded_dropout_repeats(name):
    def run():
        layer = getattr(kerastorch.layers, name)(UNITS, dropout=0.5, seed=7)
        layer.build(X.shape)
        layer.set_weights([np.full(w.shape, 0.1, "float32") for w in layer.get_weights()])
        return layer(torch.from_numpy(X), training=True)

    torch.testing.assert_close(run(), run())


# ----------------------------------------------------------------------- fit
@pytest.mark.parametrize("unroll", [False, True], ids=["fused", "loop"])
@pytest.mark.parametrize("name", LAYERS)
def test_fit_steps_match_keras(name, unroll):
    def build(lib):
        layer = getattr(lib.layers, name)(UNITS)
        if lib is kerastorch:
            layer.unroll = unroll
        return lib.Sequential([lib.Input((STEPS, FEATURES)), layer, lib.layers.Dense(1)])

    y = RNG.normal(size=(BATCH * 2, 1)).astype("float32")
    x = RNG.normal(size=(BATCH * 2, STEPS, FEATURES)).astype("float32")
    assert_fit_matches_keras(build, x, y, epochs=2, batch_size=4)


@pytest.mark.parametrize("padding", ["right", "left"])
@pytest.mark.parametrize("name", ["LSTM", "GRU"])
def test_fit_on_masked_tokens_matches_keras(name, padding):
    def build(lib):
        return lib.Sequential([
            lib.Input((STEPS,), dtype="int32"),
            lib.layers.Embedding(10, FEATURES, mask_zero=True),
            getattr(lib.layers, name)(UNITS),
            lib.layers.Dense(1),
        ])

    x = np.concatenate([padded_tokens(padding == "left") for _ in range(2)])
    y = RNG.normal(size=(len(x), 1)).astype("float32")
    assert_fit_matches_keras(build, x, y, epochs=2, batch_size=4)


# -------------------------------------------------------------------- errors
@pytest.mark.parametrize("name", LAYERS)
def test_wrong_rank_raises_like_keras(name):
    x = np.zeros((2, FEATURES), "float32")
    assert_raises_like_keras(lambda: getattr(keras.layers, name)(2)(x),
                             lambda: getattr(kerastorch.layers, name)(2)(torch.from_numpy(x)),
                             "expected ndim=3, found ndim=2")


@pytest.mark.parametrize("make", [
    lambda lib: lib.layers.LSTM(0),
    lambda lib: lib.layers.GRUCell(-1),
    lambda lib: lib.layers.LSTM(2, use_cudnn="yes"),
    lambda lib: lib.layers.GRU(2, use_cudnn=None),
    lambda lib: lib.layers.RNN(object()),
    lambda lib: lib.layers.SimpleRNN(2, use_cudnn=True),
    lambda lib: lib.layers.StackedRNNCells([lib.layers.Dense(2)]),
])
def test_invalid_arguments_raise_like_keras(make):
    assert_raises_like_keras(lambda: make(keras), lambda: make(kerastorch))


def test_use_cudnn_true_refuses_what_the_kernel_cannot_do_like_keras():
    x = np.zeros((2, STEPS, FEATURES), "float32")

    def call(lib):
        return lib.layers.GRU(2, reset_after=False, use_cudnn=True)(
            x if lib is keras else torch.from_numpy(x))

    assert_raises_like_keras(lambda: call(keras), lambda: call(kerastorch), "use_cudnn=True")


def test_saved_models_load_across_libraries(tmp_path):
    def build(lib):
        return lib.Sequential([
            lib.Input((STEPS,), dtype="int32"),
            lib.layers.Embedding(10, FEATURES, mask_zero=True),
            lib.layers.LSTM(UNITS, return_sequences=True),
            lib.layers.GRU(2, go_backwards=True),
            lib.layers.Dense(1),
        ])

    tokens = padded_tokens(left=True)
    keras_model = build(keras)
    keras_model.save(tmp_path / "keras.keras")
    kt_model = kerastorch.saving.load_model(tmp_path / "keras.keras")
    expected = keras_model.predict(tokens, verbose=0)
    np.testing.assert_allclose(kt_model.predict(tokens, verbose=0), expected, rtol=1e-5,
                               atol=1e-6)
    kt_model.save(tmp_path / "kerastorch.keras")
    reloaded = keras.saving.load_model(tmp_path / "kerastorch.keras")
    np.testing.assert_allclose(reloaded.predict(tokens, verbose=0), expected, rtol=1e-5,
                               atol=1e-6)
