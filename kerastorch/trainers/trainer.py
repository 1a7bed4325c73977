"""`compile` / `fit` / `evaluate` / `predict` for `Model`, on torch.

A training step is forward, loss, backward, optimizer update and metric
update, all on the device: metric totals stay device tensors, and the logs
handed to callbacks turn into numbers only when something reads them (the
progress bar a few times a second, `History` once per epoch).
"""

import collections.abc
import itertools
import warnings

import numpy as np
import torch

from kerastorch import metrics as metrics_module
from kerastorch import optimizers as optimizers_module
from kerastorch.backend import config
from kerastorch.backend.config import floatx
from kerastorch.backend.device import get_device
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.callbacks.callback_list import CallbackList
from kerastorch.layers import call_context
from kerastorch.trainers import array_data
from kerastorch.trainers.compile_utils import CompileLoss, CompileMetrics
from kerastorch.trainers.data_adapters.data_adapter_utils import apply_class_weight
from kerastorch.trainers.data_utils import unpack_x_y_sample_weight
from kerastorch.trainers.epoch_iterator import EpochIterator
from kerastorch.trainers.legacy_methods import LegacyTrainerMethods
from kerastorch.utils import tree
from kerastorch.utils.logs_utils import logs_to_python


class Trainer(LegacyTrainerMethods):
    """The training API of `Model` (mixed into it; not used alone)."""

    def __init__(self):
        self.compiled = False
        self.optimizer = None
        self.loss = None
        self._compile_loss = None
        self._compile_metrics = None
        self._loss_tracker = None
        self.stop_training = False
        self.history = None
        self.run_eagerly = False
        self.jit_compile = False
        self.steps_per_execution = 1
        self._trainable_cache = (None, None, False)
        self._eval_epoch_iterator = None
        # Where the next `fit` starts, if a callback (`BackupAndRestore`) sets them
        # in `on_train_begin`.
        self._initial_epoch = None
        self._initial_step = None

    # -------------------------------------------------------------- compile
    def compile(self, optimizer="rmsprop", loss=None, loss_weights=None, metrics=None,
                weighted_metrics=None, run_eagerly=False, steps_per_execution=1,
                jit_compile="auto", auto_scale_loss=True):
        """Configures the model for training.

        Args:
            optimizer: Optimizer name (e.g. `"adam"`) or instance.
            loss: Loss name, function or `keras.losses.Loss` instance; a list
                or dict (keyed by output name) for several outputs.
            loss_weights: Optional scalar weights of each output's loss.
            metrics: List of metrics (names, functions or `Metric`s) to report;
                `"accuracy"` resolves to binary, categorical or sparse
                categorical accuracy from the loss and shapes, as in Keras.
            weighted_metrics: Metrics that take `sample_weight` into account.
            run_eagerly: Accepted; kerastorch always runs eagerly (`True`
                turns `jit_compile` off, with Keras's warning).
            steps_per_execution: Steps run per batch-level callback call, as
                Keras runs them on its compiled backends: the batch hooks
                see the first and last step index of each execution
                (`begin`, `begin + N - 1`) and the logs of its last step.
                (Keras 3 on torch rejects values above 1 in `fit`.)
            jit_compile: Accepted; `True` is not supported yet and warns.
            auto_scale_loss: Accepted for compatibility.

        Example:

        ```python
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                      metrics=["accuracy"])
        ```
        """
        if jit_compile == "auto":
            jit_compile = False  # What Keras resolves "auto" to on torch.
        if jit_compile and run_eagerly:
            jit_compile = False
            warnings.warn("If `run_eagerly` is True, then `jit_compile` cannot also be "
                          "True. Disabling `jit_compile`.", stacklevel=2)
        self._compile_args = {
            "optimizer": optimizer, "loss": loss, "loss_weights": loss_weights,
            "metrics": metrics, "weighted_metrics": weighted_metrics,
            "run_eagerly": run_eagerly, "steps_per_execution": steps_per_execution,
            "jit_compile": jit_compile,
        }
        self.optimizer = optimizers_module.get(optimizer)
        self._compile_args["optimizer"] = self.optimizer
        self.loss = loss
        output_names = self._output_names_for_compile()
        self._compile_loss = None if loss is None else CompileLoss(
            loss, loss_weights, output_names=output_names)
        self._compile_metrics = None
        if metrics is not None or weighted_metrics is not None:
            self._compile_metrics = CompileMetrics(
                metrics, weighted_metrics, output_names=output_names)
        self._loss_tracker = metrics_module.Mean(name="loss")
        self.run_eagerly = run_eagerly
        self.steps_per_execution = steps_per_execution
        if jit_compile is True:
            warnings.warn("kerastorch does not support `jit_compile=True` yet; "
                          "running without compilation.", stacklevel=2)
        self.jit_compile = False
        self.compiled = True

    def get_compile_config(self) -> dict:
        """The `compile()` arguments, serialized (`{}` before `compile`)."""
        if not self.compiled:
            return {}
        from kerastorch.saving.serialization_lib import serialize_keras_object

        return {key: serialize_keras_object(value) for key, value in self._compile_args.items()}

    def _output_names_for_compile(self):
        names = getattr(self, "output_names", None)
        if callable(names):
            names = names()
        struct = getattr(self, "_outputs_struct", None)
        if isinstance(struct, dict):
            return sorted(struct)
        return list(names) if names else None

    def _assert_compile_called(self, method_name):
        if not self.compiled:
            raise ValueError(
                f"You must call `compile()` before using the model. (Called: "
                f"`model.{method_name}()`.)"
            )

    # -------------------------------------------------------------- metrics
    @property
    def metrics(self) -> list:
        """All the model's metrics, in Keras's order.

        The loss tracker, the compiled metrics, each output's loss tracker,
        the metrics held in the model's own attributes, then each sub-layer's
        `metrics` (every layer of `_flatten_layers`, except nested models;
        as in Keras, a metric of a nested layer is listed once per enclosing
        layer).
        """
        metrics = []
        if self.compiled:
            if self._loss_tracker is not None:
                metrics.append(self._loss_tracker)
            if self._compile_metrics is not None:
                metrics.append(self._compile_metrics)
            if self._compile_loss is not None:
                metrics.extend(self._compile_loss.metrics)
        metrics.extend(m for m in self._metrics
                       if m is not self._loss_tracker and m is not self._compile_metrics)
        for layer in self._flatten_layers(include_self=False):
            if not isinstance(layer, Trainer):  # a nested model's metrics are its own
                metrics.extend(layer.metrics)
        return metrics

    @property
    def metrics_names(self) -> list:
        """Names of `metrics`."""
        return [m.name for m in self.metrics]

    def reset_metrics(self) -> None:
        """Resets the state of every metric."""
        for metric in self.metrics:
            metric.reset_state()

    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        """Returns the total loss: compiled losses plus `add_loss` / regularization losses.

        Args:
            x: Input data.
            y: Targets.
            y_pred: The model's predictions for `x`.
            sample_weight: Optional sample weights.
            training: Whether the model is training.

        Returns:
            A 0-d tensor.

        Raises:
            ValueError: If there is no loss at all (no compiled loss, no
                `add_loss` or regularization loss), as Keras.
        """
        losses = []
        if self._compile_loss is not None and y is not None:
            loss = self._compile_loss(y, y_pred, sample_weight)
            if loss is not None:
                losses.append(loss)
        # As Keras: each added loss is summed (it may be non-scalar) and
        # cast to floatx if it is not a float.
        losses.extend(_aggregate_additional_loss(loss) for loss in self._additional_losses())
        if not losses:
            raise ValueError("No loss to compute. Provide a `loss` argument in `compile()`.")
        if len(losses) == 1:
            return losses[0]
        return torch.stack(losses).sum()

    def _additional_losses(self):
        """`add_loss` losses of this step and regularization penalties."""
        has_regularizers = self._trainable_cache[2]
        if not has_regularizers and not call_context.losses_pending():
            return []
        return self.losses

    def _start_step(self):
        """Forgets the `add_loss` losses of the previous step (only if there were any)."""
        if call_context.take_pending_losses():
            self._clear_losses()

    def compute_metrics(self, x, y, y_pred, sample_weight=None):
        """Updates the compiled metrics and returns the current results.

        Returns:
            A mapping metric name -> value whose values are read from the device
            only when accessed.
        """
        if self._compile_metrics is not None and y is not None:
            self._compile_metrics.update_state(y, y_pred, sample_weight)
        return self.get_metrics_result()

    def get_metrics_result(self):
        """Returns the current metric results as a lazy mapping name -> float.

        Nothing is computed until the mapping is read (the list of metrics
        included), so a step whose logs nobody reads costs nothing here.
        """
        return _MetricResults(self)

    # ----------------------------------------------------------------- steps
    def _cached_trainable_weights(self):
        version, weights, _ = self._trainable_cache
        if version != call_context.trainable_version() or weights is None:
            weights = self.trainable_weights
            has_regularizers = any(w.regularizer is not None for w in weights)
            self._trainable_cache = (call_context.trainable_version(), weights, has_regularizers)
        return weights

    def train_step(self, data):
        """One training step on a batch: forward, loss, backward, update, metrics.

        Override it to customise training; use `self.compute_loss`,
        `self.optimizer.apply`, `self.compute_metrics` as Keras does on torch.

        Args:
            data: The batch, `(x, y)` or `(x, y, sample_weight)`.

        Returns:
            A mapping of metric names to values.
        """
        x, y, sample_weight = unpack_x_y_sample_weight(data)
        self._start_step()
        y_pred = self(x, training=True)
        # After the forward pass: an unbuilt model creates its weights there.
        trainable_weights = self._cached_trainable_weights()
        loss = self.compute_loss(x=x, y=y, y_pred=y_pred, sample_weight=sample_weight,
                                 training=True)
        self._loss_tracker.update_state(loss, sample_weight=_batch_size(x))
        if trainable_weights and not loss.requires_grad:
            warnings.warn("The loss does not depend on any trainable weight: no weight "
                          "was updated in this step.", stacklevel=2)
        elif trainable_weights:
            for weight in trainable_weights:
                weight.grad = None
            # `loss_scale_factor` / LossScaleOptimizer scale the loss whose
            # gradients are taken; the logged loss stays unscaled (as Keras).
            self.optimizer.scale_loss(loss).backward()
            gradients = [w.grad for w in trainable_weights]
            with torch.no_grad():
                self.optimizer.apply(gradients, trainable_weights)
        else:
            warnings.warn("The model does not have any trainable weights.", stacklevel=2)
        return self.compute_metrics(x, y, y_pred, sample_weight=sample_weight)

    def test_step(self, data):
        """One evaluation step: forward, loss and metric update (no gradients)."""
        x, y, sample_weight = unpack_x_y_sample_weight(data)
        self._start_step()
        y_pred = self(x, training=False)
        self._cached_trainable_weights()
        loss = self.compute_loss(x=x, y=y, y_pred=y_pred, sample_weight=sample_weight,
                                 training=False)
        self._loss_tracker.update_state(loss, sample_weight=_batch_size(x))
        return self.compute_metrics(x, y, y_pred, sample_weight=sample_weight)

    def predict_step(self, data):
        """One prediction step: the model's output for the batch's inputs."""
        x, _, _ = unpack_x_y_sample_weight(data)
        return self(x, training=False)

    # ------------------------------------------------------------------- fit
    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose="auto",
            callbacks=None, validation_split=0.0, validation_data=None, shuffle=True,
            class_weight=None, sample_weight=None, initial_epoch=0, steps_per_epoch=None,
            validation_steps=None, validation_batch_size=None, validation_freq=1):
        """Trains the model for a fixed number of epochs.

        Args:
            x: Input data: a numpy array or torch tensor, or a list / dict of
                them for several inputs (matched to the inputs by position /
                name); a Python generator or iterator, a
                `keras.utils.PyDataset` or a torch `DataLoader` yielding
                batches `(x,)`, `(x, y)` or `(x, y, sample_weight)`; or a
                torch `Dataset` yielding such samples (batched by
                `batch_size`).
            y: Targets, structured like the model's outputs (arrays only:
                other sources yield them with `x`).
            batch_size: Samples per gradient update (arrays and torch
                `Dataset`s; default 32, or the size that makes
                `steps_per_epoch` batches).
            epochs: Index of the last epoch to train.
            verbose: `"auto"` (= 1), 0 (silent), 1 (progress bar) or 2 (one
                line per epoch).
            callbacks: List of `keras.callbacks.Callback`s.
            validation_split: Fraction of the data (taken from the end,
                before shuffling) held out for validation.
            validation_data: `(x_val, y_val)` or `(x_val, y_val, sw_val)` of
                arrays, or any other source `x` accepts.
            shuffle: Whether to shuffle the training data each epoch
                (`"batch"` shuffles within batches).
            class_weight: Optional dict class index -> weight of its samples.
            sample_weight: Optional per-sample weights.
            initial_epoch: Epoch at which to start (to resume a run).
            steps_per_epoch: Batches per epoch (default: one pass; for a
                generator, until it runs out). The next epoch continues the
                same pass; as in Keras, an epoch that reaches the end of the
                data stops there (with a warning) and the next one starts a
                new pass.
            validation_steps: Batches of validation data per evaluation.
            validation_batch_size: Batch size of validation (default
                `batch_size`).
            validation_freq: Validate every `validation_freq` epochs (an
                int), or at the epochs listed (a list, 1-based).

        Returns:
            A `History` whose `.history` maps each log key to its per-epoch values.
        """
        self._assert_compile_called("fit")
        batch_size = _check_batch_size(batch_size)
        _check_verbose(verbose)
        max_epochs = config.max_epochs()
        if max_epochs and max_epochs < epochs:  # A cap for debugging runs, as Keras.
            warnings.warn("Limiting epochs to %d" % max_epochs, stacklevel=2)
            epochs = max_epochs
        if validation_split and validation_data is None:
            (x, y, sample_weight), validation_data = array_data.train_validation_split(
                (x, y, sample_weight), validation_split)
        if validation_data is not None:
            val_x, val_y, val_sample_weight = unpack_x_y_sample_weight(validation_data)
        epoch_iterator = self._epoch_iterator(x, y, sample_weight, batch_size, steps_per_epoch,
                                              shuffle=shuffle, class_weight=class_weight)
        epoch_iterator.reset()
        self._eval_epoch_iterator = None
        if not isinstance(callbacks, CallbackList):
            callbacks = CallbackList(callbacks, add_history=True, add_progbar=verbose != 0,
                                     model=self, verbose=verbose, epochs=epochs,
                                     steps=steps_per_epoch or epoch_iterator.num_batches)
        self.stop_training = False
        callbacks.on_train_begin()
        training_logs = None
        initial_epoch, initial_step = self._resume_point(initial_epoch)
        for epoch in range(initial_epoch, epochs):
            self.reset_metrics()
            callbacks.on_epoch_begin(epoch)
            logs = {}
            # A resumed run skips the batches of its first epoch already trained.
            skip = initial_step if epoch == initial_epoch else 0
            executions = self._executions(itertools.islice(epoch_iterator, skip, None))
            for begin, end, batches in executions:
                callbacks.on_train_batch_begin(begin)
                for batch in batches:
                    logs = self.train_step(batch)
                callbacks.on_train_batch_end(end, logs)
                if self.stop_training:
                    break
            # Not flattened yet: the callbacks flatten (and sort) it once, as Keras.
            epoch_logs = dict(self._metric_logs_or(logs))
            if validation_data is not None and _should_validate(epoch, validation_freq):
                if self._eval_epoch_iterator is None:  # Made once, read every validation.
                    self._eval_epoch_iterator = self._epoch_iterator(
                        val_x, val_y, val_sample_weight, validation_batch_size or batch_size,
                        validation_steps, shuffle=False)
                val_logs = self.evaluate(
                    val_x, val_y, sample_weight=val_sample_weight,
                    batch_size=validation_batch_size or batch_size, steps=validation_steps,
                    callbacks=callbacks, return_dict=True, verbose=0,
                    _use_cached_eval_dataset=True)
                epoch_logs.update({f"val_{name}": value for name, value in val_logs.items()})
            callbacks.on_epoch_end(epoch, epoch_logs)
            training_logs = epoch_logs
            if self.stop_training:
                break
        if (epochs > 0 and isinstance(self.optimizer, optimizers_module.Optimizer)
                and self.optimizer.built):
            # As Keras: with `use_ema`, the weights become their moving average.
            self.optimizer.finalize_variable_values(self.trainable_weights)
        self._eval_epoch_iterator = None
        callbacks.on_train_end(logs=training_logs)
        return self.history

    def _resume_point(self, initial_epoch):
        """The `(epoch, step)` a callback set to resume at (read once) or `(initial_epoch, 0)`."""
        epoch, step = self._initial_epoch, self._initial_step
        self._initial_epoch = self._initial_step = None
        if epoch is None:
            return initial_epoch, 0
        return epoch, step or 0

    def _metric_logs_or(self, logs):
        """The metric results, unless a custom step returned other keys (as Keras).

        An epoch that ran no step (its data had run out) logs nothing.
        """
        metric_logs = self.get_metrics_result()
        if isinstance(logs, collections.abc.Mapping) and set(logs) == set(metric_logs):
            return metric_logs
        return logs

    def _executions(self, steps):
        """Groups an epoch's `(step, batch)` pairs by `steps_per_execution`.

        Yields `(begin, end, batches)`: the index of the first step, Keras's
        index of the last (`begin + steps_per_execution - 1`, also for a
        shorter last group) and the batches to run before the batch-end hooks.
        """
        size = self.steps_per_execution
        if size == 1:
            for step, batch in steps:
                yield step, step, (batch,)
            return
        group, begin = [], None
        for step, batch in steps:
            if not group:
                begin = step
            group.append(batch)
            if len(group) == size:
                yield begin, begin + size - 1, group
                group = []
        if group:
            yield begin, begin + size - 1, group

    def _epoch_iterator(self, x, y, sample_weight, batch_size, steps, shuffle,
                        class_weight=None):
        self._move_to_device()
        iterator = EpochIterator(x, y, sample_weight, batch_size=batch_size,
                                 steps_per_epoch=steps, shuffle=shuffle,
                                 class_weight=class_weight)
        if steps and self.steps_per_execution > 1:
            # As Keras: executions are whole, so an epoch of `steps` steps runs
            # `ceil(steps / N) * N` of them (fewer if the data ends first).
            size = self.steps_per_execution
            iterator.steps_per_epoch = -(-steps // size) * size
        return iterator

    def _move_to_device(self):
        device = get_device()
        for param in self.parameters():
            if param.device != device:
                self.to(device)
            break

    # -------------------------------------------------------------- evaluate
    def evaluate(self, x=None, y=None, batch_size=None, verbose="auto", sample_weight=None,
                 steps=None, callbacks=None, return_dict=False, **kwargs):
        """Returns the loss and metric values of the model on the given data.

        Args:
            x: Input data: arrays / tensors (or lists / dicts of them), or a
                generator, `PyDataset`, torch `DataLoader` or `Dataset` (as
                in `fit`).
            y: Targets (arrays only).
            batch_size: Samples per batch (default 32).
            verbose: `"auto"` (= 1), 0 or 1 (progress bar), 2 (one line).
            sample_weight: Optional per-sample weights.
            steps: Number of batches to evaluate (default: all; the data's
                end stops it earlier, with a warning, as in Keras).
            callbacks: List of callbacks.
            return_dict: Whether to return a dict name -> value.

        Returns:
            The loss (a float) if there are no metrics, else the list
            `[loss, *metrics]`, or a dict when `return_dict=True`.
        """
        self._assert_compile_called("evaluate")
        use_cached_eval_dataset = kwargs.pop("_use_cached_eval_dataset", False)
        if kwargs:
            raise ValueError(f"Arguments not recognized: {kwargs}")
        _check_verbose(verbose)
        if use_cached_eval_dataset:  # `fit`'s validation data.
            epoch_iterator = self._eval_epoch_iterator
        else:
            epoch_iterator = self._epoch_iterator(x, y, sample_weight,
                                                  _check_batch_size(batch_size), steps,
                                                  shuffle=False)
        epoch_iterator.reset()
        if not isinstance(callbacks, CallbackList):
            callbacks = CallbackList(callbacks, add_progbar=verbose != 0, model=self,
                                     verbose=verbose, epochs=1,
                                     steps=steps or epoch_iterator.num_batches)
        self.reset_metrics()
        callbacks.on_test_begin()
        logs = {}
        with torch.no_grad():
            for begin, end, batches in self._executions(epoch_iterator):
                callbacks.on_test_batch_begin(begin)
                for batch in batches:
                    logs = self.test_step(batch)
                callbacks.on_test_batch_end(end, logs)
        logs = logs_to_python(self._metric_logs_or(logs))
        callbacks.on_test_end(logs)
        if return_dict:
            return logs
        return self._flatten_metrics_in_order(logs)

    def _flatten_metrics_in_order(self, logs):
        names = []
        for metric in self.metrics:
            if isinstance(metric, CompileMetrics):
                names.extend(m.name for m in metric.metrics)
            else:
                names.append(metric.name)
        results = [logs[name] for name in names if name in logs]
        results += [logs[key] for key in sorted(logs) if key not in names]
        return results[0] if len(results) == 1 else results

    # --------------------------------------------------------------- predict
    def predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None):
        """Returns the model's predictions for `x` as numpy arrays.

        Args:
            x: Input data: arrays / tensors (or lists / dicts of them), or a
                generator, `PyDataset`, torch `DataLoader` or `Dataset`
                (their batches' targets, if any, are ignored).
            batch_size: Samples per batch (default 32).
            verbose: `"auto"` (= 1), 0, 1 or 2.
            steps: Number of batches to predict (default: all; the data's
                end stops it earlier, with a warning, as in Keras).
            callbacks: List of callbacks.

        Returns:
            A numpy array, or a structure of them for several outputs.
        """
        _check_verbose(verbose)
        epoch_iterator = self._epoch_iterator(x, None, None, _check_batch_size(batch_size),
                                              steps, shuffle=False)
        if not isinstance(callbacks, CallbackList):
            callbacks = CallbackList(callbacks, add_progbar=verbose != 0, model=self,
                                     verbose=verbose, epochs=1,
                                     steps=steps or epoch_iterator.num_batches)
        callbacks.on_predict_begin()
        outputs = []
        with torch.no_grad():
            for begin, end, batches in self._executions(epoch_iterator):
                callbacks.on_predict_batch_begin(begin)
                batch_outputs = [self.predict_step(batch) for batch in batches]
                outputs.extend(batch_outputs)
                callbacks.on_predict_batch_end(end, {"outputs": _concatenate(batch_outputs)})
        callbacks.on_predict_end()
        if not outputs:
            raise ValueError("Unexpected result of `predict`: no batch was predicted.")
        return _concatenate_to_numpy(outputs)

    # -------------------------------------------------------- single batches
    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None,
                       return_dict=False):
        """Runs one training step on a single batch (metrics are reset first, as Keras).

        Returns:
            The loss, or `[loss, *metrics]`, or a dict if `return_dict=True`.
        """
        self._assert_compile_called("train_on_batch")
        sample_weight = apply_class_weight(class_weight, y, sample_weight)
        batch = self._single_batch(x, y, sample_weight)
        self.reset_metrics()
        logs = logs_to_python(self._metric_logs_or(self.train_step(batch)))
        return logs if return_dict else self._flatten_metrics_in_order(logs)

    def test_on_batch(self, x, y=None, sample_weight=None, return_dict=False):
        """Runs one evaluation step on a single batch.

        Returns:
            The loss, or `[loss, *metrics]`, or a dict if `return_dict=True`.
        """
        self._assert_compile_called("test_on_batch")
        batch = self._single_batch(x, y, sample_weight)
        self.reset_metrics()
        with torch.no_grad():
            logs = logs_to_python(self._metric_logs_or(self.test_step(batch)))
        return logs if return_dict else self._flatten_metrics_in_order(logs)

    def predict_on_batch(self, x):
        """Returns the predictions for a single batch as numpy array(s)."""
        batch = self._single_batch(x, None, None)
        with torch.no_grad():
            return _concatenate_to_numpy([self.predict_step(batch)])

    def _single_batch(self, x, y, sample_weight):
        self._move_to_device()
        tensors, _ = array_data.to_tensor_structure((x, y, sample_weight), get_device())
        return tensors


