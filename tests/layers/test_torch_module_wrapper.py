"""`TorchModuleWrapper`: the module's parameters are the layer's weights, trained by `fit`."""

import copy
import pickle

import numpy as np
import pytest
import torch

import kerastorch
from kerastorch.layers import TorchModuleWrapper
from kerastorch.saving.serialization_lib import SafeModeScope


def conv_stack():
    torch.manual_seed(0)
    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 4, kernel_size=3), torch.nn.ReLU(),
        torch.nn.Conv2d(4, 2, kernel_size=3, padding=1), torch.nn.Tanh(), torch.nn.Flatten(),
        torch.nn.Linear(2 * 5 * 5, 8), torch.nn.ReLU(), torch.nn.Linear(8, 3))


def test_parameters_are_the_module_own_weights_once():
    module = conv_stack()
    layer = TorchModuleWrapper(module)
    assert [id(w) for w in layer.weights] == [id(p) for p in module.parameters()]
    assert [id(p) for p in layer.parameters()] == [id(p) for p in module.parameters()]
    assert list(layer.state_dict()) == [f"module.{k}" for k in module.state_dict()]
    assert all(isinstance(w, torch.nn.Parameter) for w in layer.weights)
    assert layer.built and layer.count_params() == sum(p.numel() for p in module.parameters())


@pytest.mark.parametrize("epochs, batch_size", [(1, 5), (2, 4)])
def test_fit_trains_a_wrapped_stack_exactly_like_a_torch_loop(epochs, batch_size):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(20, 1, 7, 7)).astype("float32")
    y = rng.normal(size=(20, 3)).astype("float32")

    reference = conv_stack()
    optimizer = torch.optim.SGD(reference.parameters(), lr=0.05)
    losses = []
    for _ in range(epochs):
        total = 0.0
        for start in range(0, len(x), batch_size):
            xb, yb = torch.from_numpy(x[start:start + batch_size]), torch.from_numpy(
                y[start:start + batch_size])
            optimizer.zero_grad()
            loss = torch.nn.functional.mse_loss(reference(xb), yb)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(xb)
        losses.append(total / len(x))

    model = kerastorch.Sequential([kerastorch.Input((1, 7, 7)), TorchModuleWrapper(conv_stack())])
    model.compile(optimizer=kerastorch.optimizers.SGD(learning_rate=0.05), loss="mse")
    history = model.fit(x, y, epochs=epochs, batch_size=batch_size, shuffle=False, verbose=0)
    np.testing.assert_allclose(history.history["loss"], losses, rtol=1e-5, atol=1e-6)
    for trained, expected in zip(model.weights, reference.parameters()):
        torch.testing.assert_close(trained.detach(), expected.detach())


def test_frozen_parameters_and_trainable_flag():
    module = torch.nn.Linear(3, 2)
    module.bias.requires_grad_(False)
    layer = TorchModuleWrapper(module)
    assert [w.keras_name for w in layer.trainable_weights] == [layer.weights[0].keras_name]
    assert len(layer.non_trainable_weights) == 1
    layer.trainable = False
    assert layer.trainable_weights == [] and not module.weight.requires_grad
    layer.trainable = True
    assert module.weight.requires_grad and not module.bias.requires_grad


def test_training_flag_sets_the_module_mode():
    layer = TorchModuleWrapper(torch.nn.Dropout(0.5))
    x = torch.ones(100, 10)
    torch.testing.assert_close(layer(x), x)
    assert not layer.module.training
    assert (layer(x, training=True) == 0).any() and layer.module.training
    torch.testing.assert_close(layer(x, training=False), x)


def test_batch_norm_statistics_update_in_fit_only():
    layer = TorchModuleWrapper(torch.nn.BatchNorm1d(3))
    model = kerastorch.Sequential([kerastorch.Input((3,)), layer])
    x = np.random.default_rng(0).normal(3.0, 2.0, size=(32, 3)).astype("float32")
    model.predict(x, verbose=0)
    torch.testing.assert_close(layer.module.running_mean, torch.zeros(3))
    model.compile(optimizer="sgd", loss="mse")
    model.fit(x, x, batch_size=32, epochs=1, verbose=0)
    assert (layer.module.running_mean > 0.2).all()


def test_symbolic_call_infers_the_output_shape():
    layer = TorchModuleWrapper(conv_stack())
    assert layer(kerastorch.Input((1, 7, 7))).shape == (None, 3)
    fixed = TorchModuleWrapper(torch.nn.Linear(3, 4), output_shape=(None, 4))
    assert fixed.compute_output_shape((None, 3)) == (None, 4)


def test_copies_keep_the_keras_attributes():
    layer = TorchModuleWrapper(torch.nn.Linear(3, 2))
    for clone in (copy.deepcopy(layer), pickle.loads(pickle.dumps(layer))):
        assert [w.keras_name for w in clone.weights] == [w.keras_name for w in layer.weights]
        assert [id(w) for w in clone.weights] == [id(p) for p in clone.module.parameters()]
        torch.testing.assert_close(clone(torch.ones(1, 3)), layer(torch.ones(1, 3)))


def test_config_round_trip_needs_unsafe_mode():
    layer = TorchModuleWrapper(torch.nn.Linear(3, 2), name="wrapped", output_shape=(None, 2))
    config = layer.get_config()
    assert isinstance(config["module"], str)
    # get_config leaves the parameters as they were.
    assert layer.weights[0].keras_name and isinstance(layer.weights[0], torch.nn.Parameter)
    with pytest.raises(ValueError, match="safe_mode=False"):
        TorchModuleWrapper.from_config(config)
    with SafeModeScope(True), pytest.raises(ValueError, match="torch.load"):
        TorchModuleWrapper.from_config(config)
    with SafeModeScope(False):
        rebuilt = TorchModuleWrapper.from_config(config)
    assert rebuilt.name == "wrapped" and rebuilt.output_shape == (None, 2)
    torch.testing.assert_close(rebuilt(torch.ones(2, 3)), layer(torch.ones(2, 3)))
    assert rebuilt.module.weight is not layer.module.weight


def test_conversions_keep_the_weights_tracked_under_their_names():
    layer = TorchModuleWrapper(torch.nn.Linear(3, 2))
    names = [w.keras_name for w in layer.weights]
    layer.double()
    assert [w.dtype for w in layer.weights] == [torch.float64] * 2
    # To the meta device and back, torch makes new Parameters.
    layer.to("meta").to_empty(device="cpu")
    assert [w.keras_name for w in layer.weights] == names
    assert [id(w) for w in layer.weights] == [id(p) for p in layer.module.parameters()]
    assert all(w.value is w for w in layer.weights)


def test_uninitialized_lazy_module_is_refused():
    with pytest.raises(ValueError, match="LazyModules are not supported"):
        TorchModuleWrapper(torch.nn.LazyLinear(2))
    lazy = torch.nn.LazyLinear(2)
    lazy(torch.ones(1, 3))
    assert len(TorchModuleWrapper(lazy).weights) == 2
