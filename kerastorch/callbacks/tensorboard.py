"""`TensorBoard`: writes metrics, weight histograms and the model to TensorBoard logs.

Written with `torch.utils.tensorboard`, which needs the `tensorboard` package
(the `kerastorch[tensorboard]` extra), not TensorFlow.
"""

import json
import os
import time
import warnings
from collections.abc import Mapping

from kerastorch.api_export import keras_export
from kerastorch.backend.config import image_data_format
from kerastorch.callbacks.callback import Callback
from kerastorch.callbacks.learning_rate_utils import learning_rate_logs
from kerastorch.saving.serialization_lib import serialize_keras_object


def _summary_writer_class():
    """`torch.utils.tensorboard.SummaryWriter`, or an `ImportError` naming the extra."""
    try:
        from torch.utils.tensorboard import SummaryWriter
    except ImportError as error:
        raise ImportError(
            "The `TensorBoard` callback needs the `tensorboard` package. Install it with "
            '`pip install "kerastorch[tensorboard]"` (or `pip install tensorboard`).'
        ) from error
    return SummaryWriter


def _weight_image(weight):
    """A weight as a batch of NHWC images, as Keras draws it, or `None` if it cannot be drawn."""
    image = weight.detach().squeeze()
    if image.ndim == 1:  # A bias.
        image = image.reshape(1, image.shape[0], 1, 1)
    elif image.ndim == 2:  # A Dense kernel, drawn wider than tall.
        if image.shape[0] > image.shape[1]:
            image = image.t()
        image = image.reshape(1, image.shape[0], image.shape[1], 1)
    elif image.ndim == 3:  # A 1-D convolution kernel: one image per kernel.
        if image_data_format() == "channels_last":
            image = image.permute(2, 0, 1)
        image = image.reshape(*image.shape, 1)
    if image.ndim == 4 and image.shape[-1] in (1, 3, 4):
        return image.cpu().numpy()
    return None


