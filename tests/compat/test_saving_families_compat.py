"""`.keras` round trips with real Keras 3, one model per layer family, compiled and not.

The same model (same weights, same optimizer state) saved by each library
gives the same `config.json` and the same `model.weights.h5` (every path,
every array); each file loads in both libraries with the saved model's
predictions, and one more training step from it gives the same loss and
weights in both.
"""

import io
import json
import zipfile

import h5py
import keras
import numpy as np
import pytest

import kerastorch

LIBRARIES = (keras, kerastorch)


# Every layer, model and optimizer is named, so that both libraries write the same paths.
def conv_pooling(lib):
    x = lib.Input(shape=(10, 10, 3), name="image")
    h = lib.layers.Conv2D(4, 3, padding="same", activation="relu", name="conv")(x)
    h = lib.layers.MaxPooling2D(2, name="max_pool")(h)
    h = lib.layers.DepthwiseConv2D(3, depth_multiplier=2, name="depthwise")(h)
    h = lib.layers.SeparableConv2D(4, 2, padding="same", name="separable")(h)
    h = lib.layers.Conv2DTranspose(3, 2, strides=2, name="transpose")(h)
    h = lib.layers.AveragePooling2D(2, name="avg_pool")(h)
    h = lib.layers.Conv1D(2, 2, name="conv1d")(lib.layers.Reshape((9, 3), name="to_1d")(h))
    h = lib.layers.GlobalMaxPooling1D(name="global_pool")(h)
    return lib.Model(x, lib.layers.Dense(3, name="logits")(h), name="conv_pooling")


def normalization(lib):
    x = lib.Input(shape=(6,), name="x")
    # No bias before batch normalization: its gradient is zero, which Adam turns into
    # steps of rounding noise.
    h = lib.layers.Dense(8, use_bias=False, name="dense")(x)
    h = lib.layers.BatchNormalization(momentum=0.9, name="batch_norm")(h)
    h = lib.layers.LayerNormalization(name="layer_norm")(h)
    h = lib.layers.GroupNormalization(groups=2, name="group_norm")(h)
    h = lib.layers.UnitNormalization(name="unit_norm")(h)
    h = lib.layers.RMSNormalization(name="rms_norm")(h)
    return lib.Model(x, lib.layers.Dense(3, name="logits")(h), name="normalization")


def attention(lib):
    query = lib.Input(shape=(5, 4), name="query")
    value = lib.Input(shape=(6, 4), name="value")
    h = lib.layers.MultiHeadAttention(2, 3, name="mha")(query, value)
    dot = lib.layers.Attention(use_scale=True, name="dot_attention")([query, value])
    additive = lib.layers.AdditiveAttention(name="additive_attention")([query, value])
    grouped = lib.layers.GroupQueryAttention(4, 2, 1, name="gqa")(query, value)
    h = lib.layers.Concatenate(name="concat")([h, dot, additive, grouped])
    h = lib.layers.GlobalAveragePooling1D(name="pool")(h)
    return lib.Model([query, value], lib.layers.Dense(3, name="logits")(h), name="attention")


def embedding_masking(lib):
    tokens = lib.Input(shape=(7,), dtype="int32", name="tokens")
    series = lib.Input(shape=(6, 3), name="series")
    embedded = lib.layers.Embedding(20, 4, mask_zero=True, name="embedding")(tokens)
    pooled = lib.layers.GlobalAveragePooling1D(name="token_pool")(embedded)
    masked = lib.layers.Masking(mask_value=0.0, name="masking")(series)
    series_pooled = lib.layers.GlobalAveragePooling1D(name="series_pool")(masked)
    h = lib.layers.Concatenate(name="concat")([pooled, series_pooled])
    return lib.Model([tokens, series], lib.layers.Dense(3, name="logits")(h),
                     name="embedding_masking")


def merging(lib):
    inputs = [lib.Input(shape=(6,), name="a"), lib.Input(shape=(6,), name="b")]
    a = lib.layers.Dense(4, name="dense_a")(inputs[0])
    b = lib.layers.Dense(4, name="dense_b")(inputs[1])
    merged = [
        lib.layers.Add(name="add")([a, b]), lib.layers.Subtract(name="subtract")([a, b]),
        lib.layers.Multiply(name="multiply")([a, b]), lib.layers.Average(name="average")([a, b]),
        lib.layers.Maximum(name="maximum")([a, b]), lib.layers.Minimum(name="minimum")([a, b]),
        lib.layers.Dot(axes=1, normalize=True, name="dot")([a, b]),
    ]
    h = lib.layers.Concatenate(name="concat")(merged)
    return lib.Model(inputs, lib.layers.Dense(3, name="logits")(h), name="merging")


