"""`TorchModuleWrapper` against real Keras: weights, state_dict, config, safe mode, training."""

import copy

import h5py
import keras
import numpy as np
import pytest
import torch

import kerastorch
from tests.compat.layer_checks import assert_raises_like_keras
from tests.compat.twins import assert_same_weights

RNG = np.random.default_rng(0)


def mixed_module():
    """Linear, BatchNorm (buffers) and a Linear with a frozen bias."""
    module = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4),
                                 torch.nn.ReLU(), torch.nn.Linear(4, 2))
    module[3].bias.requires_grad_(False)
    return module


def conv_module():
    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 3, kernel_size=3), torch.nn.ReLU(), torch.nn.Flatten(),
        torch.nn.Linear(3 * 4 * 4, 2))


def wrapper_pair(make_module, **kwargs):
    """Both libraries wrap copies of the same module (same initial values)."""
    module = make_module()
    keras.backend.clear_session()
    kerastorch.backend.clear_session()
    return (keras.layers.TorchModuleWrapper(copy.deepcopy(module), **kwargs),
            kerastorch.layers.TorchModuleWrapper(copy.deepcopy(module), **kwargs))


def test_weights_and_state_dict_match_keras():
    keras_layer, kt_layer = wrapper_pair(mixed_module)
    assert [w.keras_name for w in kt_layer.weights] == [w.name for w in keras_layer.weights]
    assert [w.keras_trainable for w in kt_layer.weights] == [w.trainable for w in
                                                             keras_layer.weights]
    assert len(kt_layer.trainable_weights) == len(keras_layer.trainable_weights)
    assert len(kt_layer.non_trainable_weights) == len(keras_layer.non_trainable_weights)
    assert kt_layer.count_params() == keras_layer.count_params()
    assert_same_weights(keras_layer, kt_layer)
    assert list(kt_layer.state_dict()) == list(keras_layer.state_dict())
    x = RNG.normal(size=(5, 3)).astype("float32")
    np.testing.assert_allclose(kt_layer(torch.from_numpy(x), training=False).detach().numpy(),
                               keras.ops.convert_to_numpy(keras_layer(x, training=False)),
                               rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("output_shape", [None, (None, 2)])
def test_config_matches_keras_and_loads_across_libraries(output_shape):
    keras_layer, kt_layer = wrapper_pair(mixed_module, output_shape=output_shape)
    keras_config, kt_config = keras_layer.get_config(), kt_layer.get_config()
    assert list(kt_config) == list(keras_config)
    assert {k: v for k, v in kt_config.items() if k != "module"} == {
        k: v for k, v in keras_config.items() if k != "module"}
    x = RNG.normal(size=(5, 3)).astype("float32")
    expected = keras.ops.convert_to_numpy(keras_layer(x, training=False))
    from_keras = kerastorch.layers.TorchModuleWrapper.from_config(keras_config,
                                                                   safe_mode=False)
    in_keras = keras.layers.TorchModuleWrapper.from_config(kt_config, safe_mode=False)
    for layer in (from_keras, in_keras):
        np.testing.assert_allclose(
            keras.ops.convert_to_numpy(layer(torch.from_numpy(x), training=False)), expected,
            rtol=1e-5, atol=1e-6)
    assert from_keras.get_config()["output_shape"] == output_shape


@pytest.mark.parametrize("load", [
    lambda cls, config: cls.from_config(config),
    lambda cls, config: cls.from_config(config, safe_mode=True),
])
def test_module_is_never_unpickled_in_safe_mode_as_in_keras(load):
    keras_layer, kt_layer = wrapper_pair(mixed_module)
    assert_raises_like_keras(
        lambda: load(keras.layers.TorchModuleWrapper, keras_layer.get_config()),
        lambda: load(kerastorch.layers.TorchModuleWrapper, kt_layer.get_config()),
        "safe_mode=False")


def test_deserialization_refuses_the_module_by_default():
    layer = kerastorch.layers.TorchModuleWrapper(torch.nn.Linear(2, 2))
    config = kerastorch.saving.serialization_lib.serialize_keras_object(layer)
    with pytest.raises(ValueError, match="torch.load"):
        kerastorch.saving.serialization_lib.deserialize_keras_object(config)
    rebuilt = kerastorch.saving.serialization_lib.deserialize_keras_object(config,
                                                                           safe_mode=False)
    assert_same_weights(layer, rebuilt)


def test_lazy_module_error_matches_keras():
    assert_raises_like_keras(
        lambda: keras.layers.TorchModuleWrapper(torch.nn.LazyLinear(3)),
        lambda: kerastorch.layers.TorchModuleWrapper(torch.nn.LazyLinear(3)),
        "LazyModules are not supported")


@pytest.mark.parametrize("output_shape", [(None, 4), (4,)])
def test_symbolic_output_shape_matches_keras(output_shape):
    keras_layer, kt_layer = wrapper_pair(lambda: torch.nn.Linear(3, 4),
                                         output_shape=output_shape)
    assert kt_layer(kerastorch.Input((3,))).shape == keras_layer(keras.Input((3,))).shape


@pytest.mark.parametrize("make_module, shape", [(mixed_module, (3,)),
                                                (conv_module, (1, 6, 6))])
def test_fit_trains_the_module_as_keras_does(make_module, shape):
    keras_layer, kt_layer = wrapper_pair(make_module)
    models = []
    for lib, layer in ((keras, keras_layer), (kerastorch, kt_layer)):
        model = lib.Sequential([lib.Input(shape), layer])
        model.compile(optimizer=lib.optimizers.SGD(learning_rate=0.1), loss="mse")
        models.append(model)
    x = RNG.normal(size=(16,) + shape).astype("float32")
    y = RNG.normal(size=(16, 2)).astype("float32")
    expected = models[0].fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0)
    received = models[1].fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0)
    np.testing.assert_allclose(received.history["loss"], expected.history["loss"], rtol=1e-5,
                               atol=1e-6)
    assert_same_weights(models[0], models[1])
    keras_buffers = {k: v for k, v in keras_layer.module.state_dict().items()}
    for key, value in kt_layer.module.state_dict().items():
        np.testing.assert_allclose(value.numpy(), keras_buffers[key].cpu().numpy(),
                                   rtol=1e-5, atol=1e-6)


def test_weights_file_matches_keras_both_ways(tmp_path):
    def build(lib):
        torch.manual_seed(0)
        module = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.BatchNorm1d(3))
        x = lib.Input((4,))
        return lib.Model(x, lib.layers.TorchModuleWrapper(module, output_shape=(None, 3))(x))

    keras_model, kt_model = build(keras), build(kerastorch)
    data = np.random.default_rng(0).normal(size=(5, 4)).astype("float32")
    keras_model.save_weights(tmp_path / "keras.weights.h5")
    kt_model.save_weights(tmp_path / "kt.weights.h5")
    with h5py.File(tmp_path / "keras.weights.h5") as keras_file, \
            h5py.File(tmp_path / "kt.weights.h5") as kt_file:
        keras_paths, kt_paths = [], []
        keras_file.visit(keras_paths.append)
        kt_file.visit(kt_paths.append)
        assert sorted(kt_paths) == sorted(keras_paths)
    with torch.no_grad():
        for p in kt_model.parameters():
            p.add_(1.0)
    kt_model.load_weights(tmp_path / "keras.weights.h5")
    np.testing.assert_allclose(kt_model.predict(data, verbose=0),
                               keras_model.predict(data, verbose=0), rtol=1e-6)
