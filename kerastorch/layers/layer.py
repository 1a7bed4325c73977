"""`Layer`: the base of every Keras layer, a `torch.nn.Module` with Keras semantics.

The Keras machinery lives here once: build on first call from the input shape,
symbolic calls on `KerasTensor`s (recorded as graph nodes), the `training`
flag, dtype casting of inputs, input checks, weights in Keras order and
layout, names, configs. Subclasses write `build(input_shape)` and `call(...)`
as plain torch code.
"""

import collections
import functools
import importlib
import inspect
import warnings

import numpy as np
import torch

from kerastorch.api_export import keras_export
from kerastorch.backend import naming
from kerastorch.backend.device import get_device
from kerastorch.backend.dtype_policy import get_policy
from kerastorch.backend.dtypes import is_float_dtype, to_torch_dtype
from kerastorch.backend.keras_parameter import KerasParameter
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.backend.masking import get_keras_masks, has_mask, set_keras_mask
from kerastorch.layers import call_context
from kerastorch.layers.input_spec import assert_input_compatibility
from kerastorch.layers.node import Node
from kerastorch.layers.shape_inference import compute_output_spec, placeholder_masks
from kerastorch.metrics.metric import Metric
from kerastorch.utils import tree

# Keras 3 takes `input_shape` / `input_dim`; `batch_input_shape` / `batch_size`
# are the Keras 2 spellings old scripts still pass.
_BASE_KWARGS = ("input_shape", "batch_input_shape", "batch_size", "input_dim")


