"""Sequential, functional and subclassed models against real Keras."""

import json

import keras
import numpy as np
import pytest
import torch

import kerastorch


def fresh():
    keras.backend.clear_session()
    kerastorch.backend.clear_session()


def summary_text(model, **kwargs):
    lines = []
    model.summary(print_fn=lambda text, **_: lines.append(text), **kwargs)
    return "".join(lines)


def both(build):
    """Builds with Keras, then with kerastorch from fresh name counters, same weights."""
    fresh()
    keras_model = build(keras)
    fresh()
    kt_model = build(kerastorch)
    if keras_model.built and kt_model.built:
        kt_model.set_weights(keras_model.get_weights())
    return keras_model, kt_model


def mnist_mlp(lib):
    return lib.Sequential([
        lib.Input(shape=(784,)),
        lib.layers.Dense(128, activation="sigmoid"),
        lib.layers.Dense(10, activation="softmax"),
    ])


def two_branch(lib):
    a = lib.Input((4,), name="a")
    b = lib.Input((3,), name="b")
    shared = lib.layers.Dense(5, name="shared")
    x = lib.layers.Dense(2, name="d1")(shared(a))
    y = lib.layers.Dense(2, name="d2")(lib.layers.Dense(5, name="pre_b")(b))
    z = lib.layers.Lambda(lambda t: t[0] + t[1], name="plus")([x, y])
    return lib.Model([a, b], [z, x], name="two")


def nested(lib):
    inner = lib.Sequential([lib.layers.Dense(4, activation="relu"), lib.layers.Dense(3)],
                           name="inner")
    inputs = lib.Input((6,))
    outputs = lib.layers.Dense(2)(inner(lib.layers.Dropout(0.1)(inputs)))
    return lib.Model(inputs, outputs)


def shared_twice(lib):
    inputs = lib.Input((3,))
    dense = lib.layers.Dense(3, activation="tanh")
    return lib.Model(inputs, dense(dense(inputs)))


MODELS = {"mnist_mlp": mnist_mlp, "two_branch": two_branch, "nested": nested,
          "shared_twice": shared_twice}


@pytest.mark.parametrize("name", sorted(MODELS))
def test_summary_matches_keras(name):
    keras_model, kt_model = both(MODELS[name])
    assert summary_text(kt_model) == summary_text(keras_model)
    assert summary_text(kt_model, line_length=120, show_trainable=True) == summary_text(
        keras_model, line_length=120, show_trainable=True)
    assert summary_text(kt_model, expand_nested=True) == summary_text(
        keras_model, expand_nested=True)


def test_summary_after_training_shows_optimizer_params_like_keras():
    keras_model, kt_model = both(mnist_mlp)
    x = np.random.default_rng(0).random((64, 784), dtype=np.float32)
    y = np.arange(64) % 10
    for model in (keras_model, kt_model):
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                      metrics=["accuracy"])
        model.fit(x, y, epochs=1, verbose=0)
    assert summary_text(kt_model) == summary_text(keras_model)
    assert "Optimizer params: 203,542" in summary_text(kt_model)