def reshaping(lib):
    x = lib.Input(shape=(4, 6), name="x")
    h = lib.layers.Reshape((6, 4), name="reshape")(x)
    h = lib.layers.Permute((2, 1), name="permute")(h)
    h = lib.layers.Cropping1D((1, 0), name="crop")(h)
    h = lib.layers.ZeroPadding1D(1, name="pad")(h)
    h = lib.layers.UpSampling1D(2, name="upsample")(h)
    h = lib.layers.Flatten(name="flatten")(h)
    h = lib.layers.RepeatVector(2, name="repeat")(lib.layers.Dense(5, name="dense")(h))
    h = lib.layers.Flatten(name="flatten_2")(h)
    return lib.Model(x, lib.layers.Dense(3, name="logits")(h), name="reshaping")


def recurrent(lib):
    tokens = lib.Input(shape=(7,), dtype="int32", name="tokens")
    h = lib.layers.Embedding(20, 4, mask_zero=True, name="embedding")(tokens)
    h = lib.layers.LSTM(5, return_sequences=True, name="lstm")(h)
    h = lib.layers.Bidirectional(lib.layers.GRU(3, return_sequences=True), name="bigru")(h)
    h = lib.layers.SimpleRNN(4, name="simple_rnn")(h)
    return lib.Model(tokens, lib.layers.Dense(3, name="logits")(h), name="recurrent")


FAMILIES = [conv_pooling, normalization, attention, embedding_masking, merging, reshaping,
            recurrent]


def _data(family):
    rng = np.random.default_rng(0)
    n = 16
    y = rng.integers(0, 3, size=(n,))
    if family is conv_pooling:
        return rng.normal(size=(n, 10, 10, 3)).astype("float32"), y
    if family is attention:
        return [rng.normal(size=(n, 5, 4)).astype("float32"),
                rng.normal(size=(n, 6, 4)).astype("float32")], y
    if family in (embedding_masking, recurrent):
        tokens = rng.integers(1, 20, size=(n, 7)).astype("int32")
        tokens[::2, 5:] = 0
        if family is recurrent:
            return tokens, y
        series = rng.normal(size=(n, 6, 3)).astype("float32")
        series[1::3, 4:] = 0.0
        return [tokens, series], y
    if family is merging:
        return [rng.normal(size=(n, 6)).astype("float32"),
                rng.normal(size=(n, 6)).astype("float32")], y
    if family is reshaping:
        return rng.normal(size=(n, 4, 6)).astype("float32"), y
    return rng.normal(size=(n, 6)).astype("float32"), y


def _compile(lib, model):
    model.compile(optimizer=lib.optimizers.Adam(learning_rate=0.01, name="adam"),
                  loss=lib.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=[lib.metrics.SparseCategoricalAccuracy(name="acc")])


def _optimizer_state(model):
    return [np.asarray(keras.ops.convert_to_numpy(v)) if not hasattr(v, "detach")
            else v.detach().cpu().numpy() for v in model.optimizer.variables]


def _twins(family, compiled):
    """The family's model in Keras (trained one step if compiled) and its kerastorch twin."""
    keras_model, kt_model = family(keras), family(kerastorch)
    x, y = _data(family)
    if compiled:
        _compile(keras, keras_model)
        keras_model.train_on_batch(x, y)
        _compile(kerastorch, kt_model)
        kt_model.optimizer.build(kt_model.trainable_weights)
        kt_model.optimizer.set_weights(_optimizer_state(keras_model))
    kt_model.set_weights(keras_model.get_weights())
    return {keras: keras_model, kerastorch: kt_model}, x, y


def _read_archive(path):
    """`(config dict, {h5 path: array})` of a `.keras` file."""
    with zipfile.ZipFile(path) as archive:
        config = json.loads(archive.read("config.json"))
        weights = archive.read("model.weights.h5")
    arrays = {}
    with h5py.File(io.BytesIO(weights), "r") as f:
        f.visititems(lambda name, obj: arrays.__setitem__(name, np.asarray(obj))
                     if isinstance(obj, h5py.Dataset) else None)
    return config, arrays


