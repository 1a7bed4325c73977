"""`Lambda`: wraps an arbitrary expression as a layer."""

import base64
import inspect
import marshal
import types

from kerastorch.api_export import keras_export
from kerastorch.layers.layer import Layer
from kerastorch.saving import serialization_lib


@keras_export("keras.layers.Lambda")
class Lambda(Layer):
    """Wraps an arbitrary function of tensors as a layer.

    Prefer subclassing `Layer` for anything with state; a `Lambda` holding a
    Python `lambda` is saved as bytecode and only reloads with
    `safe_mode=False`.

    Args:
        function: The function, called as `function(inputs, **arguments)`
            (plus `mask=` / `training=` when it accepts them).
        output_shape: Optional output shape (tuple, or a function of the input
            shape); inferred by a symbolic run when omitted.
        mask: Optional output mask, or a function `(inputs, mask) -> mask`.
        arguments: Optional dict of extra keyword arguments for `function`.
        **kwargs: Base layer arguments (`name`, ...).

    Example:

    >>> Lambda(lambda x: x ** 2)(torch.tensor([3.0]))
    tensor([9.])
    """

    def __init__(self, function, output_shape=None, mask=None, arguments=None, **kwargs):
        super().__init__(**kwargs)
        self.function = function
        self.arguments = arguments or {}
        self._output_shape = output_shape
        self.mask = mask
        parameters = inspect.signature(function).parameters
        self._fn_takes_mask = "mask" in parameters
        self._fn_takes_training = "training" in parameters
        self.supports_masking = mask is not None
        self.built = True

    def call(self, inputs, mask=None, training=None):
        kwargs = dict(self.arguments)
        if self._fn_takes_mask:
            kwargs["mask"] = mask
        if self._fn_takes_training:
            kwargs["training"] = training
        return self.function(inputs, **kwargs)

    def compute_output_shape(self, input_shape):
        if self._output_shape is None:
            raise NotImplementedError
        if callable(self._output_shape):
            return self._output_shape(input_shape)
        return (input_shape[0],) + tuple(self._output_shape)

    def compute_mask(self, inputs, previous_mask):
        if callable(self.mask):
            return self.mask(inputs, previous_mask)
        return self.mask

    def get_config(self) -> dict:
        config = {"function": _serialize_function(self.function)}
        if self._output_shape is not None:
            config["output_shape"] = (_serialize_function(self._output_shape)
                                      if callable(self._output_shape) else self._output_shape)
        if self.mask is not None:
            config["mask"] = (_serialize_function(self.mask) if callable(self.mask)
                              else serialization_lib.serialize_keras_object(self.mask))
        config["arguments"] = serialization_lib.serialize_keras_object(self.arguments)
        return {**super().get_config(), **config}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        from kerastorch import activations

        for key in ("function", "output_shape", "mask"):
            value = config.get(key)
            if isinstance(value, dict) and value.get("class_name") == "__lambda__":
                config[key] = _load_lambda(value["config"])
            elif isinstance(value, dict) or (key == "function" and isinstance(value, str)):
                # A named function (or, for `mask`, a serialized tensor).
                config[key] = serialization_lib.deserialize_keras_object(
                    value, module_objects=vars(activations), custom_objects=custom_objects
                )
        if isinstance(config.get("output_shape"), list):
            config["output_shape"] = tuple(config["output_shape"])
        return cls(**config)


def _serialize_function(fn):
    if fn is None:
        return None
    if getattr(fn, "__name__", None) == "<lambda>" or not hasattr(fn, "__name__"):
        code = base64.b64encode(marshal.dumps(fn.__code__)).decode("ascii")
        return {
            "class_name": "__lambda__",
            "config": {"code": code, "defaults": fn.__defaults__, "closure": None},
        }
    return serialization_lib.serialize_keras_object(fn)


def _load_lambda(config):
    if serialization_lib.in_safe_mode():
        raise ValueError(
            "Requested the deserialization of a `Lambda` layer whose `function` is "
            "a Python lambda. This carries a potential risk of arbitrary code "
            "execution and thus it is disallowed by default. If you trust the "
            "source of the artifact, you can override this error by passing "
            "`safe_mode=False` to the loading function, or calling "
            "`keras.config.enable_unsafe_deserialization()`."
        )
    code = marshal.loads(base64.b64decode(config["code"]))
    defaults = config.get("defaults")
    return types.FunctionType(code, globals(), code.co_name,
                              tuple(defaults) if defaults else None)
