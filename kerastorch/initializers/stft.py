"""`STFT`: convolution kernels computing a short-time Fourier transform."""

import math
from typing import Optional

import torch

from kerastorch.api_export import keras_export
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.initializers.initializer import Initializer


@keras_export(
    "keras.initializers.STFT",
    "keras.initializers.stft",
    "keras.initializers.STFTInitializer",
)
class STFT(Initializer):
    """Initializer of Conv kernels for the short-time Fourier transform (STFT).

    For a shape `(T, 1, F // 2 + 1)` (`T` the window length, `F` the number of
    frequency bands) it returns `cos` (`side="real"`) or `sin` (`"imag"`) of
    `-2 * pi * t * f / F`, multiplied by the window and divided by its norm.
    Named windows come from `scipy.signal.windows` (scipy must be installed).
    This is primarily intended for the `STFTSpectrogram` layer.

    Args:
        side: `"real"` or `"imag"`: which part of the transform the kernel computes.
        window: Name of a `scipy.signal.windows` window, array-like window
            values, or `None` for no windowing.
        scaling: `"density"` (divide by the window's L2 norm), `"spectrum"`
            (its L1 norm) or `None`.
        periodic: Whether a named window is periodic rather than symmetric.

    Example:

    >>> STFT("real", "hann", "density", False)(shape=(128, 1, 65)).shape
    torch.Size([128, 1, 65])
    """

    def __init__(
        self,
        side: str = "real",
        window="hann",
        scaling: Optional[str] = "density",
        periodic: bool = False,
    ):
        if side not in ["real", "imag"]:
            raise ValueError(f"side should be 'real' or 'imag', not {side}")
        if isinstance(window, str):
            _get_window(window, 1, periodic)  # Raises for an unknown window.
        if scaling is not None and scaling not in ["density", "spectrum"]:
            raise ValueError(
                "Scaling is invalid, it must be `None`, 'density' "
                f"or 'spectrum'. Received scaling={scaling}"
            )
        self.side = side
        self.window = window
        self.scaling = scaling
        self.periodic = periodic

    def __call__(self, shape, dtype=None) -> torch.Tensor:
        torch_dtype = to_torch_dtype(dtype)
        frame_length, _, fft_length = shape
        time = torch.arange(frame_length, dtype=torch_dtype).reshape(frame_length, 1, 1)
        freq = torch.arange(fft_length, dtype=torch_dtype).reshape(1, 1, fft_length)
        freq = freq / ((fft_length - 1) * 2)
        angle = (-2 * time) * freq * math.pi
        kernel = torch.cos(angle) if self.side == "real" else torch.sin(angle)
        if self.window is None:
            return kernel
        window = self.window
        if isinstance(window, str):
            window = _get_window(window, frame_length, self.periodic)
        window = torch.as_tensor(window, dtype=torch_dtype, device="cpu")
        if window.ndim != 1 or window.shape[-1] != frame_length:
            raise ValueError(
                "The shape of `window` must be equal to [frame_length]."
                f"Received: window shape={tuple(window.shape)}"
            )
        window = window.reshape(frame_length, 1, 1)
        kernel = kernel * window
        if self.scaling == "density":
            kernel = kernel / torch.sqrt(torch.sum(window**2))
        elif self.scaling == "spectrum":
            kernel = kernel / torch.sum(torch.abs(window))
        return kernel

    def get_config(self) -> dict:
        return {
            "side": self.side,
            "window": self.window,
            "periodic": self.periodic,
            "scaling": self.scaling,
        }


def _get_window(name: str, length: int, periodic: bool):
    """Returns the values of the scipy window `name` (periodic or symmetric)."""
    try:
        from scipy import signal
    except ImportError as error:
        raise ImportError(
            "The STFT initializer needs scipy for named windows: `pip install scipy`, "
            "or pass the window values as an array."
        ) from error
    return signal.get_window(name, length, fftbins=periodic)
