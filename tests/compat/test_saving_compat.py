"""`.keras` and `.weights.h5` files exchanged with real Keras 3, both ways.

A model saved by one library loads in the other with the same predictions
and the same optimizer state, so that one more epoch of training gives the
same history in both; the weights files hold the same object paths.
"""

import io
import zipfile

import h5py
import keras
import numpy as np
import pytest

import kerastorch
from tests.compat.test_training_compat import assert_histories_equal
from tests.compat.twins import assert_same_weights


def _block_class(lib):
    """A registered custom layer holding a sub-layer and a weight of its own (one per library)."""

    @lib.saving.register_keras_serializable(package="saving_compat")
    class Block(lib.layers.Layer):
        def __init__(self, units=4, **kwargs):
            super().__init__(**kwargs)
            self.units = units
            self.inner = lib.layers.Dense(units, activation="tanh")

        def build(self, input_shape):
            self.inner.build(input_shape)
            self.scale = self.add_weight(shape=(self.units,), initializer="ones", name="scale")

        def call(self, x):
            return self.inner(x) * self.scale

        def get_config(self):
            return {**super().get_config(), "units": self.units}

    return Block


BLOCKS = {keras: _block_class(keras), kerastorch: _block_class(kerastorch)}


def _net_class(lib):
    """A registered subclassed model (one per library)."""

    @lib.saving.register_keras_serializable(package="saving_compat")
    class Net(lib.Model):
        def __init__(self, units=3, **kwargs):
            super().__init__(**kwargs)
            self.units = units
            self.hidden = lib.layers.Dense(8, activation="relu")
            self.out = lib.layers.Dense(units, activation="softmax")

        def call(self, x):
            return self.out(self.hidden(x))

        def get_config(self):
            return {**super().get_config(), "units": self.units}

    return Net


NETS = {keras: _net_class(keras), kerastorch: _net_class(kerastorch)}


def sequential_mlp(lib):
    model = lib.Sequential([
        lib.Input(shape=(8,)),
        lib.layers.Dense(16, activation="relu"),
        lib.layers.BatchNormalization(),
        lib.layers.Dense(3, activation="softmax"),
    ])
    return model, {"loss": "sparse_categorical_crossentropy", "metrics": ["accuracy"]}


def dropout_mlp(lib):
    model = lib.Sequential([
        lib.Input(shape=(8,)),
        lib.layers.Dense(16, activation="relu"),
        lib.layers.Dropout(0.3),
        lib.layers.Dense(3, activation="softmax"),
    ])
    return model, {"loss": "sparse_categorical_crossentropy", "metrics": ["accuracy"]}


def functional_multi_input(lib):
    a = lib.Input(shape=(8,), name="a")
    b = lib.Input(shape=(3,), name="b")
    h = lib.layers.Concatenate()([lib.layers.Dense(6, activation="relu")(a), b])
    out = lib.layers.Dense(1, name="out")(h)
    return lib.Model([a, b], out), {"loss": "mse", "metrics": ["mae"]}


def nested(lib):
    inner_input = lib.Input(shape=(6,))
    inner = lib.Model(inner_input, lib.layers.Dense(5, activation="relu")(inner_input))
    stack = lib.Sequential([lib.Input(shape=(6,)), lib.layers.Dense(4, activation="relu"),
                            lib.layers.BatchNormalization()])
    x = lib.Input(shape=(8,))
    h = lib.layers.Dense(6, activation="relu")(x)
    h = lib.layers.Concatenate()([lib.layers.Dense(3)(inner(h)), stack(h)])
    out = lib.layers.Dense(3, activation="softmax")(h)
    return lib.Model(x, out), {"loss": "sparse_categorical_crossentropy", "metrics": ["accuracy"]}


def embedding(lib):
    tokens = lib.Input(shape=(5,), dtype="int32")
    h = lib.layers.Flatten()(lib.layers.Embedding(20, 4)(tokens))
    out = lib.layers.Dense(3, activation="softmax")(h)
    return lib.Model(tokens, out), {"loss": "sparse_categorical_crossentropy",
                                    "metrics": ["accuracy"]}


def custom_block(lib):
    x = lib.Input(shape=(8,))
    out = lib.layers.Dense(3, activation="softmax")(BLOCKS[lib](units=5)(x))
    return lib.Model(x, out), {"loss": "sparse_categorical_crossentropy",
                               "metrics": ["accuracy"]}


