"""Unit tests of functional models (`Model(inputs, outputs)`): structures, shared and
nested layers, intermediate inputs, graph errors, `get_layer`, config round trips."""

import json
import re

import numpy as np
import pytest
import torch

import kerastorch
from kerastorch import layers
from kerastorch.backend import clear_session
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.models import Functional
from kerastorch.saving.serialization_lib import SafeModeScope


@pytest.fixture(autouse=True)
def fresh_names():
    clear_session()


def randn(*shape):
    return torch.randn(*shape, generator=torch.Generator().manual_seed(sum(shape)))


def two_in_two_out():
    a = kerastorch.Input((4,), name="a")
    b = kerastorch.Input((3,), name="b")
    ha = layers.Dense(2, name="ha")(a)
    hb = layers.Dense(2, name="hb")(b)
    total = layers.Lambda(lambda t: t[0] + t[1], name="total")([ha, hb])
    return kerastorch.Model([a, b], [total, ha], name="two")


def dict_model():
    inputs = {"left": kerastorch.Input((4,), name="left"),
              "right": kerastorch.Input((3,), name="right")}
    merged = layers.Lambda(lambda t: t[0][:, :3] * t[1], name="mul")(
        [inputs["left"], inputs["right"]])
    return kerastorch.Model(inputs, {"score": layers.Dense(1, name="score")(merged),
                                     "aux": layers.Dense(2, name="aux")(inputs["right"])})


def shared_layer_model():
    inputs = kerastorch.Input((3,))
    shared = layers.Dense(3, activation="tanh", name="shared")
    return kerastorch.Model(inputs, layers.Dense(1, name="out")(shared(shared(inputs))))


def nested_model():
    inner_in = kerastorch.Input((5,))
    inner = kerastorch.Model(inner_in, layers.Dense(4, activation="relu", name="i1")(inner_in),
                             name="inner")
    block = kerastorch.Sequential([layers.Dense(3), layers.Dense(3)], name="block")
    inputs = kerastorch.Input((5,))
    return kerastorch.Model(inputs, layers.Dense(2, name="out")(block(inner(inputs))))


def shared_nested_model():
    inner = kerastorch.Sequential([kerastorch.Input((3,)), layers.Dense(3, name="sq")],
                                  name="square")
    a, b = kerastorch.Input((3,), name="a"), kerastorch.Input((3,), name="b")
    return kerastorch.Model([a, b], layers.Dropout(0.3)(
        layers.Lambda(lambda t: t[0] * t[1])([inner(a), inner(b)])))


def with_intermediate_input():
    inputs = kerastorch.Input((4,))
    hidden = layers.Dense(5, name="first")(inputs)
    hidden = layers.Dense(6, name="second")(hidden)
    return kerastorch.Model(hidden, layers.Dense(2, name="third")(hidden))


BUILDERS = {
    "two_in_two_out": two_in_two_out, "dict": dict_model, "shared": shared_layer_model,
    "nested": nested_model, "shared_nested": shared_nested_model,
    "intermediate": with_intermediate_input,
}


def sample_inputs(model):
    def sample(spec):
        return randn(3, *spec.shape[1:])

    if isinstance(model._inputs_struct, dict):
        return {k: sample(v) for k, v in model._inputs_struct.items()}
    flat = [sample(t) for t in model.inputs]
    return flat[0] if len(flat) == 1 else flat


def assert_same_outputs(a, b):
    if isinstance(a, dict):
        assert set(a) == set(b)
        for key in a:
            torch.testing.assert_close(a[key], b[key])
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b)
        for x, y in zip(a, b):
            torch.testing.assert_close(x, y)
    else:
        torch.testing.assert_close(a, b)


# ------------------------------------------------------- inputs and outputs
def test_model_of_inputs_and_outputs_is_functional():
    model = two_in_two_out()
    assert type(model) is Functional and isinstance(model, kerastorch.Model)
    assert model.built and model.name == "two"


@pytest.mark.parametrize("pack", [
    lambda a, b: [a, b], lambda a, b: (a, b), lambda a, b: {"a": a, "b": b},
    lambda a, b: [a.numpy(), b.numpy()],
])
def test_several_inputs_and_outputs_as_lists(pack):
    model = two_in_two_out()
    a, b = randn(5, 4), randn(5, 3)
    total, ha = model(pack(a, b))
    dense_a, dense_b = model.get_layer("ha"), model.get_layer("hb")
    torch.testing.assert_close(ha, dense_a(a))
    torch.testing.assert_close(total, dense_a(a) + dense_b(b))


