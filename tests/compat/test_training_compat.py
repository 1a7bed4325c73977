"""fit / evaluate / predict against real Keras: same weights in, same numbers out."""

import keras
import numpy as np
import pytest

import kerastorch
from tests.compat.example_twins import load_example
from tests.compat.twins import assert_same_weights, classification_data, mlp_pair

OPTIMIZERS = {
    "sgd": lambda lib: lib.optimizers.SGD(learning_rate=0.1),
    "sgd_momentum": lambda lib: lib.optimizers.SGD(learning_rate=0.05, momentum=0.9),
    "sgd_nesterov": lambda lib: lib.optimizers.SGD(learning_rate=0.05, momentum=0.9,
                                                   nesterov=True),
    "adam": lambda lib: lib.optimizers.Adam(learning_rate=0.01),
    "adam_string": lambda lib: "adam",
    "rmsprop": lambda lib: lib.optimizers.RMSprop(learning_rate=0.01),
    "rmsprop_string": lambda lib: "rmsprop",
}


def assert_histories_equal(expected, received, rtol=1e-4):
    assert list(received.history) == list(expected.history)
    for key in expected.history:
        np.testing.assert_allclose(received.history[key], expected.history[key], rtol=rtol,
                                   atol=1e-6, err_msg=key)


@pytest.mark.parametrize("optimizer", sorted(OPTIMIZERS))
def test_fit_history_matches_keras(optimizer):
    x, y = classification_data()
    keras_model, kt_model = mlp_pair(keras)
    for lib, model in ((keras, keras_model), (kerastorch, kt_model)):
        model.compile(optimizer=OPTIMIZERS[optimizer](lib),
                      loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    expected = keras_model.fit(x, y, batch_size=16, epochs=2, shuffle=False, verbose=0)
    received = kt_model.fit(x, y, batch_size=16, epochs=2, shuffle=False, verbose=0)
    assert_histories_equal(expected, received)
    assert_same_weights(keras_model, kt_model, rtol=1e-4, atol=1e-6)
    assert received.params == expected.params


def test_validation_split_and_validation_data_match_keras():
    x, y = classification_data(samples=100)
    keras_model, kt_model = mlp_pair(keras)
    for model in (keras_model, kt_model):
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                      metrics=["accuracy"])
    expected = keras_model.fit(x, y, batch_size=32, epochs=2, validation_split=0.2,
                               shuffle=False, verbose=0)
    received = kt_model.fit(x, y, batch_size=32, epochs=2, validation_split=0.2,
                            shuffle=False, verbose=0)
    assert_histories_equal(expected, received)
    x_val, y_val = classification_data(samples=40, seed=1)
    expected = keras_model.fit(x, y, epochs=1, validation_data=(x_val, y_val),
                               shuffle=False, verbose=0)
    received = kt_model.fit(x, y, epochs=1, validation_data=(x_val, y_val),
                            shuffle=False, verbose=0)
    assert_histories_equal(expected, received)


LOSS_SETUPS = [
    # (loss, output units, output activation, target kind)
    ("mse", 3, "linear", "dense"),
    ("mae", 3, "linear", "dense"),
    ("mean_squared_error", 1, "linear", "column"),
    ("binary_crossentropy", 1, "sigmoid", "binary"),
    ("categorical_crossentropy", 3, "softmax", "onehot"),
    ("sparse_categorical_crossentropy", 3, "softmax", "sparse"),
]


def _targets(kind, y):
    rng = np.random.default_rng(5)
    if kind == "dense":
        return rng.normal(size=(len(y), 3)).astype("float32")
    if kind == "column":
        return rng.normal(size=(len(y), 1)).astype("float32")
    if kind == "binary":
        return (y % 2).astype("float32").reshape(-1, 1)
    if kind == "onehot":
        return np.eye(3, dtype="float32")[y]
    return y


