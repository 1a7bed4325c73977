"""`keras.models.clone_model`: same architecture, new layers and weights."""

import numpy as np
import pytest

import kerastorch
from kerastorch import layers


def sequential():
    return kerastorch.Sequential([kerastorch.Input(shape=(4,), name="x"), layers.Dense(3),
                                  layers.Dense(2)], name="seq")


def functional():
    a = kerastorch.Input(shape=(4,), name="a")
    b = kerastorch.Input(shape=(2,), name="b")
    shared = layers.Dense(2)
    h = layers.Concatenate()([shared(layers.Dense(2)(a)), shared(b)])
    return kerastorch.Model([a, b], layers.Dense(1)(h), name="fn")


def _inputs(model):
    return [np.ones((3, 4), "float32"), np.ones((3, 2), "float32")] if len(model.inputs) == 2 \
        else np.ones((3, 4), "float32")


@pytest.mark.parametrize("make", [sequential, functional])
def test_clone_has_new_layers_and_weights_of_the_same_shapes(make):
    model = make()
    clone = kerastorch.models.clone_model(model)
    assert type(clone) is type(model) and clone.name == model.name
    assert [type(layer) for layer in clone.layers] == [type(layer) for layer in model.layers]
    assert not {id(layer) for layer in clone.layers} & {id(layer) for layer in model.layers}
    assert [w.shape for w in clone.weights] == [w.shape for w in model.weights]
    assert not np.array_equal(clone.get_weights()[0], model.get_weights()[0])
    clone.set_weights(model.get_weights())
    np.testing.assert_array_equal(clone.predict(_inputs(model), verbose=0),
                                  model.predict(_inputs(model), verbose=0))


def test_shared_layers_stay_shared():
    clone = kerastorch.models.clone_model(functional())
    assert len(clone.weights) == len(functional().weights) == 6


def test_clone_function_makes_each_layer():
    model = sequential()
    seen = []

    def wider(layer):
        seen.append(layer)
        config = layer.get_config()
        config["units"] *= 2
        return type(layer).from_config(config)

    clone = kerastorch.models.clone_model(model, clone_function=wider)
    assert seen == model.layers
    assert clone.output_shape == (None, 4)
    assert clone.layers[0].name == model.layers[0].name


def test_call_function_and_input_tensors():
    model = functional()
    calls = []

    def call_function(layer, *args, **kwargs):
        calls.append(layer)
        return layer(*args, **kwargs)

    inputs = [kerastorch.Input(shape=(4,)), kerastorch.Input(shape=(2,))]
    clone = kerastorch.models.clone_model(model, input_tensors=inputs,
                                          clone_function=lambda layer: layer,
                                          call_function=call_function)
    assert clone.inputs == inputs
    assert len(calls) == 5 and calls[0] in model.layers  # Layers reused, not copied.
    with pytest.raises(ValueError, match="must have the same structure"):
        kerastorch.models.clone_model(model, input_tensors=inputs[:1])


def test_recursive_clones_nested_models():
    inner = sequential()
    x = kerastorch.Input(shape=(4,))
    model = kerastorch.Model(x, inner(x))
    assert kerastorch.models.clone_model(model).layers[1] is not inner
    shallow = kerastorch.models.clone_model(model, clone_function=lambda layer: layer)
    assert shallow.layers[1] is inner
    deep = kerastorch.models.clone_model(model, clone_function=lambda layer: layer,
                                         recursive=True)
    assert isinstance(deep.layers[1], kerastorch.Sequential) and deep.layers[1] is not inner
    assert deep.layers[1].layers == inner.layers


def test_compiled_model_is_cloned_compiled_with_a_new_optimizer():
    model = sequential()
    model.compile(optimizer="adam", loss="mse", metrics=["mae"])
    clone = kerastorch.models.clone_model(model)
    assert clone.compiled and clone.optimizer is not model.optimizer
    assert clone.get_compile_config()["loss"] == "mse"


@kerastorch.saving.register_keras_serializable(package="cloning_test")
class Net(kerastorch.Model):
    def __init__(self, units=2, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.dense = layers.Dense(units)

    def call(self, x):
        return self.dense(x)

    def get_config(self):
        return {**super().get_config(), "units": self.units}


def test_subclassed_models_are_rebuilt_from_their_config():
    clone = kerastorch.models.clone_model(Net(units=3))
    assert type(clone) is Net and clone.units == 3
    with pytest.raises(ValueError, match="only supported for Sequential models or Functional"):
        kerastorch.models.clone_model(Net(), clone_function=lambda layer: layer)
    with pytest.raises(ValueError, match="only supported for Functional models"):
        kerastorch.models.clone_model(Net(), call_function=lambda layer: layer)


def test_argument_errors():
    with pytest.raises(ValueError, match="not supported with Sequential models"):
        kerastorch.models.clone_model(sequential(), call_function=lambda layer: layer)
    with pytest.raises(ValueError, match="Unexpected keyword argument"):
        kerastorch.models.clone_model(sequential(), foo=1)
    with pytest.raises(ValueError, match="must be a KerasTensor"):
        kerastorch.models.clone_model(sequential(), input_tensors=[np.ones(2)])