@pytest.mark.parametrize("name", sorted(MODELS))
def test_weights_params_and_predictions_match_keras(name):
    keras_model, kt_model = both(MODELS[name])
    assert [w.shape for w in kt_model.get_weights()] == [w.shape for w in
                                                          keras_model.get_weights()]
    assert kt_model.count_params() == keras_model.count_params()
    assert [layer.name for layer in kt_model.layers] == [layer.name for layer in
                                                          keras_model.layers]
    assert len(kt_model.trainable_weights) == len(keras_model.trainable_weights)
    inputs = [np.random.default_rng(1).normal(size=(5,) + tuple(t.shape[1:])).astype("float32")
              for t in keras_model.inputs]
    inputs = inputs[0] if len(inputs) == 1 else inputs
    expected = keras_model.predict(inputs, verbose=0)
    received = kt_model.predict(inputs, verbose=0)
    for e, r in zip(np.atleast_1d(expected) if isinstance(expected, list) else [expected],
                    received if isinstance(received, list) else [received]):
        np.testing.assert_allclose(r, e, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name", ["mnist_mlp", "two_branch", "nested", "shared_twice"])
def test_get_config_matches_keras(name):
    keras_model, kt_model = both(MODELS[name])
    expected, received = keras_model.get_config(), kt_model.get_config()
    assert set(received) == set(expected)
    assert [layer["class_name"] for layer in received["layers"]] == [
        layer["class_name"] for layer in expected["layers"]]
    if name != "two_branch":  # Lambda configs hold bytecode, which differs
        assert received == expected


@pytest.mark.parametrize("name", ["mnist_mlp", "nested", "shared_twice"])
def test_config_round_trip_rebuilds_same_model(name):
    _, kt_model = both(MODELS[name])
    rebuilt = type(kt_model).from_config(kt_model.get_config())
    rebuilt.set_weights(kt_model.get_weights())
    x = torch.randn(3, *kt_model.inputs[0].shape[1:])
    torch.testing.assert_close(rebuilt(x), kt_model(x))


@pytest.mark.parametrize("name", ["mnist_mlp", "nested", "shared_twice"])
def test_keras_reads_kerastorch_config_and_back(name):
    keras_model, kt_model = both(MODELS[name])
    fresh()
    from_kt = type(keras_model).from_config(json.loads(json.dumps(kt_model.get_config())))
    from_kt.set_weights(kt_model.get_weights())
    x = np.random.default_rng(2).normal(size=(4,) + tuple(keras_model.inputs[0].shape[1:]))
    np.testing.assert_allclose(from_kt.predict(x.astype("float32"), verbose=0),
                               kt_model.predict(x.astype("float32"), verbose=0),
                               rtol=1e-5, atol=1e-6)
    back = type(kt_model).from_config(keras_model.get_config())
    assert len(back.weights) == len(kt_model.weights)


def test_sequential_ways_to_give_the_input_shape():
    for make in (
        lambda lib: lib.Sequential([lib.layers.Dense(3, input_shape=(4,)), lib.layers.Dense(2)]),
        lambda lib: lib.Sequential([lib.Input((4,)), lib.layers.Dense(3), lib.layers.Dense(2)]),
    ):
        keras_model, kt_model = both(make)
        assert kt_model.built and kt_model.output_shape == keras_model.output_shape
        assert summary_text(kt_model) == summary_text(keras_model)
    keras_model, kt_model = both(lambda lib: lib.Sequential([lib.layers.Dense(3),
                                                             lib.layers.Dense(2)]))
    assert not kt_model.built and not keras_model.built
    assert summary_text(kt_model) == summary_text(keras_model)
    x = np.ones((2, 4), "float32")
    keras_model(x)
    kt_model(x)
    assert kt_model.built and summary_text(kt_model) == summary_text(keras_model)


def test_sequential_add_and_pop_match_keras():
    keras_model, kt_model = both(lambda lib: lib.Sequential([lib.Input((5,))]))
    for lib, model in ((keras, keras_model), (kerastorch, kt_model)):
        model.add(lib.layers.Dense(4, name="first"))
        model.add(lib.layers.Dense(3, name="second"))
        model.add(lib.layers.Dense(2, name="third"))
        popped = model.pop()
        assert popped.name == "third"
    assert [l.name for l in kt_model.layers] == [l.name for l in keras_model.layers]
    assert kt_model.output_shape == keras_model.output_shape
    for lib, model in ((keras, keras_model), (kerastorch, kt_model)):
        with pytest.raises(ValueError):
            model.add(lib.layers.Dense(1, name="first"))
        with pytest.raises(ValueError):
            model.add("not a layer")


def test_subclassed_model_matches_keras():
    def build(lib):
        class TwoLayers(lib.Model):
            def __init__(self):
                super().__init__()
                self.hidden = lib.layers.Dense(6, activation="relu")
                self.out = lib.layers.Dense(2)

            def call(self, inputs):
                return self.out(self.hidden(inputs))

        return TwoLayers()

    keras_model, kt_model = both(build)
    x = np.random.default_rng(4).normal(size=(8, 3)).astype("float32")
    keras_model(x)
    kt_model(x)
    kt_model.set_weights(keras_model.get_weights())
    np.testing.assert_allclose(kt_model.predict(x, verbose=0), keras_model.predict(x, verbose=0),
                               rtol=1e-5, atol=1e-6)
    assert summary_text(kt_model) == summary_text(keras_model)
    y = np.arange(8) % 2
    for model in (keras_model, kt_model):
        model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    expected = keras_model.fit(x, y, epochs=2, shuffle=False, verbose=0)
    received = kt_model.fit(x, y, epochs=2, shuffle=False, verbose=0)
    np.testing.assert_allclose(received.history["loss"], expected.history["loss"], rtol=1e-5)


def test_dict_inputs_and_outputs_match_keras():
    def build(lib):
        inputs = {"left": lib.Input((2,), name="left"), "right": lib.Input((3,), name="right")}
        merged = lib.layers.Dense(4, name="l")(inputs["left"])
        return lib.Model(inputs, {"out": lib.layers.Dense(1, name="o")(merged),
                                  "aux": lib.layers.Dense(2, name="r")(inputs["right"])})

    keras_model, kt_model = both(build)
    data = {"left": np.ones((3, 2), "float32"), "right": np.ones((3, 3), "float32")}
    expected, received = keras_model.predict(data, verbose=0), kt_model.predict(data, verbose=0)
    assert set(received) == set(expected)
    for key in expected:
        np.testing.assert_allclose(received[key], expected[key], rtol=1e-5, atol=1e-6)


def test_graph_errors_match_keras():
    for lib in (keras, kerastorch):
        a, b = lib.Input((2,)), lib.Input((2,))
        out = lib.layers.Dense(1)(lib.layers.Lambda(lambda t: t[0] + t[1])([a, b]))
        with pytest.raises(ValueError):
            lib.Model(a, out)
        with pytest.raises((ValueError, TypeError)):
            lib.Model(a, "not a tensor")


@pytest.mark.parametrize("structure", ["tuple", "list", "dict", "single_list"])
def test_output_structures_match_keras(structure):
    def build(lib):
        inputs = lib.Input((2,), name="x")
        a = lib.layers.Dense(1, name="a")(inputs)
        b = lib.layers.Dense(3, name="b")(inputs)
        outputs = {"tuple": (a, b), "list": [a, b], "dict": {"z": a, "b": b},
                   "single_list": [a]}[structure]
        return lib.Model(inputs, outputs)

    keras_model, kt_model = both(build)
    x = np.ones((2, 2), "float32")
    expected, received = keras_model.predict(x, verbose=0), kt_model.predict(x, verbose=0)
    assert type(received) is type(expected)
    assert type(kt_model(x)) is type(keras_model(x))
    if isinstance(expected, dict):
        assert list(received) == list(expected)
    assert kt_model.output_names == keras_model.output_names


def test_nested_functional_model_as_output_config_matches_keras_both_ways():
    def build(lib):
        inner_input = lib.Input(shape=(4,))
        inner = lib.Model(inner_input, lib.layers.Dense(2)(inner_input))
        x = lib.Input(shape=(4,))
        y = inner(x)
        return lib.Model(x, [y, lib.layers.Dense(3)(y)])

    keras.backend.clear_session()
    kerastorch.backend.clear_session()
    keras_config = build(keras).get_config()
    kt_config = build(kerastorch).get_config()
    assert kt_config["output_layers"] == keras_config["output_layers"]
    rebuilt = kerastorch.Model.from_config(keras_config)
    assert [t.shape for t in rebuilt.outputs] == [(None, 2), (None, 3)]
