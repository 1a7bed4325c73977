"""`model.summary()`: Keras 3's table, drawn without a terminal library.

The layout reproduces what Keras prints through `rich` (plain text, as in a
non-interactive console): column widths from `positions` × `line_length`,
shrunk evenly to fit the borders and padding, box-drawing rules between rows,
and greedy word wrapping inside cells.
"""

import math
import os
import re
import shutil
import sys

from kerastorch.backend.dtypes import to_torch_dtype


def count_params(weights) -> int:
    """Number of scalars in a list of weights."""
    return int(sum(math.prod(w.shape) for w in weights))


def weight_memory_size(weights) -> float:
    """Bytes taken by a list of weights (each counted once)."""
    unique = {id(w): w for w in weights}.values()
    return float(sum(
        math.prod(w.shape) * to_torch_dtype(w.dtype).itemsize for w in unique))


def readable_memory_size(size: float) -> str:
    """`40.0` -> `"40.00 B"`, `2048` -> `"2.00 KB"`, as Keras writes sizes."""
    for unit in ["B", "KB", "MB", "GB", "TB", "PB"]:
        if size / 1024 < 1:
            return f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} PB"


def format_layer_shape(layer) -> str:
    """The output shape column: from the layer's last graph node, else its build shape."""
    if layer._inbound_nodes:
        outputs = layer._inbound_nodes[-1].output_tensors
        shapes = _map_leaves(lambda t: _format_shape(t.shape), outputs)
    elif layer.built and layer._build_shapes is not None:
        try:
            shapes = _format_shape(layer.compute_output_shape(layer._build_shapes))
        except NotImplementedError:
            return "?"
    else:
        return "?"
    if isinstance(shapes, str):
        return shapes
    return str(shapes).replace("'", "")


def _format_shape(shape) -> str:
    return f"({', '.join(str(d) for d in shape)})"


def _map_leaves(fn, structure):
    if isinstance(structure, dict):
        return {k: _map_leaves(fn, v) for k, v in structure.items()}
    if isinstance(structure, (list, tuple)):
        return [_map_leaves(fn, v) for v in structure]
    return fn(structure)