@keras_export("keras.Layer", "keras.layers.Layer")
class Layer(torch.nn.Module):
    """The base class of all layers: a `torch.nn.Module` that builds itself.

    Subclass it and implement `build(input_shape)` (create weights with
    `add_weight`) and `call(inputs, ...)` (the forward computation). Calling the
    layer builds it on the first call, checks the input, and runs `call`; a
    call on symbolic `KerasTensor`s records a graph node instead.

    Args:
        trainable: Whether the layer's weights are updated in training.
        dtype: Dtype or `DTypePolicy` of weights and computation
            (default: the global policy, `floatx()`).
        name: Unique name; defaults to the snake_case class name
            (`dense`, `dense_1`, ...).
        autocast: Whether floating inputs are cast to the compute dtype.

    Example:

    ```python
    class Linear(kerastorch.layers.Layer):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.units = units

        def build(self, input_shape):
            self.w = self.add_weight(shape=(input_shape[-1], self.units))

        def call(self, inputs):
            return inputs @ self.w
    ```
    """

    _is_operation = False  # True for the graph nodes of `keras.ops` calls.
    # Layers whose maths multiplies inputs by float weights (Dense, convolutions,
    # recurrent layers) take bool / int inputs as floats of the compute dtype,
    # which is what Keras's type promotion gives them (`bool @ float32`).
    _promotes_non_float_inputs = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        build = cls.__dict__.get("build")
        if build is not None and not getattr(build, "_records_build", False):
            cls.build = _recording_build(build)

    def __new__(cls, *args, **kwargs):
        obj = super().__new__(cls)
        # Module state exists before the subclass's __init__ runs, so it may
        # assign sub-layers before calling super().__init__(), as Keras allows.
        torch.nn.Module.__init__(obj)
        return obj

    def __init__(self, *, activity_regularizer=None, trainable=True, dtype=None,
                 autocast=True, name=None, **kwargs):
        unknown = {k: v for k, v in kwargs.items() if k not in _BASE_KWARGS}
        if unknown:
            raise ValueError(
                f"Unrecognized keyword arguments passed to {type(self).__name__}: {unknown}"
            )
        if "_modules" not in self.__dict__:
            torch.nn.Module.__init__(self)
        self.name = name or naming.auto_name(type(self).__name__)
        self._dtype_policy = get_policy(dtype)
        self._trainable = bool(trainable)
        self.autocast = autocast
        self.activity_regularizer = _get_regularizer(activity_regularizer)
        self.built = False
        self.input_spec = None
        # As in Keras 3: a layer that computes its own mask supports masking.
        self.supports_masking = type(self).compute_mask is not Layer.compute_mask
        self._trainable_list = []
        self._non_trainable_list = []
        self._losses = []
        self._inbound_nodes = []
        self._build_shapes = None
        self._input_shape_arg = _input_shape_from_kwargs(kwargs)
        if self._input_shape_arg is not None:
            warnings.warn(
                "Do not pass an `input_shape`/`input_dim` argument to a layer. When "
                "using Sequential models, prefer using an `Input(shape)` object as the "
                "first layer in the model instead.",
                stacklevel=2,
            )
        signature = inspect.signature(self.call)
        self._call_has_training = "training" in signature.parameters
        self._call_has_mask = "mask" in signature.parameters
        self._call_arg_names = [
            name for name, p in signature.parameters.items()
            if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
        ]
        # Arguments `x` with a `x_mask` argument (attention's query/value/key).
        self._masked_arg_names = tuple(
            name for name in self._call_arg_names if f"{name}_mask" in signature.parameters
        )
        self._training_default = (signature.parameters["training"].default
                                  if self._call_has_training else None)
        if self._training_default is inspect.Parameter.empty:
            self._training_default = None
        self.eval()  # Layers start in inference mode, as `model(x)` is in Keras.

    # ----------------------------------------------------------------- naming
    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}, built={self.built}>"

    # ----------------------------------------------------------------- dtypes
    @property
    def dtype_policy(self):
        """The layer's `DTypePolicy`."""
        return self._dtype_policy

    @property
    def dtype(self) -> str:
        """The dtype of the layer's weights (its variable dtype)."""
        return self._dtype_policy.variable_dtype

    @property
    def compute_dtype(self) -> str:
        """The dtype the layer computes in."""
        return self._dtype_policy.compute_dtype

    @property
    def variable_dtype(self) -> str:
        """The dtype the layer's weights are stored in."""
        return self._dtype_policy.variable_dtype

    # ---------------------------------------------------------------- weights
    def add_weight(self, shape=None, initializer=None, dtype=None, trainable=True,
                   autocast=True, regularizer=None, constraint=None, aggregation="none",
                   overwrite_with_gradient=False, name=None):
        """Creates a weight of the layer, in Keras layout, on the compute device.

        Args:
            shape: Tuple of ints; `()` for a scalar.
            initializer: Initializer object or name; defaults to
                `"glorot_uniform"` for floats and `"zeros"` otherwise.
            dtype: Dtype; defaults to the layer's variable dtype.
            trainable: Whether the optimizer updates it.
            autocast: Kept for Keras compatibility.
            regularizer: Optional regularizer applied to the weight.
            constraint: Optional constraint applied after each update.
            aggregation: Kept for Keras compatibility.
            overwrite_with_gradient: Kept for Keras compatibility.
            name: The weight's name (`"kernel"`, `"bias"`).

        Returns:
            The weight, a `torch.nn.Parameter` (a `KerasParameter`).
        """
        from kerastorch import initializers

        if shape is not None and any(d is None for d in shape):
            raise ValueError(
                "Shapes used to initialize variables must be fully-defined (no `None` "
                f"dimensions). Received: shape={tuple(shape)} for variable "
                f"path='{call_context.weight_path(self, name or 'variable')}'"
            )
        shape = () if shape is None else tuple(int(d) for d in shape)
        torch_dtype = to_torch_dtype(dtype or self.variable_dtype)
        if initializer is None:
            initializer = "glorot_uniform" if torch_dtype.is_floating_point else "zeros"
        initializer = initializers.get(initializer)
        value = torch.as_tensor(initializer(shape, dtype=_dtype_name(torch_dtype)))
        device = self._weights_device()
        value = value.to(device=device, dtype=torch_dtype)
        trainable = bool(trainable)
        param = KerasParameter(
            value, requires_grad=trainable and self._trainable and torch_dtype.is_floating_point
        )
        name = name or f"variable_{len(self._trainable_list) + len(self._non_trainable_list)}"
        param.keras_name = name
        param.path = call_context.weight_path(self, name)
        param.keras_trainable = trainable
        # Keras's `variable.value` is the backend tensor: here the Parameter
        # itself (the Keras-on-torch idiom `v.value.grad` works).
        param.value = param
        param.regularizer = _get_regularizer(regularizer)
        param.constraint = _get_constraint(constraint)
        self.register_parameter(_free_attribute(self, name), param)
        (self._trainable_list if trainable else self._non_trainable_list).append(param)
        call_context.bump_trainable_version()  # cached weight lists go stale
        return param

    def _weights_device(self):
        for param in self.parameters():
            return param.device
        return get_device()

    def __setattr__(self, name, value):
        # A weight already registered under its Keras name (by `add_weight`) is
        # stored as a plain attribute under any other name, so state_dict holds
        # it once, under the name Keras gives it.
        if isinstance(value, torch.nn.Parameter) and name not in self._parameters and any(
            p is value for p in self._parameters.values()
        ):
            object.__setattr__(self, name, value)
            return
        # Keras tracks layers held in a list or dict attribute (`self.blocks =
        # [Dense(8), Dense(8)]`); torch needs them in a ModuleList / ModuleDict
        # to see their parameters (state_dict keys `blocks.0.kernel`, ...).
        super().__setattr__(name, _as_module_container(value))

    def __getattr__(self, name):
        try:
            return super().__getattr__(name)
        except AttributeError:
            # A property that raised AttributeError lands here, and torch would
            # replace its message by "object has no attribute"; raise its own.
            attribute = getattr(type(self), name, None)
            if isinstance(attribute, property):
                return attribute.fget(self)
            raise

    def _apply(self, fn, recurse=True):
        before = dict(self._parameters)
        super()._apply(fn, recurse)
        # torch replaces a Parameter it cannot convert in place (to or from the
        # meta device, `to_empty`, `overwrite_module_params_on_conversion`): the
        # new one takes the old one's Keras attributes and place.
        replaced = {id(old): self._parameters[name] for name, old in before.items()
                    if self._parameters.get(name) is not old}
        if replaced:
            for name, old in before.items():
                if id(old) in replaced:
                    new = replaced[id(old)]
                    new.__dict__.update(old.__dict__)
                    if "value" in old.__dict__:
                        new.value = new
            for weights in (self._trainable_list, self._non_trainable_list):
                weights[:] = [replaced.get(id(w), w) for w in weights]
            for key, value in list(self.__dict__.items()):
                if id(value) in replaced:
                    self.__dict__[key] = replaced[id(value)]
            call_context.bump_trainable_version()  # cached weight lists go stale
        # After `module.to(dtype)` / `.double()` / `.half()` the layer computes
        # in the new dtype (else it would cast its inputs back to the old one).
        # `fn` casts every floating tensor to that dtype, whatever its own.
        cast = {fn(torch.empty(0, dtype=d)).dtype for d in (torch.float32, torch.float64)}
        if len(cast) == 1:
            self._dtype_policy = get_policy(_dtype_name(cast.pop()))
        return self

    @property
    def _layers(self) -> list:
        """Direct sub-layers (those in list / dict attributes too), in assignment order."""
        return list(_sub_layers(self._modules.values()))

    @property
    def weights(self) -> list:
        """All weights: own trainable, own non-trainable, then sub-layers', deduplicated."""
        weights = []
        seen = set()
        for w in self._trainable_list + self._non_trainable_list:
            if id(w) not in seen:
                weights.append(w)
                seen.add(id(w))
        for layer in self._layers:
            for w in layer.weights:
                if id(w) not in seen:
                    weights.append(w)
                    seen.add(id(w))
        return weights

    @property
    def trainable_weights(self) -> list:
        """Weights the optimizer updates (empty when the layer is frozen)."""
        if not self.trainable:
            return []
        return [w for w in self.weights if w.keras_trainable]

    @property
    def non_trainable_weights(self) -> list:
        """Weights the optimizer leaves alone (all of them when frozen)."""
        if not self.trainable:
            return self.weights
        return [w for w in self.weights if not w.keras_trainable]

    variables = weights
    trainable_variables = trainable_weights
    non_trainable_variables = non_trainable_weights

    @property
    def trainable(self) -> bool:
        """Whether the layer's weights are trained. Setting it applies to sub-layers."""
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        value = bool(value)
        self._trainable = value
        for w in self._trainable_list:
            w.keras_trainable = value
            w.requires_grad_(value and w.is_floating_point())
        for layer in self._layers:
            layer.trainable = value
        call_context.bump_trainable_version()

    def get_weights(self) -> list:
        """Returns copies of the weights as numpy arrays, in Keras order and layout."""
        # A copy even on the CPU, where `.numpy()` would share the Parameter's
        # memory: a saved `get_weights()` must not follow later updates.
        return [w.detach().to("cpu", copy=True).numpy() for w in self.weights]

    def set_weights(self, weights) -> None:
        """Sets the weights from numpy arrays in Keras order and layout.

        Args:
            weights: A list with one array per weight, shaped as `get_weights()`.

        Raises:
            ValueError: On a wrong number of arrays or a wrong shape.
        """
        own = self.weights
        weights = list(weights)
        if len(weights) != len(own):
            raise ValueError(
                f"You called `set_weights(weights)` on layer '{self.name}' with a weight "
                f"list of length {len(weights)}, but the layer was expecting "
                f"{len(own)} weights."
            )
        values = [v if isinstance(v, torch.Tensor) else torch.as_tensor(np.asarray(v))
                  for v in weights]
        for variable, value in zip(own, values):
            if tuple(variable.shape) != tuple(value.shape):
                raise ValueError(
                    f"Layer {self.name} weight shape {tuple(variable.shape)} is not "
                    f"compatible with provided weight shape {tuple(value.shape)}."
                )
        with torch.no_grad():
            for variable, value in zip(own, values):
                variable.copy_(value.to(dtype=variable.dtype))

    def save_own_variables(self, store) -> None:
        """Writes the layer's own weights (not its sub-layers') for saving.

        Keras's saving hook: the weights go to `store["0"]`, `store["1"]`, ...,
        trainable ones first. Override it, with `load_own_variables`, to save
        other state.

        Args:
            store: A dict-like store of arrays.
        """
        for i, weight in enumerate(self._trainable_list + self._non_trainable_list):
            store[str(i)] = weight

    def load_own_variables(self, store) -> None:
        """Reads what `save_own_variables` wrote (checking count and shapes first).

        Args:
            store: A dict-like store of arrays.

        Raises:
            ValueError: On a wrong number of arrays or a wrong shape.
        """
        from kerastorch.saving.weights_store import load_variables

        load_variables(self, self._trainable_list + self._non_trainable_list, store)

    def count_params(self) -> int:
        """Returns the number of scalars in the layer's weights.

        Raises:
            ValueError: If the layer is not built yet.
        """
        if not self.built:
            raise ValueError(
                "You tried to call `count_params` on layer "
                f"'{self.name}', but the layer isn't built. You can build it "
                "manually via: `layer.build(input_shape)`."
            )
        return int(sum(int(np.prod(w.shape)) for w in self.weights))

    # ----------------------------------------------------------------- losses
    def add_loss(self, loss) -> None:
        """Adds a loss to the ones the training loss includes (call it in `call()`).

        Args:
            loss: A tensor (a non-scalar one is summed into the loss), or a
                list / dict of tensors.
        """
        losses = tree.flatten(loss)
        for value in losses:
            if not isinstance(value, torch.Tensor):
                raise ValueError(  # noqa: TRY004 (Keras's error type)
                    "`add_loss()` can only be called from inside `build()` or `call()`, "
                    f"on a tensor input. Received invalid value: {value}"
                )
        self._losses.extend(losses)
        call_context.note_loss_added(self)

    @property
    def losses(self) -> list:
        """Losses added during the last call, plus weight regularization losses.

        In Keras's order: this layer's `add_loss` losses, those of every
        sub-layer (in `_flatten_layers` order), then the penalties of the
        regularized `trainable_weights` (a frozen layer adds none).
        """
        losses = list(self._losses)
        for layer in self._flatten_layers(include_self=False):
            losses.extend(layer._losses)
        for w in self.trainable_weights:
            if w.regularizer is not None:
                losses.append(w.regularizer(w))
        return losses

    def _clear_losses(self) -> None:
        self._losses = []
        call_context.note_losses_cleared(self)
        for layer in self._layers:
            layer._clear_losses()

    def _flatten_layers(self, include_self=True, recursive=True) -> list:
        """This layer and its sub-layers, in Keras's order (each once).

        Keras's walk: depth first, a layer's own sub-layers visited in reverse
        order of assignment (it pushes them to the front of a deque).
        """
        layers = [self] if include_self else []
        seen = set()
        queue = collections.deque(self._layers)
        while queue:
            layer = queue.popleft()
            if id(layer) in seen:
                continue
            seen.add(id(layer))
            layers.append(layer)
            if recursive:
                queue.extendleft(layer._layers)
        return layers

    # ---------------------------------------------------------------- metrics
    @property
    def metrics(self) -> list:
        """The `Metric`s held in this layer's attributes, then its sub-layers' metrics.

        As in Keras, a layer that creates a metric in `__init__` and updates it
        in `call` has it reported by `fit` (a model's `metrics` include its
        layers' metrics).
        """
        metrics = list(self._metrics)
        for layer in self._layers:
            metrics.extend(layer.metrics)
        return metrics

    @property
    def metrics_variables(self) -> list:
        """The state variables of every metric in `metrics`."""
        return [v for metric in self.metrics for v in metric.variables]

    @property
    def _metrics(self) -> list:
        """The `Metric`s of this layer's attributes (also in lists / dicts), in assignment order."""
        found = []
        for value in self.__dict__.values():
            if isinstance(value, dict):
                value = list(value.values())
            items = value if isinstance(value, (list, tuple)) else (value,)
            found.extend(item for item in items if isinstance(item, Metric))
        return found

    # ------------------------------------------------------------------ build
    def build(self, input_shape) -> None:
        """Creates the layer's weights for inputs of `input_shape`.

        The default creates none. Subclasses call `add_weight` here.

        Args:
            input_shape: Tuple (or structure of tuples) of the input's shape.
        """
        self.built = True

    def _maybe_build(self, args, kwargs) -> None:
        """Builds from the call's input shapes, as Keras does.

        A `build` of one argument gets the first input's shape; a `build` of
        several (`build(self, query_shape, value_shape)`) gets, for each `x_shape`,
        the shape of the call argument `x`.
        """
        if self.built:
            return
        build_params = _build_parameter_names(type(self))
        if len(build_params) <= 1:
            shapes = tree.map_structure(_shape_of, args[0])
            self._build_shapes = shapes
            self.build(shapes)
        else:
            named = dict(zip(self._call_arg_names, args))
            named.update(kwargs)
            self.build(**{
                param: tree.map_structure(_shape_of, named[param[:-len("_shape")]])
                for param in build_params
                if param.endswith("_shape") and named.get(param[:-len("_shape")]) is not None
            })
        self.built = True

    def compute_output_shape(self, input_shape):
        """Returns the output shape for `input_shape` (from a symbolic run by default)."""
        raise NotImplementedError

    def compute_mask(self, inputs, previous_mask):
        """Returns the mask of the outputs (by default the input mask, passed on).

        Called after `call` when `supports_masking` is true. Override it in a
        layer that makes or changes a mask (it then supports masking).

        Args:
            inputs: The first input of the call.
            previous_mask: The mask of that input (or the `mask` argument).

        Returns:
            A mask, a structure of masks matching the outputs, or `None`.
        """
        return previous_mask

    def _fill_call_masks(self, args, kwargs):
        """Fills unset mask arguments from the inputs' masks; returns the input mask.

        As Keras: a call with one tensor argument gets its mask as `mask`; with
        several, each argument `x` that has an `x_mask` argument gets its own.
        The returned mask is the one passed on to the outputs: the `mask`
        argument when set, else the mask of the first input.
        """
        if self._call_has_mask or self._masked_arg_names:
            tensor_args = self._tensor_arguments(args, kwargs)
            if len(tensor_args) == 1:
                if self._call_has_mask and kwargs.get("mask") is None and \
                        "mask" not in self._call_arg_names[:len(args)]:
                    kwargs["mask"] = get_keras_masks(next(iter(tensor_args.values())))
            else:
                given = self._call_arg_names[:len(args)]
                for name in self._masked_arg_names:
                    mask_name = f"{name}_mask"
                    if name in tensor_args and mask_name not in given and \
                            kwargs.get(mask_name) is None:
                        kwargs[mask_name] = get_keras_masks(tensor_args[name])
            if kwargs.get("mask") is not None:
                return kwargs["mask"]
        return get_keras_masks(args[0])

    def _tensor_arguments(self, args, kwargs) -> dict:
        named = dict(zip(self._call_arg_names, args))
        named.update(kwargs)
        return {name: value for name, value in named.items() if _is_tensor_argument(value)}

    def _set_output_masks(self, inputs, outputs, previous_mask) -> None:
        """Attaches `compute_mask`'s masks to the outputs (Keras's mask metadata)."""
        if not self.supports_masking:
            if has_mask(previous_mask):
                warnings.warn(
                    f"Layer '{self.name}' (of type {type(self).__name__}) was passed an "
                    "input with a mask attached to it. However, this layer does not "
                    "support masking and will therefore destroy the mask information. "
                    "Downstream layers will not see the mask."
                )
            return
        if previous_mask is None and type(self).compute_mask is Layer.compute_mask:
            return
        flat_outputs = tree.flatten(outputs)
        if all(getattr(x, "_keras_mask", None) is not None for x in flat_outputs):
            return
        if any(isinstance(x, KerasTensor) for x in flat_outputs):
            masks = self._symbolic_output_masks(inputs, previous_mask)
        else:
            masks = self.compute_mask(inputs, previous_mask)
        if masks is None:
            return
        for tensor, mask in zip(flat_outputs, tree.flatten(masks)):
            if mask is not None and getattr(tensor, "_keras_mask", None) is None and \
                    isinstance(tensor, (torch.Tensor, KerasTensor)):
                set_keras_mask(tensor, mask)

    def _symbolic_output_masks(self, inputs, previous_mask):
        if type(self).compute_mask is Layer.compute_mask:
            return previous_mask
        # `compute_mask` runs on stand-in tensors; its result's shape is kept.
        return placeholder_masks(self, inputs, previous_mask)

    # ------------------------------------------------------------------- call
    def call(self, *args, **kwargs):
        """The forward computation. Subclasses implement it."""
        raise NotImplementedError(
            f"Layer {type(self).__name__} does not have a `call()` method implemented."
        )

    def __call__(self, *args, **kwargs):
        if _is_symbolic(args, kwargs):
            self._check_call(args)
            return self._symbolic_call(args, kwargs)
        # `forward` checks the call (once, here or when torch code calls it).
        # torch's own `__call__` runs the module's hooks (forward hooks, FSDP,
        # pruning...) around `forward`.
        return torch.nn.Module.__call__(self, *args, **kwargs)

    def _check_call(self, args):
        if "_dtype_policy" not in self.__dict__:
            raise RuntimeError(
                f"You forgot to call `super().__init__()` as the first statement in "
                f"the `__init__()` method of {type(self).__name__}."
            )
        if not args:
            raise ValueError(
                f"Layer '{self.name}' was called without any positional input tensor."
            )

    def forward(self, *args, **kwargs):
        """torch's entry point: the same as calling the layer (without torch hooks)."""
        self._check_call(args)
        if _is_symbolic(args, kwargs):
            return self._symbolic_call(args, kwargs)
        if call_context.in_layer_call():
            return self._eager_call(args, kwargs)
        with call_context.outermost_call():
            # As in Keras, `losses` holds the `add_loss` losses of the last
            # top-level call only.
            if call_context.some_layer_holds_losses():
                self._clear_losses()
            return self._eager_call(args, kwargs)

    def _eager_call(self, args, kwargs):
        previous_mask = self._fill_call_masks(args, kwargs)
        if self.built:
            outputs = self._run_call(args, kwargs)
        else:
            # Sub-layers built by this first call get their weights' paths
            # under this layer's name (Keras's name scope).
            with call_context.name_scope(self):
                outputs = self._run_call(args, kwargs)
        inputs = args[0]
        if not isinstance(inputs, torch.Tensor) and self.supports_masking:
            # `compute_mask` sees tensors, as `call` does (not the user's arrays).
            inputs = tree.map_structure(self._convert_input, inputs)
        self._set_output_masks(inputs, outputs, previous_mask)
        if self.activity_regularizer is not None:
            # As Keras: the penalty of each output, divided by its batch size
            # (0 for an empty batch, Keras's divide_no_nan).
            for output in tree.flatten(outputs):
                if isinstance(output, torch.Tensor):
                    loss = self.activity_regularizer(output)
                    if output.ndim > 0:
                        batch = output.shape[0]
                        loss = loss / batch if batch else torch.zeros_like(loss)
                    self.add_loss(loss)
        return outputs

    def _run_call(self, args, kwargs):
        first_arg = args[0]
        if not isinstance(first_arg, torch.Tensor):
            first_arg = tree.map_structure(self._convert_input, first_arg)
            args = (first_arg,) + args[1:]
        elif (self.autocast and first_arg.is_floating_point()
              and first_arg.dtype != (compute := to_torch_dtype(self.compute_dtype))):
            first_arg = first_arg.to(compute)
            args = (first_arg,) + args[1:]
        elif self._promotes_non_float_inputs and not first_arg.is_floating_point():
            first_arg = first_arg.to(to_torch_dtype(self.compute_dtype))
            args = (first_arg,) + args[1:]
        if len(args) > 1:
            # Further array arguments (`layer(query, value)`) become tensors too.
            args = (first_arg,) + tuple(
                self._convert_input(a) if isinstance(a, np.ndarray) else a for a in args[1:]
            )
        if not self.built:
            self._maybe_build(args, kwargs)
        if self.input_spec is not None:
            assert_input_compatibility(self.input_spec, first_arg, self.name)
        if self._call_has_training:
            training = kwargs.get("training")
            if training is None:
                # An enclosing call's explicit flag, else this module's own torch
                # mode (nested layers then read their own modes too).
                training = call_context.current_training()
                kwargs["training"] = self.training if training is None else training
                return self.call(*args, **kwargs)
            with call_context.training_scope(training):
                return self.call(*args, **kwargs)
        if "training" in kwargs:
            # `call` takes no `training`, but the layers it calls may.
            training = kwargs.pop("training")
            if training is not None:
                with call_context.training_scope(training):
                    return self.call(*args, **kwargs)
        return self.call(*args, **kwargs)

    def _convert_input(self, x):
        if x is None or isinstance(x, torch.Tensor):
            if isinstance(x, torch.Tensor) and self.autocast and x.is_floating_point():
                return x.to(to_torch_dtype(self.compute_dtype))
            return x
        from kerastorch.backend.tensors import convert_to_tensor

        array = np.asarray(x)
        promote = array.dtype.kind == "f" or (
            self._promotes_non_float_inputs and array.dtype.kind in "biu")
        dtype = self.compute_dtype if promote else None
        return convert_to_tensor(array, dtype=dtype, device=self._weights_device())

    def _symbolic_call(self, args, kwargs):
        first_arg = args[0]
        if self.autocast:
            # The spec of the input `call` will see (floats in the compute dtype,
            # as in an eager call); the node records the tensors themselves.
            first_arg = tree.map_structure(self._autocast_spec, first_arg)
        if not self.built:
            self._maybe_build((first_arg,) + tuple(args[1:]), kwargs)
        if self.input_spec is not None:
            assert_input_compatibility(self.input_spec, first_arg, self.name)
        kwargs = dict(kwargs)
        explicit_training = kwargs.get("training")
        # Recorded like Keras records them (visible in configs): the resolved
        # `training` value when not None, and `mask` for a single tensor input.
        # Keras records neither for a call on a list or several tensors (it
        # converts those arguments into a new kwargs dict first).
        single_tensor = len(args) == 1 and isinstance(first_arg, KerasTensor)
        if self._call_has_training and kwargs.get("training") is None and single_tensor:
            training = call_context.current_training()
            training = self._training_default if training is None else training
            if training is not None:
                kwargs["training"] = training
        if self._call_has_mask and kwargs.get("mask") is None and single_tensor:
            kwargs["mask"] = None
        # The masks the call sees come from the input tensors; the node does
        # not record them (the graph replay finds them on the tensors again).
        call_kwargs = dict(kwargs)
        previous_mask = self._fill_call_masks(args, call_kwargs)
        outputs = self.compute_output_spec(first_arg, *args[1:], **call_kwargs)
        self._set_output_masks(first_arg, outputs, previous_mask)
        node = Node(self, call_args=args, call_kwargs=kwargs, outputs=outputs)
        node.explicit_training = explicit_training
        return outputs

    def _autocast_spec(self, x):
        if isinstance(x, KerasTensor) and is_float_dtype(x.dtype) and \
                x.dtype != self.compute_dtype:
            return KerasTensor(x.shape, dtype=self.compute_dtype, sparse=x.sparse, name=x.name)
        return x

    def compute_output_spec(self, *args, **kwargs):
        """Returns the output `KerasTensor`(s) of a call on `KerasTensor` inputs.

        By default: `compute_output_shape` in the compute dtype when the layer
        defines it, else a run of `call` on small placeholder tensors.
        """
        return compute_output_spec(self, args, kwargs)

    # ---------------------------------------------------------- graph access
    def _get_node_attribute(self, attribute: str, description: str):
        if not self._inbound_nodes:
            raise AttributeError(
                f"The layer {self.name} has never been called and thus has no "
                f"defined {description}."
            )
        if len(self._inbound_nodes) > 1:
            raise AttributeError(
                f"The layer {self.name} has multiple inbound nodes, with different "
                f"{description}s. Use `get_{attribute}_at(node_index)` instead."
            )
        return getattr(self._inbound_nodes[0], attribute)

    @property
    def input(self):
        """The symbolic input(s) of the layer's only call in a graph."""
        return self._get_node_attribute("input_tensors", "input")

    @property
    def output(self):
        """The symbolic output(s) of the layer's only call in a graph."""
        return self._get_node_attribute("output_tensors", "output")

    # ----------------------------------------------------------------- config
    def get_config(self) -> dict:
        """Returns the layer's constructor arguments (name, trainable, dtype, ...)."""
        from kerastorch.saving.serialization_lib import serialize_keras_object

        config = {
            "name": self.name,
            "trainable": self.trainable,
            "dtype": serialize_keras_object(self._dtype_policy),
        }
        if self.activity_regularizer is not None:
            config["activity_regularizer"] = serialize_keras_object(self.activity_regularizer)
        return config

    @classmethod
    def from_config(cls, config):
        """Creates a layer from `get_config()`'s output."""
        return cls(**config)

    def get_build_config(self):
        """Returns the input shape(s) the layer was built with (for saving).

        `{"input_shape": shape}` for a one-argument `build`, else
        `{"shapes_dict": {"query_shape": ..., ...}}`, as Keras writes them.
        """
        if self.__dict__.get("_build_shapes_dict") is not None:
            return {"shapes_dict": self._build_shapes_dict}
        if self._build_shapes is not None:
            return {"input_shape": self._build_shapes}
        return None

    def build_from_config(self, config) -> None:
        """Builds the layer from `get_build_config()`'s output."""
        if config and not self.built:
            if "input_shape" in config:
                self.build(config["input_shape"])
                # Recorded here too: the base `build` does not record its shapes.
                self._build_shapes = config["input_shape"]
            elif "shapes_dict" in config:
                self.build(**config["shapes_dict"])
            self.built = True


