"""fit / evaluate / predict from every data source, against real Keras.

Each source serves the same batches, in the same order, to both libraries;
models start from the same weights and train with SGD, so histories, weights,
evaluation results and predictions must agree, and so must the steps per
epoch and the "ran out of data" warnings (Keras replays the two batches it
peeked at when a generator is exhausted; kerastorch does the same).

Keras 3 accepts no plain iterator and no torch `Dataset`: for those, Keras
gets the equivalent generator / `DataLoader`.
"""

import math
import warnings

import keras
import numpy as np
import pytest
import torch

import kerastorch
from tests.compat.twins import assert_same_weights, mlp_pair

SAMPLES, BATCH, FEATURES, CLASSES = 40, 8, 4, 3
DATA_WARNINGS = ("Your input ran out of data", "`shuffle=True` was passed")


def _arrays(samples=SAMPLES, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(samples, FEATURES)).astype("float32")
    y = rng.integers(0, CLASSES, size=(samples,))
    sw = rng.uniform(0.2, 2.0, size=(samples,)).astype("float32")
    return x, y, sw


def _batches(arrays, with_weights=False, batch=BATCH):
    x, y, sw = arrays
    parts = (x, y, sw) if with_weights else (x, y)
    return [tuple(a[i:i + batch] for a in parts) for i in range(0, len(x), batch)]


def _generator(batches):
    yield from batches


def _py_dataset(lib, batches, **kwargs):
    class Batches(lib.utils.PyDataset):
        def __init__(self):
            super().__init__(**kwargs)
            self.epoch_ends = 0

        def __len__(self):
            return len(batches)

        def __getitem__(self, index):
            return batches[index]

        def on_epoch_end(self):
            self.epoch_ends += 1

    return Batches()


def _tensor_dataset(batches):
    columns = [np.concatenate(column) for column in zip(*batches)]
    return torch.utils.data.TensorDataset(*(torch.from_numpy(c) for c in columns))


def _data_loader(batches):
    return torch.utils.data.DataLoader(_tensor_dataset(batches), batch_size=len(batches[0][0]))


# name -> (kerastorch's source, Keras's source), each made from the list of batches.
SOURCES = {
    "generator": (_generator, _generator),
    "iterator": (lambda b: iter(list(b)), _generator),
    "py_dataset": (lambda b: _py_dataset(kerastorch, b), lambda b: _py_dataset(keras, b)),
    "py_dataset_2_workers": (lambda b: _py_dataset(kerastorch, b, workers=2),
                             lambda b: _py_dataset(keras, b, workers=2)),
    "data_loader": (_data_loader, _data_loader),
    "torch_dataset": (_tensor_dataset, _data_loader),
}


def _source_pair(name, batches):
    make_kt, make_keras = SOURCES[name]
    return make_kt(batches), make_keras(batches)


def _compiled_pair(optimizer_kwargs=None, weighted=False):
    keras_model, kt_model = mlp_pair(keras, hidden=8, classes=CLASSES, input_dim=FEATURES)
    for lib, model in ((keras, keras_model), (kerastorch, kt_model)):
        model.compile(optimizer=lib.optimizers.SGD(**(optimizer_kwargs or {"learning_rate": 0.1})),
                      loss="sparse_categorical_crossentropy", metrics=["accuracy"],
                      weighted_metrics=["accuracy"] if weighted else None)
        # Builds the compiled metrics. Otherwise Keras's first `fit` reads one
        # batch to build them, and with a multi-worker PyDataset the batches
        # its workers computed meanwhile come first in every epoch of that fit
        # (the order becomes 1, 2, 3, 4, 0): a quirk kerastorch does not copy.
        model.evaluate(np.zeros((2, FEATURES), "float32"), np.zeros(2), verbose=0)
    return keras_model, kt_model