@keras_export("keras.callbacks.TensorBoard")
class TensorBoard(Callback):
    """Writes logs for TensorBoard: metrics, learning rate, weight histograms, the model.

    Logs go to `log_dir/train` and `log_dir/validation`:

    * every epoch, the training logs and the learning rate as scalars
      `epoch_<name>` (train) and the validation logs as `epoch_<name>`
      (validation);
    * after every evaluation (including validation in `fit`), its logs as
      `evaluation_<name>_vs_iterations`, against `optimizer.iterations`;
    * with an integer `update_freq`, the batch logs as `batch_<name>` every
      `update_freq` batches (reading them then is a device sync);
    * with `histogram_freq`, a histogram of every weight (`<path>/histogram`);
    * with `write_graph`, the model's config (JSON), which TensorBoard's graph
      tab draws as a conceptual graph of a Sequential or functional model.

    Written with `torch.utils.tensorboard` (the `tensorboard` package, no
    TensorFlow). Differences from Keras: a weight's tag is
    `<layer name>/<weight name>` (Keras's includes the model's name for a
    Sequential); `write_images` writes all of a weight's images as one grid;
    profiling (`profile_batch`) is refused, as by Keras on torch; embeddings
    (`embeddings_freq`) are not written yet (they need `model.save_weights`).

    Args:
        log_dir: Directory for the log files (not to be shared with other
            callbacks).
        histogram_freq: Frequency (in epochs) of weight histograms; 0 for none.
        write_graph: Whether to write the model's config for the graph tab.
        write_images: Whether to also write weights as images (with
            `histogram_freq`).
        write_steps_per_second: Whether to log training steps per second
            (per epoch, and per batch with an integer `update_freq`).
        update_freq: `"epoch"`, `"batch"` (= 1) or an integer: also write the
            batch logs every that many batches.
        profile_batch: Must be 0: profiling is not available on torch.
        embeddings_freq: Must be 0: embeddings are not written yet.
        embeddings_metadata: Unused while `embeddings_freq` is 0.

    Raises:
        ImportError: If the `tensorboard` package is not installed.

    Example:

    ```python
    tensorboard_callback = kerastorch.callbacks.TensorBoard(log_dir="./logs")
    model.fit(x_train, y_train, epochs=2, callbacks=[tensorboard_callback])
    # Then: tensorboard --logdir=./logs
    ```
    """

    def __init__(
        self,
        log_dir="logs",
        histogram_freq: int = 0,
        write_graph: bool = True,
        write_images: bool = False,
        write_steps_per_second: bool = False,
        update_freq="epoch",
        profile_batch=0,
        embeddings_freq: int = 0,
        embeddings_metadata=None,
    ):
        super().__init__()
        if profile_batch:
            raise ValueError(
                "Profiling is not yet available with the torch backend. Please open a PR "
                "if you'd like to add this feature. Received: "
                f"profile_batch={profile_batch} (must be 0)"
            )
        if embeddings_freq:
            raise NotImplementedError(
                "kerastorch's `TensorBoard` does not write embeddings yet (they need "
                f"`model.save_weights`). Received: embeddings_freq={embeddings_freq} "
                "(must be 0)"
            )
        self._summary_writer_class = _summary_writer_class()
        self.log_dir = str(log_dir)
        self.histogram_freq = histogram_freq
        self.write_graph = write_graph
        self.write_images = write_images
        self.write_steps_per_second = write_steps_per_second
        self.update_freq = 1 if update_freq == "batch" else update_freq
        self.embeddings_freq = embeddings_freq
        self.embeddings_metadata = embeddings_metadata
        self._global_train_batch = 0
        self._previous_epoch_iterations = 0
        self._batch_start_time = 0
        self._epoch_start_time = 0
        self._writers = {}

    def set_model(self, model) -> None:
        """Stores the model, starts new log files and writes the model's config."""
        super().set_model(model)
        self._train_dir = os.path.join(self.log_dir, "train")
        self._val_dir = os.path.join(self.log_dir, "validation")
        self._writers = {}
        if self.write_graph:
            self._write_keras_model_summary()

    def _writer(self, name: str):
        """The `SummaryWriter` of `"train"` or `"validation"`, created on first use."""
        if name not in self._writers:
            directory = self._train_dir if name == "train" else self._val_dir
            self._writers[name] = self._summary_writer_class(directory)
        return self._writers[name]

    def _close_writers(self) -> None:
        for writer in self._writers.values():
            writer.close()
        self._writers = {}

    def _write_keras_model_summary(self) -> None:
        """Writes the model's JSON config under the `graph_keras_model` plugin, as Keras."""
        if self.model.__class__.__name__ not in ("Functional", "Sequential"):
            return
        from tensorboard.compat.proto.summary_pb2 import Summary
        from tensorboard.compat.proto.summary_pb2 import SummaryMetadata
        from tensorboard.compat.proto.tensor_pb2 import TensorProto
        from tensorboard.compat.proto.types_pb2 import DT_STRING

        try:
            json_string = json.dumps(serialize_keras_object(self.model))
        except Exception as exc:  # A model that cannot be serialized must not stop training.
            warnings.warn(f"Model failed to serialize as JSON. Ignoring... {exc}", stacklevel=2)
            return
        metadata = SummaryMetadata(plugin_data=SummaryMetadata.PluginData(
            plugin_name="graph_keras_model", content=b"1"))
        tensor = TensorProto(dtype=DT_STRING, string_val=[json_string.encode("utf-8")])
        summary = Summary(value=[Summary.Value(tag="keras", metadata=metadata, tensor=tensor)])
        # SummaryWriter has no public call for a summary of a custom plugin.
        self._writer("train")._get_file_writer().add_summary(summary, 0)

    def on_train_begin(self, logs=None) -> None:
        """Restarts the batch count."""
        self._global_train_batch = 0
        self._previous_epoch_iterations = 0

    def on_train_end(self, logs=None) -> None:
        """Closes (and so flushes) the log files."""
        self._close_writers()

    def on_test_end(self, logs=None) -> None:
        """Writes the evaluation's logs against the optimizer's iterations."""
        optimizer = getattr(self.model, "optimizer", None)
        if optimizer is None or not hasattr(optimizer, "iterations"):
            return
        step = int(optimizer.iterations)
        writer = self._writer("validation")
        for name, value in (logs or {}).items():
            writer.add_scalar(f"evaluation_{name}_vs_iterations", value, step)
        writer.flush()  # A lone `evaluate` never reaches `on_train_end`, which closes the files.

    def on_train_batch_begin(self, batch: int, logs=None) -> None:
        """Counts the batch (and starts its clock with `write_steps_per_second`)."""
        self._global_train_batch += 1
        if self.write_steps_per_second:
            self._batch_start_time = time.time()

    def on_train_batch_end(self, batch: int, logs=None) -> None:
        """Every `update_freq` batches, writes the batch's logs (reading them from the device)."""
        if self.update_freq == "epoch" or self._global_train_batch % self.update_freq:
            return
        writer = self._writer("train")
        step = self._global_train_batch
        if self.write_steps_per_second:
            batch_run_time = time.time() - self._batch_start_time
            writer.add_scalar("batch_steps_per_second", 1.0 / batch_run_time, step)
        if isinstance(logs, Mapping):
            for name, value in logs.items():
                writer.add_scalar(f"batch_{name}", value, step)

    def on_epoch_begin(self, epoch: int, logs=None) -> None:
        """With `write_steps_per_second`, notes the iterations and time at the epoch's start."""
        if self.write_steps_per_second:
            self._previous_epoch_iterations = float(self.model.optimizer.iterations)
            self._epoch_start_time = time.time()

    def on_epoch_end(self, epoch: int, logs=None) -> None:
        """Writes the epoch's metrics, and the weight histograms when due."""
        self._log_epoch_metrics(epoch, logs)
        if self.histogram_freq and epoch % self.histogram_freq == 0:
            self._log_weights(epoch)

    def _log_epoch_metrics(self, epoch: int, logs) -> None:
        if not logs:
            return
        train_logs = {k: v for k, v in logs.items() if not k.startswith("val_")}
        val_logs = {k: v for k, v in logs.items() if k.startswith("val_")}
        optimizer = self.model.optimizer
        train_logs.update(learning_rate_logs(getattr(optimizer, "inner_optimizer", optimizer)))
        if self.write_steps_per_second:
            train_logs["steps_per_second"] = self._compute_steps_per_second()
        for writer_name, epoch_logs in (("train", train_logs), ("validation", val_logs)):
            for name, value in epoch_logs.items():
                name = name.removeprefix("val_")
                self._writer(writer_name).add_scalar(f"epoch_{name}", value, epoch)

    def _compute_steps_per_second(self) -> float:
        iterations = float(self.model.optimizer.iterations)
        elapsed = time.time() - self._epoch_start_time
        return (iterations - self._previous_epoch_iterations) / elapsed

    def _log_weights(self, epoch: int) -> None:
        """Writes a histogram (and, with `write_images`, an image) of every weight."""
        writer = self._writer("train")
        for layer in self.model.layers:
            for weight in layer.weights:
                path = getattr(weight, "path", None) or f"{layer.name}/{weight.keras_name}"
                weight_name = path.replace(":", "_")
                writer.add_histogram(f"{weight_name}/histogram", weight.detach().cpu().numpy(),
                                     epoch)
                image = _weight_image(weight) if self.write_images else None
                if image is not None:
                    writer.add_images(f"{weight_name}/image", image, epoch, dataformats="NHWC")
        writer.flush()