_CONTAINERS = (torch.nn.ModuleList, torch.nn.ModuleDict, torch.nn.Sequential)


def _sub_layers(modules):
    for module in modules:
        if isinstance(module, Layer):
            yield module
        elif type(module) in _CONTAINERS:
            yield from _sub_layers(module._modules.values())


def _as_module_container(value):
    """A (nested) list / tuple / dict of modules holding a `Layer`, as ModuleList / ModuleDict."""
    container = _module_container_or_none(value)
    return value if container is None else container


def _module_container_or_none(value):
    if isinstance(value, torch.nn.Module):
        return value
    if isinstance(value, (list, tuple)):
        keys, items = None, list(value)
    elif isinstance(value, dict) and all(
            isinstance(k, str) and k and "." not in k for k in value):
        keys, items = list(value), list(value.values())
    else:
        return None
    items = [_module_container_or_none(item) for item in items]
    if not items or any(item is None for item in items) or not any(
            next(_sub_layers([item]), None) is not None for item in items):
        return None
    if keys is not None:
        return torch.nn.ModuleDict(dict(zip(keys, items)))
    return torch.nn.ModuleList(items)


def _input_shape_from_kwargs(kwargs):
    if kwargs.get("batch_input_shape") is not None:
        return tuple(kwargs["batch_input_shape"])[1:], kwargs["batch_input_shape"][0]
    if kwargs.get("input_shape") is not None:
        return tuple(kwargs["input_shape"]), kwargs.get("batch_size")
    if kwargs.get("input_dim") is not None:
        return (int(kwargs["input_dim"]),), kwargs.get("batch_size")
    return None


