"""Unit tests of `Sequential`: ways to give the input shape, building, `add` / `pop`,
errors, the symbolic input/output and config round trips."""

import re

import numpy as np
import pytest
import torch

import kerastorch
from kerastorch import layers
from kerastorch.backend import clear_session


@pytest.fixture(autouse=True)
def fresh_names():
    clear_session()


def randn(*shape):
    return torch.randn(*shape, generator=torch.Generator().manual_seed(0))


INPUT_WAYS = {
    "Input": lambda: [kerastorch.Input((4,)), layers.Dense(3), layers.Dense(2)],
    "InputLayer": lambda: [layers.InputLayer(shape=(4,)), layers.Dense(3), layers.Dense(2)],
    "input_shape": lambda: [layers.Dense(3, input_shape=(4,)), layers.Dense(2)],
    "input_dim": lambda: [layers.Dense(3, input_dim=4), layers.Dense(2)],
    "batch_input_shape": lambda: [layers.Dense(3, batch_input_shape=(None, 4)),
                                  layers.Dense(2)],
}


@pytest.mark.parametrize("way", sorted(INPUT_WAYS))
def test_input_shape_builds_the_model_at_once(way):
    model = kerastorch.Sequential(INPUT_WAYS[way]())
    assert model.built
    assert model.input_shape == (None, 4) and model.output_shape == (None, 2)
    assert [layer.name for layer in model.layers] == ["dense", "dense_1"]
    assert not any(isinstance(layer, layers.InputLayer) for layer in model.layers)
    assert model.inputs == [model.input] and model.outputs == [model.output]
    assert model.input.shape == (None, 4) and model.output.shape == (None, 2)
    assert [tuple(w.shape) for w in model.weights] == [(4, 3), (3,), (3, 2), (2,)]
    assert model.count_params() == 4 * 3 + 3 + 3 * 2 + 2


def test_batch_size_of_the_first_layer_is_kept():
    model = kerastorch.Sequential([layers.Dense(3, input_shape=(4,), batch_size=8)])
    assert model.input_shape == (8, 4) and model.output_shape == (8, 3)


def test_built_on_first_data_with_its_batch_size():
    model = kerastorch.Sequential([layers.Dense(3), layers.Dense(2)])
    assert not model.built and model.weights == []
    with pytest.raises(ValueError, match="isn't built"):
        model.count_params()
    out = model(np.ones((5, 4), "float32"))
    assert model.built and out.shape == (5, 2)
    assert model.input_shape == (5, 4) and model.output_shape == (5, 2)
    assert model(torch.ones(7, 4)).shape == (7, 2)


@pytest.mark.parametrize("attribute", ["input", "output", "inputs", "outputs", "input_shape",
                                       "output_shape"])
def test_symbolic_attributes_of_an_unbuilt_model_raise(attribute):
    model = kerastorch.Sequential([layers.Dense(3)], name="pending")
    with pytest.raises(AttributeError, match=re.escape(
            "Sequential model 'pending' has no defined input yet: give it a `keras.Input`, an "
            "`input_shape`, or call it on data first.")):
        getattr(model, attribute)


def test_build_with_an_input_shape():
    model = kerastorch.Sequential([layers.Dense(3)])
    model.build((None, 6))
    assert model.built and model.input_shape == (None, 6)
    assert model.layers[0].kernel.shape == (6, 3)
    with pytest.raises(ValueError, match="You must provide an `input_shape` argument."):
        kerastorch.Sequential([layers.Dense(3)]).build()


def test_calls_run_the_layers_in_order():
    model = kerastorch.Sequential([kerastorch.Input((4,)), layers.Dense(3, activation="relu"),
                                   layers.Dense(2)])
    x = randn(5, 4)
    torch.testing.assert_close(model(x), model.layers[1](model.layers[0](x)))


def test_a_model_with_only_an_input_is_the_identity():
    model = kerastorch.Sequential([kerastorch.Input((3,))])
    x = randn(2, 3)
    torch.testing.assert_close(model(x), x)
    assert model.output_shape == (None, 3) and model.layers == []


# ------------------------------------------------------------- add and pop
def test_add_and_pop_rebuild_the_graph():
    model = kerastorch.Sequential()
    model.add(kerastorch.Input((5,)))
    model.add(layers.Dense(4, name="first"))
    model.add(layers.Dense(3, name="second"))
    assert model.output_shape == (None, 3)
    assert list(model.state_dict()) == ["0.kernel", "0.bias", "1.kernel", "1.bias"]
    popped = model.pop()
    assert popped.name == "second" and model.output_shape == (None, 4)
    assert list(model.state_dict()) == ["0.kernel", "0.bias"]
    model.add(layers.Dense(7, name="third"))
    assert [layer.name for layer in model.layers] == ["first", "third"]
    assert model.output_shape == (None, 7)
    assert model(randn(2, 5)).shape == (2, 7)


def test_add_to_an_unbuilt_model_then_build_on_data():
    model = kerastorch.Sequential()
    model.add(layers.Dense(4))
    model.add(layers.Dense(2))
    assert not model.built
    assert model(randn(3, 6)).shape == (3, 2)
    assert model.layers[0].kernel.shape == (6, 4)


