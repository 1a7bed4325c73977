"""kerastorch models as honest torch modules: state_dict names, `.to()`, torch modes,
plain torch training loops, nesting in torch containers, copying and pickling."""

import copy
import io

import numpy as np
import pytest
import torch

import kerastorch
from kerastorch import layers


class Subclassed(kerastorch.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.dense = layers.Dense(8, activation="relu")
        self.dropout = layers.Dropout(0.5)
        self.head = layers.Dense(2)

    def call(self, inputs):
        return self.head(self.dropout(self.dense(inputs)))


def sequential():
    return kerastorch.Sequential([kerastorch.Input((4,)), layers.Dense(8, activation="relu"),
                                  layers.Dropout(0.5), layers.Dense(2)])


def functional():
    inputs = kerastorch.Input((4,), name="features")
    x = layers.Dense(8, activation="relu", name="hidden")(inputs)
    x = layers.Dropout(0.5, name="drop")(x)
    return kerastorch.Model(inputs, layers.Dense(2, name="logits")(x))


def subclassed():
    model = Subclassed()
    model.build((None, 4))
    return model


def functional_with_nested_sequential():
    inner = kerastorch.Sequential([layers.Dense(8), layers.Dense(8)], name="inner")
    inputs = kerastorch.Input((4,))
    shared = layers.Dense(4, name="shared")
    x = inner(shared(shared(inputs)))
    return kerastorch.Model(inputs, layers.Dense(2, name="out")(layers.Dropout(0.5)(x)))


def sequential_with_nested_functional():
    inner_in = kerastorch.Input((4,))
    inner = kerastorch.Model(inner_in, layers.Dense(8, name="a")(inner_in), name="block")
    return kerastorch.Sequential([kerastorch.Input((4,)), inner, layers.Dropout(0.5),
                                  layers.Dense(2)])


MODELS = {
    "sequential": (sequential, ["0.kernel", "0.bias", "2.kernel", "2.bias"]),
    "functional": (functional, ["hidden.kernel", "hidden.bias", "logits.kernel",
                                "logits.bias"]),
    "subclassed": (subclassed, ["dense.kernel", "dense.bias", "head.kernel", "head.bias"]),
    "functional_nested": (functional_with_nested_sequential, [
        "shared.kernel", "shared.bias", "inner.0.kernel", "inner.0.bias", "inner.1.kernel",
        "inner.1.bias", "out.kernel", "out.bias"]),
    "sequential_nested": (sequential_with_nested_functional, [
        "0.a.kernel", "0.a.bias", "2.kernel", "2.bias"]),
}
NAMES = sorted(MODELS)


def build(name):
    return MODELS[name][0]()


@pytest.mark.parametrize("name", NAMES)
def test_state_dict_keys_are_hierarchical_deterministic_and_unique(name):
    make, expected = MODELS[name]
    model = make()
    keys = list(model.state_dict())
    assert keys == expected
    assert [n for n, _ in model.named_parameters()] == expected
    assert len(set(keys)) == len(keys) == len(model.weights)
    assert [p for _, p in model.named_parameters()] == [
        w for w in model.weights]  # the same objects, in the same order
    assert list(make().state_dict()) == expected  # no global counter in the keys


@pytest.mark.parametrize("name", NAMES)
def test_state_dict_loads_into_a_fresh_copy_of_the_architecture(name):
    source, target = build(name), build(name)
    x = torch.randn(3, 4)
    assert target.load_state_dict(source.state_dict()) is not None
    torch.testing.assert_close(target(x), source(x))


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("dtype", [torch.float64, torch.bfloat16, torch.float16])
def test_to_dtype_keeps_keras_views_on_the_same_parameters(name, dtype):
    model = build(name)
    before = [id(w) for w in model.weights]
    assert model.to(dtype) is model
    assert [id(w) for w in model.weights] == before
    assert [id(p) for p in model.parameters()] == before
    for layer in model.modules():
        if isinstance(layer, layers.Dense):
            assert layer.kernel is layer.weights[0] is layer._parameters["kernel"]
    assert all(w.dtype == dtype for w in model.weights)
    assert model(torch.randn(2, 4, dtype=dtype)).dtype == dtype
    assert model(np.ones((2, 4), "float32")).dtype == dtype  # inputs follow the model
    assert model.compute_dtype == kerastorch.backend.standardize_dtype(dtype)


@pytest.mark.parametrize("convert, dtype", [
    (lambda m: m.double(), torch.float64), (lambda m: m.half(), torch.float16),
    (lambda m: m.bfloat16(), torch.bfloat16), (lambda m: m.double().float(), torch.float32),
])
def test_torch_dtype_shortcuts(convert, dtype):
    model = convert(functional())
    assert model.get_layer("hidden").kernel.dtype == dtype
    assert model.get_layer("hidden").compute_dtype == kerastorch.backend.standardize_dtype(dtype)
    assert model(torch.randn(2, 4)).dtype == dtype


def test_moving_devices_keeps_keras_views_and_keras_attributes():
    model = functional()
    hidden = model.get_layer("hidden")
    model.to("meta")
    assert hidden.kernel.device == torch.device("meta")
    assert hidden.kernel is hidden.weights[0] is hidden._parameters["kernel"]
    assert hidden.kernel.keras_name == "kernel"
    assert [p.device.type for p in model.weights] == ["meta"] * 4
    model.to_empty(device="cpu")
    assert [id(p) for p in model.parameters()] == [id(w) for w in model.weights]
    assert model(torch.randn(2, 4)).shape == (2, 2)
    assert model.compute_dtype == "float32"


def test_device_move_keeps_weight_aliases_and_non_trainable_weights():
    class Aliased(layers.Layer):
        def build(self, input_shape):
            self.w = self.add_weight(shape=(input_shape[-1],), name="kernel")
            self.count = self.add_weight(shape=(), trainable=False, name="count")

        def call(self, inputs):
            return inputs * self.w + self.count

    layer = Aliased()
    layer(torch.ones(1, 3))
    layer.to("meta")
    assert layer.w is layer.kernel is layer.weights[0]
    assert layer.non_trainable_weights == [layer.count]
    assert layer.count.device == torch.device("meta") and not layer.count.requires_grad


# --------------------------------------------------------------- torch modes
@pytest.mark.parametrize("name", NAMES)
def test_layers_start_in_eval_mode_and_follow_train_and_eval(name):
    model = build(name)
    x = torch.ones(64, 4)
    assert not model.training and not any(m.training for m in model.modules())
    torch.testing.assert_close(model(x), model(x))  # inference: deterministic
    model.train()
    assert all(m.training for m in model.modules())
    assert not torch.equal(model(x), model(x))
    model.eval()
    torch.testing.assert_close(model(x), model(x))


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("mode", ["train", "eval"])
def test_explicit_training_wins_over_the_torch_mode(name, mode):
    model = getattr(build(name), mode)()
    x = torch.ones(64, 4)
    torch.testing.assert_close(model(x, training=False), model(x, training=False))
    assert not torch.equal(model(x, training=True), model(x, training=True))


def test_explicit_training_reaches_layers_under_a_call_without_training():
    model = Subclassed()
    assert "training" not in model.call.__code__.co_varnames
    probe = layers.Dropout(0.99)
    model.dropout = probe
    seen = []
    original = probe.call
    probe.call = lambda inputs, training=False: seen.append(training) or original(
        inputs, training=training)
    model(torch.ones(2, 4), training=True)
    model(torch.ones(2, 4))
    model(torch.ones(2, 4), training=False)
    assert seen == [True, False, False]


def test_a_sub_layer_in_its_own_mode_is_respected_without_explicit_training():
    model = sequential()
    dropout = model.layers[1]
    x = torch.ones(64, 4)
    dropout.train()  # e.g. Monte Carlo dropout at inference
    assert not model.training
    assert not torch.equal(model(x), model(x))
    torch.testing.assert_close(model(x, training=False), model(x, training=False))
    model.train()
    dropout.eval()
    torch.testing.assert_close(model(x), model(x))


# ---------------------------------------------------------- plain torch loop
@pytest.mark.parametrize("name", NAMES)
def test_plain_torch_sgd_loop_trains_a_kerastorch_model(name):
    torch.manual_seed(0)
    model = build(name)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    x = torch.randn(64, 4)
    y = torch.stack([x.sum(1), x[:, 0] - x[:, 1]], dim=1)
    model.train()

    def loss():
        return torch.nn.functional.mse_loss(model(x, training=False), y)

    first = loss().item()
    for _ in range(100):
        optimizer.zero_grad()
        torch.nn.functional.mse_loss(model(x), y).backward()
        optimizer.step()
    assert loss().item() < first / 3
    assert all(p.grad is not None for p in model.parameters())


def test_torch_optimizer_skips_frozen_layers():
    model = functional()
    model.get_layer("hidden").trainable = False
    frozen = model.get_layer("hidden").kernel.detach().clone()
    optimizer = torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=0.1)
    model(torch.randn(8, 4)).sum().backward()
    optimizer.step()
    torch.testing.assert_close(model.get_layer("hidden").kernel, frozen)
    assert model.get_layer("hidden").kernel.grad is None


