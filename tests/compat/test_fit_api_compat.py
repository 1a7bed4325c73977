"""The rest of Keras's training API against Keras: layer metrics, `add_loss`, `compile` flags.

- `model.metrics` / `metrics_names` list the loss tracker, the compiled
  metrics, the model's own metric attributes, then every layer's metrics
  (nested layers' metrics repeated, as Keras repeats them), and `fit` logs
  them all.
- `add_loss` losses (scalar or not, in any kind of model, with activity
  regularizers) enter the training loss as in Keras; bad values and a model
  with no loss at all fail as in Keras.
- `run_eagerly` and `jit_compile` are accepted with Keras's resolution and
  warning.
- `steps_per_execution`: Keras 3 on torch refuses it in `fit`; kerastorch
  runs it as Keras's compiled backends do, so the batch hooks get the
  indices of Keras's own `EpochIterator` (checked against it) and training
  gives the same numbers as one step per execution.
"""

import warnings

import keras
import numpy as np
import pytest
from keras.src.trainers.epoch_iterator import EpochIterator as KerasEpochIterator

import kerastorch
from tests.compat.twins import assert_same_weights, classification_data, mlp_pair

X, Y = classification_data(samples=48)
LIBRARIES = (keras, kerastorch)


def assert_same_logs(expected, received, rtol=1e-5):
    """Same keys in the same order, values (floats or per-epoch lists) close."""
    assert list(received) == list(expected)
    for key, value in expected.items():
        np.testing.assert_allclose(received[key], value, rtol=rtol, atol=1e-7, err_msg=key)


def make_penalized_layer_class(lib):
    """A layer with a metric attribute it updates and two `add_loss` losses per call."""

    class Penalized(lib.layers.Layer):
        def __init__(self, rate, **kwargs):
            super().__init__(**kwargs)
            self.rate = rate
            self.activation_mean = lib.metrics.Mean(name=f"{self.name}_mean")

        def call(self, x):
            self.add_loss(self.rate * (x * x).mean())
            self.add_loss(self.rate * x[:, :1] ** 2)  # not a scalar: summed, as Keras
            self.activation_mean.update_state(x)
            return x

    return Penalized


def build(lib, kind):
    Penalized = make_penalized_layer_class(lib)
    if kind == "functional":
        inputs = lib.Input((8,))
        h = lib.layers.Dense(4, activation="tanh", activity_regularizer="l2")(inputs)
        h = Penalized(0.1, name="first")(h)
        outputs = lib.layers.Dense(3, activation="softmax")(Penalized(0.2, name="second")(h))
        return lib.Model(inputs, outputs)
    if kind == "sequential":
        return lib.Sequential([lib.Input((8,)), lib.layers.Dense(4, activation="tanh"),
                               Penalized(0.1, name="first"),
                               lib.layers.Dense(3, activation="softmax")])

    class Subclassed(lib.Model):
        def __init__(self):
            super().__init__()
            self.hidden = lib.layers.Dense(4, activation="tanh")
            self.penalized = Penalized(0.1, name="first")
            self.classifier = lib.layers.Dense(3, activation="softmax")
            self.input_sum = lib.metrics.Sum(name="input_sum")  # the model's own metric

        def call(self, x):
            self.add_loss(0.01 * x.sum())
            self.input_sum.update_state(x)
            return self.classifier(self.penalized(self.hidden(x)))

    model = Subclassed()
    model(X[:1])
    return model


@pytest.mark.parametrize("kind", ["functional", "sequential", "subclassed"])
def test_layer_metrics_and_added_losses_in_fit_match_keras(kind):
    models = [build(lib, kind) for lib in LIBRARIES]
    models[1].set_weights(models[0].get_weights())
    results = []
    for model in models:
        model.compile("sgd", "sparse_categorical_crossentropy", metrics=["accuracy"])
        names_before = model.metrics_names
        history = model.fit(X, Y, batch_size=16, epochs=2, shuffle=False, verbose=0)
        evaluation = model.evaluate(X, Y, verbose=0, return_dict=True)
        model(X[:4])
        results.append((names_before, model.metrics_names, history.history, evaluation,
                        [tuple(loss.shape) for loss in model.losses]))
    (k_before, k_names, k_history, k_eval, k_losses), (before, names, history, evaluation,
                                                       losses) = results
    assert before == k_before and names == k_names
    assert_same_logs(k_history, history)
    assert_same_logs(k_eval, evaluation)
    assert losses == k_losses
    assert_same_weights(*models)


