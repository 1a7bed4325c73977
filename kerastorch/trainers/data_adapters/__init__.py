"""Data adapters: one per kind of training data, behind Keras's `get_data_adapter`."""

import collections.abc
import warnings

from kerastorch.trainers import array_data
from kerastorch.trainers.data_adapters.array_data_adapter import (
    ArrayDataAdapter as ArrayDataAdapter,
)
from kerastorch.trainers.data_adapters.data_adapter import DataAdapter as DataAdapter
from kerastorch.trainers.data_adapters.data_adapter_utils import (
    is_torch_dataloader,
    is_torch_dataset,
    raise_unsupported_arg,
)
from kerastorch.trainers.data_adapters.generator_data_adapter import (
    GeneratorDataAdapter as GeneratorDataAdapter,
)
from kerastorch.trainers.data_adapters.py_dataset_adapter import (
    PyDatasetAdapter as PyDatasetAdapter,
)
from kerastorch.trainers.data_adapters.torch_data_loader_adapter import (
    TorchDataLoaderAdapter as TorchDataLoaderAdapter,
)
from kerastorch.trainers.data_adapters.torch_data_loader_adapter import (
    TorchDatasetAdapter as TorchDatasetAdapter,
)
from kerastorch.utils.py_dataset import PyDataset


def get_data_adapter(x, y=None, sample_weight=None, batch_size=None, steps_per_epoch=None,
                     shuffle=False, class_weight=None) -> DataAdapter:
    """Picks the adapter for `x` and checks the arguments that kind of data allows.

    Accepted, as in Keras: numpy arrays and torch tensors (or lists / dicts
    of them), a `keras.utils.PyDataset`, a torch `DataLoader`, a Python
    generator; beyond Keras 3: any Python iterator, and a torch `Dataset`
    (batched by `batch_size`). An adapter passed as `x` is used as is.

    Args:
        x: The input data.
        y: Targets (arrays only; other sources yield them in their batches).
        sample_weight: Per-sample weights (arrays only).
        batch_size: Samples per batch (arrays and torch `Dataset`s).
        steps_per_epoch: The caller's steps per epoch.
        shuffle: Whether (`True` / `"batch"` / `False`) to shuffle each pass.
        class_weight: Optional dict class index -> weight.

    Returns:
        A `DataAdapter`.

    Raises:
        ValueError: For data of an unknown kind, or `y` / `sample_weight` /
            `class_weight` where that kind of data does not take them.
    """
    if isinstance(x, DataAdapter):
        return x
    if x is None:
        raise ValueError("Expected `x` to be an array or tensor, received `None`.")
    if array_data.is_array_like((x, y, sample_weight)):
        return ArrayDataAdapter(x, y, sample_weight=sample_weight, batch_size=batch_size,
                                steps=steps_per_epoch, shuffle=shuffle,
                                class_weight=class_weight)
    if isinstance(x, PyDataset):
        _check_no_targets(y, sample_weight, "PyDataset")
        if shuffle and x.num_batches is None:
            warnings.warn(
                "`shuffle=True` was passed, but will be ignored since the data `x` was "
                "provided as an infinite PyDataset. The PyDataset is expected to already "
                "be shuffled.", stacklevel=3)
        return PyDatasetAdapter(x, class_weight=class_weight, shuffle=shuffle)
    if is_torch_dataloader(x):
        _check_no_targets(y, sample_weight, "torch DataLoader")
        _check_no_class_weight(class_weight, "torch DataLoader")
        if shuffle:
            warnings.warn(
                "`shuffle=True` was passed, but will be ignored since the data `x` was "
                "provided as a torch DataLoader. The DataLoader is expected to already "
                "be shuffled.", stacklevel=3)
        return TorchDataLoaderAdapter(x)
    if is_torch_dataset(x):
        _check_no_targets(y, sample_weight, "torch Dataset")
        _check_no_class_weight(class_weight, "torch Dataset")
        return TorchDatasetAdapter(x, batch_size=batch_size, shuffle=shuffle)
    if isinstance(x, collections.abc.Iterator):
        _check_no_targets(y, sample_weight, "generator")
        if class_weight is not None:
            raise ValueError(
                "Argument `class_weight` is not supported for Python generator inputs. "
                f"Received: class_weight={class_weight}"
            )
        if shuffle:
            warnings.warn(
                "`shuffle=True` was passed, but will be ignored since the data `x` was "
                "provided as a generator. The generator is expected to yield "
                "already-shuffled data.", stacklevel=3)
        return GeneratorDataAdapter(x)
    raise ValueError(_unrecognized_message(x, y, sample_weight))


def _check_no_targets(y, sample_weight, input_type):
    if y is not None:
        raise_unsupported_arg("y", "the targets", input_type)
    if sample_weight is not None:
        raise_unsupported_arg("sample_weights", "the sample weights", input_type)


def _check_no_class_weight(class_weight, input_type):
    if class_weight is not None:
        raise ValueError(
            f"Argument `class_weight` is not supported for {input_type} inputs. You can "
            "modify your `__getitem__ ` method to return input tensor, label and "
            "class_weight. Alternatively, use a custom training loop. See the User Guide "
            "https://keras.io/guides/custom_train_step_in_torch/"
            "#supporting-sampleweight-amp-classweight for more details. "
            f"Received: class_weight={class_weight}"
        )


def _unrecognized_message(x, y, sample_weight):
    received = [f"x={str(x)[:100]} (of type {type(x)})"]
    if array_data.is_array_like(x):
        for name, value in (("y", y), ("sample_weight", sample_weight)):
            if value is not None and not array_data.is_array_like(value):
                received.append(f"{name}={str(value)[:100]} (of type {type(value)})")
    return (
        f"Unrecognized data type: {', '.join(received)}. Expected numpy arrays or torch "
        "tensors (or lists / dicts of them), a Python generator or iterator, a "
        "`keras.utils.PyDataset`, a torch `DataLoader` or a torch `Dataset`."
    )