def test_list_structure_properties():
    model = two_in_two_out()
    assert model.input_shape == [(None, 4), (None, 3)]
    assert model.output_shape == [(None, 2), (None, 2)]
    assert model.input_names == ["a", "b"] and model.output_names == ["total", "ha"]
    assert model.input == model.inputs and len(model.outputs) == 2


def test_single_input_and_output_are_not_wrapped():
    inputs = kerastorch.Input((2,))
    model = kerastorch.Model(inputs=[inputs], outputs=[layers.Dense(3)(inputs)])
    assert model.input is inputs and model.input_shape == (None, 2)
    assert model.output_shape == (None, 3)
    out = model(torch.ones(4, 2))
    assert isinstance(out, torch.Tensor) and out.shape == (4, 3)
    assert model([torch.ones(4, 2)]).shape == (4, 3)


def test_dict_inputs_and_outputs():
    model = dict_model()
    left, right = randn(2, 4), randn(2, 3)
    out = model({"right": right, "left": left})
    assert isinstance(out, dict) and set(out) == {"score", "aux"}
    torch.testing.assert_close(out["aux"], model.get_layer("aux")(right))
    torch.testing.assert_close(out["score"], model.get_layer("score")(left[:, :3] * right))
    assert model.input_shape == {"left": (None, 4), "right": (None, 3)}
    assert model.output_shape == {"score": (None, 1), "aux": (None, 2)}