def _shape_of(x):
    if x is None:
        return None
    return tuple(x.shape)


def _recording_build(build):
    """Wraps a subclass's `build` to record its input shapes and mark the layer built.

    As Keras: whoever calls `build` (the first call, a wrapper layer, the
    user), the shapes it was given are what `get_build_config` saves. Only the
    outermost `build` records (a subclass's `build` may call `super().build`).
    """

    @functools.wraps(build)
    def recording_build(self, *args, **kwargs):
        if self.__dict__.get("_building"):
            return build(self, *args, **kwargs)
        self.__dict__["_building"] = True
        try:
            with call_context.name_scope(self):
                build(self, *args, **kwargs)
        finally:
            self.__dict__["_building"] = False
        arguments = inspect.signature(build).bind(self, *args, **kwargs).arguments
        arguments.pop(next(iter(arguments)))  # `self`
        if len(arguments) == 1:
            shape = next(iter(arguments.values()))
            if shape is not None:
                self._build_shapes = shape
        elif arguments:
            self.__dict__["_build_shapes_dict"] = dict(arguments)
        self.built = True

    recording_build._records_build = True
    return recording_build


# As Keras: a layer without its own `build` (`Flatten`), built directly (by a
# wrapper such as `TimeDistributed`), records its build shape too.
Layer.build = _recording_build(Layer.build)


