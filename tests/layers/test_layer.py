"""Unit tests of the `Layer` base: weights, freezing, configs, names, building,
symbolic calls, losses and input conversion."""

import re

import numpy as np
import pytest
import torch

import kerastorch
from kerastorch import layers
from kerastorch.backend import clear_session
from kerastorch.initializers import Constant
from kerastorch.layers import Layer


class Scale(Layer):
    """`inputs * kernel + offset`, with a trainable kernel and a non-trainable offset."""

    def __init__(self, factor=1.0, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor
        self.build_calls = []

    def build(self, input_shape):
        self.build_calls.append(input_shape)
        self.kernel = self.add_weight(shape=(input_shape[-1],), initializer="ones",
                                      name="kernel")
        self.offset = self.add_weight(shape=(input_shape[-1],), initializer="zeros",
                                      trainable=False, name="offset")

    def call(self, inputs):
        return inputs * self.kernel * self.factor + self.offset

    def get_config(self):
        return {**super().get_config(), "factor": self.factor}


class Block(Layer):
    """A layer with weights of its own and sub-layers (one of them in a list)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.first = layers.Dense(3, name="first")
        self.inner = [Scale(name="scale")]
        self.last = layers.Dense(2, name="last")

    def build(self, input_shape):
        self.gate = self.add_weight(shape=(1,), initializer="ones", name="gate")
        self.steps = self.add_weight(shape=(), dtype="int64", trainable=False, name="steps")

    def call(self, inputs):
        return self.last(self.inner[0](self.first(inputs))) * self.gate


def names(weights):
    return [w.keras_name for w in weights]


def built_block():
    block = Block(name="block")
    block(torch.ones(2, 4))
    return block


# ------------------------------------------------------------------ add_weight
def test_add_weight_returns_a_registered_parameter():
    layer = Scale(name="s")
    layer.build((None, 3))
    assert isinstance(layer.kernel, torch.nn.Parameter)
    assert layer.kernel.keras_name == "kernel"
    assert layer.kernel.shape == (3,)
    assert layer.kernel.device == kerastorch.backend.get_device()
    assert layer.state_dict()["kernel"] is not None
    assert list(layer.state_dict()) == ["kernel", "offset"]
    assert layer.weights == [layer.kernel, layer.offset]


@pytest.mark.parametrize("kwargs, dtype, requires_grad, check", [
    ({}, torch.float32, True, lambda w: w.abs().sum() > 0),  # glorot_uniform
    ({"dtype": "int32"}, torch.int32, False, lambda w: (w == 0).all()),
    ({"dtype": "bool"}, torch.bool, False, lambda w: (~w).all()),
    ({"dtype": "float64", "initializer": "ones"}, torch.float64, True, lambda w: (w == 1).all()),
    ({"initializer": "zeros"}, torch.float32, True, lambda w: (w == 0).all()),
    ({"initializer": "random_normal"}, torch.float32, True, lambda w: w.std() > 0),
    ({"initializer": Constant(3.0)}, torch.float32, True, lambda w: (w == 3).all()),
    ({"initializer": "ones", "trainable": False}, torch.float32, False,
     lambda w: (w == 1).all()),
])
def test_add_weight_dtypes_initializers_and_trainability(kwargs, dtype, requires_grad, check):
    layer = Layer()
    weight = layer.add_weight(shape=(4, 5), name="w", **kwargs)
    assert weight.dtype == dtype
    assert weight.requires_grad is requires_grad
    assert check(weight)
    trainable = kwargs.get("trainable", True)
    assert (weight in layer.trainable_weights) is trainable
    assert (weight in layer.non_trainable_weights) is not trainable


def test_add_weight_defaults_to_a_scalar_of_the_layer_dtype():
    layer = Layer(dtype="float64")
    weight = layer.add_weight()
    assert weight.shape == () and weight.dtype == torch.float64


def test_unnamed_weights_get_distinct_names():
    layer = Layer()
    first, second = layer.add_weight(shape=(1,)), layer.add_weight(shape=(1,))
    assert first.keras_name != second.keras_name
    assert len(layer.state_dict()) == 2


def test_a_weight_kept_under_another_attribute_is_registered_once():
    class Aliased(Layer):
        def build(self, input_shape):
            self.w = self.add_weight(shape=(2,), name="kernel")

        def call(self, inputs):
            return inputs * self.w

    layer = Aliased()
    layer(torch.ones(1, 2))
    assert list(layer.state_dict()) == ["kernel"]
    assert layer.w is layer.kernel is layer.weights[0]
    assert len(list(layer.parameters())) == 1


def test_weight_names_with_dots_stay_valid_torch_names():
    layer = Layer()
    layer.add_weight(shape=(1,), name="a.b")
    layer.add_weight(shape=(1,), name="a.b")
    assert list(layer.state_dict()) == ["a_b", "a_b_1"]
    assert names(layer.weights) == ["a.b", "a.b"]


# ------------------------------------------------------------ weight ordering
def test_weights_come_own_trainable_then_own_non_trainable_then_sub_layers():
    block = built_block()
    assert names(block.weights) == ["gate", "steps", "kernel", "bias", "kernel", "offset",
                                    "kernel", "bias"]
    assert names(block.trainable_weights) == ["gate", "kernel", "bias", "kernel", "kernel",
                                              "bias"]
    assert names(block.non_trainable_weights) == ["steps", "offset"]
    assert block.variables == block.weights
    assert [layer.name for layer in block._layers] == ["first", "scale", "last"]


def test_sub_layers_in_lists_and_dicts_are_tracked():
    class Holder(Layer):
        def __init__(self):
            super().__init__()
            self.stack = [layers.Dense(2), layers.Dense(2)]
            self.heads = {"a": layers.Dense(1), "b": layers.Dense(1)}
            self.plain = [1, 2]

        def call(self, inputs):
            x = self.stack[1](self.stack[0](inputs))
            return self.heads["a"](x) + self.heads["b"](x)

    holder = Holder()
    holder(torch.ones(1, 2))
    assert list(holder.state_dict()) == [
        "stack.0.kernel", "stack.0.bias", "stack.1.kernel", "stack.1.bias",
        "heads.a.kernel", "heads.a.bias", "heads.b.kernel", "heads.b.bias"]
    assert len(holder.weights) == 8
    assert holder.plain == [1, 2]
    holder.trainable = False
    assert not any(p.requires_grad for p in holder.parameters())


# -------------------------------------------------------------- trainability
def test_freezing_and_unfreezing_applies_to_sub_layers():
    block = built_block()
    block.trainable = False
    assert block.trainable_weights == []
    assert len(block.non_trainable_weights) == len(block.weights) == 8
    assert not any(w.requires_grad for w in block.parameters())
    assert all(not layer.trainable for layer in block._layers)
    assert block.get_config()["trainable"] is False
    block.trainable = True
    assert names(block.trainable_weights) == ["gate", "kernel", "bias", "kernel", "kernel",
                                              "bias"]
    # Weights created non-trainable stay so; integer weights never need gradients.
    assert [w.requires_grad for w in block.weights] == [True, False, True, True, True, False,
                                                        True, True]


def test_freezing_a_sub_layer_only():
    block = built_block()
    block.first.trainable = False
    assert block.trainable
    assert names(block.non_trainable_weights) == ["steps", "kernel", "bias", "offset"]
    assert not block.first.kernel.requires_grad and block.last.kernel.requires_grad


def test_trainable_false_in_the_constructor_freezes_new_weights():
    layer = Scale(trainable=False)
    layer(torch.ones(1, 2))
    assert layer.trainable_weights == []
    assert not layer.kernel.requires_grad
    layer.trainable = True
    assert layer.kernel.requires_grad and not layer.offset.requires_grad


def test_frozen_layer_gets_no_gradient():
    layer = Scale()
    x = torch.ones(1, 2, requires_grad=True)
    layer(x)
    layer.trainable = False
    layer(x).sum().backward()
    assert layer.kernel.grad is None and x.grad is not None


# --------------------------------------------------------- get/set weights
def test_get_weights_returns_numpy_copies_in_weights_order():
    block = built_block()
    values = block.get_weights()
    assert all(isinstance(v, np.ndarray) for v in values)
    assert [v.shape for v in values] == [tuple(w.shape) for w in block.weights]
    values[0][...] = 5.0
    assert block.gate.item() == 1.0
    with torch.no_grad():
        block.gate.fill_(3.0)
    assert values[0].item() == 5.0  # a snapshot, not a view of the Parameter


def test_set_weights_accepts_arrays_and_tensors_and_converts_dtypes():
    block = built_block()
    new = [np.full(w.shape, i, dtype="float64") for i, w in enumerate(block.weights)]
    new[-1] = torch.full(tuple(block.weights[-1].shape), 9.0)
    block.set_weights(new)
    assert block.steps.dtype == torch.int64 and block.steps.item() == 1
    assert (block.last.bias == 9).all() and block.last.bias.dtype == torch.float32
    assert block.weights[0] is block.gate  # values are copied into the same Parameters
    np.testing.assert_array_equal(block.get_weights()[2], np.full((4, 3), 2.0))


@pytest.mark.parametrize("mutate, message", [
    (lambda ws: ws[:-1],
     "You called `set_weights(weights)` on layer 'block' with a weight list of length 7, "
     "but the layer was expecting 8 weights."),
    (lambda ws: ws + [np.zeros(1)],
     "You called `set_weights(weights)` on layer 'block' with a weight list of length 9, "
     "but the layer was expecting 8 weights."),
    (lambda ws: ws[:2] + [np.zeros((3, 4))] + ws[3:],
     "Layer block weight shape (4, 3) is not compatible with provided weight shape (3, 4)."),
])
def test_set_weights_errors_name_the_layer(mutate, message):
    block = built_block()
    before = [w.detach().clone() for w in block.weights]
    with pytest.raises(ValueError, match=re.escape(message)):
        block.set_weights(mutate(block.get_weights()))
    assert all(torch.equal(a, b) for a, b in zip(before, block.weights))


def test_set_weights_on_an_unbuilt_layer_expects_none():
    with pytest.raises(ValueError, match="layer 'lonely' .* but the layer was expecting 0"):
        layers.Dense(2, name="lonely").set_weights([np.zeros((2, 2))])


# ----------------------------------------------------------------- count_params
def test_count_params_on_an_unbuilt_layer_raises():
    with pytest.raises(ValueError) as error:
        layers.Dense(2, name="unbuilt").count_params()
    assert str(error.value) == (
        "You tried to call `count_params` on layer 'unbuilt', but the layer isn't built. "
        "You can build it manually via: `layer.build(input_shape)`.")


def test_count_params_counts_every_weight():
    assert built_block().count_params() == 1 + 1 + (4 * 3 + 3) + 3 + 3 + (3 * 2 + 2)


# -------------------------------------------------------------------- configs
def test_base_config_holds_name_trainable_and_dtype_policy():
    config = Layer(name="base", trainable=False, dtype="float64").get_config()
    assert config == {
        "name": "base", "trainable": False,
        "dtype": {"module": "keras", "class_name": "DTypePolicy",
                  "config": {"name": "float64"}, "registered_name": None},
    }


@pytest.mark.parametrize("kwargs", [
    {"factor": 2.5},
    {"factor": 1.0, "trainable": False, "name": "custom"},
    {"factor": 3.0, "dtype": "mixed_bfloat16"},
    {"factor": 3.0, "dtype": "float64"},
])
def test_config_round_trip(kwargs):
    layer = Scale(**kwargs)
    rebuilt = Scale.from_config(layer.get_config())
    assert rebuilt.get_config() == layer.get_config()
    assert (rebuilt.factor, rebuilt.trainable, rebuilt.compute_dtype, rebuilt.variable_dtype) \
        == (layer.factor, layer.trainable, layer.compute_dtype, layer.variable_dtype)


def test_build_config_rebuilds_the_same_weights():
    layer = Scale()
    layer(torch.ones(5, 3))
    assert layer.get_build_config() == {"input_shape": (5, 3)}
    assert Scale().get_build_config() is None
    rebuilt = Scale.from_config(layer.get_config())
    rebuilt.build_from_config(layer.get_build_config())
    assert rebuilt.built and [w.shape for w in rebuilt.weights] == [w.shape for w in
                                                                    layer.weights]


@pytest.mark.parametrize("cls, args", [
    (Layer, ()), (layers.Dense, (2,)), (layers.Dropout, (0.1,)), (layers.Flatten, ()),
    (layers.Reshape, ((2,),)), (layers.Activation, ("relu",)), (layers.Identity, ()),
    (layers.Lambda, (abs,)), (Scale, ()),
])
def test_unknown_constructor_kwargs_raise_naming_them(cls, args):
    with pytest.raises(ValueError) as error:
        cls(*args, bogus=1, name="x")
    assert str(error.value) == (
        f"Unrecognized keyword arguments passed to {cls.__name__}: {{'bogus': 1}}")


@pytest.mark.parametrize("kwargs", [
    {"input_shape": (3,)}, {"input_dim": 3}, {"batch_input_shape": (None, 3)},
    {"input_shape": (3,), "batch_size": 4},
])
def test_keras_2_input_shape_kwargs_are_accepted(kwargs):
    assert layers.Dense(2, **kwargs).units == 2


# ----------------------------------------------------------------------- names
def test_default_names_are_unique_snake_case_until_clear_session():
    class MyCustomLayer(Layer):
        def call(self, inputs):
            return inputs

    clear_session()
    assert [layers.Dense(1).name for _ in range(3)] == ["dense", "dense_1", "dense_2"]
    assert layers.Dense(1, name="named").name == "named"
    assert layers.Dense(1).name == "dense_3"
    assert [MyCustomLayer().name, MyCustomLayer().name] == ["my_custom_layer",
                                                            "my_custom_layer_1"]
    clear_session()
    assert layers.Dense(1).name == "dense"


def test_repr_shows_class_name_and_built_state():
    layer = layers.Dense(1, name="d")
    assert repr(layer) == "<Dense name=d, built=False>"
    layer.build((None, 2))
    assert repr(layer) == "<Dense name=d, built=True>"


# ----------------------------------------------------------------- call errors
def test_forgetting_super_init_is_reported():
    class Forgetful(Layer):
        def __init__(self):
            self.units = 2

        def call(self, inputs):
            return inputs

    with pytest.raises(RuntimeError, match=re.escape(
            "You forgot to call `super().__init__()` as the first statement in the "
            "`__init__()` method of Forgetful.")):
        Forgetful()(torch.ones(1))


def test_sub_layers_may_be_assigned_before_super_init():
    class Early(Layer):
        def __init__(self):
            self.dense = layers.Dense(2)
            super().__init__()

        def call(self, inputs):
            return self.dense(inputs)

    early = Early()
    early(torch.ones(1, 3))
    assert list(early.state_dict()) == ["dense.kernel", "dense.bias"]


def test_call_without_input_raises():
    with pytest.raises(ValueError, match="Layer 'empty' was called without any positional "
                                         "input tensor."):
        layers.Identity(name="empty")()


def test_base_call_is_not_implemented():
    with pytest.raises(NotImplementedError, match="Layer Layer does not have a `call\\(\\)` "
                                                  "method implemented."):
        Layer()(torch.ones(1))


# ----------------------------------------------------------------- building
def test_build_runs_once_on_the_first_call_with_its_shape():
    layer = Scale()
    assert not layer.built and layer.weights == []
    layer(torch.ones(5, 3))
    layer(torch.ones(7, 3))
    assert layer.built and layer.build_calls == [(5, 3)]
    assert [w.shape for w in layer.weights] == [(3,), (3,)]


def test_symbolic_call_builds_with_unknown_dimensions():
    layer = Scale()
    out = layer(kerastorch.Input((None, 4)))
    assert layer.build_calls == [(None, None, 4)]
    assert out.shape == (None, None, 4)


def test_build_called_by_hand_is_not_repeated():
    layer = Scale()
    layer.build((None, 2))
    layer.built = True
    layer(torch.ones(1, 2))
    assert layer.build_calls == [(None, 2)]


def test_structured_inputs_build_with_structured_shapes():
    class Pair(Layer):
        def build(self, input_shape):
            self.shapes = input_shape

        def call(self, inputs):
            return inputs["a"] + inputs["b"].sum(-1, keepdim=True)

    layer = Pair()
    layer({"a": torch.ones(2, 1), "b": torch.ones(2, 3)})
    assert layer.shapes == {"a": (2, 1), "b": (2, 3)}


# ----------------------------------------------------------- symbolic calls
def test_compute_output_shape_answers_without_running_call():
    class NoCompute(Layer):
        def call(self, inputs):
            raise AssertionError("call must not run")

        def compute_output_shape(self, input_shape):
            return input_shape[:-1] + (7,)

    out = NoCompute()(kerastorch.Input((None, 3), dtype="float64"))
    assert out.shape == (None, None, 7)
    assert out.dtype == "float32"  # the layer's compute dtype


@pytest.mark.parametrize("fn, input_shape, expected", [
    (lambda t: t[:, :2], (None, 5), (None, 2)),
    (lambda t: torch.cat([t, t], dim=1), (None, 3), (None, 6)),
    (lambda t: torch.cat([t, t], dim=1), (None, None, 3), (None, None, 3)),
    (lambda t: t.transpose(1, 2), (None, 4, 3), (None, 3, 4)),
    (lambda t: t.reshape(t.shape[0], -1), (None, 2, 3), (None, 6)),
    (lambda t: t.sum(dim=0), (None, 4), (4,)),
    (lambda t: t.mean(dim=(1, 2)), (None, None, 3), (None,)),
    (lambda t: t[None], (4,), (1, 4)),
])
def test_placeholder_run_infers_shapes_keeping_unknown_dimensions(fn, input_shape, expected):
    out = layers.Lambda(fn)(kerastorch.Input(batch_shape=input_shape))
    assert out.shape == expected


@pytest.mark.parametrize("fn, dtype, expected", [
    (lambda t: t > 0, "float32", "bool"),
    (lambda t: t.long(), "float32", "int64"),
    (lambda t: t * 2, "int32", "int32"),
    (lambda t: t * 2, "float32", "float32"),
])
def test_placeholder_run_infers_dtypes(fn, dtype, expected):
    assert layers.Lambda(fn)(kerastorch.Input((3,), dtype=dtype)).dtype == expected


@pytest.mark.parametrize("kwargs, dtype, expected", [
    ({}, "float64", "float32"),
    ({}, "float16", "float32"),
    ({"dtype": "float64"}, "float32", "float64"),
    ({"autocast": False}, "float64", "float64"),
    ({}, "int32", "int32"),
])
def test_symbolic_inputs_are_autocast_like_eager_ones(kwargs, dtype, expected):
    layer = layers.Lambda(lambda t: t, **kwargs)
    symbolic = layer(kerastorch.Input((2,), dtype=dtype))
    eager = layer(torch.zeros(1, 2, dtype=kerastorch.backend.dtypes.to_torch_dtype(dtype)))
    assert symbolic.dtype == expected == kerastorch.backend.standardize_dtype(eager.dtype)


def test_compute_output_spec_can_be_overridden():
    class Counts(Layer):
        def call(self, inputs):
            return (inputs > 0).sum(-1)

        def compute_output_spec(self, inputs):
            return kerastorch.KerasTensor(inputs.shape[:-1], dtype="int64")

    x = kerastorch.Input((4,))
    out = Counts()(x)
    assert (out.shape, out.dtype) == ((None,), "int64")
    assert out._keras_history[0]._inbound_nodes[0].input_tensors is x


def test_placeholder_run_keeps_list_and_dict_structures():
    split = layers.Lambda(lambda t: {"head": t[:, :1], "tail": [t[:, 1:], t.sum(1)]})
    out = split(kerastorch.Input((4,)))
    assert out["head"].shape == (None, 1)
    assert [t.shape for t in out["tail"]] == [(None, 3), (None,)]


def test_placeholder_run_is_inference_without_gradients_or_losses():
    seen = []

    class Spy(Layer):
        def call(self, inputs, training=None):
            seen.append((training, torch.is_grad_enabled()))
            self.add_loss(inputs.sum())
            return inputs

    spy = Spy()
    spy(kerastorch.Input((2,)))
    assert seen and all(s == (False, False) for s in seen)
    assert spy.losses == []


def test_input_and_output_of_a_symbolic_call():
    dense = layers.Dense(2, name="d")
    x = kerastorch.Input((3,))
    y = dense(x)
    assert dense.input is x and dense.output is y


@pytest.mark.parametrize("attribute", ["input", "output"])
def test_input_and_output_errors_name_the_layer(attribute):
    dense = layers.Dense(2, name="d")
    with pytest.raises(AttributeError, match=f"The layer d has never been called and thus "
                                             f"has no defined {attribute}."):
        getattr(dense, attribute)
    dense(kerastorch.Input((3,)))
    dense(kerastorch.Input((3,)))
    with pytest.raises(AttributeError, match=f"The layer d has multiple inbound nodes, with "
                                             f"different {attribute}s."):
        getattr(dense, attribute)


def test_missing_attributes_still_raise_torch_style():
    with pytest.raises(AttributeError, match="'Dense' object has no attribute 'nope'"):
        layers.Dense(2).nope  # noqa: B018


# ---------------------------------------------------------------------- losses
class AddsLoss(Layer):
    def call(self, inputs):
        self.add_loss(inputs.abs().sum())
        return inputs


def test_add_loss_holds_the_losses_of_the_last_call_only():
    layer = AddsLoss()
    assert layer.losses == []
    layer(torch.ones(2))
    layer(torch.full((2,), 3.0))
    assert [loss.item() for loss in layer.losses] == [6.0]


def test_sub_layer_losses_reach_the_outer_layer():
    class Outer(Layer):
        def __init__(self):
            super().__init__()
            self.first, self.second = AddsLoss(), AddsLoss()

        def call(self, inputs):
            self.add_loss(torch.tensor(100.0))
            return self.second(self.first(inputs) * 2)

    outer = Outer()
    for _ in range(3):
        outer(torch.ones(2))
    assert sorted(loss.item() for loss in outer.losses) == [2.0, 4.0, 100.0]
    assert [loss.item() for loss in outer.second.losses] == [4.0]


def test_added_losses_can_be_trained_on_every_step():
    layer, adder = Scale(), AddsLoss()
    layer(torch.ones(1, 2))
    optimizer = torch.optim.SGD(layer.parameters(), lr=0.1)
    for _ in range(3):
        optimizer.zero_grad()
        adder(layer(torch.ones(1, 2)))
        sum(adder.losses).backward()  # a stale loss would backprop a freed graph
        optimizer.step()
    torch.testing.assert_close(layer.kernel, torch.full((2,), 0.7))


# --------------------------------------------------------- input conversion
@pytest.mark.parametrize("x, kwargs, expected", [
    (torch.ones(1, 2, dtype=torch.float64), {}, torch.float32),
    (torch.ones(1, 2, dtype=torch.float16), {}, torch.float32),
    (torch.ones(1, 2, dtype=torch.float64), {"autocast": False}, torch.float64),
    (torch.ones(1, 2, dtype=torch.int32), {}, torch.int32),
    (np.ones((1, 2)), {}, torch.float32),
    (np.ones((1, 2), "int64"), {}, torch.int64),
    (torch.ones(1, 2), {"dtype": "float64"}, torch.float64),
    (np.ones((1, 2), "float32"), {"dtype": "bfloat16"}, torch.bfloat16),
])
def test_inputs_are_converted_to_the_compute_dtype(x, kwargs, expected):
    assert layers.Identity(**kwargs)(x).dtype == expected


def test_dtype_policy_sets_weight_and_compute_dtypes():
    layer = Scale(dtype="float64")
    out = layer(torch.ones(1, 2))
    assert layer.kernel.dtype == torch.float64 and out.dtype == torch.float64
    assert (layer.dtype, layer.compute_dtype, layer.variable_dtype) == ("float64",) * 3
    mixed = Layer(dtype="mixed_float16")
    assert (mixed.dtype, mixed.compute_dtype, mixed.variable_dtype) == (
        "float32", "float16", "float32")
    assert mixed.dtype_policy.name == "mixed_float16"


def test_weight_value_is_the_parameter_itself_through_copies_and_moves():
    import copy

    layer = kerastorch.layers.Dense(2)
    layer.build((None, 3))
    assert layer.kernel.value is layer.kernel
    clone = copy.deepcopy(layer)
    assert clone.kernel.value is clone.kernel and clone.kernel is not layer.kernel
    layer.to("meta")
    assert layer.kernel.value is layer.kernel and layer.kernel.device.type == "meta"


def test_layers_in_nested_lists_and_dicts_are_tracked():
    class Blocks(kerastorch.layers.Layer):
        def __init__(self):
            super().__init__()
            self.stages = [[kerastorch.layers.Dense(3), kerastorch.layers.Dense(3)],
                           {"head": kerastorch.layers.Dense(2)}]

        def call(self, x):
            for layer in self.stages[0]:
                x = layer(x)
            return self.stages[1]["head"](x)

    layer = Blocks()
    layer(torch.ones(1, 4))
    assert len(layer.weights) == 6
    assert [name for name, _ in layer.named_parameters()][0] == "stages.0.0.kernel"