@pytest.mark.parametrize("build, inputs, message", [
    (two_in_two_out, [torch.ones(1, 4)],
     "Model 'two' expects 2 input(s), but it received 1 input tensors."),
    (two_in_two_out, [torch.ones(1, 4)] * 3,
     "Model 'two' expects 2 input(s), but it received 3 input tensors."),
    (dict_model, {"left": torch.ones(1, 4)},
     "Model 'functional' is missing inputs ['right']; it expects keys ['left', 'right'] and "
     "received keys ['left']."),
    (dict_model, torch.ones(1, 4),
     "Model 'functional' expects a dict of inputs with keys ['left', 'right'], but "
     "received: Tensor"),
])
def test_wrong_inputs_are_reported(build, inputs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        build()(inputs)


def test_input_checks_of_layers_name_the_layer_in_eager_calls():
    model = two_in_two_out()
    with pytest.raises(ValueError, match='layer "ha".*expected axis -1 of input shape to have '
                                         'value 4'):
        model([torch.ones(1, 5), torch.ones(1, 3)])


# ------------------------------------------------------------ shared layers
def test_a_shared_layer_is_listed_and_weighted_once():
    model = shared_layer_model()
    shared = model.get_layer("shared")
    assert [layer.name for layer in model.layers] == ["input_layer", "shared", "out"]
    assert len(model.weights) == 4 and model.count_params() == 3 * 3 + 3 + 3 + 1
    assert len(shared._inbound_nodes) == 2
    x = randn(2, 3)
    torch.testing.assert_close(model(x), model.get_layer("out")(shared(shared(x))))


def test_a_shared_layer_gets_gradients_from_every_use():
    model = shared_layer_model()
    shared, out = model.get_layer("shared"), model.get_layer("out")
    x = randn(2, 3)
    model(x).sum().backward()
    kernel = shared.kernel.detach().clone().requires_grad_()

    def use(t):
        return torch.tanh(t @ kernel + shared.bias.detach())

    (use(use(x)) @ out.kernel.detach() + out.bias.detach()).sum().backward()
    torch.testing.assert_close(shared.kernel.grad, kernel.grad)


# ----------------------------------------------------------- nested models
def test_models_nest_as_layers_in_functional_models():
    model = nested_model()
    inner, block = model.get_layer("inner"), model.get_layer("block")
    assert [layer.name for layer in model.layers] == ["input_layer_1", "inner", "block", "out"]
    assert len(model.weights) == 2 + 4 + 2
    assert model.count_params() == inner.count_params() + block.count_params() + (3 * 2 + 2)
    x = randn(3, 5)
    torch.testing.assert_close(model(x), model.get_layer("out")(block(inner(x))))
    model.trainable = False
    assert not any(p.requires_grad for p in inner.parameters())


def test_a_functional_model_nests_in_a_sequential():
    inner = shared_layer_model()
    outer = kerastorch.Sequential([kerastorch.Input((3,)), inner, layers.Dense(2)])
    x = randn(4, 3)
    torch.testing.assert_close(outer(x), outer.layers[1](inner(x)))
    assert outer.output_shape == (None, 2)
    assert len(outer.weights) == len(inner.weights) + 2


def test_a_model_used_twice_shares_its_weights():
    inner = shared_layer_model()
    a, b = kerastorch.Input((3,)), kerastorch.Input((3,))
    model = kerastorch.Model([a, b], layers.Lambda(lambda t: t[0] - t[1])([inner(a), inner(b)]))
    assert len(model.weights) == len(inner.weights)
    x = randn(2, 3)
    torch.testing.assert_close(model([x, x]), torch.zeros(2, 1))


# ---------------------------------------------------- intermediate inputs
def test_intermediate_tensors_can_be_model_inputs():
    source = kerastorch.Input((4,))
    first = layers.Dense(5, name="first")
    second = layers.Dense(6, name="second")
    third = layers.Dense(2, name="third")
    hidden = second(first(source))
    out = third(hidden)
    full = kerastorch.Model(source, out)
    tail = kerastorch.Model(hidden, out)
    assert [layer.name for layer in tail.layers] == ["input_layer_1", "third"]
    assert isinstance(tail.layers[0], layers.InputLayer)
    assert tail.input_shape == (None, 6) and len(tail.weights) == 2
    h = randn(3, 6)
    torch.testing.assert_close(tail(h), third(h))
    x = randn(3, 4)
    torch.testing.assert_close(full(x), tail(second(first(x))))
    assert [layer.name for layer in full.layers] == ["input_layer", "first", "second", "third"]


def test_a_middle_slice_of_a_graph():
    x = kerastorch.Input((3,))
    d1, d2, d3 = layers.Dense(4, name="d1"), layers.Dense(5, name="d2"), layers.Dense(6,
                                                                                    name="d3")
    y = d1(x)
    z = d2(y)
    middle = kerastorch.Model(y, z)
    assert [layer.name for layer in middle.layers] == ["input_layer_1", "d2"]
    t = randn(2, 4)
    torch.testing.assert_close(middle(t), d2(t))
    with pytest.raises(ValueError, match="Graph disconnected"):
        kerastorch.Model(z, d3(layers.Lambda(lambda t: t[0][:, :4] + t[1])([z, y])))


# -------------------------------------------------------------- graph errors
def test_graph_disconnected_names_the_missing_input():
    a, b = kerastorch.Input((2,), name="a"), kerastorch.Input((2,), name="b")
    out = layers.Lambda(lambda t: t[0] + t[1])([a, b])
    with pytest.raises(ValueError, match=re.escape("Graph disconnected: cannot find parent for "
                                                   "tensor <KerasTensor shape=(None, 2), "
                                                   "dtype=float32, sparse=False, name=b> at "
                                                   "layer 'b'")):
        kerastorch.Model(a, out)


@pytest.mark.parametrize("make, message", [
    (lambda x: kerastorch.Model(x, torch.ones(1)),
     "All `outputs` values must be KerasTensors (from `keras.Input` or a layer called on "
     "one). Received: tensor([1.]) (of type Tensor)"),
    (lambda x: kerastorch.Model(np.ones(2), x),
     "All `inputs` values must be KerasTensors (from `keras.Input` or a layer called on one). "
     "Received: [1. 1.] (of type ndarray)"),
    (lambda x: kerastorch.Model([x, "x"], x),
     "All `inputs` values must be KerasTensors (from `keras.Input` or a layer called on one). "
     "Received: x (of type str)"),
    (lambda x: kerastorch.Model({"k": 3}, x),
     "All `inputs` values must be KerasTensors (from `keras.Input` or a layer called on one). "
     "Received: 3 (of type int)"),
    (lambda x: kerastorch.Model(KerasTensor((None, 2)), x),
     "The KerasTensor <KerasTensor shape=(None, 2), dtype=float32, sparse=False, name=None> "
     "was not produced by a layer."),
])
def test_non_keras_tensors_are_rejected(make, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        make(kerastorch.Input((2,)))


# -------------------------------------------------------------- get_layer
def test_get_layer_by_name_and_index():
    model = two_in_two_out()
    assert model.get_layer("ha") is model.layers[2]
    assert model.get_layer(index=0).name == "a"
    assert model.get_layer(index=4).name == "total"


@pytest.mark.parametrize("kwargs, message", [
    ({"name": "nope"},
     "No such layer: nope. Existing layers are: ['a', 'b', 'ha', 'hb', 'total']."),
    ({"index": 5}, "Was asked to retrieve layer at index 5 but model only has 5 layers."),
    ({}, "Provide either a layer name or layer index at `get_layer`."),
    ({"name": "ha", "index": 2},
     "Provide only a layer name or a layer index. Received: index=2, name=ha."),
])
def test_get_layer_errors(kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        two_in_two_out().get_layer(**kwargs)


# ------------------------------------------------------ config round trips
@pytest.mark.parametrize("name", sorted(BUILDERS))
@pytest.mark.parametrize("cls", [kerastorch.Model, Functional], ids=["Model", "Functional"])
def test_config_round_trip_gives_the_same_predictions(name, cls):
    model = BUILDERS[name]()
    config = json.loads(json.dumps(model.get_config()))
    with SafeModeScope(False):  # the Lambda layers hold Python lambdas
        rebuilt = cls.from_config(config)
    assert type(rebuilt) is Functional
    assert [layer.name for layer in rebuilt.layers] == [layer.name for layer in model.layers]
    assert [tuple(w.shape) for w in rebuilt.weights] == [tuple(w.shape) for w in
                                                          model.weights]
    rebuilt.set_weights(model.get_weights())
    x = sample_inputs(model)
    assert_same_outputs(rebuilt(x), model(x))
    assert without_bytecode(rebuilt.get_config()) == without_bytecode(model.get_config())


def without_bytecode(config):
    """The config with Lambda functions' marshalled bytecode (not byte-stable) left out."""
    layers_ = [{**layer, "config": {k: v for k, v in layer["config"].items() if k != "function"}}
               for layer in config["layers"]]
    return {**config, "layers": layers_}


def test_config_records_shared_calls_with_node_indices():
    config = shared_layer_model().get_config()
    shared = next(layer for layer in config["layers"] if layer["name"] == "shared")
    histories = [node["args"][0]["config"]["keras_history"] for node in shared["inbound_nodes"]]
    assert histories == [["input_layer", 0, 0], ["shared", 0, 0]]
    assert config["input_layers"] == ["input_layer", 0, 0]
    assert config["output_layers"] == ["out", 0, 0]


def test_config_of_a_model_built_from_other_models_graph_counts_only_its_nodes():
    first = shared_layer_model()
    inputs = kerastorch.Input((3,))
    first.get_layer("shared")(inputs)  # a call that belongs to no model
    config = first.get_config()
    shared = next(layer for layer in config["layers"] if layer["name"] == "shared")
    assert len(shared["inbound_nodes"]) == 2


def test_rebuilt_model_is_independent_of_the_original():
    model = nested_model()
    rebuilt = kerastorch.Model.from_config(model.get_config())
    assert all(a is not b for a, b in zip(rebuilt.weights, model.weights))
    assert rebuilt.get_layer("inner") is not model.get_layer("inner")


def test_broken_config_is_reported():
    config = shared_layer_model().get_config()
    config["layers"] = [layer for layer in config["layers"] if layer["name"] != "input_layer"]
    with pytest.raises(ValueError, match="Could not rebuild the functional model"):
        Functional.from_config(config)


def test_explicit_training_in_the_graph_holds_only_without_an_outer_flag():
    inputs = kerastorch.Input((2000,))
    outputs = layers.Dropout(0.5)(inputs, training=True)  # Monte Carlo dropout
    model = kerastorch.Model(inputs, outputs)
    x = np.ones((2, 2000), "float32")
    dropped = (model(x).detach().numpy() == 0).mean()
    assert 0.45 < dropped < 0.55
    np.testing.assert_array_equal(model.predict(x, verbose=0), x)
    np.testing.assert_array_equal(model(x, training=False).detach().numpy(), x)
