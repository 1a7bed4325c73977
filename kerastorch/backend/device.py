"""Which torch device kerastorch computes on.

CUDA when available, else CPU. The environment variable `KERASTORCH_DEVICE`
(e.g. `"cpu"`, `"cuda:1"`) or `set_device()` overrides the choice.
"""

import os

import torch

_DEVICE = None


def get_device() -> torch.device:
    """Returns the device new weights are created on and data is moved to."""
    global _DEVICE
    if _DEVICE is None:
        name = os.environ.get("KERASTORCH_DEVICE")
        if name is None:
            name = "cuda" if torch.cuda.is_available() else "cpu"
        _DEVICE = torch.device(name)
    return _DEVICE


def set_device(device) -> None:
    """Sets the device used for new weights and training data.

    Args:
        device: A `torch.device` or a string such as `"cpu"` or `"cuda:0"`.
    """
    global _DEVICE
    _DEVICE = torch.device(device)