def test_nested_layer_metrics_are_listed_as_keras_lists_them():
    def build_nested(lib):
        class Inner(lib.layers.Layer):
            def __init__(self, **kwargs):
                super().__init__(**kwargs)
                self.mean = lib.metrics.Mean(name=f"{self.name}_mean")
                self.sums = [lib.metrics.Sum(name=f"{self.name}_sum")]

            def call(self, x):
                self.mean.update_state(x)
                return x

        class Outer(lib.layers.Layer):
            def __init__(self, **kwargs):
                super().__init__(**kwargs)
                self.first = Inner(name="inner_a")
                self.second = Inner(name="inner_b")
                self.outer_mean = lib.metrics.Mean(name="outer_mean")

            def call(self, x):
                return self.second(self.first(x))

        inputs = lib.Input((3,))
        outputs = lib.layers.Dense(2)(Outer(name="outer")(lib.layers.Dense(3)(inputs)))
        return lib.Model(inputs, outputs)

    models = [build_nested(lib) for lib in LIBRARIES]
    models[1].set_weights(models[0].get_weights())
    x, y = np.ones((4, 3), "float32"), np.ones((4, 2), "float32")
    assert models[1].metrics_names == models[0].metrics_names
    histories = []
    for model in models:
        model.compile("sgd", "mse", metrics=["mae"])
        assert model.metrics_names == models[0].metrics_names
        histories.append(model.fit(x, y, epochs=2, verbose=0).history)
    assert_same_logs(histories[0], histories[1])
    assert [m.name for m in models[1].layers[2].metrics] == \
        [m.name for m in models[0].layers[2].metrics]


def test_metrics_of_a_nested_model_match_keras():
    def build_nested(lib):
        Penalized = make_penalized_layer_class(lib)
        inner = lib.Sequential([lib.Input((8,)), lib.layers.Dense(3), Penalized(0.1, name="p")])
        inner.compile("sgd", "mse", metrics=["mae"])
        outer = lib.Sequential([lib.Input((8,)), inner])
        outer.compile("sgd", "sparse_categorical_crossentropy", metrics=["accuracy"])
        return outer

    models = [build_nested(lib) for lib in LIBRARIES]
    models[1].set_weights(models[0].get_weights())
    assert models[1].metrics_names == models[0].metrics_names
    histories = [model.fit(X, Y, batch_size=16, shuffle=False, verbose=0).history
                 for model in models]
    assert_same_logs(histories[0], histories[1])


@pytest.mark.parametrize("value", [1.0, [np.float32(2.0)]])
def test_add_loss_of_a_non_tensor_fails_like_keras(value):
    for lib in LIBRARIES:
        layer = lib.layers.Dense(2)
        with pytest.raises(ValueError, match=r"`add_loss\(\)` can only be called"):
            layer.add_loss(value)


def test_training_without_any_loss_fails_like_keras():
    messages = []
    for model in mlp_pair(keras):
        model.compile(optimizer="sgd")
        with pytest.raises(ValueError) as error:
            model.fit(X, Y, verbose=0)
        messages.append(str(error.value))
    assert messages[1] == messages[0]


@pytest.mark.parametrize("run_eagerly, jit_compile", [
    (True, "auto"), (True, True), (True, False), (False, "auto"), (False, False)])
def test_run_eagerly_and_jit_compile_resolve_like_keras(run_eagerly, jit_compile):
    models = mlp_pair(keras)
    seen = []
    for model in models:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy",
                          run_eagerly=run_eagerly, jit_compile=jit_compile)
        seen.append((model.run_eagerly, model.jit_compile,
                     model.get_compile_config()["run_eagerly"],
                     model.get_compile_config()["jit_compile"],
                     sorted(str(w.message) for w in caught if "jit_compile" in str(w.message))))
    assert seen[1] == seen[0]
    histories = [model.fit(X, Y, batch_size=16, epochs=2, shuffle=False, verbose=0).history
                 for model in models]
    assert_same_logs(histories[0], histories[1])


