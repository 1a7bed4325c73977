"""`KerasParameter`: the `torch.nn.Parameter` behind every Keras weight.

A plain Parameter with Keras's attributes (`keras_name`, `keras_trainable`,
`regularizer`, `constraint`, `value`) kept through `copy.deepcopy` and
pickling (`torch.save(model)`), which torch's own Parameter would drop.
`state_dict()` holds plain tensors, so `torch.load(weights_only=True)` of a
state dict is unaffected. Everything else is torch's:
`isinstance(w, torch.nn.Parameter)` holds and operations return plain tensors.
"""

import copy

import torch


class KerasParameter(torch.nn.Parameter):
    """A `torch.nn.Parameter` whose Keras attributes survive copies and pickling."""

    def __deepcopy__(self, memo):
        if id(self) in memo:
            return memo[id(self)]
        result = super().__deepcopy__(memo)
        result.__dict__.update(copy.deepcopy(self.__dict__, memo))
        return result

    def __reduce_ex__(self, protocol):
        # `value` is the parameter itself: restored on load, not pickled (a
        # reference to the object inside its own constructor arguments).
        state = {k: v for k, v in self.__dict__.items() if k != "value"}
        return (_rebuild, (self.data, self.requires_grad, state, "value" in self.__dict__))


def _rebuild(data, requires_grad, state, has_value):
    """Unpickles a `KerasParameter` with its Keras attributes."""
    parameter = KerasParameter(data, requires_grad)
    parameter.__dict__.update(state)
    if has_value:
        parameter.value = parameter
    return parameter
