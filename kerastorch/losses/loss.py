"""The `Loss` base class and the wrappers that make a `Loss` of a loss function.

A loss is called as `loss(y_true, y_pred, sample_weight=None)`: `call()` gives
one value per sample (or per element), then the values are weighted by the
sample weights and the `_keras_mask` of `y_pred`, and reduced
(`loss_utils.reduce_weighted_values`). Everything runs as torch ops on the
device of `y_pred`; nothing is read on the host.
"""

import torch

from kerastorch.api_export import keras_export
from kerastorch.backend import naming
from kerastorch.losses.loss_utils import reduce_weighted_values
from kerastorch.losses.loss_utils import squeeze_or_expand_to_same_rank
from kerastorch.losses.loss_utils import standardize_reduction
from kerastorch.losses.tensor_utils import standardize_compute_dtype
from kerastorch.losses.tensor_utils import to_tensor
from kerastorch.saving import serialization_lib
from kerastorch.utils import tree


@keras_export("keras.losses.Loss", "keras.Loss")
class Loss:
    """Loss base class: subclass it and implement `call(y_true, y_pred)`.

    `__call__` converts both inputs to the loss dtype, runs `call()` to get
    per-sample losses, weights them by `sample_weight` and by the
    `_keras_mask` of `y_pred` (and of the losses), then reduces them.

    Args:
        name: Optional name for the loss instance.
        reduction: `"sum_over_batch_size"` (sum divided by the number of
            elements), `"mean"` (the same), `"sum"`,
            `"mean_with_sample_weight"` (sum divided by the sum of the sample
            weights) or `None`/`"none"` (no reduction).
        dtype: Dtype of the computations; defaults to `floatx()`.

    Example:

    ```python
    class MeanSquaredError(Loss):
        def call(self, y_true, y_pred):
            return torch.mean(torch.square(y_pred - y_true), dim=-1)
    ```
    """

    def __init__(self, name: "str | None" = None, reduction="sum_over_batch_size", dtype=None):
        self.name = name or naming.auto_name(self.__class__.__name__)
        self.reduction = standardize_reduction(reduction)
        self._dtype = standardize_compute_dtype(dtype)

    @property
    def dtype(self) -> str:
        """The dtype the loss computes in, e.g. `"float32"`."""
        return self._dtype

    def __call__(self, y_true, y_pred, sample_weight=None) -> torch.Tensor:
        """Computes the weighted, reduced loss.

        Args:
            y_true: Targets (tensor, array or a nest of them).
            y_pred: Predictions (tensor or a nest of them); a `_keras_mask`
                attribute masks entries out.
            sample_weight: Optional weights, per sample or per element.

        Returns:
            A scalar tensor, or the weighted per-sample losses when the
            reduction is `None`/`"none"`.
        """
        in_mask = getattr(y_pred, "_keras_mask", None)
        y_pred = tree.map_structure(lambda x: to_tensor(x, dtype=self.dtype), y_pred)
        device = tree.flatten(y_pred)[0].device
        y_true = tree.map_structure(lambda x: to_tensor(x, dtype=self.dtype, device=device), y_true)
        losses = self.call(y_true, y_pred)
        out_mask = getattr(losses, "_keras_mask", None)
        if in_mask is not None and out_mask is not None:
            mask = in_mask & out_mask
        else:
            mask = in_mask if in_mask is not None else out_mask
        return reduce_weighted_values(
            losses, sample_weight=sample_weight, mask=mask, reduction=self.reduction, dtype=self.dtype
        )

    def call(self, y_true, y_pred) -> torch.Tensor:
        """Returns the unreduced losses; implemented by subclasses.

        Args:
            y_true: Targets, converted to the loss dtype.
            y_pred: Predictions, converted to the loss dtype.

        Returns:
            The per-sample (or per-element) losses.
        """
        raise NotImplementedError

    def get_config(self) -> dict:
        """Returns the constructor arguments, for `from_config`."""
        return {"name": self.name, "reduction": self.reduction}

    @classmethod
    def from_config(cls, config: dict):
        """Rebuilds a loss from `get_config()`'s output.

        Args:
            config: The dict `get_config()` returned.

        Returns:
            A new loss.
        """
        return cls(**config)

    def __repr__(self):
        return f"<{self.__class__.__name__} name={self.name}>"


