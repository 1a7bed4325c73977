"""`Model`: a layer with training (`compile` / `fit` / `evaluate` / `predict`).

`Model(inputs, outputs)` builds a functional model; subclassing `Model` and
writing `call()` gives a subclassed model. Both are `torch.nn.Module`s.
"""

from kerastorch.api_export import keras_export
from kerastorch.layers.layer import Layer
from kerastorch.trainers.trainer import Trainer
from kerastorch.utils import tree


@keras_export("keras.Model", "keras.models.Model")
class Model(Trainer, Layer):
    """A model: layers grouped into an object with training and inference features.

    Two ways to make one:

    1. Functional: `Model(inputs, outputs)` with symbolic tensors from
       `keras.Input`.
    2. Subclassing: define layers in `__init__` and the forward pass in
       `call()`.

    Args:
        inputs: (Functional) The model's `keras.Input` tensor(s).
        outputs: (Functional) The output tensor(s).
        name: Model name.
        trainable: Whether the model's weights are trained.

    Example:

    ```python
    class MyModel(kerastorch.Model):
        def __init__(self):
            super().__init__()
            self.dense1 = kerastorch.layers.Dense(32, activation="relu")
            self.dense2 = kerastorch.layers.Dense(5, activation="softmax")

        def call(self, inputs):
            return self.dense2(self.dense1(inputs))
    ```

    Note:
        `torch.nn.Module.compile` (in-place `torch.compile`) is shadowed by
        Keras's `compile`; call `torch.compile(model)` instead.
    """

    def __new__(cls, *args, **kwargs):
        if cls is Model and _functional_arguments(args, kwargs):
            from kerastorch.models.functional import Functional

            return Functional.__new__(Functional, *args, **kwargs)
        return super().__new__(cls, *args, **kwargs)

    def __init__(self, *args, **kwargs):
        if _functional_arguments(args, kwargs):
            # A subclass called with `inputs, outputs` (Keras's "functional
            # subclassing", e.g. to override `train_step`) becomes a subclass
            # of Functional, as Keras makes it.
            from kerastorch.models.functional import Functional

            _inject_functional_base(type(self), Functional)
            Functional.__init__(self, *args, **kwargs)
            return
        if args:
            raise TypeError(
                f"{type(self).__name__}() takes no positional arguments besides "
                "`inputs, outputs` for a functional model."
            )
        Layer.__init__(self, **kwargs)
        Trainer.__init__(self)

    @property
    def layers(self) -> list:
        """The model's direct sub-layers."""
        return self._layers

    def get_layer(self, name=None, index=None):
        """Returns a layer by name or by index.

        Args:
            name: The layer's name.
            index: Its position in `model.layers`.

        Raises:
            ValueError: If neither or both are given, or no layer matches.
        """
        if index is not None and name is not None:
            raise ValueError(
                "Provide only a layer name or a layer index. Received: "
                f"index={index}, name={name}."
            )
        if index is not None:
            if len(self.layers) <= index:
                raise ValueError(
                    f"Was asked to retrieve layer at index {index} but model only "
                    f"has {len(self.layers)} layers."
                )
            return self.layers[index]
        if name is not None:
            for layer in self.layers:
                if layer.name == name:
                    return layer
            raise ValueError(
                f"No such layer: {name}. Existing layers are: "
                f"{[layer.name for layer in self.layers]}."
            )
        raise ValueError("Provide either a layer name or layer index at `get_layer`.")

    def _maybe_build(self, args, kwargs) -> None:
        if self.built:
            return
        if type(self).build is not Model.build:
            Layer._maybe_build(self, args, kwargs)
            return
        # A subclassed model without its own `build` is built by its first call:
        # each sub-layer builds itself when `call` reaches it.
        self._build_shapes = tree.map_structure(lambda t: tuple(t.shape), args[0])
        self.built = True

    def build(self, input_shape):
        """Builds a subclassed model by calling it on zeros of `input_shape`."""
        if self.built:
            return
        import torch

        from kerastorch.backend.keras_tensor import KerasTensor

        def placeholders(shapes):
            # A shape tuple is a leaf here, not a structure of dimensions.
            if isinstance(shapes, dict):
                return {k: placeholders(v) for k, v in shapes.items()}
            if isinstance(shapes, (tuple, list)) and not all(
                    d is None or isinstance(d, int) for d in shapes):
                return type(shapes)(placeholders(s) for s in shapes)
            return KerasTensor(shapes).placeholder(1, device=self._weights_device())

        inputs = placeholders(input_shape)
        with torch.no_grad():
            self(inputs, training=False) if self._call_has_training else self(inputs)
        self._build_shapes = input_shape
        self.built = True

    def summary(self, line_length=None, positions=None, print_fn=None,
                expand_nested=False, show_trainable=False, layer_range=None):
        """Prints Keras's summary table of the model.

        Args:
            line_length: Total width of the table.
            positions: Relative or absolute column boundaries.
            print_fn: Function called with the text instead of `print`.
            expand_nested: Whether to list the layers of nested models.
            show_trainable: Whether to add a "Trainable" column.
            layer_range: `[first_name, last_name]` of the layers to list.
        """
        from kerastorch.utils.summary_utils import print_summary

        print_summary(self, line_length=line_length, positions=positions,
                      print_fn=print_fn, expand_nested=expand_nested,
                      show_trainable=show_trainable, layer_range=layer_range)

    def save(self, filepath, overwrite=True, zipped=None, **kwargs) -> None:
        """Saves the model as a `.keras` file (an alias of `keras.saving.save_model`).

        The file holds the config, the weights and the optimizer's state, in
        Keras 3's format: Keras loads it, and `load_model` restores the model.

        Args:
            filepath: A `str` or `pathlib.Path` ending in `.keras`.
            overwrite: Whether to overwrite an existing file without asking.
            zipped: Whether to write a zip archive (default) or a folder.
            **kwargs: As for `keras.saving.save_model`.

        Example:

        ```python
        model.save("model.keras")
        ```
        """
        from kerastorch.saving.saving_api import save_model

        save_model(self, filepath, overwrite=overwrite, zipped=zipped, **kwargs)

    def save_weights(self, filepath, overwrite=True, max_shard_size=None) -> None:
        """Saves the weights (and optimizer state) to a `.weights.h5` file, as Keras writes it.

        Args:
            filepath: A path ending in `.weights.h5`.
            overwrite: Whether to overwrite an existing file without asking.
            max_shard_size: Not supported yet; must be `None`.

        Example:

        ```python
        model.save_weights("model.weights.h5")
        ```
        """
        from kerastorch.saving.saving_api import save_weights

        save_weights(self, filepath, overwrite=overwrite, max_shard_size=max_shard_size)

    def load_weights(self, filepath, skip_mismatch=False, **kwargs) -> None:
        """Loads weights from a `.weights.h5` or `.keras` file (kerastorch's or Keras's).

        Args:
            filepath: The file.
            skip_mismatch: Whether layers whose saved weights do not fit are
                skipped with a warning instead of raising.
            **kwargs: As for `keras.saving.load_weights`.

        Example:

        ```python
        model.load_weights("model.weights.h5")
        ```
        """
        from kerastorch.saving.saving_api import load_weights

        load_weights(self, filepath, skip_mismatch=skip_mismatch, **kwargs)

    def to_json(self, **kwargs) -> str:
        """Returns the model's config as a JSON string (see `keras.models.model_from_json`).

        Args:
            **kwargs: Passed to `json.dumps`.

        Example:

        ```python
        clone = kerastorch.models.model_from_json(model.to_json())
        ```
        """
        import json

        from kerastorch.saving.serialization_lib import serialize_keras_object

        return json.dumps(serialize_keras_object(self), **kwargs)

    def get_config(self) -> dict:
        """Subclassed models return their base config; override to add arguments."""
        return Layer.get_config(self)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """Creates a model from `get_config()`'s output.

        `keras.Model.from_config` rebuilds a functional model from a functional
        config; a subclass gets its config as constructor arguments.
        """
        functional_keys = ("name", "layers", "input_layers", "output_layers")
        if cls is Model and all(key in config for key in functional_keys):
            from kerastorch.models.functional import Functional

            return Functional.from_config(config, custom_objects=custom_objects)
        return cls(**config)


def _functional_arguments(args, kwargs) -> bool:
    """Whether a constructor call looks like `Model(inputs, outputs)`."""
    return (len(args) == 2 or (len(args) == 1 and "outputs" in kwargs)
            or ("inputs" in kwargs and "outputs" in kwargs))


def _inject_functional_base(cls, functional):
    """Replaces `Model` by `Functional` among the bases of `cls` (or of its Model bases)."""
    if issubclass(cls, functional):
        return
    if Model in cls.__bases__:
        cls.__bases__ = tuple(functional if base is Model else base for base in cls.__bases__)
        return
    for base in cls.__bases__:
        if issubclass(base, Model):
            _inject_functional_base(base, functional)
