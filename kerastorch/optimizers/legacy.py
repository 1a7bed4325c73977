"""`keras.optimizers.legacy`: the Keras 2 optimizers' names, which Keras 3 refuses."""

from kerastorch.api_export import keras_export


@keras_export(
    "keras.optimizers.legacy.Optimizer",
    "keras.optimizers.legacy.Adagrad",
    "keras.optimizers.legacy.Adam",
    "keras.optimizers.legacy.Ftrl",
    "keras.optimizers.legacy.RMSprop",
    "keras.optimizers.legacy.SGD",
)
class LegacyOptimizerWarning:
    """Placeholder for `tf.keras.optimizers.legacy` classes: instantiating it raises.

    Kept so that code importing `keras.optimizers.legacy.Adam` imports, as in
    Keras 3; creating one raises an `ImportError` pointing to the current
    optimizers.

    Example:

    >>> kerastorch.optimizers.legacy.Adam()
    Traceback (most recent call last):
    ImportError: `keras.optimizers.legacy` is not supported in Keras 3. ...
    """

    def __init__(self, *args, **kwargs):
        raise ImportError(
            "`keras.optimizers.legacy` is not supported in Keras 3. When using `tf.keras`, to "
            "continue using a `tf.keras.optimizers.legacy` optimizer, you can install the "
            "`tf_keras` package (Keras 2) and set the environment variable "
            "`TF_USE_LEGACY_KERAS=True` to configure TensorFlow to use `tf_keras` when "
            "accessing `tf.keras`. In kerastorch, use `kerastorch.optimizers` (e.g. "
            "`kerastorch.optimizers.Adam`)."
        )


Adagrad = LegacyOptimizerWarning
Adam = LegacyOptimizerWarning
Ftrl = LegacyOptimizerWarning
Optimizer = LegacyOptimizerWarning
RMSprop = LegacyOptimizerWarning
SGD = LegacyOptimizerWarning