def _comparable(config):
    """`config.json` without what differs by design or by chance between the libraries.

    - `shared_object_id`: Keras shares one dtype policy object between layers
      and writes its memory address; kerastorch's layers have their own.
    - The optimizer's `module` / `registered_name`: Keras names its torch
      backend's subclass (`keras.src.backend.torch.optimizers.torch_adam`).
    - The nodes of the ops that make masks (`NotEqual`, `Any`), which Keras
      records in functional graphs and kerastorch does not (see "Masks" in
      docs/ARCHITECTURE.md), and hence the order of the layers.
    - The `build_config` `{"input_shape": None}` Keras writes for a functional model.
    """
    if isinstance(config, list):
        return [_comparable(value) for value in config]
    if not isinstance(config, dict):
        return config
    config = {key: _comparable(value) for key, value in config.items()
              if key != "shared_object_id"}
    if config.get("class_name") == "Functional":
        if config.get("build_config") == {"input_shape": None}:
            del config["build_config"]
        layers = config["config"]["layers"]
        ops = {layer["name"] for layer in layers
               if (layer.get("module") or "").startswith("keras.src.ops")}
        config["config"]["layers"] = {layer["name"]: _without_references(layer, ops)
                                      for layer in layers if layer["name"] not in ops}
    optimizer = (config.get("compile_config") or {}).get("optimizer")
    if isinstance(optimizer, dict):
        optimizer["module"], optimizer["registered_name"] = "keras.optimizers", None
    return config


def _without_references(value, names):
    """`value` with the tensors made by the layers `names` (mask ops) replaced by `None`."""
    if isinstance(value, dict):
        if value.get("class_name") == "__keras_tensor__" and \
                value["config"]["keras_history"][0] in names:
            return None
        return {key: _without_references(v, names) for key, v in value.items()}
    if isinstance(value, list):
        return [_without_references(v, names) for v in value]
    return value


def _predict(model, x):
    return np.asarray(model.predict(x, verbose=0))


def _step(lib, model, x, y, compiled):
    if not compiled:
        _compile(lib, model)
    return model.train_on_batch(x, y, return_dict=True)


@pytest.mark.parametrize("compiled", [True, False], ids=["compiled", "uncompiled"])
@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.__name__)
def test_family_round_trips_with_keras(family, compiled, tmp_path):
    models, x, y = _twins(family, compiled)
    contents = {}
    for lib, model in models.items():
        model.save(tmp_path / f"{lib.__name__}.keras")
        contents[lib] = _read_archive(tmp_path / f"{lib.__name__}.keras")

    (expected_config, expected_arrays), (config, arrays) = contents[keras], contents[kerastorch]
    assert _comparable(config) == _comparable(expected_config)
    assert sorted(arrays) == sorted(expected_arrays)
    for path, expected in expected_arrays.items():
        np.testing.assert_array_equal(arrays[path], expected, err_msg=path)

    # The twins compute the same (float32 tolerance); a loaded model exactly as its twin.
    np.testing.assert_allclose(_predict(models[kerastorch], x), _predict(models[keras], x),
                               rtol=1e-5, atol=1e-6)
    for saver in LIBRARIES:
        loaded = {lib: lib.saving.load_model(tmp_path / f"{saver.__name__}.keras")
                  for lib in LIBRARIES}
        for lib, model in loaded.items():
            assert model.compiled == compiled
            np.testing.assert_allclose(_predict(model, x), _predict(models[lib], x),
                                       rtol=1e-6, atol=1e-7,
                                       err_msg=f"{saver.__name__} file in {lib.__name__}")
        logs = {lib: _step(lib, model, x, y, compiled) for lib, model in loaded.items()}
        assert sorted(logs[kerastorch]) == sorted(logs[keras])
        for key, value in logs[keras].items():
            np.testing.assert_allclose(logs[kerastorch][key], value, rtol=1e-5, err_msg=key)
        # After the step (Adam moves weights without gradient, such as attention key
        # biases, by rounding noise): the same predictions.
        np.testing.assert_allclose(_predict(loaded[kerastorch], x), _predict(loaded[keras], x),
                                   rtol=1e-5, atol=1e-6)
