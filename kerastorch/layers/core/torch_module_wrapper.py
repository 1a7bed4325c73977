"""`TorchModuleWrapper`: any `torch.nn.Module` as a Keras layer."""

import base64
import contextlib
import io

import torch

from kerastorch.api_export import keras_export
from kerastorch.backend import naming
from kerastorch.backend.device import get_device
from kerastorch.backend.keras_parameter import KerasParameter
from kerastorch.layers import call_context
from kerastorch.layers.layer import Layer
from kerastorch.saving import serialization_lib


@keras_export("keras.layers.TorchModuleWrapper")
class TorchModuleWrapper(Layer):
    """Wraps a `torch.nn.Module` as a Keras layer whose weights are the module's parameters.

    The module is a torch child of the layer (its `state_dict()` keys are
    `module.<the module's own keys>`, each parameter once) and its parameters
    are the layer's weights, in `module.parameters()` order: trainable when
    they require gradients, so `fit()` trains them. They stay the module's
    own objects (their class becomes kerastorch's `torch.nn.Parameter`
    subclass, which keeps the Keras attributes through copies).

    The module runs in training mode when the call is a training one
    (`fit`), in eval mode otherwise.

    Args:
        module: A `torch.nn.Module`; a lazy module must be initialized first
            (called once).
        name: Name of the layer.
        output_shape: Optional output shape for symbolic calls (returned as
            it is); when omitted it is inferred by running the module.
        **kwargs: Base layer arguments (`dtype`, `trainable`, ...).

    Example:

    >>> layer = TorchModuleWrapper(torch.nn.Linear(4, 2))
    >>> layer(torch.ones(3, 4)).shape
    torch.Size([3, 2])
    >>> len(layer.trainable_weights)
    2
    """

    def __init__(self, module, name=None, output_shape=None, **kwargs):
        super().__init__(name=name, **kwargs)
        if isinstance(module, torch.nn.modules.lazy.LazyModuleMixin) and \
                module.has_uninitialized_params():
            raise ValueError(
                "LazyModules are not supported unless they are already initialized. "
                f"Received uninitialized LazyModule: module={module}"
            )
        self.module = module.to(get_device())
        self.output_shape = output_shape
        self._track_module_parameters()
        self.built = True

    def _track_module_parameters(self):
        """Makes the module's parameters the layer's weights (without copying them)."""
        self._trainable_list = []
        self._non_trainable_list = []
        for param in self.module.parameters():
            if not isinstance(param, KerasParameter):
                param.__class__ = KerasParameter
            if "keras_name" not in param.__dict__:
                # Keras wraps each parameter in an unnamed Variable.
                param.keras_name = naming.auto_name("Variable")
                param.keras_trainable = param.requires_grad
                param.value = param
                param.regularizer = None
                param.constraint = None
            (self._trainable_list if param.keras_trainable else
             self._non_trainable_list).append(param)
        call_context.bump_trainable_version()

    def _apply(self, fn, recurse=True):
        before = list(self.module.parameters())
        super()._apply(fn, recurse)
        after = list(self.module.parameters())
        if any(new is not old for new, old in zip(after, before)):
            # torch made new Parameters (meta device, `to_empty`, ...): they
            # take the Keras attributes of the ones they replace.
            for new, old in zip(after, before):
                if new is not old:
                    new.__dict__.update(old.__dict__)
                    if "value" in old.__dict__:
                        new.value = new
            self._track_module_parameters()
        return self

    def call(self, *args, training=None, **kwargs):
        self.module.train(bool(training))
        return self.module(*args, **kwargs)

    def save_own_variables(self, store) -> None:
        """Writes the module's whole `state_dict` (buffers too), keyed by its names.

        As Keras's wrapper does: `store["0.weight"]`, `store["1.running_mean"]`...

        Args:
            store: A dict-like store of arrays.
        """
        for key, value in self.module.state_dict().items():
            store[key] = value.detach().cpu().numpy()

    def load_own_variables(self, store) -> None:
        """Loads what `save_own_variables` wrote into the module (`load_state_dict`).

        Args:
            store: A dict-like store of arrays keyed by `state_dict` names.
        """
        state_dict = {}
        for key in store.keys():
            name = key.decode() if isinstance(key, bytes) else key
            state_dict[name] = torch.as_tensor(store[key][...])
        self.module.load_state_dict(state_dict)

    def compute_output_shape(self, input_shape):
        if self.output_shape is None:
            raise NotImplementedError
        return self.output_shape

    def get_config(self) -> dict:
        buffer = io.BytesIO()
        with _plain_parameters(self.module):
            torch.save(self.module, buffer)
        return {
            **super().get_config(),
            "module": base64.b64encode(buffer.getvalue()).decode("ascii"),
            "output_shape": self.output_shape,
        }

    @classmethod
    def from_config(cls, config, custom_objects=None, safe_mode=None):
        """Rebuilds the layer; unpickling the module needs `safe_mode=False`.

        Args:
            config: `get_config()`'s output.
            custom_objects: Unused (Keras's signature).
            safe_mode: `False` to allow `torch.load` of the pickled module;
                by default the enclosing `SafeModeScope` decides, and outside
                any scope loading is refused.

        Raises:
            ValueError: If unpickling is not allowed.
        """
        config = dict(config)
        if "module" in config:
            safe = serialization_lib.in_safe_mode() if safe_mode is None else safe_mode
            if safe is not False:
                raise ValueError(
                    "Requested the deserialization of a `torch.nn.Module` object via "
                    "`torch.load()`. This carries a potential risk of arbitrary code "
                    "execution and thus it is disallowed by default. If you trust the "
                    "source of the artifact, you can override this error by passing "
                    "`safe_mode=False` to the loading function, or calling "
                    "`keras.config.enable_unsafe_deserialization()."
                )
            buffer = io.BytesIO(base64.b64decode(config["module"].encode("ascii")))
            config["module"] = torch.load(buffer, weights_only=False)
        if isinstance(config.get("output_shape"), list):
            config["output_shape"] = tuple(config["output_shape"])
        return cls(**config)


@contextlib.contextmanager
def _plain_parameters(module):
    """Temporarily turns the module's parameters back into plain `torch.nn.Parameter`s.

    The pickle then holds a plain torch module, as Keras's does, so either
    library can load it.
    """
    saved = []
    for param in module.parameters():
        if isinstance(param, KerasParameter):
            saved.append((param, dict(param.__dict__)))
            param.__dict__.clear()
            param.__class__ = torch.nn.Parameter
    try:
        yield
    finally:
        for param, attributes in saved:
            param.__class__ = KerasParameter
            param.__dict__.update(attributes)
