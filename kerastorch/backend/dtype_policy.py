"""`DTypePolicy`: the variable dtype and compute dtype of a layer.

`"float32"` computes and stores in float32; `"mixed_float16"` /
`"mixed_bfloat16"` store float32 weights and compute in half precision.
"""

from kerastorch.api_export import keras_export
from kerastorch.backend import config, global_state
from kerastorch.backend.dtypes import standardize_dtype


@keras_export("keras.DTypePolicy", "keras.dtype_policies.DTypePolicy")
class DTypePolicy:
    """A layer's dtype policy.

    Args:
        name: `"float32"`, `"float16"`, `"bfloat16"`, `"float64"`,
            `"mixed_float16"` or `"mixed_bfloat16"`; `None` means the global
            policy (`floatx()` unless `set_dtype_policy` was called).

    Example:

    >>> policy = DTypePolicy("mixed_float16")
    >>> policy.compute_dtype, policy.variable_dtype
    ('float16', 'float32')
    """

    def __init__(self, name=None):
        if name is None:
            name = dtype_policy().name
        if not isinstance(name, str):
            raise TypeError(
                f"'name' must be a string, such as 'mixed_float16'. Received: name={name}"
            )
        if name.startswith("mixed_"):
            self._compute_dtype = standardize_dtype(name[len("mixed_"):])
            self._variable_dtype = "float32"
        else:
            self._compute_dtype = self._variable_dtype = standardize_dtype(name)
        self._name = name

    @property
    def name(self) -> str:
        """The policy's name."""
        return self._name

    @property
    def compute_dtype(self) -> str:
        """The dtype layer computations run in."""
        return self._compute_dtype

    @property
    def variable_dtype(self) -> str:
        """The dtype weights are stored in."""
        return self._variable_dtype

    def __repr__(self):
        return f'<DTypePolicy "{self._name}">'

    def get_config(self) -> dict:
        """Returns `{"name": ...}`."""
        return {"name": self._name}

    @classmethod
    def from_config(cls, config):
        """Rebuilds a policy from `get_config()`."""
        return cls(**config)


def dtype_policy() -> DTypePolicy:
    """Returns the global dtype policy (defaults to `floatx()`).

    Unlike Keras, which fixes the default policy the first time it is read,
    the default follows later `set_floatx()` calls until a policy is set.

    Example:

    >>> kerastorch.config.dtype_policy()
    <DTypePolicy "float32">
    """
    policy = global_state.get_global_attribute("dtype_policy")
    return DTypePolicy(config.floatx()) if policy is None else policy


def set_dtype_policy(policy) -> None:
    """Sets the global dtype policy, until the next `clear_session()` (as Keras).

    Args:
        policy: A `DTypePolicy` or its name (e.g. `"mixed_float16"`).

    Example:

    >>> kerastorch.config.set_dtype_policy("mixed_float16")
    >>> kerastorch.layers.Dense(2).compute_dtype
    'float16'
    """
    if isinstance(policy, str):
        policy = DTypePolicy(policy)
    elif not isinstance(policy, DTypePolicy):
        raise ValueError(
            "Invalid `policy` argument. Expected the string name of a policy (such as "
            f"'mixed_float16') or a `DTypePolicy` instance. Received: policy={policy} "
            f"(of type {type(policy)})"
        )
    global_state.set_global_attribute("dtype_policy", policy)


def get_policy(dtype) -> DTypePolicy:
    """Returns a `DTypePolicy` for a layer's `dtype=` argument.

    Args:
        dtype: `None`, a dtype or policy name, a `DTypePolicy`, or a serialized
            policy dict.
    """
    if dtype is None:
        return dtype_policy()
    if isinstance(dtype, DTypePolicy):
        return dtype
    if isinstance(dtype, dict):
        return DTypePolicy(**dtype.get("config", {}))
    if isinstance(dtype, str):
        return DTypePolicy(dtype)
    return DTypePolicy(standardize_dtype(dtype))
