"""AdamW: Adam with decoupled weight decay on by default."""

from kerastorch.api_export import keras_export
from kerastorch.optimizers.adam import Adam


@keras_export("keras.optimizers.AdamW")
class AdamW(Adam):
    """Optimizer that implements the AdamW algorithm (Loshchilov & Hutter, 2019).

    Adam whose weight decay is decoupled from the gradient: before each Adam
    step (see `Adam`), every variable not excluded with
    `exclude_from_weight_decay` is multiplied by
    `1 - weight_decay * learning_rate`. Unlike `torch.optim.AdamW`, epsilon is
    added to `sqrt(v)` after the bias correction, as in Keras.

    Args:
        learning_rate: A float, a `LearningRateSchedule`, or a callable
            returning the learning rate. Defaults to `0.001`.
        weight_decay: Float, the decay rate; required (not `None`). Defaults
            to `0.004`.
        beta_1: Float, decay rate of the first moment. Defaults to `0.9`.
        beta_2: Float, decay rate of the second moment. Defaults to `0.999`.
        epsilon: Float added to the denominator for stability. Defaults to
            `1e-7`.
        amsgrad: Boolean, whether to use the AMSGrad variant. Defaults to
            `False`.
        {{base_optimizer_keyword_args}}

    Example:

    >>> optimizer = kerastorch.optimizers.AdamW(learning_rate=1e-3, weight_decay=0.01)
    >>> optimizer.exclude_from_weight_decay(var_names=["bias"])
    >>> optimizer.apply([p.grad for p in params], params)
    """

    def __init__(
        self,
        learning_rate=0.001,
        weight_decay: float = 0.004,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-7,
        amsgrad: bool = False,
        **kwargs,
    ):
        super().__init__(
            learning_rate=learning_rate,
            beta_1=beta_1,
            beta_2=beta_2,
            epsilon=epsilon,
            amsgrad=amsgrad,
            weight_decay=weight_decay,
            **kwargs,
        )
        if self.weight_decay is None:
            raise ValueError("Argument `weight_decay` must be a float. Received: weight_decay=None")
