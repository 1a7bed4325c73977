"""Moving batches from the host to the compute device as the training loop asks for them.

On CUDA each batch is staged in pinned host memory (cast to `floatx()` in the
same copy) and sent with a non-blocking copy on a side stream; the compute
stream waits for that copy on the device, never on the host. As the training
step itself does not wait for the device, the loop fetches and sends batch
`k + 1` while the device still computes step `k`. No batch is read ahead of
the loop's request: a generator or `PyDataset` is consumed exactly as Keras
consumes it (an epoch of `steps_per_epoch` batches takes that many, the next
epoch continues from there).
"""

import torch

from kerastorch.backend import config
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.trainers.array_data import to_host_tensor
from kerastorch.utils import tree


def to_device_batches(host_batches, device):
    """Yields each batch of `host_batches` as tensors on `device`.

    Args:
        host_batches: An iterable of batches: structures (tuples, lists,
            dicts) whose leaves are numpy arrays, torch tensors, numbers or
            `None`.
        device: The `torch.device` to move them to.

    Yields:
        The same structures with torch tensors on `device`; floating data is
        cast to `floatx()`, integer and boolean data keep their type.
    """
    if device.type != "cuda":
        for batch in host_batches:
            yield tree.map_structure(lambda x: _to_device(x, device), batch)
        return
    copy_stream = torch.cuda.Stream(device=device)
    for batch in host_batches:
        compute_stream = torch.cuda.current_stream(device)
        with torch.cuda.stream(copy_stream):
            moved = tree.map_structure(lambda x: _host_to_cuda(x, device), batch)
        compute_stream.wait_stream(copy_stream)
        for tensor in tree.flatten(moved):
            if tensor is not None:
                # The copy stream made these; tell the allocator the compute
                # stream uses them, so their memory is not reused too early.
                tensor.record_stream(compute_stream)
        yield tree.map_structure(lambda x: _to_device(x, device), moved)


def _to_device(x, device):
    tensor = to_host_tensor(x)
    return None if tensor is None else tensor.to(device)


def _host_to_cuda(x, device):
    """Pinned staging plus a non-blocking copy (run under the copy stream)."""
    tensor = to_host_tensor(x, dtype_cast=False)
    if tensor is None or tensor.device.type != "cpu":
        return tensor  # Already on the device: cast, if needed, on the compute stream.
    dtype = _target_dtype(tensor)
    if not tensor.is_pinned():
        staged = torch.empty(tensor.shape, dtype=dtype, pin_memory=True)
        staged.copy_(tensor)
        tensor = staged
    return tensor.to(device, non_blocking=True).to(dtype)


def _target_dtype(tensor):
    if tensor.is_floating_point():
        return to_torch_dtype(config.floatx())
    return tensor.dtype