class _MetricResults(collections.abc.Mapping):
    """Metric name -> current value; each value is computed and read from the device when accessed.

    The keys are the metrics' names (the compiled metrics add one key per
    metric), so listing them computes nothing; reading a value computes that
    metric's `result()` only. `items()` gives every result unconverted (device
    tensors), for `LogsView` to convert the ones a callback reads. The
    model's `metrics` are listed on the first read.

    Args:
        model: The model whose `metrics` to report.
    """

    def __init__(self, model):
        self._model = model
        self._sources = None

    def _sources_by_key(self):
        if self._sources is None:
            sources = {}
            for metric in self._model.metrics:
                if isinstance(metric, CompileMetrics):
                    sources.update(metric.keyed_metrics)
                else:
                    sources[metric.name] = metric
            self._sources = dict(sorted(sources.items()))
        return self._sources

    def __getitem__(self, key):
        return logs_to_python({key: self._sources_by_key()[key].result()})[key]

    def __iter__(self):
        return iter(self._sources_by_key())

    def __contains__(self, key):
        return key in self._sources_by_key()

    def __len__(self):
        return len(self._sources_by_key())

    def items(self):
        return [(key, metric.result()) for key, metric in self._sources_by_key().items()]


def _aggregate_additional_loss(loss):
    """An `add_loss` / regularization loss as Keras adds it: summed, as a float."""
    if not loss.is_floating_point():
        loss = loss.to(to_torch_dtype(floatx()))
    return loss.sum() if loss.ndim else loss