def subclassed(lib):
    model = NETS[lib](units=3)
    model(np.zeros((1, 8), "float32"))  # Keras's `build((None, 8))` leaves its layers unbuilt.
    return model, {"loss": "sparse_categorical_crossentropy", "metrics": ["accuracy"]}


def _data(name):
    rng = np.random.default_rng(0)
    if name == "functional_multi_input":
        x = [rng.normal(size=(48, 8)).astype("float32"),
             rng.normal(size=(48, 3)).astype("float32")]
        return x, rng.normal(size=(48, 1)).astype("float32")
    if name == "embedding":
        return rng.integers(0, 20, size=(48, 5)).astype("int32"), rng.integers(0, 3, size=(48,))
    return rng.normal(size=(48, 8)).astype("float32"), rng.integers(0, 3, size=(48,))


# Models whose training is deterministic (no dropout), for the history checks.
TRAINABLE = [sequential_mlp, functional_multi_input, nested, embedding, custom_block,
             subclassed]
ALL = TRAINABLE + [dropout_mlp]


def _trained(builder, lib, adam=None):
    model, compile_kwargs = builder(lib)
    optimizer = lib.optimizers.Adam(learning_rate=0.01, **(adam or {}))
    model.compile(optimizer=optimizer, **compile_kwargs)
    x, y = _data(builder.__name__)
    model.fit(x, y, batch_size=16, epochs=1, shuffle=False, verbose=0)
    return model, x, y


def _optimizer_state(lib, model):
    if lib is keras:
        return [keras.ops.convert_to_numpy(v) for v in model.optimizer.variables]
    return [v.detach().cpu().numpy() for v in model.optimizer.variables]


def _assert_same_optimizer_state(saved_lib, saved, loaded_lib, loaded):
    expected = _optimizer_state(saved_lib, saved)
    received = _optimizer_state(loaded_lib, loaded)
    assert [v.shape for v in received] == [v.shape for v in expected]
    for e, r in zip(expected, received):
        np.testing.assert_allclose(r, e, rtol=1e-6, atol=0)


def _assert_same_predictions(first, second, x):
    np.testing.assert_allclose(np.asarray(second.predict(x, verbose=0)),
                               np.asarray(first.predict(x, verbose=0)), rtol=1e-5, atol=1e-6)


LIBRARIES = {"keras_to_kerastorch": (keras, kerastorch), "kerastorch_to_keras": (kerastorch, keras)}