# ------------------------------------------------------- torch containers
def test_kerastorch_layers_inside_torch_sequential():
    dense = layers.Dense(3, name="k")
    container = torch.nn.Sequential(torch.nn.Linear(4, 5), dense, layers.Dropout(0.5),
                                    torch.nn.Tanh())
    x = torch.randn(64, 4)
    out = container(x)
    assert out.shape == (64, 3) and dense.built
    assert [n for n, _ in container.named_parameters()] == ["0.weight", "0.bias", "1.kernel",
                                                            "1.bias"]
    torch.testing.assert_close(out, torch.tanh(dense(container[0](x))))
    container.train()
    assert not torch.equal(container(x), container(x))
    container.eval()
    torch.testing.assert_close(container(x), out)
    before = dense.kernel.detach().clone()
    optimizer = torch.optim.SGD(container.parameters(), lr=0.1)
    container(x).sum().backward()
    optimizer.step()
    assert not torch.equal(dense.kernel, before)


def test_torch_module_inside_a_kerastorch_layer_is_a_torch_child():
    class Wrapper(layers.Layer):
        def __init__(self):
            super().__init__()
            self.linear = torch.nn.Linear(3, 2)
            self.dense = layers.Dense(2)

        def call(self, inputs):
            return self.dense(self.linear(inputs))

    wrapper = Wrapper()
    wrapper(torch.ones(1, 3))
    assert [n for n, _ in wrapper.named_parameters()] == [
        "linear.weight", "linear.bias", "dense.kernel", "dense.bias"]


