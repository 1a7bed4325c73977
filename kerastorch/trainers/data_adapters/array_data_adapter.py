"""`ArrayDataAdapter`: numpy arrays and torch tensors (and lists / dicts of them)."""

import math

from kerastorch.trainers import array_data
from kerastorch.trainers.data_adapters.data_adapter import DataAdapter
from kerastorch.trainers.data_adapters.data_adapter_utils import apply_class_weight
from kerastorch.trainers.data_utils import pack_x_y_sample_weight


class ArrayDataAdapter(DataAdapter):
    """Batches of in-memory arrays, converted and placed on the device once.

    Args:
        x: Inputs: an array / tensor, or a list / dict of them.
        y: Optional targets, structured like the model's outputs.
        sample_weight: Optional per-sample weights.
        batch_size: Samples per batch; by default 32, or, when `steps` is
            given, the size that makes one pass `steps` batches (as Keras).
        steps: The caller's steps per epoch (only used for the default
            `batch_size`).
        shuffle: `True`, `"batch"` (shuffle within batches) or `False`.
        class_weight: Optional dict class index -> weight (single output).
    """

    def __init__(self, x, y=None, sample_weight=None, batch_size=None, steps=None,
                 shuffle=False, class_weight=None):
        super().__init__()
        sample_weight = apply_class_weight(class_weight, y, sample_weight)
        data = pack_x_y_sample_weight(x, y, sample_weight)
        if not batch_size:
            count = array_data.num_samples(data)
            batch_size = math.ceil(count / steps) if steps else 32
        self._batches = array_data.ArrayBatches(data, batch_size, shuffle=shuffle,
                                                device=self.device)

    def get_torch_iterator(self):
        return iter(self._batches)

    @property
    def num_batches(self):
        return self._batches.num_batches

    @property
    def batch_size(self):
        return self._batches.batch_size