def _batch_size(x) -> int:
    return tree.flatten(x)[0].shape[0]


def _check_batch_size(batch_size):
    if batch_size is None:
        return None
    if not isinstance(batch_size, (int, np.integer)) or batch_size <= 0:
        raise ValueError(f"`batch_size` must be a positive integer. Received: {batch_size}")
    return int(batch_size)


def _check_verbose(verbose):
    # Kept as given ("auto" too): Keras passes it on to callbacks in `params`.
    if verbose not in ("auto", 0, 1, 2):
        raise ValueError(f"`verbose` must be 'auto', 0, 1 or 2. Received: verbose={verbose}")


def _should_validate(epoch, validation_freq):
    if isinstance(validation_freq, int):
        return (epoch + 1) % validation_freq == 0
    if isinstance(validation_freq, list):
        return (epoch + 1) in validation_freq
    raise ValueError(
        "Expected `validation_freq` to be a list or int. Received: "
        f"validation_freq={validation_freq} of the type {type(validation_freq)}."
    )


def _concatenate(batches):
    """One batch of outputs from several (`steps_per_execution`), concatenated."""
    if len(batches) == 1:
        return batches[0]
    flat_batches = [tree.flatten(b) for b in batches]
    return tree.pack_sequence_as(batches[0], [torch.cat(parts) for parts in zip(*flat_batches)])


def _concatenate_to_numpy(batches):
    first = batches[0]
    flat_batches = [tree.flatten(b) for b in batches]
    merged = [torch.cat([b[i] for b in flat_batches]).cpu().numpy()
              for i in range(len(flat_batches[0]))]
    return tree.pack_sequence_as(first, merged)
