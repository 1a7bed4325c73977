"""Keras 2 names: `fit_generator` & co. still run (deprecated); `predict_classes` says what to use."""

import warnings

import numpy as np
import pytest

import kerastorch

X = np.random.default_rng(0).normal(size=(12, 3)).astype("float32")
Y = np.random.default_rng(1).normal(size=(12, 1)).astype("float32")


def _model():
    kerastorch.utils.set_random_seed(0)
    model = kerastorch.Sequential([kerastorch.Input((3,)), kerastorch.layers.Dense(1)])
    model.compile("sgd", "mse")
    return model


def _generator():
    while True:
        for i in range(0, 12, 4):
            yield X[i:i + 4], Y[i:i + 4]


@pytest.mark.parametrize(
    "legacy, modern",
    [
        (lambda m: m.fit_generator(_generator(), steps_per_epoch=3, epochs=2, verbose=0).history,
         lambda m: m.fit(_generator(), steps_per_epoch=3, epochs=2, verbose=0).history),
        (lambda m: m.evaluate_generator(_generator(), steps=3),
         lambda m: m.evaluate(_generator(), steps=3, verbose=0)),
        (lambda m: m.predict_generator(_generator(), steps=2),
         lambda m: m.predict(_generator(), steps=2, verbose=0)),
    ],
    ids=["fit_generator", "evaluate_generator", "predict_generator"],
)
def test_generator_methods_run_with_a_deprecation_warning(legacy, modern):
    with pytest.warns(DeprecationWarning, match=r"`Model\.\w+_generator` is deprecated .*"
                                                r"Please use `Model\.(fit|evaluate|predict)`"):
        received = legacy(_model())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = modern(_model())
    if isinstance(expected, dict):
        assert received.keys() == expected.keys()
        expected, received = list(expected.values()), list(received.values())
    np.testing.assert_allclose(received, expected, rtol=1e-6)


def test_fit_generator_validation_and_py_dataset():
    class Batches(kerastorch.utils.Sequence):  # Keras 2 name
        def __len__(self):
            return 3

        def __getitem__(self, index):
            return X[index * 4:(index + 1) * 4], Y[index * 4:(index + 1) * 4]

    with pytest.warns(DeprecationWarning):
        history = _model().fit_generator(Batches(), epochs=2, verbose=0,
                                         validation_data=Batches(), shuffle=False)
    assert sorted(history.history) == ["loss", "val_loss"]
    assert history.params["steps"] == 3


def test_parallelism_arguments_are_ignored_with_a_warning():
    with pytest.warns(UserWarning, match="`workers`, `use_multiprocessing` and "
                                         "`max_queue_size` are ignored here"):
        _model().predict_generator(_generator(), steps=1, workers=4)


@pytest.mark.parametrize(
    "name, advice",
    [("predict_classes", r"np\.argmax\(model\.predict\(x\), axis=-1\)"),
     ("predict_proba", r"Use `model\.predict\(\)` instead")],
)
def test_removed_prediction_methods_say_what_to_use(name, advice):
    model = _model()
    assert not hasattr(model, name)
    with pytest.raises(AttributeError, match=rf"`model\.{name}\(\)` was removed in Keras 2\.6.*"
                                             + advice):
        getattr(model, name)(X)