def _run(call):
    """Runs `call()`, returning its result and the data warnings it raised, in order."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = call()
    messages = [str(w.message) for w in caught if str(w.message).startswith(DATA_WARNINGS)]
    return result, messages


def _assert_histories_equal(expected, received):
    assert list(received.history) == list(expected.history)
    assert received.epoch == expected.epoch
    assert received.params == expected.params
    for key in expected.history:
        np.testing.assert_allclose(received.history[key], expected.history[key], rtol=1e-5,
                                   atol=1e-6, err_msg=key)


def _fit_both(keras_model, kt_model, keras_x, kt_x, **kwargs):
    expected, keras_warnings = _run(lambda: keras_model.fit(keras_x, verbose=0, **kwargs))
    received, kt_warnings = _run(lambda: kt_model.fit(kt_x, verbose=0, **kwargs))
    _assert_histories_equal(expected, received)
    assert kt_warnings == keras_warnings
    assert_same_weights(keras_model, kt_model)
    return expected, received


# ------------------------------------------------------------------------- fit
@pytest.mark.parametrize("with_weights", [False, True], ids=["x_y", "x_y_sample_weight"])
@pytest.mark.parametrize("source", sorted(SOURCES))
def test_fit_evaluate_predict_from_each_source(source, with_weights):
    batches = _batches(_arrays(), with_weights)
    keras_model, kt_model = _compiled_pair(weighted=with_weights)
    kt_x, keras_x = _source_pair(source, batches)
    # Two epochs: a generator runs out in the first and replays its two peeked
    # batches in the second, as Keras does.
    _fit_both(keras_model, kt_model, keras_x, kt_x, epochs=2, shuffle=False, batch_size=BATCH)
    kt_x, keras_x = _source_pair(source, batches)
    expected, keras_warnings = _run(
        lambda: keras_model.evaluate(keras_x, verbose=0, return_dict=True))
    received, kt_warnings = _run(
        lambda: kt_model.evaluate(kt_x, batch_size=BATCH, verbose=0, return_dict=True))
    assert received.keys() == expected.keys()
    for key in expected:
        np.testing.assert_allclose(received[key], expected[key], rtol=1e-5, atol=1e-6)
    assert kt_warnings == keras_warnings
    kt_x, keras_x = _source_pair(source, batches)
    expected, _ = _run(lambda: keras_model.predict(keras_x, verbose=0))
    received, _ = _run(lambda: kt_model.predict(kt_x, batch_size=BATCH, verbose=0))
    assert received.shape == expected.shape == (SAMPLES, CLASSES)
    np.testing.assert_allclose(received, expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("epochs, steps_per_epoch", [(4, 2), (3, 5), (2, 3)])
def test_steps_per_epoch_with_a_finite_generator(epochs, steps_per_epoch):
    # 5 batches: epochs continue the same pass, the one that runs out stops
    # early with a warning, the next starts a new pass (the peeked batches).
    batches = _batches(_arrays())
    keras_model, kt_model = _compiled_pair()
    _fit_both(keras_model, kt_model, _generator(batches), _generator(batches), epochs=epochs,
              steps_per_epoch=steps_per_epoch, shuffle=False)


def test_steps_per_epoch_with_an_endless_generator():
    batches = _batches(_arrays())

    def endless():
        while True:
            yield from batches

    keras_model, kt_model = _compiled_pair()
    _, received = _fit_both(keras_model, kt_model, endless(), endless(), epochs=3,
                            steps_per_epoch=4, shuffle=False)
    assert received.params["steps"] == 4
    kt_loss = kt_model.evaluate(endless(), steps=3, verbose=0)
    np.testing.assert_allclose(kt_loss, keras_model.evaluate(endless(), steps=3, verbose=0),
                               rtol=1e-5)
    np.testing.assert_allclose(kt_model.predict(endless(), steps=2, verbose=0),
                               keras_model.predict(endless(), steps=2, verbose=0),
                               rtol=1e-5, atol=1e-6)


def test_shuffle_is_ignored_with_keras_warning():
    batches = _batches(_arrays())
    keras_model, kt_model = _compiled_pair()
    # `shuffle=True` (fit's default) warns for generators and DataLoaders.
    _fit_both(keras_model, kt_model, _generator(batches), _generator(batches), epochs=1)
    _fit_both(keras_model, kt_model, _data_loader(batches), _data_loader(batches), epochs=1)


def test_py_dataset_epoch_hooks_run_as_in_keras():
    batches = _batches(_arrays())
    keras_model, kt_model = _compiled_pair()
    keras_train, kt_train = _py_dataset(keras, batches), _py_dataset(kerastorch, batches)
    keras_val, kt_val = _py_dataset(keras, batches[:2]), _py_dataset(kerastorch, batches[:2])
    _fit_both(keras_model, kt_model, keras_train, kt_train, epochs=3, shuffle=False)
    assert kt_train.epoch_ends == keras_train.epoch_ends
    keras_model.fit(keras_train, epochs=2, shuffle=False, verbose=0, validation_data=keras_val)
    kt_model.fit(kt_train, epochs=2, shuffle=False, verbose=0, validation_data=kt_val)
    assert (kt_train.epoch_ends, kt_val.epoch_ends) == (keras_train.epoch_ends,
                                                       keras_val.epoch_ends)
    assert_same_weights(keras_model, kt_model)


def test_py_dataset_class_weight():
    batches = _batches(_arrays())
    keras_model, kt_model = _compiled_pair()
    class_weight = {0: 0.5, 1: 2.0, 2: 1.0}
    _fit_both(keras_model, kt_model, _py_dataset(keras, batches),
              _py_dataset(kerastorch, batches), epochs=2, shuffle=False,
              class_weight=class_weight)


def test_dict_inputs_and_outputs_from_a_generator():
    rng = np.random.default_rng(3)
    xa, xb = (rng.normal(size=(24, n)).astype("float32") for n in (3, 2))
    y1, y2 = rng.normal(size=(24, 1)).astype("float32"), rng.integers(0, 3, size=(24,))

    def build(lib):
        a, b = lib.Input((3,), name="a"), lib.Input((2,), name="b")
        h = lib.layers.Dense(5, activation="tanh", name="h")(
            lib.layers.Concatenate()([a, b]))
        outputs = {"reg": lib.layers.Dense(1, name="reg")(h),
                   "cls": lib.layers.Dense(3, activation="softmax", name="cls")(h)}
        model = lib.Model({"a": a, "b": b}, outputs)
        model.compile(optimizer=lib.optimizers.SGD(0.1),
                      loss={"reg": "mse", "cls": "sparse_categorical_crossentropy"})
        return model

    def gen():
        for i in range(0, 24, 6):
            s = slice(i, i + 6)
            yield {"a": xa[s], "b": xb[s]}, {"reg": y1[s], "cls": y2[s]}

    keras_model, kt_model = build(keras), build(kerastorch)
    kt_model.set_weights(keras_model.get_weights())
    _fit_both(keras_model, kt_model, gen(), gen(), epochs=1, shuffle=False)
    np.testing.assert_allclose(
        kt_model.predict(({"a": xa, "b": xb},) for _ in range(1))["cls"],
        keras_model.predict(({"a": xa, "b": xb},) for _ in range(1))["cls"], rtol=1e-5,
        atol=1e-6)


# ---------------------------------------------------------------- validation
VALIDATION_SOURCES = ["arrays", *sorted(SOURCES)]


def _validation_pair(name, batches, validation_steps):
    if name == "arrays":
        x, y = (np.concatenate(column) for column in zip(*batches))
        return (x, y), (x, y)
    if name == "py_dataset_2_workers" and validation_steps:
        # Keras's workers keep the batches they computed past `validation_steps`
        # and serve them first at the next validation (batches 2, 3 instead of
        # 0, 1), unlike its single worker; kerastorch reads the first batches
        # each time, whatever the workers: compare with Keras's single worker.
        return _py_dataset(kerastorch, batches, workers=2), _py_dataset(keras, batches)
    return _source_pair(name, batches)


@pytest.mark.parametrize(
    "validation_steps, validation_freq",
    [(None, 1), (2, 1), (None, [1, 3]), (2, 2)],
    ids=["all_steps-freq1", "2_steps-freq1", "all_steps-list", "2_steps-freq2"],
)
@pytest.mark.parametrize("source", VALIDATION_SOURCES)
def test_validation_data_from_each_source(source, validation_steps, validation_freq):
    val_batches = _batches(_arrays(samples=24, seed=1), batch=6)
    kt_val, keras_val = _validation_pair(source, val_batches, validation_steps)
    x, y, _ = _arrays()
    keras_model, kt_model = _compiled_pair()
    expected, keras_warnings = _run(lambda: keras_model.fit(
        x, y, batch_size=BATCH, epochs=3, shuffle=False, verbose=0, validation_data=keras_val,
        validation_steps=validation_steps, validation_freq=validation_freq,
        validation_batch_size=6))
    received, kt_warnings = _run(lambda: kt_model.fit(
        x, y, batch_size=BATCH, epochs=3, shuffle=False, verbose=0, validation_data=kt_val,
        validation_steps=validation_steps, validation_freq=validation_freq,
        validation_batch_size=6))
    _assert_histories_equal(expected, received)
    assert kt_warnings == keras_warnings
    validated_epochs = {"1": 3, "2": 1, "[1, 3]": 2}[str(validation_freq)]
    assert len(received.history["val_loss"]) == validated_epochs


def test_validation_batch_size_of_arrays():
    x, y, _ = _arrays()
    x_val, y_val, _ = _arrays(samples=10, seed=2)
    keras_model, kt_model = _compiled_pair()
    expected = keras_model.fit(x, y, batch_size=BATCH, epochs=2, shuffle=False, verbose=0,
                               validation_data=(x_val, y_val), validation_batch_size=3,
                               validation_steps=3)
    received = kt_model.fit(x, y, batch_size=BATCH, epochs=2, shuffle=False, verbose=0,
                            validation_data=(x_val, y_val), validation_batch_size=3,
                            validation_steps=3)
    _assert_histories_equal(expected, received)


def test_generator_train_and_validation_together():
    batches = _batches(_arrays())
    val_batches = _batches(_arrays(samples=24, seed=1), batch=6)
    keras_model, kt_model = _compiled_pair()
    expected, keras_warnings = _run(lambda: keras_model.fit(
        _generator(batches), epochs=3, shuffle=False, verbose=0,
        validation_data=_generator(val_batches)))
    received, kt_warnings = _run(lambda: kt_model.fit(
        _generator(batches), epochs=3, shuffle=False, verbose=0,
        validation_data=_generator(val_batches)))
    _assert_histories_equal(expected, received)
    assert kt_warnings == keras_warnings


# ------------------------------------------------------------------- errors
def _errors_of(call_keras, call_kt):
    with pytest.raises(Exception) as keras_error:
        call_keras()
    with pytest.raises(Exception) as kt_error:
        call_kt()
    assert type(kt_error.value) is type(keras_error.value)
    return str(keras_error.value), str(kt_error.value)


@pytest.mark.parametrize(
    "source, kwargs",
    [
        ("generator", {"y": np.zeros(SAMPLES)}),
        ("generator", {"sample_weight": np.ones(SAMPLES)}),
        ("generator", {"class_weight": {0: 1.0}}),
        ("py_dataset", {"y": np.zeros(SAMPLES)}),
        ("data_loader", {"sample_weight": np.ones(SAMPLES)}),
        ("data_loader", {"class_weight": {0: 1.0}}),
    ],
)
def test_arguments_a_source_does_not_take(source, kwargs):
    batches = _batches(_arrays())
    keras_model, kt_model = _compiled_pair()
    kt_x, keras_x = _source_pair(source, batches)
    expected, received = _errors_of(
        lambda: keras_model.fit(keras_x, verbose=0, shuffle=False, **kwargs),
        lambda: kt_model.fit(kt_x, verbose=0, shuffle=False, **kwargs))
    assert received == expected


@pytest.mark.parametrize(
    "make_generator",
    [lambda b: (batch for batch in b[:0]), lambda b: (batch[0] for batch in b)],
    ids=["empty", "not_a_tuple"],
)
def test_bad_generators(make_generator):
    batches = _batches(_arrays())
    keras_model, kt_model = _compiled_pair()
    expected, received = _errors_of(
        lambda: keras_model.fit(make_generator(batches), verbose=0, shuffle=False),
        lambda: kt_model.fit(make_generator(batches), verbose=0, shuffle=False))
    assert received == expected


def test_unrecognized_data_type():
    keras_model, kt_model = _compiled_pair()
    expected, received = _errors_of(lambda: keras_model.fit("abc", verbose=0),
                                    lambda: kt_model.fit("abc", verbose=0))
    assert received.startswith(expected)


def test_validation_freq_of_the_wrong_type():
    x, y, _ = _arrays()
    keras_model, kt_model = _compiled_pair()
    expected, received = _errors_of(
        lambda: keras_model.fit(x, y, verbose=0, validation_data=(x, y), validation_freq=(1,)),
        lambda: kt_model.fit(x, y, verbose=0, validation_data=(x, y), validation_freq=(1,)))
    assert received == expected


def test_default_batch_size_follows_steps():
    # Keras: arrays without `batch_size` but with `steps` use ceil(n / steps).
    x, y, _ = _arrays()
    keras_model, kt_model = _compiled_pair()
    received = kt_model.evaluate(x, y, steps=3, verbose=0)
    np.testing.assert_allclose(received, keras_model.evaluate(x, y, steps=3, verbose=0),
                               rtol=1e-5)
    np.testing.assert_allclose(
        received, kt_model.evaluate(x, y, batch_size=math.ceil(SAMPLES / 3), verbose=0),
        rtol=1e-6)