@keras_export("keras.losses.LossFunctionWrapper")
class LossFunctionWrapper(Loss):
    """Makes a `Loss` of a function `fn(y_true, y_pred, **kwargs)`.

    Before calling `fn`, `y_true` and `y_pred` are rank-matched with
    `squeeze_or_expand_to_same_rank`, so `(N,)` targets against `(N, 1)`
    predictions give `N` losses, not `N * N`.

    Args:
        fn: The loss function, returning per-sample losses.
        reduction: The reduction (see `Loss`).
        name: Optional name of the loss.
        dtype: Dtype of the computations; defaults to `floatx()`.
        **kwargs: Keyword arguments passed on to `fn`.

    Example:

    >>> loss = LossFunctionWrapper(kerastorch.losses.mean_squared_error, name="mse")
    >>> loss(np.zeros((2, 3)), np.ones((2, 3)))
    tensor(1.)
    """

    def __init__(self, fn, reduction="sum_over_batch_size", name=None, dtype=None, **kwargs):
        super().__init__(name=name, reduction=reduction, dtype=dtype)
        self.fn = fn
        self._fn_kwargs = kwargs

    def call(self, y_true, y_pred):
        """Rank-matches the inputs and returns `fn(y_true, y_pred, **kwargs)`."""
        if isinstance(y_true, torch.Tensor) and isinstance(y_pred, torch.Tensor):
            y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        else:
            pairs = [squeeze_or_expand_to_same_rank(t, p) for t, p in zip(tree.flatten(y_true), tree.flatten(y_pred))]
            y_true = tree.pack_sequence_as(y_true, [t for t, _ in pairs])
            y_pred = tree.pack_sequence_as(y_pred, [p for _, p in pairs])
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self) -> dict:
        """Returns the name, reduction, serialized `fn` and its kwargs."""
        return {
            **super().get_config(),
            "fn": serialization_lib.serialize_keras_object(self.fn),
            **serialization_lib.serialize_keras_object(self._fn_kwargs),
        }

    @classmethod
    def from_config(cls, config: dict):
        """Rebuilds the wrapper, deserializing `fn`.

        Args:
            config: The dict `get_config()` returned.

        Returns:
            A new `LossFunctionWrapper` (or subclass).
        """
        if "fn" in config:
            config = {**config, "fn": serialization_lib.deserialize_keras_object(config["fn"])}
        return cls(**config)

    def __repr__(self):
        return f"<{self.__class__.__name__}({self.fn}, kwargs={self._fn_kwargs})>"


class FixedLossFunctionWrapper(LossFunctionWrapper):
    """A `LossFunctionWrapper` of one built-in function, configured by its arguments.

    The base of the built-in loss classes (`MeanSquaredError`,
    `BinaryCrossentropy`, ...). The function arguments named in
    `CONFIG_KEYS` become attributes, and the config is Keras's: `name`,
    `reduction` and those arguments (no `fn`, no `dtype`).

    Args:
        fn: The loss function.
        reduction: The reduction (see `Loss`).
        name: Name of the loss.
        dtype: Dtype of the computations; defaults to `floatx()`.
        **kwargs: Keyword arguments passed on to `fn`.
    """

    CONFIG_KEYS = ()

    def __init__(self, fn, reduction, name, dtype, **kwargs):
        super().__init__(fn, reduction=reduction, name=name, dtype=dtype, **kwargs)
        for key in self.CONFIG_KEYS:
            setattr(self, key, kwargs[key])

    def get_config(self) -> dict:
        """Returns `name`, `reduction` and the arguments in `CONFIG_KEYS`."""
        return {**Loss.get_config(self), **{key: getattr(self, key) for key in self.CONFIG_KEYS}}