@pytest.mark.parametrize("name", NAMES)
def test_forward_is_call(name):
    model = build(name)
    x = torch.randn(3, 4)
    torch.testing.assert_close(model.forward(x), model(x))
    dense = layers.Dense(2)
    assert torch.equal(dense.forward(x), dense(x))


def test_torch_hooks_run_on_keras_calls():
    model = sequential()
    seen = []
    model.layers[0].register_forward_hook(lambda module, args, out: seen.append(out.shape))
    model(torch.randn(5, 4))
    assert seen == [(5, 8)]


# ------------------------------------------------------ copying and pickling
@pytest.mark.parametrize("name", NAMES)
def test_deepcopy_gives_an_independent_working_model(name):
    model = build(name)
    clone = copy.deepcopy(model)
    x = torch.randn(3, 4)
    torch.testing.assert_close(clone(x), model(x))
    assert all(a is not b for a, b in zip(clone.weights, model.weights))
    assert [id(w) for w in clone.weights] == [id(p) for p in clone.parameters()]
    with torch.no_grad():
        for w in clone.weights:
            w.add_(1.0)
    assert not torch.allclose(clone(x), model(x))


@pytest.mark.parametrize("name", NAMES)
def test_torch_save_and_load_of_the_whole_model(name):
    model = build(name)
    buffer = io.BytesIO()
    torch.save(model, buffer)
    buffer.seek(0)
    loaded = torch.load(buffer, weights_only=False)
    x = torch.randn(3, 4)
    torch.testing.assert_close(loaded(x), model(x))
    assert loaded.get_config() == model.get_config()
