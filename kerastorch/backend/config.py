"""Global Keras configuration: float type, epsilon, image data format.

These mirror `keras.config` / `keras.backend`: `floatx()` is the default dtype of
new weights, `epsilon()` the fuzz factor of losses and optimizers, and
`image_data_format()` the default layout of image layers.
"""

import os

_FLOATX = os.environ.get("KERAS_FLOATX", "float32")
_EPSILON = 1e-7
_IMAGE_DATA_FORMAT = "channels_last"
_ALLOWED_FLOATX = ("float16", "bfloat16", "float32", "float64")


def backend() -> str:
    """Returns the name of the compute backend: always `"torch"`."""
    return "torch"


def floatx() -> str:
    """Returns the default float type of new weights and inputs, as a string.

    Example:

    >>> kerastorch.config.floatx()
    'float32'
    """
    return _FLOATX


def set_floatx(value: str) -> None:
    """Sets the default float type.

    Args:
        value: One of `"float16"`, `"bfloat16"`, `"float32"`, `"float64"`.
    """
    global _FLOATX
    if value not in _ALLOWED_FLOATX:
        raise ValueError(
            f"Unknown `floatx` value: {value}. Expected one of {_ALLOWED_FLOATX}"
        )
    _FLOATX = str(value)


def epsilon() -> float:
    """Returns the fuzz factor used in numeric expressions (default `1e-7`)."""
    return _EPSILON


def set_epsilon(value: float) -> None:
    """Sets the fuzz factor used in numeric expressions.

    Args:
        value: A float.
    """
    global _EPSILON
    _EPSILON = float(value)


def image_data_format() -> str:
    """Returns the default image layout, `"channels_last"` or `"channels_first"`."""
    return _IMAGE_DATA_FORMAT


def set_image_data_format(data_format: str) -> None:
    """Sets the default image layout.

    Args:
        data_format: `"channels_last"` or `"channels_first"`.
    """
    global _IMAGE_DATA_FORMAT
    data_format = str(data_format).lower()
    if data_format not in ("channels_first", "channels_last"):
        raise ValueError(
            "The `data_format` argument must be one of "
            f"{{'channels_first', 'channels_last'}}. Received: data_format={data_format}"
        )
    _IMAGE_DATA_FORMAT = data_format


def standardize_data_format(data_format):
    """Returns `data_format`, or the global default when it is `None`."""
    if data_format is None:
        return image_data_format()
    data_format = str(data_format).lower()
    if data_format not in ("channels_first", "channels_last"):
        raise ValueError(
            "The `data_format` argument must be one of "
            f"{{'channels_first', 'channels_last'}}. Received: data_format={data_format}"
        )
    return data_format
