"""Nested structures (lists, tuples, dicts of leaves), as Keras's `tree` uses them.

Dicts are traversed in sorted-key order, as in Keras, so a flat list of a
structure's leaves is deterministic.
"""


def is_nested(x) -> bool:
    """Whether `x` is a list, tuple or dict (a structure, not a leaf)."""
    return isinstance(x, (list, tuple, dict))


def flatten(structure) -> list:
    """Returns the leaves of a nested structure, in order."""
    if isinstance(structure, dict):
        return [leaf for key in sorted(structure) for leaf in flatten(structure[key])]
    if isinstance(structure, (list, tuple)):
        return [leaf for item in structure for leaf in flatten(item)]
    return [structure]


def map_structure(fn, structure):
    """Applies `fn` to each leaf, keeping the structure (lists, tuples, dicts)."""
    if isinstance(structure, dict):
        # Visit keys sorted (the order of `flatten`), keep the dict's own order.
        mapped = {k: map_structure(fn, structure[k]) for k in sorted(structure)}
        return type(structure)((k, mapped[k]) for k in structure)
    if isinstance(structure, tuple) and hasattr(structure, "_fields"):
        return type(structure)(*(map_structure(fn, v) for v in structure))
    if isinstance(structure, (list, tuple)):
        return type(structure)(map_structure(fn, v) for v in structure)
    return fn(structure)


def pack_sequence_as(structure, flat):
    """Rebuilds `structure` with the leaves taken in order from `flat`."""
    leaves = iter(flat)

    def take(_):
        return next(leaves)

    return map_structure(take, structure)