@pytest.mark.parametrize("direction", sorted(LIBRARIES))
@pytest.mark.parametrize("builder", TRAINABLE, ids=lambda b: b.__name__)
def test_saved_model_loads_and_resumes_training_in_the_other_library(builder, direction,
                                                                     tmp_path):
    saver, loader = LIBRARIES[direction]
    model, x, y = _trained(builder, saver)
    path = tmp_path / "model.keras"
    model.save(path)

    loaded = loader.saving.load_model(path)
    assert loaded.compiled
    assert type(loaded.optimizer).__name__ == "Adam"
    _assert_same_predictions(model, loaded, x)
    _assert_same_optimizer_state(saver, model, loader, loaded)

    expected = model.fit(x, y, batch_size=16, epochs=1, shuffle=False, verbose=0)
    received = loaded.fit(x, y, batch_size=16, epochs=1, shuffle=False, verbose=0)
    assert_histories_equal(expected, received)
    assert_same_weights(*((model, loaded) if saver is keras else (loaded, model)),
                        rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("direction", sorted(LIBRARIES))
def test_dropout_model_loads_with_the_same_predictions(direction, tmp_path):
    saver, loader = LIBRARIES[direction]
    model, x, _ = _trained(dropout_mlp, saver)
    model.save(tmp_path / "model.keras")
    loaded = loader.models.load_model(tmp_path / "model.keras")
    _assert_same_predictions(model, loaded, x)
    _assert_same_optimizer_state(saver, model, loader, loaded)


@pytest.mark.parametrize("direction", sorted(LIBRARIES))
def test_amsgrad_state_and_uncompiled_loading(direction, tmp_path):
    saver, loader = LIBRARIES[direction]
    model, x, _ = _trained(sequential_mlp, saver, adam={"amsgrad": True})
    model.save(tmp_path / "model.keras")
    loaded = loader.saving.load_model(tmp_path / "model.keras")
    _assert_same_optimizer_state(saver, model, loader, loaded)
    uncompiled = loader.saving.load_model(tmp_path / "model.keras", compile=False)
    assert not uncompiled.compiled
    _assert_same_predictions(model, uncompiled, x)


@pytest.mark.parametrize("direction", sorted(LIBRARIES))
@pytest.mark.parametrize("builder", ALL, ids=lambda b: b.__name__)
def test_weights_files_load_in_the_other_library(builder, direction, tmp_path):
    saver, loader = LIBRARIES[direction]
    source, _ = builder(saver)
    target, _ = builder(loader)
    path = tmp_path / "model.weights.h5"
    source.save_weights(path)
    target.load_weights(path)
    keras_model, kt_model = (source, target) if saver is keras else (target, source)
    assert_same_weights(keras_model, kt_model, rtol=0, atol=0)


def _h5_listing(data: bytes) -> dict:
    """`{path: (shape, dtype)}` of the datasets, and `{path: None}` of the groups."""
    listing = {}
    with h5py.File(io.BytesIO(data), "r") as f:
        def visit(name, obj):
            is_dataset = isinstance(obj, h5py.Dataset)
            listing[name] = (obj.shape, str(obj.dtype)) if is_dataset else None
        f.visititems(visit)
    return listing


@pytest.mark.parametrize("builder", ALL, ids=lambda b: b.__name__)
def test_weights_file_paths_match_keras(builder, tmp_path):
    listings = {}
    for lib in (keras, kerastorch):
        model, _, _ = _trained(builder, lib)
        model.save(tmp_path / f"{lib.__name__}.keras")
        with zipfile.ZipFile(tmp_path / f"{lib.__name__}.keras") as archive:
            assert archive.namelist() == ["metadata.json", "config.json", "model.weights.h5"]
            listings[lib] = _h5_listing(archive.read("model.weights.h5"))
    expected, received = listings[keras], listings[kerastorch]
    # Keras's step counter is int32, kerastorch's int64 (the shapes agree).
    assert expected.pop("optimizer/vars/0") == ((), "int32")
    assert received.pop("optimizer/vars/0") == ((), "int64")
    assert received == expected


def _subclassed(lib):
    block = BLOCKS[lib]

    class Net(lib.Model):
        def __init__(self):
            super().__init__()
            self.blocks = [block(4), block(4)]
            self.head = lib.layers.Dense(2)
            self.zz_last = lib.layers.Dense(2)  # Visited after `layers`: saved there.
            self._private = lib.layers.Embedding(10, 4)
            self.by_key = {"x": lib.layers.Dense(2), "y": lib.layers.Dense(3)}
            self.tracker = lib.metrics.Mean()

        def call(self, x):
            for b in self.blocks:
                x = b(x)
            return self.zz_last(self.head(x))

    model = Net()
    model(np.zeros((2, 4), "float32"))
    model._private(np.zeros((2,), "int32"))
    for layer in model.by_key.values():
        layer.build((None, 4))
    return model


def test_subclassed_model_weights_paths_match_keras(tmp_path):
    listings, models = {}, {}
    for lib in (keras, kerastorch):
        models[lib] = _subclassed(lib)
        models[lib].save_weights(tmp_path / f"{lib.__name__}.weights.h5")
        listings[lib] = _h5_listing((tmp_path / f"{lib.__name__}.weights.h5").read_bytes())
    assert listings[kerastorch] == listings[keras]
    assert "layers/dense_1/vars/0" in listings[keras] and "~_private" not in listings[keras]
    models[kerastorch].load_weights(tmp_path / "keras.weights.h5")
    assert_same_weights(models[keras], models[kerastorch], rtol=0, atol=0)


OPTIMIZERS = {
    "sgd_momentum": lambda lib: lib.optimizers.SGD(momentum=0.9),
    "rmsprop_centered": lambda lib: lib.optimizers.RMSprop(momentum=0.5, centered=True),
    "adamw": lambda lib: lib.optimizers.AdamW(),
    "adam_ema": lambda lib: lib.optimizers.Adam(use_ema=True),
    "loss_scale": lambda lib: lib.optimizers.LossScaleOptimizer(lib.optimizers.SGD()),
}


@pytest.mark.parametrize("optimizer", sorted(OPTIMIZERS))
def test_optimizer_state_paths_match_keras_and_load(optimizer, tmp_path):
    listings, models = {}, {}
    for lib in (keras, kerastorch):
        models[lib], compile_kwargs = sequential_mlp(lib)
        models[lib].compile(optimizer=OPTIMIZERS[optimizer](lib), **compile_kwargs)
        models[lib].optimizer.build(models[lib].trainable_variables)
        models[lib].save_weights(tmp_path / f"{lib.__name__}.weights.h5")
        listings[lib] = _h5_listing((tmp_path / f"{lib.__name__}.weights.h5").read_bytes())
    expected, received = listings[keras], listings[kerastorch]
    assert {k: v and v[0] for k, v in received.items()} == \
        {k: v and v[0] for k, v in expected.items()}
    models[kerastorch].load_weights(tmp_path / "keras.weights.h5")
    _assert_same_optimizer_state(keras, models[keras], kerastorch, models[kerastorch])


def test_keras_nested_functional_as_model_output_loads(tmp_path):
    inner_input = keras.Input(shape=(4,))
    inner = keras.Model(inner_input, keras.layers.Dense(2)(inner_input))
    x = keras.Input(shape=(4,))
    model = keras.Model(x, inner(x))
    model.save(tmp_path / "model.keras")
    loaded = kerastorch.saving.load_model(tmp_path / "model.keras")
    _assert_same_predictions(model, loaded, np.ones((2, 4), "float32"))


@pytest.mark.parametrize("direction", sorted(LIBRARIES))
def test_missing_custom_class_error_is_the_same_type(direction, tmp_path):
    saver, loader = LIBRARIES[direction]
    model, _ = custom_block(saver)
    model.save(tmp_path / "model.keras")
    saved = dict(loader.saving.get_custom_objects())
    loader.saving.get_custom_objects().pop("saving_compat>Block")
    try:
        with pytest.raises(TypeError, match="Could not locate class 'Block'"):
            loader.saving.load_model(tmp_path / "model.keras")
        loaded = loader.saving.load_model(tmp_path / "model.keras",
                                          custom_objects={"saving_compat>Block": BLOCKS[loader]})
        assert isinstance(loaded.layers[1], BLOCKS[loader])
    finally:
        loader.saving.get_custom_objects().update(saved)


@pytest.mark.parametrize("direction", sorted(LIBRARIES))
def test_compile_objects_and_schedules_load_in_the_other_library(direction, tmp_path):
    saver, loader = LIBRARIES[direction]
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(32, 4)).astype("float32"), rng.integers(0, 6, size=(32,))
    model = saver.Sequential([saver.Input(shape=(4,)), saver.layers.Dense(6)])
    schedule = saver.optimizers.schedules.ExponentialDecay(0.1, decay_steps=3, decay_rate=0.5)
    model.compile(optimizer=saver.optimizers.SGD(learning_rate=schedule, momentum=0.9),
                  loss=saver.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=[saver.metrics.SparseCategoricalAccuracy(name="acc"),
                           "sparse_top_k_categorical_accuracy"],
                  weighted_metrics=["accuracy"])
    model.fit(x, y, batch_size=8, shuffle=False, verbose=0)
    model.save(tmp_path / "model.keras")
    loaded = loader.saving.load_model(tmp_path / "model.keras")
    assert type(loaded.loss).__name__ == "SparseCategoricalCrossentropy"
    assert loaded.loss.get_config() == model.loss.get_config()
    _assert_same_optimizer_state(saver, model, loader, loaded)
    expected = model.evaluate(x, y, verbose=0, return_dict=True)
    received = loaded.evaluate(x, y, verbose=0, return_dict=True)
    assert sorted(received) == sorted(expected)
    for key in expected:
        np.testing.assert_allclose(received[key], expected[key], rtol=1e-5, err_msg=key)
    assert_histories_equal(model.fit(x, y, batch_size=8, shuffle=False, verbose=0),
                           loaded.fit(x, y, batch_size=8, shuffle=False, verbose=0))


@pytest.mark.parametrize("direction", sorted(LIBRARIES))
def test_bfloat16_weights_load_in_the_other_library(direction, tmp_path):
    saver, loader = LIBRARIES[direction]
    models = {lib: lib.Sequential([lib.Input(shape=(3,)), lib.layers.Dense(4, dtype="bfloat16")])
              for lib in (saver, loader)}
    models[saver].save_weights(tmp_path / "model.weights.h5")
    models[loader].load_weights(tmp_path / "model.weights.h5")
    expected = [keras.ops.convert_to_numpy(keras.ops.cast(w, "float32"))
                for w in models[keras].weights]
    received = [w.float().detach().cpu().numpy() for w in models[kerastorch].weights]
    assert [str(w.dtype) for w in models[keras].weights] == ["bfloat16"] * 2
    for e, r in zip(expected, received):
        np.testing.assert_array_equal(r, e)
