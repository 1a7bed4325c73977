"""In-memory training data (numpy arrays, torch tensors, lists and dicts of them).

The arrays become torch tensors once, before the first epoch: on the compute
device when it is the CPU or when they fit comfortably on the accelerator,
otherwise in pinned host memory, copied batch by batch with non-blocking
transfers. Batches are then slices (or, when shuffling, index selections) of
those tensors: no per-step conversion from numpy.
"""

import math

import numpy as np
import torch

from kerastorch.backend import config
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.utils import tree

# Datasets up to this size are moved to the accelerator whole.
_DEVICE_RESIDENT_BYTES = 1 << 30


def is_array_like(x) -> bool:
    """Whether `x` is an array, a tensor, or a list / dict structure of them.

    Python numbers are not arrays (as in Keras 3): a list of numbers is a
    structure of scalars, not one array of samples.
    """
    leaves = tree.flatten(x)
    return bool(leaves) and all(
        leaf is None or isinstance(leaf, (np.ndarray, torch.Tensor)) for leaf in leaves
    )


def to_host_tensor(x, dtype_cast=True):
    """Converts one leaf of user data (array, tensor, number) to a torch tensor.

    Floating data becomes `floatx()` (as Keras casts arrays) unless
    `dtype_cast=False`; integer and boolean data keep their type. A tensor
    already on an accelerator stays there.

    Args:
        x: A numpy array, torch tensor, or anything `np.asarray` accepts.
        dtype_cast: Whether to cast floating data to `floatx()`.

    Returns:
        A torch tensor (`None` for `None`).

    Raises:
        ValueError: If `x` does not make a numeric array (ragged lists, strings).
    """
    if x is None:
        return None
    if isinstance(x, torch.Tensor):
        tensor = x.detach()
    else:
        array = np.asarray(x)
        if array.dtype == object or array.dtype.kind in "USV":
            raise ValueError(
                "Failed to convert a NumPy array of dtype "
                f"{'object' if array.dtype == object else array.dtype} to a tensor: "
                "the data must be numbers of one type and one shape."
            )
        tensor = torch.from_numpy(np.ascontiguousarray(array))
    floatx = to_torch_dtype(config.floatx())
    if dtype_cast and tensor.is_floating_point() and tensor.dtype != floatx:
        tensor = tensor.to(floatx)
    return tensor


def to_tensor_structure(data, device):
    """Converts each array of `data` to a torch tensor for training.

    Floating arrays become `floatx()` (as Keras casts them); integer and boolean
    arrays keep their type.

    Returns:
        `(tensors, on_device)`: the structure of tensors and whether they were
        placed on `device` (else they are on the host, pinned when useful).
    """
    tensors = tree.map_structure(to_host_tensor, data)
    if device.type == "cpu":
        return tree.map_structure(lambda t: None if t is None else t.to(device), tensors), True
    total = sum(t.numel() * t.element_size() for t in tree.flatten(tensors) if t is not None)
    if total <= _DEVICE_RESIDENT_BYTES:
        return tree.map_structure(
            lambda t: None if t is None else t.to(device, non_blocking=True), tensors), True
    # Only host tensors can be pinned; a tensor already on the device stays there.
    return tree.map_structure(
        lambda t: t.pin_memory() if t is not None and t.device.type == "cpu" else t,
        tensors), False


def num_samples(data) -> int:
    """The common first dimension of every array in `data`.

    Raises:
        ValueError: If the arrays disagree on it.
    """
    sizes = {int(t.shape[0]) for t in tree.flatten(data) if t is not None}
    if len(sizes) > 1:
        raise ValueError(
            "Data cardinality is ambiguous. Make sure all arrays contain the same "
            f"number of samples. Received sizes: {sorted(sizes)}"
        )
    if not sizes:
        raise ValueError("Expected at least one array of data, received none.")
    return sizes.pop()


def train_validation_split(arrays, validation_split: float):
    """Splits arrays into the first `1 - validation_split` and the rest, as Keras does.

    Args:
        arrays: A structure of arrays / tensors (leaves may be `None`).
        validation_split: Float in (0, 1).

    Returns:
        `(train_arrays, validation_arrays)`.
    """
    leaves = [t for t in tree.flatten(arrays) if t is not None]
    if not all(isinstance(t, (np.ndarray, torch.Tensor)) for t in leaves):
        raise ValueError(
            "`validation_split` is only supported for Tensors or NumPy arrays, found "
            f"following types in the input: {sorted({type(t).__name__ for t in leaves})}"
        )
    count = num_samples(arrays)
    split_at = math.floor(count * (1.0 - validation_split))
    if split_at == 0 or split_at == count:
        raise ValueError(
            f"Training data contains {count} samples, which is not sufficient to "
            f"split it into a validation and training set as specified by "
            f"`validation_split={validation_split}`. Either provide more data, or a "
            "different value for the `validation_split` argument."
        )

    def head(t):
        return None if t is None else t[:split_at]

    def tail(t):
        return None if t is None else t[split_at:]

    return tree.map_structure(head, arrays), tree.map_structure(tail, arrays)


class ArrayBatches:
    """Iterates over batches of in-memory tensors, one pass per epoch.

    Args:
        data: A structure of arrays / tensors sharing their first dimension
            (typically `(x, y, sample_weight)`).
        batch_size: Samples per batch (the last batch may be smaller).
        shuffle: `True` to shuffle all samples every epoch, `"batch"` to
            shuffle within batch-sized chunks, `False` to keep the order.
        device: The compute device.
    """

    def __init__(self, data, batch_size: int, shuffle=False, device=None):
        self.device = torch.device("cpu") if device is None else device
        self.data, self.on_device = to_tensor_structure(data, self.device)
        self.count = num_samples(self.data)
        self.batch_size = int(batch_size)
        self.shuffle = shuffle
        self._flat = tree.flatten(self.data)

    @property
    def num_batches(self) -> int:
        """Batches in one pass."""
        return math.ceil(self.count / self.batch_size)

    def __iter__(self):
        order = self._order()
        for start in range(0, self.count, self.batch_size):
            stop = min(start + self.batch_size, self.count)
            if order is None:
                batch = [None if t is None else t[start:stop] for t in self._flat]
            else:
                index = order[start:stop]
                batch = [None if t is None else t.index_select(0, index.to(t.device))
                         for t in self._flat]
            if not self.on_device:
                batch = [None if t is None else t.to(self.device, non_blocking=True)
                         for t in batch]
            yield tree.pack_sequence_as(self.data, batch)

    def _order(self):
        if not self.shuffle:
            return None
        place = self.device if self.on_device else torch.device("cpu")
        if self.shuffle == "batch":
            order = torch.arange(self.count, device=place)
            for start in range(0, self.count, self.batch_size):
                stop = min(start + self.batch_size, self.count)
                order[start:stop] = order[start:stop][torch.randperm(stop - start, device=place)]
            return order
        return torch.randperm(self.count, device=place)