@pytest.mark.parametrize("loss, units, activation, kind", LOSS_SETUPS)
def test_losses_and_accuracy_in_fit_and_evaluate(loss, units, activation, kind):
    x, labels = classification_data(samples=64)
    y = _targets(kind, labels)
    keras_model, kt_model = mlp_pair(keras, classes=units, output_activation=activation)
    for model in (keras_model, kt_model):
        # (Keras cannot compute "mae" between sparse labels and class scores.)
        model.compile(optimizer="sgd", loss=loss,
                      metrics=["accuracy"] if kind == "sparse" else ["accuracy", "mae"])
    expected = keras_model.fit(x, y, batch_size=16, epochs=2, shuffle=False, verbose=0)
    received = kt_model.fit(x, y, batch_size=16, epochs=2, shuffle=False, verbose=0)
    assert_histories_equal(expected, received)
    np.testing.assert_allclose(kt_model.evaluate(x, y, verbose=0),
                               keras_model.evaluate(x, y, verbose=0), rtol=1e-5)
    assert kt_model.evaluate(x, y, verbose=0, return_dict=True).keys() == \
        keras_model.evaluate(x, y, verbose=0, return_dict=True).keys()


@pytest.mark.parametrize("from_logits", [False, True])
def test_loss_objects_with_from_logits(from_logits):
    x, y = classification_data(samples=48)
    activation = "linear" if from_logits else "softmax"
    keras_model, kt_model = mlp_pair(keras, output_activation=activation)
    for lib, model in ((keras, keras_model), (kerastorch, kt_model)):
        model.compile(
            optimizer=lib.optimizers.Adam(0.01),
            loss=lib.losses.SparseCategoricalCrossentropy(from_logits=from_logits),
            metrics=[lib.metrics.SparseCategoricalAccuracy()])
    expected = keras_model.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0)
    received = kt_model.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0)
    assert_histories_equal(expected, received)


def test_predict_and_single_batch_methods_match_keras():
    x, y = classification_data(samples=50)
    keras_model, kt_model = mlp_pair(keras)
    np.testing.assert_allclose(kt_model.predict(x, verbose=0), keras_model.predict(x, verbose=0),
                               rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(kt_model(x).detach().numpy(), keras_model(x).detach().numpy(),
                               rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(kt_model.predict_on_batch(x[:7]),
                               keras_model.predict_on_batch(x[:7]), rtol=1e-5, atol=1e-6)
    for model in (keras_model, kt_model):
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                      metrics=["accuracy"])
    for _ in range(3):
        np.testing.assert_allclose(kt_model.train_on_batch(x, y),
                                   keras_model.train_on_batch(x, y), rtol=1e-5)
    np.testing.assert_allclose(kt_model.test_on_batch(x, y), keras_model.test_on_batch(x, y),
                               rtol=1e-5)
    assert kt_model.test_on_batch(x, y, return_dict=True).keys() == \
        keras_model.test_on_batch(x, y, return_dict=True).keys()
    assert_same_weights(keras_model, kt_model, rtol=1e-5)


def test_sample_weight_and_class_weight_match_keras():
    x, y = classification_data(samples=64)
    weights = np.linspace(0.1, 2.0, 64).astype("float32")
    keras_model, kt_model = mlp_pair(keras)
    for model in (keras_model, kt_model):
        model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy",
                      metrics=["accuracy"], weighted_metrics=["accuracy"])
    expected = keras_model.fit(x, y, sample_weight=weights, batch_size=16, epochs=2,
                               shuffle=False, verbose=0)
    received = kt_model.fit(x, y, sample_weight=weights, batch_size=16, epochs=2,
                            shuffle=False, verbose=0)
    assert_histories_equal(expected, received)
    class_weight = {0: 0.5, 1: 2.0, 2: 1.0}
    expected = keras_model.fit(x, y, class_weight=class_weight, batch_size=16, epochs=1,
                               shuffle=False, verbose=0)
    received = kt_model.fit(x, y, class_weight=class_weight, batch_size=16, epochs=1,
                            shuffle=False, verbose=0)
    assert_histories_equal(expected, received)


def test_initial_epoch_and_steps_per_epoch_match_keras():
    x, y = classification_data(samples=64)
    keras_model, kt_model = mlp_pair(keras)
    for model in (keras_model, kt_model):
        model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    expected = keras_model.fit(x, y, batch_size=16, epochs=3, initial_epoch=1,
                               steps_per_epoch=2, shuffle=False, verbose=0)
    received = kt_model.fit(x, y, batch_size=16, epochs=3, initial_epoch=1,
                            steps_per_epoch=2, shuffle=False, verbose=0)
    assert_histories_equal(expected, received)
    assert received.epoch == expected.epoch


