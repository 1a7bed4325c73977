"""The training API around the step: layer metrics, added losses, `compile` flags.

(Compared with Keras in `tests/compat/test_fit_api_compat.py`.)
"""

import warnings

import numpy as np
import pytest
import torch

import kerastorch
from kerastorch import layers

X = np.random.RandomState(0).rand(12, 3).astype("float32")
Y = np.random.RandomState(1).rand(12, 1).astype("float32")


class Tracked(layers.Layer):
    """Counts the samples it sees in a metric attribute; adds its input's squares as a loss."""

    def __init__(self, add=None, **kwargs):
        super().__init__(**kwargs)
        self.seen = kerastorch.metrics.Sum(name=f"{self.name}_seen")
        self.more = {"mean": kerastorch.metrics.Mean(name=f"{self.name}_mean")}
        self.add = add

    def call(self, x):
        self.seen.update_state(torch.ones(x.shape[0]))
        self.more["mean"].update_state(x)
        if self.add is not None:
            self.add_loss(self.add(x))
        return x


def _model(*tracked, **compile_kwargs):
    kerastorch.utils.set_random_seed(0)
    model = kerastorch.Sequential([kerastorch.Input((3,)), layers.Dense(1), *tracked])
    model.compile(**{"optimizer": "sgd", "loss": "mse", **compile_kwargs})
    return model


# ---------------------------------------------------------------- metrics
def test_layer_metrics_follow_the_compiled_ones_and_are_logged():
    model = _model(Tracked(name="tracked"), metrics=["mae"])
    assert model.metrics_names == ["loss", "compile_metrics", "tracked_seen", "tracked_mean"]
    history = model.fit(X, Y, batch_size=4, epochs=2, verbose=0)
    assert sorted(history.history) == ["loss", "mae", "tracked_mean", "tracked_seen"]
    # Reset at the start of each epoch, as every model metric.
    assert history.history["tracked_seen"] == [12.0, 12.0]
    assert model.evaluate(X, Y, verbose=0, return_dict=True)["tracked_seen"] == 12.0


def test_layer_metrics_and_flatten_order():
    inner_a, inner_b = Tracked(name="a"), Tracked(name="b")

    class Outer(layers.Layer):
        def __init__(self):
            super().__init__(name="outer")
            self.first, self.second = inner_a, inner_b
            self.own = kerastorch.metrics.Mean(name="own")

        def call(self, x):
            return self.second(self.first(x))

    outer = Outer()
    assert [m.name for m in outer.metrics] == ["own", "a_seen", "a_mean", "b_seen", "b_mean"]
    assert len(outer.metrics_variables) == sum(len(m.variables) for m in outer.metrics)
    model = kerastorch.Sequential([kerastorch.Input((3,)), layers.Dense(3, name="d"), outer])
    # Keras's walk: depth first, each layer's own sub-layers in reverse order.
    assert [l.name for l in model._flatten_layers(include_self=False)] == ["d", "outer", "b", "a"]
    # As Keras, a nested layer's metrics appear once per enclosing layer.
    assert model.metrics_names.count("a_seen") == 2


def test_a_nested_models_compiled_metrics_are_not_the_outer_models():
    inner = _model(Tracked(name="inner_tracked"), metrics=["mae"])
    outer = kerastorch.Sequential([kerastorch.Input((3,)), inner])
    outer.compile(optimizer="sgd", loss="mse")
    # Its layers' metrics are, as in Keras.
    assert outer.metrics_names == ["loss", "inner_tracked_seen", "inner_tracked_mean"]


def test_metric_results_are_read_only_when_logged():
    model = _model()
    calls = []
    model.fit(X, Y, batch_size=4, verbose=0)

    class Counting(type(model)):
        @property
        def metrics(self):
            calls.append(1)
            return super().metrics

    model.__class__ = Counting
    logs = model.train_step((torch.tensor(X), torch.tensor(Y)))
    assert calls == []
    assert list(logs) == ["loss"] and calls == [1]