def _build_parameter_names(cls) -> list:
    """The names of the arguments of `cls.build` (without `self`)."""
    build = inspect.unwrap(cls.build)
    return [name for name, p in inspect.signature(build).parameters.items()
            if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)][1:]


def _is_tensor_argument(value) -> bool:
    """Whether a call argument is a tensor or a non-empty nest of tensors (Keras's rule)."""
    if isinstance(value, (torch.Tensor, KerasTensor)):
        return True
    if isinstance(value, (list, tuple, dict)) and value:
        return all(x is None or isinstance(x, (torch.Tensor, KerasTensor))
                   for x in tree.flatten(value))
    return False


def _is_symbolic(args, kwargs) -> bool:
    for arg in args:
        if isinstance(arg, KerasTensor):
            return True
        if isinstance(arg, (list, tuple, dict)) and any(
            isinstance(leaf, KerasTensor) for leaf in tree.flatten(arg)
        ):
            return True
    return any(isinstance(v, KerasTensor) for v in kwargs.values())


def _free_attribute(layer, name: str) -> str:
    """A torch-valid attribute name for a weight called `name` (unique in the layer)."""
    base = name.replace(".", "_").replace("/", "_") or "variable"
    if layer.__dict__.get(base, 0) is None:  # e.g. `self.bias = None` set before build
        del layer.__dict__[base]
    candidate, index = base, 1
    while (candidate in layer._parameters or candidate in layer._modules
           or candidate in layer.__dict__):
        candidate = f"{base}_{index}"
        index += 1
    return candidate


def _dtype_name(torch_dtype) -> str:
    return str(torch_dtype).replace("torch.", "")


def _get_regularizer(regularizer):
    return _resolve_optional_package(regularizer, "regularizers")


def _get_constraint(constraint):
    return _resolve_optional_package(constraint, "constraints")


def _resolve_optional_package(identifier, package):
    """Resolves a regularizer / constraint, or says clearly that the package is missing."""
    if identifier is None:
        return None
    try:
        module = importlib.import_module(f"kerastorch.{package}")
    except ModuleNotFoundError:
        if callable(identifier):
            return identifier
        raise NotImplementedError(
            f"`keras.{package}` is not implemented in kerastorch yet, so {identifier!r} "
            "cannot be resolved; pass a callable that takes the weight tensor instead."
        ) from None
    return module.get(identifier)
