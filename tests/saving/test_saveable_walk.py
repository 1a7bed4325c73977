"""The paths at which a model's objects save their state (Keras's naming rules)."""

import numpy as np

import kerastorch
from kerastorch.saving.saveable_walk import state_paths
from tests.saving.conftest import make_mlp


def paths(model, **kwargs):
    return [path for path, _ in state_paths(model, **kwargs)]


def test_sequential_layers_are_named_by_class_and_the_optimizer_last(trained_mlp):
    assert paths(trained_mlp) == ["", "layers/dense", "layers/batch_normalization",
                                  "layers/dense_1", "optimizer"]
    assert [obj for _, obj in state_paths(trained_mlp)][-1] is trained_mlp.optimizer


def test_functional_models_list_input_layers_and_nest():
    inner_input = kerastorch.Input(shape=(2,))
    inner = kerastorch.Model(inner_input, kerastorch.layers.Dense(2)(inner_input))
    x = kerastorch.Input(shape=(2,))
    model = kerastorch.Model(x, kerastorch.layers.Dense(1)(inner(x)))
    assert paths(model) == ["", "layers/input_layer", "layers/functional",
                            "layers/functional/layers/input_layer",
                            "layers/functional/layers/dense", "layers/dense"]


class Block(kerastorch.layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.pairs = [[kerastorch.layers.Dense(2), kerastorch.layers.Dense(2)],
                      kerastorch.layers.Dense(2)]
        self.by_key = {"b": kerastorch.layers.Dense(2), "a": kerastorch.layers.Dense(2)}
        self._hidden = kerastorch.layers.Dense(2)
        self.alias = self._hidden
        self.tracker = kerastorch.metrics.Mean()

    def call(self, x):
        return x


def test_attributes_are_visited_sorted_public_first_each_object_once():
    assert paths(Block()) == [
        "", "alias", "by_key/dense", "by_key/dense_1", "pairs/container/dense",
        "pairs/container/dense_1", "pairs/dense"]


class Net(kerastorch.Model):
    def __init__(self):
        super().__init__()
        self.head = kerastorch.layers.Dense(2)
        self.z_last = kerastorch.layers.Dense(2)

    def call(self, x):
        return self.z_last(self.head(x))


def test_subclassed_model_layers_after_the_layers_property():
    # `layers` sorts before `z_last`: Keras saves that Dense under `layers/`.
    assert paths(Net()) == ["", "head", "layers/dense_1"]


def test_objects_to_skip_leave_out_what_only_they_reach(trained_mlp):
    assert paths(trained_mlp, objects_to_skip=[trained_mlp.optimizer,
                                               trained_mlp.layers[0]]) == [
        "", "layers/batch_normalization", "layers/dense_1"]
    assert paths(Block(), objects_to_skip=[]) == paths(Block())


def test_walk_yields_the_model_then_its_layers():
    model = make_mlp()
    model(np.ones((1, 4), "float32"))
    names = [obj.name for _, obj in state_paths(model)]
    assert names == [model.name] + [layer.name for layer in model.layers]