# ----------------------------------------------------------------- losses
@pytest.mark.parametrize("add, expected", [
    (lambda x: (x * 0 + 1).sum(axis=1), 4.0),  # not a scalar: summed
    (lambda x: torch.ones((), dtype=torch.int64), 1.0),  # an integer: cast to float
    (lambda x: [torch.tensor(0.5), {"b": torch.tensor(0.25)}], 0.75),  # a structure
])
def test_added_losses_are_summed_into_the_loss(add, expected):
    model = _model(Tracked(add=add), loss=None)
    loss = model.compute_loss(y=None, y_pred=model(X[:4]))
    assert loss.dtype == torch.float32 and loss.ndim == 0
    assert float(loss) == pytest.approx(expected)
    model.fit(X[:4], batch_size=4, verbose=0)


def test_add_loss_rejects_non_tensors():
    with pytest.raises(ValueError, match=r"on a tensor input. Received invalid value: 2.0"):
        layers.Dense(1).add_loss(2.0)


def test_no_loss_at_all_is_an_error():
    model = _model(loss=None)
    with pytest.raises(ValueError, match=r"No loss to compute. Provide a `loss` argument"):
        model.fit(X, Y, verbose=0)


def test_frozen_layers_add_no_regularization_loss():
    model = kerastorch.Sequential([kerastorch.Input((3,)),
                                   layers.Dense(2, kernel_regularizer="l2", name="reg")])
    assert len(model.losses) == 1
    model.get_layer("reg").trainable = False
    assert model.losses == []


# --------------------------------------------------------- compile flags
def test_run_eagerly_turns_jit_compile_off_with_a_warning():
    with pytest.warns(UserWarning, match="If `run_eagerly` is True, then `jit_compile` cannot"):
        model = _model(run_eagerly=True, jit_compile=True)
    assert model.run_eagerly is True and model.jit_compile is False
    assert model.get_compile_config()["jit_compile"] is False
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _model(run_eagerly=True)


def _index_recorder():
    class Recorder(kerastorch.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.calls = []

    for hook in ("on_train_batch_begin", "on_train_batch_end", "on_test_batch_end",
                 "on_predict_batch_end"):
        def method(self, batch, logs=None, hook=hook):
            self.calls.append((hook, batch, logs))

        setattr(Recorder, hook, method)
    return Recorder()


def test_steps_per_execution_runs_several_steps_between_batch_hooks():
    model = _model(steps_per_execution=2)
    recorder = _index_recorder()
    history = model.fit(X, Y, batch_size=2, epochs=1, verbose=0, callbacks=[recorder])
    assert [(hook, batch) for hook, batch, _ in recorder.calls] == [
        (hook, index) for begin in (0, 2, 4) for hook, index in
        (("on_train_batch_begin", begin), ("on_train_batch_end", begin + 1))]
    assert int(model.optimizer.iterations) == 6  # every step ran
    assert history.history["loss"][0] == pytest.approx(
        _model().fit(X, Y, batch_size=2, epochs=1, verbose=0).history["loss"][0], rel=1e-6)


def test_steps_per_execution_stops_after_the_whole_execution():
    class StopAtFirstBatch(kerastorch.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            self.model.stop_training = True

    model = _model(steps_per_execution=3)
    model.fit(X, Y, batch_size=2, epochs=2, verbose=0, callbacks=[StopAtFirstBatch()])
    assert int(model.optimizer.iterations) == 3


def test_steps_per_execution_in_predict_concatenates_the_execution_outputs():
    model = _model(steps_per_execution=4)
    recorder = _index_recorder()
    predictions = model.predict(X, batch_size=2, verbose=0, callbacks=[recorder])
    assert predictions.shape == (12, 1)
    ends = [(batch, tuple(logs["outputs"].shape)) for _, batch, logs in recorder.calls]
    assert ends == [(3, (8, 1)), (7, (4, 1))]  # Keras's index of a shorter last execution


@pytest.mark.parametrize("verbose", [1, 2])
def test_steps_per_execution_with_the_progress_bar(verbose, capsys):
    model = _model(steps_per_execution=4)
    model.fit(X, Y, batch_size=2, epochs=1, verbose=verbose, validation_split=0.5)
    model.evaluate(X, Y, batch_size=2, verbose=verbose)
    assert "loss" in capsys.readouterr().out


def test_learning_rate_reads_as_numpy_on_any_device():
    optimizer = kerastorch.optimizers.SGD(learning_rate=0.25)
    assert float(np.array(optimizer.learning_rate)) == 0.25
    assert np.array(optimizer.learning_rate, dtype="float64").dtype == np.float64