def test_multi_input_multi_output_functional_training_matches_keras():
    rng = np.random.default_rng(3)
    xa = rng.normal(size=(40, 5)).astype("float32")
    xb = rng.normal(size=(40, 3)).astype("float32")
    y1 = rng.normal(size=(40, 2)).astype("float32")
    y2 = rng.integers(0, 4, size=(40,))

    def build(lib):
        a = lib.Input((5,), name="a")
        b = lib.Input((3,), name="b")
        shared = lib.layers.Dense(6, activation="relu", name="shared")
        h = lib.layers.Dense(4, name="mix")(shared(a))
        reg = lib.layers.Dense(2, name="reg")(h)
        cls = lib.layers.Dense(4, activation="softmax", name="cls")(
            lib.layers.Dense(4, name="hb")(b))
        return lib.Model(inputs=[a, b], outputs=[reg, cls])

    keras_model, kt_model = build(keras), build(kerastorch)
    kt_model.set_weights(keras_model.get_weights())
    for model in (keras_model, kt_model):
        model.compile(optimizer="adam", loss=["mse", "sparse_categorical_crossentropy"],
                      loss_weights=[0.5, 2.0])
    expected = keras_model.fit([xa, xb], [y1, y2], batch_size=8, epochs=2, shuffle=False,
                               verbose=0)
    received = kt_model.fit([xa, xb], [y1, y2], batch_size=8, epochs=2, shuffle=False,
                            verbose=0)
    np.testing.assert_allclose(received.history["loss"], expected.history["loss"], rtol=1e-4)
    for e, r in zip(keras_model.predict([xa, xb], verbose=0),
                    kt_model.predict([xa, xb], verbose=0)):
        np.testing.assert_allclose(r, e, rtol=1e-4, atol=1e-6)


def test_metrics_names_and_logs_keys_match_keras():
    x, y = classification_data(samples=32)
    keras_model, kt_model = mlp_pair(keras)
    for model in (keras_model, kt_model):
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                      metrics=["accuracy"])
    assert kt_model.metrics_names == keras_model.metrics_names
    keras_model.fit(x, y, verbose=0)
    kt_model.fit(x, y, verbose=0)
    assert kt_model.metrics_names == keras_model.metrics_names


def test_training_errors_match_keras():
    x, y = classification_data(samples=8)
    keras_model, kt_model = mlp_pair(keras)
    for model in (keras_model, kt_model):
        with pytest.raises(ValueError, match="compile"):
            model.fit(x, y, verbose=0)
    for model in (keras_model, kt_model):
        model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
        with pytest.raises(ValueError, match="validation_split"):
            model.fit(x, y, validation_split=0.99, verbose=0)
        with pytest.raises(ValueError):
            model.fit(x, y[:5], verbose=0)
        with pytest.raises(ValueError):
            model.predict(np.zeros((4, 7), "float32"), verbose=0)


@pytest.mark.parametrize("args", [(1,), ((1, 2),), (1, 2), (1, 2, 3), ([1, 2], 3)])
def test_pack_and_unpack_x_y_sample_weight_match_keras(args):
    packed = kerastorch.utils.pack_x_y_sample_weight(*args)
    assert packed == keras.utils.pack_x_y_sample_weight(*args)
    assert kerastorch.utils.unpack_x_y_sample_weight(packed) == \
        keras.utils.unpack_x_y_sample_weight(packed)


@pytest.fixture(scope="module")
def train_step_guide():
    """`examples/custom_train_step.py` (the keras.io guide) on each library."""
    return {lib: load_example("custom_train_step", lib) for lib in ("keras", "kerastorch")}


def _guide_twins(guide, build):
    """`build(module)` in both libraries, with Keras's initial weights in both."""
    models = {lib: build(module) for lib, module in guide.items()}
    models["kerastorch"].set_weights(models["keras"].get_weights())
    return models


