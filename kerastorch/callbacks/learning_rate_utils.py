"""Reading the learning rate(s) of a model's optimizer, as Keras's callbacks do.

A `MultiOptimizer` (anything with an `optimizers` list) has one learning rate
per inner optimizer, logged as `learning_rate_<name>`; any other optimizer has
one, logged as `learning_rate`. Reading one is a device sync: callbacks do it
once per epoch.
"""


def named_optimizers(optimizer) -> list:
    """Returns `[(name, optimizer)]`: the inner optimizers of a `MultiOptimizer` by name.

    Args:
        optimizer: A model's optimizer.

    Returns:
        `[(inner.name, inner), ...]` for a `MultiOptimizer`, else
        `[("", optimizer)]`.

    Example:

    >>> named_optimizers(kerastorch.optimizers.SGD())
    [('', <SGD ...>)]
    """
    if hasattr(optimizer, "optimizers"):
        return [(inner.name, inner) for inner in optimizer.optimizers]
    return [("", optimizer)]


def learning_rate_logs(optimizer) -> dict:
    """Returns the optimizer's learning rate(s) as Keras's callbacks log them.

    Args:
        optimizer: A model's optimizer.

    Returns:
        `{"learning_rate": lr}`, or `{"learning_rate_<name>": lr, ...}` for
        a `MultiOptimizer`, with Python floats.

    Example:

    >>> learning_rate_logs(kerastorch.optimizers.SGD(learning_rate=0.5))
    {'learning_rate': 0.5}
    """
    return {
        f"learning_rate_{name}" if name else "learning_rate": float(inner.learning_rate)
        for name, inner in named_optimizers(optimizer)
    }