def print_summary(model, line_length=None, positions=None, print_fn=None,
                  expand_nested=False, show_trainable=False, layer_range=None) -> None:
    """Prints a summary of a model (see `Model.summary`)."""
    layers, sequential_like, relevant_nodes = _layers_and_shape(model)
    if sequential_like:
        default_length, positions = 88, positions or [0.45, 0.80, 1.0]
        header = ["Layer (type)", "Output Shape", "Param #"]
        alignment = ["left", "left", "right"]
    else:
        default_length, positions = 108, positions or [0.3, 0.56, 0.74, 1.0]
        header = ["Layer (type)", "Output Shape", "Param #", "Connected to"]
        alignment = ["left", "left", "right", "left"]
    if show_trainable:
        default_length += 12
        positions = [p * 0.90 for p in positions] + [1.0]
        header.append("Trainable")
        alignment.append("center")
    default_length = min(default_length, shutil.get_terminal_size().columns - 4)
    line_length = line_length or default_length
    widths, current = [], 0
    for position in positions:
        width = int(position * line_length) - current
        if width < 4:
            raise ValueError("Insufficient console width to print summary.")
        widths.append(width)
        current += width

    def layer_rows(layer, nested_level=0):
        prefix = "   " * nested_level + "└ " if nested_level else ""
        if not hasattr(layer, "built"):
            params = "0"
        elif not layer.built:
            params = "0 (unbuilt)"
        else:
            params = f"{layer.count_params():,}"
        fields = [f"{prefix}{layer.name} ({type(layer).__name__})",
                  format_layer_shape(layer), params]
        if not sequential_like:
            fields.append(_connections(layer, relevant_nodes))
        if show_trainable:
            fields.append(("Y" if layer.trainable else "N") if layer.weights else "-")
        rows = [fields]
        if expand_nested and getattr(layer, "layers", None):
            for inner in _listed_layers(layer):
                rows.extend(layer_rows(inner, nested_level + 1))
        return rows

    start, stop = _layer_index_bounds(layers, layer_range)
    rows = [row for layer in layers[start:stop] for row in layer_rows(layer)]
    table = _draw_table(header, rows, widths, alignment, line_length)
    # Like a rich console, lines wider than the console are cropped.
    console_width = _console_width()
    table = "".join(line[:console_width] + "\n" for line in table.splitlines())
    text = f'Model: "{model.name}"\n' + table
    text += _totals(model)
    if print_fn is not None:
        print_fn(text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def _console_width() -> int:
    """The console width rich would use: $COLUMNS, the terminal's, else 80."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit():
        return int(columns)
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns
    except (AttributeError, ValueError, OSError):
        return 80


def _listed_layers(model):
    from kerastorch.models.functional import Functional

    return model.layers if not isinstance(model, Functional) else model._graph_layers


def _layers_and_shape(model):
    """The layers to list, whether the model is a plain chain, and its graph nodes."""
    from kerastorch.models.functional import Functional

    if not isinstance(model, Functional):
        return model.layers, True, []
    nodes = []
    sequential_like = True
    for depth_nodes in model._nodes_by_depth.values():
        if len(depth_nodes) > 1 or (
                len(depth_nodes) == 1 and len(depth_nodes[0].flat_inputs) > 1):
            sequential_like = False
            break
        nodes += depth_nodes
    if sequential_like:
        for layer in model.layers:
            if sum(1 for node in layer._inbound_nodes if node in nodes) > 1:
                sequential_like = False
                break
    relevant = [n for depth_nodes in model._nodes_by_depth.values() for n in depth_nodes]
    return model._graph_layers, sequential_like, relevant


def _connections(layer, relevant_nodes) -> str:
    parts = []
    for node in layer._inbound_nodes:
        if relevant_nodes and node not in relevant_nodes:
            continue
        for tensor in node.flat_inputs:
            source, node_index, tensor_index = tensor._keras_history
            parts.append(f"{source.name}[{node_index}][{tensor_index}]")
    return ", ".join(parts) or "-"


def _layer_index_bounds(layers, layer_range):
    if layer_range is None:
        return 0, len(layers)
    if len(layer_range) != 2:
        raise ValueError(
            "layer_range must be a list or tuple of length 2. Received: "
            f"layer_range = {layer_range} of length {len(layer_range)}"
        )
    if not all(isinstance(name, str) for name in layer_range):
        raise ValueError(f"layer_range should contain string type only. Received: {layer_range}")
    lower = [i for i, layer in enumerate(layers) if re.match(layer_range[0], layer.name)]
    upper = [i for i, layer in enumerate(layers) if re.match(layer_range[1], layer.name)]
    if not lower or not upper:
        raise ValueError(
            "Passed layer_names do not match the layer names in the model. "
            f"Received: {layer_range}"
        )
    if min(lower) > max(upper):
        return min(upper), max(lower) + 1
    return min(lower), max(upper) + 1


def _cell_widths(widths, line_length):
    """Rich's fit of fixed-width columns (each `width + 2` for padding) to the line.

    Each starts at most the line's inner width; too wide in all, they shrink
    evenly; narrower than the line (positions ending before 1.0), the spare
    room is shared out in proportion to the cells, as a rich table of fixed
    `width` expands.
    """
    available = line_length - (len(widths) + 1)
    cells = [min(w + 2, available) for w in widths]
    excess = sum(cells) - available
    if excess < 0:
        spare, ratio_left, result = -excess, sum(cells), []
        for cell in cells:
            extra = math.ceil(cell * spare / ratio_left)
            result.append(cell + extra)
            spare -= extra
            ratio_left -= cell
        return result
    remaining, ratio_left, result = excess, len(cells), []
    for cell in cells:
        cut = min(cell, round(remaining / ratio_left))
        result.append(cell - cut)
        remaining -= cut
        ratio_left -= 1
    return result


def _wrap(text: str, width: int) -> list:
    """Rich's word wrap with `overflow="ellipsis"`, line by line.

    A word is its non-space run with the spaces around it (so leading spaces
    stay on the first line); it goes on the current line if it fits without
    its trailing spaces, else starts a new line. A line still wider than
    `width` (a word longer than the cell) is cut to `width - 1` plus "…".
    A cell with no room (`width < 1`) shows nothing.
    """
    if width < 1:
        return []
    lines, line = [], ""
    for match in _WORD.finditer(text):
        word = match.group(0)
        if len(line) + len(word.rstrip()) > width and line:
            lines.append(line)
            line = ""
        line += word
    lines.append(line)
    return [_crop(_rstrip_beyond(line, width), width) for line in lines]


_WORD = re.compile(r"\s*\S+\s*")


def _rstrip_beyond(line: str, width: int) -> str:
    """Drops the trailing spaces that stick out past `width` (rich's `rstrip_end`)."""
    excess = len(line) - width
    if excess <= 0:
        return line
    spaces = len(line) - len(line.rstrip())
    return line[:len(line) - min(spaces, excess)]


def _crop(line: str, width: int) -> str:
    return line if len(line) <= width else line[:width - 1] + "…"


def _align(text, width, how):
    """Pads a wrapped line to `width` as rich justifies it (extra centre space on the right)."""
    if how == "left":
        return text.ljust(width)
    text = text.rstrip()
    if how == "right":
        return text.rjust(width)
    left = (width - len(text)) // 2
    return (" " * left + text).ljust(width)


def _draw_row(fields, cells, alignment, bar, header=False):
    """Lines of one table row; header cells sit at the bottom, others at the top, as rich."""
    wrapped = [_wrap(str(f), c - 2) for f, c in zip(fields, cells)]
    height = max(len(w) for w in wrapped)
    if header:
        wrapped = [[""] * (height - len(w)) + w for w in wrapped]
    lines = []
    for i in range(height):
        parts = [(" " + _align(w[i] if i < len(w) else "", c - 2, a) + " ")[:c]
                 for w, c, a in zip(wrapped, cells, alignment)]
        lines.append(bar + bar.join(parts) + bar)
    return lines


def _rule(cells, left, middle, right, fill):
    return left + middle.join(fill * c for c in cells) + right


def _draw_table(header, rows, widths, alignment, line_length) -> str:
    cells = _cell_widths(widths, line_length)
    lines = [_rule(cells, "┏", "┳", "┓", "━")]
    lines += _draw_row(header, cells, alignment, "┃", header=True)
    lines.append(_rule(cells, "┡", "╇", "┩", "━"))
    for index, row in enumerate(rows):
        if index:
            lines.append(_rule(cells, "├", "┼", "┤", "─"))
        lines += _draw_row(row, cells, alignment, "│")
    lines.append(_rule(cells, "└", "┴", "┘", "─"))
    return "\n".join(lines) + "\n"


def _totals(model) -> str:
    trainable = model.trainable_weights
    non_trainable = model.non_trainable_weights
    optimizer = getattr(model, "optimizer", None)
    optimizer_built = bool(getattr(model, "compiled", False) and optimizer is not None
                           and getattr(optimizer, "built", False))
    optimizer_vars = optimizer.variables if optimizer_built else []
    counts = [count_params(trainable), count_params(non_trainable), count_params(optimizer_vars)]
    sizes = [weight_memory_size(trainable), weight_memory_size(non_trainable),
             weight_memory_size(optimizer_vars)]

    def line(label, count, size):
        return f" {label}: {count:,} ({readable_memory_size(size)})\n"

    text = line("Total params", sum(counts), sum(sizes))
    text += line("Trainable params", counts[0], sizes[0])
    text += line("Non-trainable params", counts[1], sizes[1])
    if optimizer_built:
        text += line("Optimizer params", counts[2], sizes[2])
    return text