@pytest.mark.parametrize("model_class, train", [
    ("CustomModel", "train_custom_model"),  # compute_loss + compiled metrics
    ("LowLevelModel", "train_low_level_model"),  # own loss_fn and trackers
    ("WeightedModel", "train_weighted_model"),  # sample_weight
])
def test_custom_train_step_guide_trains_like_keras(train_step_guide, model_class, train):
    """The guide's `train_step` overrides: same losses, metrics, weights, log keys."""
    x, y = train_step_guide["kerastorch"].regression_data(samples=96)
    models = _guide_twins(
        train_step_guide, lambda ex: ex.regression_model(getattr(ex, model_class)))
    histories = {lib: getattr(train_step_guide[lib], train)(
        model, x, y, epochs=2, batch_size=16, shuffle=False, verbose=0)
        for lib, model in models.items()}
    assert_histories_equal(histories["keras"], histories["kerastorch"], rtol=1e-5)
    assert_same_weights(models["keras"], models["kerastorch"])
    assert models["kerastorch"].metrics_names == models["keras"].metrics_names
    results = {}
    for lib, model in models.items():
        try:
            results[lib] = model.evaluate(x, y, verbose=0, return_dict=True)
        except ValueError as error:  # No compiled loss for the default test_step.
            results[lib] = str(error)
    assert results["kerastorch"] == pytest.approx(results["keras"], rel=1e-5)


def test_custom_test_step_guide_evaluates_like_keras(train_step_guide):
    x, y = train_step_guide["kerastorch"].regression_data(samples=80)
    models = _guide_twins(
        train_step_guide, lambda ex: ex.regression_model(ex.EvaluatingModel))
    results = {lib: train_step_guide[lib].evaluate_model(model, x, y, batch_size=16, verbose=0)
               for lib, model in models.items()}
    np.testing.assert_allclose(results["kerastorch"], results["keras"], rtol=1e-5)
    dicts = {lib: model.evaluate(x, y, verbose=0, return_dict=True)
             for lib, model in models.items()}
    assert list(dicts["kerastorch"]) == list(dicts["keras"])


def test_gan_guide_trains_like_keras(train_step_guide):
    """The guide's GAN: two models, two optimizers, random latents, a DataLoader."""
    images = train_step_guide["kerastorch"].digit_like_images(count=48)

    def build(ex):
        return ex.GAN(discriminator=ex.build_discriminator(width=4),
                      generator=ex.build_generator(latent_dim=8, width=4), latent_dim=8)

    gans = {lib: build(module) for lib, module in train_step_guide.items()}
    for part in ("discriminator", "generator"):
        getattr(gans["kerastorch"], part).set_weights(getattr(gans["keras"], part).get_weights())
    histories = {lib: train_step_guide[lib].train_gan(
        gan, train_step_guide[lib].image_dataloader(images, batch_size=16, shuffle=False),
        epochs=2, shuffle=False, verbose=0) for lib, gan in gans.items()}
    assert list(histories["kerastorch"].history) == ["d_loss", "g_loss"]
    assert_histories_equal(histories["keras"], histories["kerastorch"], rtol=1e-5)
    for part in ("discriminator", "generator"):
        assert_same_weights(getattr(gans["keras"], part), getattr(gans["kerastorch"], part))
    assert gans["kerastorch"].metrics_names == gans["keras"].metrics_names


def test_callable_weight_regularizer_is_added_to_the_loss_as_in_keras():
    def build(lib):
        return lib.Sequential([
            lib.Input((8,)),
            lib.layers.Dense(4, activation="tanh",
                             kernel_regularizer=lambda w: 0.01 * (w * w).sum()),
            lib.layers.Dense(3, activation="softmax"),
        ])

    x, y = classification_data(samples=48)
    keras_model, kt_model = build(keras), build(kerastorch)
    kt_model.set_weights(keras_model.get_weights())
    for model in (keras_model, kt_model):
        model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    expected = keras_model.fit(x, y, batch_size=16, epochs=2, shuffle=False, verbose=0)
    received = kt_model.fit(x, y, batch_size=16, epochs=2, shuffle=False, verbose=0)
    assert_histories_equal(expected, received, rtol=1e-5)
    assert len(kt_model.losses) == len(keras_model.losses) == 1