def test_pop_on_an_empty_model_raises():
    with pytest.raises(TypeError, match="There are no layers in the model."):
        kerastorch.Sequential().pop()


@pytest.mark.parametrize("item, message", [
    ("not a layer", "Only instances of `keras.Layer` can be added to a Sequential model. "
                    "Received: not a layer (of type <class 'str'>, not a Layer)"),
    (torch.nn.Linear(2, 2),
     "Only instances of `keras.Layer` can be added to a Sequential model. Received: "
     "Linear(in_features=2, out_features=2, bias=True) (of type <class "
     "'torch.nn.modules.linear.Linear'>, a torch.nn.Module)"),
    (torch.ones(2), "Only instances of `keras.Layer` can be added to a Sequential model."),
])
def test_adding_a_non_layer_raises(item, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        kerastorch.Sequential([kerastorch.Input((2,))]).add(item)


@pytest.mark.parametrize("first", [lambda: kerastorch.Input((2,)),
                                   lambda: layers.Dense(2, name="d")])
def test_adding_a_second_input_raises(first):
    model = kerastorch.Sequential([first()])
    second = kerastorch.Input((2,), name="late_input")
    with pytest.raises(ValueError, match=re.escape(
            "has already been configured to use an input. You cannot add a second input: "
            "<InputLayer name=late_input, built=True>")):
        model.add(second)


def test_duplicate_layer_names_raise():
    model = kerastorch.Sequential([layers.Dense(2, name="same")])
    with pytest.raises(ValueError, match=re.escape(
            "All layers added to a Sequential model should have unique names. Name 'same' is "
            "already the name of a layer in this model.")):
        model.add(layers.Dense(3, name="same"))
    assert len(model.layers) == 1


def test_a_layer_with_several_outputs_is_refused():
    model = kerastorch.Sequential([kerastorch.Input((4,))])
    with pytest.raises(ValueError, match="should have a single output tensor. Layer 'split' "
                                         "returned"):
        model.add(layers.Lambda(lambda t: [t[:, :2], t[:, 2:]], name="split"))


# ------------------------------------------------------------------- torch
def test_sub_modules_are_numbered_like_torch_sequential():
    model = kerastorch.Sequential([kerastorch.Input((4,)), layers.Dense(3), layers.Dropout(0.5),
                                   layers.Dense(2)])
    assert [name for name, _ in model.named_children()] == ["0", "1", "2"]
    assert list(model.state_dict()) == ["0.kernel", "0.bias", "2.kernel", "2.bias"]


def test_trainable_false_freezes_every_layer():
    model = kerastorch.Sequential([kerastorch.Input((4,)), layers.Dense(3), layers.Dense(2)])
    model.trainable = False
    assert model.trainable_weights == [] and len(model.non_trainable_weights) == 4
    assert not any(p.requires_grad for p in model.parameters())
    model.trainable = True
    assert all(p.requires_grad for p in model.parameters())


# ------------------------------------------------------------------ config
@pytest.mark.parametrize("build", [
    lambda: kerastorch.Sequential([kerastorch.Input((4,)), layers.Dense(3, activation="relu"),
                                   layers.Dropout(0.2), layers.Dense(2)], name="mlp"),
    lambda: kerastorch.Sequential([layers.Dense(3, input_shape=(4,)), layers.Flatten(),
                                   layers.Reshape((3, 1)), layers.Flatten()]),
    lambda: kerastorch.Sequential([kerastorch.Input((4,)), kerastorch.Sequential(
        [layers.Dense(3), layers.Activation("tanh")], name="inner"), layers.Dense(2)]),
], ids=["mlp", "reshaping", "nested"])
@pytest.mark.parametrize("cls", [kerastorch.Sequential, kerastorch.Model])
def test_config_round_trip_gives_the_same_predictions(build, cls):
    model = build()
    rebuilt = kerastorch.Sequential.from_config(model.get_config())
    assert type(rebuilt) is kerastorch.Sequential and rebuilt.built
    assert rebuilt.get_config() == model.get_config()
    rebuilt.set_weights(model.get_weights())
    x = randn(3, 4)
    torch.testing.assert_close(rebuilt(x), model(x))


def test_config_lists_the_input_layer_first_and_the_build_shape():
    model = kerastorch.Sequential([kerastorch.Input((4,), name="in"), layers.Dense(2)],
                                  name="seq")
    config = model.get_config()
    assert config["name"] == "seq" and config["build_input_shape"] == (None, 4)
    assert [layer["class_name"] for layer in config["layers"]] == ["InputLayer", "Dense"]
    assert config["layers"][0]["config"]["name"] == "in"


def test_config_of_an_unbuilt_model_rebuilds_unbuilt():
    model = kerastorch.Sequential([layers.Dense(3), layers.Dense(2)])
    config = model.get_config()
    assert "build_input_shape" not in config
    assert [layer["class_name"] for layer in config["layers"]] == ["Dense", "Dense"]
    rebuilt = kerastorch.Sequential.from_config(config)
    assert not rebuilt.built
    assert rebuilt(torch.ones(2, 5)).shape == (2, 2)
