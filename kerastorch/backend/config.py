"""Global Keras configuration: float type, epsilon, image data format, backend, limits.

These mirror `keras.config` / `keras.backend`: `floatx()` is the default dtype of
new weights, `epsilon()` the fuzz factor of losses and optimizers,
`image_data_format()` the default layout of image layers, `max_epochs()` and
`max_steps_per_epoch()` debugging caps on `fit`, and the flash attention
switch of the attention layers.
"""

import os

from kerastorch.backend import global_state

_FLOATX = os.environ.get("KERAS_FLOATX", "float32")
_EPSILON = 1e-7
_IMAGE_DATA_FORMAT = "channels_last"
_ALLOWED_FLOATX = ("float16", "bfloat16", "float32", "float64")
# Keras reads these two caps from the environment too, to shorten a script's
# run without editing it.
_MAX_EPOCHS = int(os.environ["KERAS_MAX_EPOCHS"]) if "KERAS_MAX_EPOCHS" in os.environ else None
_MAX_STEPS_PER_EPOCH = (int(os.environ["KERAS_MAX_STEPS_PER_EPOCH"])
                        if "KERAS_MAX_STEPS_PER_EPOCH" in os.environ else None)


def backend() -> str:
    """Returns the name of the compute backend: always `"torch"`.

    Example:

    >>> kerastorch.config.backend()
    'torch'
    """
    return "torch"


def set_backend(backend: str) -> None:
    """Selects the compute backend; kerastorch has one, `"torch"`.

    Keras reloads itself on another backend; kerastorch runs on PyTorch only,
    so `"torch"` is accepted (nothing changes) and any other name is an error.

    Args:
        backend: The backend's name.

    Raises:
        ValueError: For any backend other than `"torch"`.

    Example:

    >>> kerastorch.config.set_backend("torch")
    """
    if backend != "torch":
        raise ValueError(
            "kerastorch runs on PyTorch only: the only available backend is 'torch'. "
            f"Received: backend={backend}"
        )


def is_nnx_enabled() -> bool:
    """Whether Flax NNX features of Keras's JAX backend are on: always `False` here.

    Example:

    >>> kerastorch.config.is_nnx_enabled()
    False
    """
    return False


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


def enable_flash_attention() -> None:
    """Lets the attention layers use flash attention (the default).

    As in Keras, "enabled" means `is_flash_attention_enabled()` returns
    `None`: a layer built with `flash_attention=None` lets torch's
    `scaled_dot_product_attention` pick its fastest kernel, flash included.

    Example:

    >>> kerastorch.config.enable_flash_attention()
    """
    global_state.set_global_attribute("flash_attention", None)


def disable_flash_attention() -> None:
    """Stops the attention layers from asking for flash attention.

    Example:

    >>> kerastorch.config.disable_flash_attention()
    >>> kerastorch.config.is_flash_attention_enabled()
    False
    """
    global_state.set_global_attribute("flash_attention", False)


def is_flash_attention_enabled():
    """Returns the flash attention switch: `False` when disabled, else `None`.

    `None` (Keras's value when enabled) means "use it where the inputs allow";
    attention layers with `flash_attention=None` take this value.

    Returns:
        `None` or `False`.

    Example:

    >>> kerastorch.config.is_flash_attention_enabled() is None
    True
    """
    return global_state.get_global_attribute("flash_attention")


def set_max_epochs(max_epochs) -> None:
    """Caps the number of epochs of every `fit` call (a debugging aid).

    The `KERAS_MAX_EPOCHS` environment variable sets it too.

    Args:
        max_epochs: An integer, or `None` for no cap.

    Example:

    >>> kerastorch.config.set_max_epochs(1)
    >>> kerastorch.config.set_max_epochs(None)
    """
    global _MAX_EPOCHS
    _MAX_EPOCHS = max_epochs


def max_epochs():
    """Returns the cap on the epochs of `fit`, or `None` when there is none.

    Example:

    >>> kerastorch.config.max_epochs() is None
    True
    """
    return _MAX_EPOCHS


def set_max_steps_per_epoch(max_steps_per_epoch) -> None:
    """Caps the steps of each epoch of `fit`, `evaluate` and `predict` (a debugging aid).

    The `KERAS_MAX_STEPS_PER_EPOCH` environment variable sets it too.

    Args:
        max_steps_per_epoch: An integer, or `None` for no cap.

    Example:

    >>> kerastorch.config.set_max_steps_per_epoch(10)
    >>> kerastorch.config.set_max_steps_per_epoch(None)
    """
    global _MAX_STEPS_PER_EPOCH
    _MAX_STEPS_PER_EPOCH = max_steps_per_epoch


def max_steps_per_epoch():
    """Returns the cap on the steps of an epoch, or `None` when there is none.

    Example:

    >>> kerastorch.config.max_steps_per_epoch() is None
    True
    """
    return _MAX_STEPS_PER_EPOCH