def make_index_recorder(lib):
    class IndexRecorder(lib.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.calls = []

        def _record(self, hook, batch, logs):
            self.calls.append((hook, batch, sorted(logs or {})))

    for hook in ("on_train_batch_begin", "on_train_batch_end", "on_test_batch_begin",
                 "on_test_batch_end", "on_predict_batch_begin", "on_predict_batch_end"):
        def method(self, batch, logs=None, hook=hook):
            self._record(hook, batch, logs)

        setattr(IndexRecorder, hook, method)
    return IndexRecorder


def keras_execution_indices(samples, batch_size, steps_per_execution, steps_per_epoch=None,
                            epochs=1):
    """The `(begin, end)` step indices of each execution, from Keras's own `EpochIterator`."""
    iterator = KerasEpochIterator(X[:samples], Y[:samples], batch_size=batch_size,
                                  steps_per_epoch=steps_per_epoch,
                                  steps_per_execution=steps_per_execution)
    iterator.reset()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [[(begin, end) for begin, end, _ in iterator] for _ in range(epochs)]


@pytest.mark.parametrize("samples, batch_size, steps_per_execution, steps_per_epoch", [
    (48, 8, 2, None),  # 6 steps: 3 executions
    (48, 8, 4, None),  # 6 steps: a shorter last execution
    (40, 8, 5, None),  # one execution per epoch
    (48, 8, 3, 5),  # steps_per_epoch not a multiple
])
def test_steps_per_execution_batch_hooks_use_keras_indices(samples, batch_size,
                                                           steps_per_execution,
                                                           steps_per_epoch):
    keras_model, kt_model = mlp_pair(keras)
    keras_model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                        metrics=["accuracy"])
    kt_model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                     metrics=["accuracy"], steps_per_execution=steps_per_execution)
    x, y = X[:samples], Y[:samples]
    recorder = make_index_recorder(kerastorch)()
    kt_history = kt_model.fit(x, y, batch_size=batch_size, epochs=2, shuffle=False, verbose=0,
                              steps_per_epoch=steps_per_epoch, callbacks=[recorder])
    expected = keras_execution_indices(samples, batch_size, steps_per_execution,
                                       steps_per_epoch, epochs=2)
    begins = [c[1] for c in recorder.calls if c[0] == "on_train_batch_begin"]
    ends = [c[1] for c in recorder.calls if c[0] == "on_train_batch_end"]
    assert list(zip(begins, ends)) == [pair for epoch in expected for pair in epoch]
    assert all(c[2] == ["accuracy", "loss"] for c in recorder.calls
               if c[0] == "on_train_batch_end")
    if steps_per_epoch is None or steps_per_epoch % steps_per_execution == 0:
        # The same steps as one step per execution, so the same training.
        history = keras_model.fit(x, y, batch_size=batch_size, epochs=2, shuffle=False,
                                  verbose=0, steps_per_epoch=steps_per_epoch)
        assert_same_logs(history.history, kt_history.history)
        assert_same_weights(keras_model, kt_model)


def test_steps_per_execution_in_evaluate_and_predict():
    keras_model, kt_model = mlp_pair(keras)
    keras_model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    kt_model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy",
                     steps_per_execution=4)
    recorder = make_index_recorder(kerastorch)()
    np.testing.assert_allclose(
        kt_model.evaluate(X, Y, batch_size=8, verbose=0, callbacks=[recorder]),
        keras_model.evaluate(X, Y, batch_size=8, verbose=0), rtol=1e-5)
    np.testing.assert_allclose(
        kt_model.predict(X, batch_size=8, verbose=0, callbacks=[recorder]),
        keras_model.predict(X, batch_size=8, verbose=0), rtol=1e-5, atol=1e-6)
    expected = [pair for epoch in keras_execution_indices(48, 8, 4) for pair in epoch]
    for prefix in ("on_test_batch", "on_predict_batch"):
        begins = [c[1] for c in recorder.calls if c[0] == f"{prefix}_begin"]
        ends = [c[1] for c in recorder.calls if c[0] == f"{prefix}_end"]
        assert list(zip(begins, ends)) == expected


def test_keras_on_torch_refuses_steps_per_execution_in_fit():
    """Why the indices above come from Keras's `EpochIterator`, not from a Keras fit."""
    keras_model, _ = mlp_pair(keras)
    keras_model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy",
                        steps_per_execution=2)
    with pytest.raises(ValueError, match="steps_per_execution"):
        keras_model.fit(X, Y, verbose=0)


def test_config_caps_on_epochs_and_steps_limit_fit_as_in_keras():
    from tests.compat.twins import classification_data, mlp_pair

    keras_model, kt_model = mlp_pair(keras)
    x, y = classification_data()
    histories = {}
    for lib, model in ((keras, keras_model), (kerastorch, kt_model)):
        model.compile(optimizer=lib.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy")
        lib.config.set_max_epochs(2)
        lib.config.set_max_steps_per_epoch(3)
        try:
            with pytest.warns(UserWarning, match="Limiting"):
                histories[lib] = model.fit(x, y, batch_size=8, epochs=5, shuffle=False,
                                           verbose=0).history
        finally:
            lib.config.set_max_epochs(None)
            lib.config.set_max_steps_per_epoch(None)
    assert len(histories[kerastorch]["loss"]) == 2
    np.testing.assert_allclose(histories[kerastorch]["loss"], histories[keras]["loss"],
                               rtol=1e-5)
