"""`model.summary()`: sizes, counts, rich's column and wrapping rules, options, cropping.

Expected tables were printed by Keras 3.15 (through rich) for the same models.
"""

import numpy as np
import pytest
import torch

import kerastorch
from kerastorch import layers
from kerastorch.backend import clear_session
from kerastorch.utils import summary_utils
from kerastorch.utils.summary_utils import _align
from kerastorch.utils.summary_utils import _cell_widths
from kerastorch.utils.summary_utils import _wrap


@pytest.fixture(autouse=True)
def wide_console(monkeypatch):
    """A known console width (it sets the default line length and the cropping)."""
    monkeypatch.setenv("COLUMNS", "200")
    clear_session()


def summary_text(model, **kwargs):
    lines = []
    model.summary(print_fn=lambda text, **_: lines.append(text), **kwargs)
    return "".join(lines)


def small_model():
    model = kerastorch.Sequential([
        kerastorch.Input((5,)),
        layers.Dense(3, name="hidden_layer_with_a_long_name"),
        layers.Dropout(0.1, name="drop"),
        layers.Dense(2, name="out"),
    ], name="small")
    model.layers[2].trainable = False
    return model


TOTALS = """\
 Total params: 26 (104.00 B)
 Trainable params: 18 (72.00 B)
 Non-trainable params: 8 (32.00 B)
"""

SMALL_40 = """\
Model: "small"
┏━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━┓
┃                 ┃ Output     ┃ Param ┃
┃ Layer (type)    ┃ Shape      ┃     # ┃
┡━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━┩
│ hidden_layer_w… │ (None, 3)  │    18 │
│ (Dense)         │            │       │
├─────────────────┼────────────┼───────┤
│ drop (Dropout)  │ (None, 3)  │     0 │
├─────────────────┼────────────┼───────┤
│ out (Dense)     │ (None, 2)  │     8 │
└─────────────────┴────────────┴───────┘
""" + TOTALS

SMALL_48_TRAINABLE = """\
Model: "small"
┏━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━┳━━━━━━━┳━━━━┓
┃                  ┃              ┃ Param ┃    ┃
┃ Layer (type)     ┃ Output Shape ┃     # ┃ T… ┃
┡━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━╇━━━━━━━╇━━━━┩
│ hidden_layer_wi… │ (None, 3)    │    18 │ Y  │
│ (Dense)          │              │       │    │
├──────────────────┼──────────────┼───────┼────┤
│ drop (Dropout)   │ (None, 3)    │     0 │ -  │
├──────────────────┼──────────────┼───────┼────┤
│ out (Dense)      │ (None, 2)    │     8 │ N  │
└──────────────────┴──────────────┴───────┴────┘
""" + TOTALS


# ------------------------------------------------------------- sizes and counts
@pytest.mark.parametrize(
    "size, text",
    [
        (0, "0.00 B"),
        (40, "40.00 B"),
        (1023, "1023.00 B"),
        (1024, "1.00 KB"),
        (1536, "1.50 KB"),
        (2048, "2.00 KB"),
        (5 * 1024**2, "5.00 MB"),
        (1024**3 * 1.25, "1.25 GB"),
        (1024**4, "1.00 TB"),
        (3 * 1024**5, "3.00 PB"),
    ],
)
def test_readable_memory_size(size, text):
    assert summary_utils.readable_memory_size(size) == text


def test_count_params():
    weights = [torch.zeros(()), torch.zeros(2, 3), torch.nn.Parameter(torch.zeros(4, 1, 2))]
    assert summary_utils.count_params(weights) == 1 + 6 + 8
    assert summary_utils.count_params([]) == 0


def test_weight_memory_size_counts_each_weight_once_at_its_dtype():
    half = torch.nn.Parameter(torch.zeros(3, dtype=torch.float16))
    full = torch.nn.Parameter(torch.zeros(2, 2))
    assert summary_utils.weight_memory_size([half, full, half]) == 3 * 2 + 4 * 4


# ------------------------------------------------------------ rich's layout rules
@pytest.mark.parametrize(
    "widths, line_length, cells",
    [
        # Keras's default Sequential table: 88 = 38 + 29 + 17 + 4 borders.
        ([39, 31, 18], 88, [38, 29, 17]),
        # Functional default: 108 = 31 + 27 + 17 + 28 + 5 borders.
        ([32, 28, 19, 29], 108, [31, 27, 17, 28]),
        # Shrinking by 7 over two columns: round(3.5) -> 4 from the first, then 3.
        ([20, 21], 41, [18, 20]),
        # A column never starts wider than the line: 43 -> 42 before shrinking.
        ([4, 41], 45, [3, 39]),
        # Positions ending before 1.0 leave room: rich's fixed-width table shares it
        # out in proportion (ceil first): 12 + 12 -> 19 + 18 = 40 - 3 borders.
        ([10, 10], 40, [19, 18]),
        ([10, 5, 10], 60, [22, 13, 21]),
    ],
)
def test_cell_widths_follow_rich(widths, line_length, cells):
    assert _cell_widths(widths, line_length) == cells


@pytest.mark.parametrize(
    "text, width, lines",
    [
        ("dense (Dense)", 20, ["dense (Dense)"]),
        ("dense_1 (Dense)", 10, ["dense_1", "(Dense)"]),
        ("a b c d e", 3, ["a b", "c d", "e"]),
        ("hello world", 5, ["hello", "world"]),
        ("abcd", 3, ["ab…"]),
        ("x averyveryverylongword", 6, ["x", "avery…"]),
        ("averyveryverylongword x", 6, ["avery…", "x"]),
        ("  leading spaces", 8, ["  leadi…", "spaces"]),
        ("   └ dense (Dense)", 12, ["   └ dense", "(Dense)"]),
        ("a  b", 3, ["a", "b"]),
        ("", 5, [""]),
        ("anything", 0, []),
    ],
    ids=["fits", "wraps", "several", "exact", "cut", "cut_last", "cut_first", "leading_spaces",
         "nested_prefix", "double_space", "empty", "no_room"],
)
def test_wrap(text, width, lines):
    wrapped = _wrap(text, width)
    assert [line.rstrip() for line in wrapped] == lines
    assert all(len(line) <= width for line in wrapped)


@pytest.mark.parametrize(
    "text, how, aligned",
    [
        ("ab", "left", "ab   "),
        ("ab", "right", "   ab"),
        ("ab", "center", " ab  "),  # rich puts the odd space on the right
        ("Y", "center", "  Y  "),
        ("ab  ", "right", "   ab"),
    ],
)
def test_align(text, how, aligned):
    assert _align(text, 5, how) == aligned


def test_header_cells_sit_at_the_bottom_and_body_cells_at_the_top():
    assert summary_text(small_model(), line_length=40) == SMALL_40


def test_show_trainable():
    assert summary_text(small_model(), line_length=48, show_trainable=True) == SMALL_48_TRAINABLE


EXPANDED = """\
Model: "s"
┏━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
┃ Layer (type)   ┃ Output Shape  ┃       Param # ┃
┡━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
│ d (Dense)      │ (None, 3)     │            18 │
└────────────────┴───────────────┴───────────────┘
 Total params: 18 (72.00 B)
 Trainable params: 18 (72.00 B)
 Non-trainable params: 0 (0.00 B)
"""


def test_positions_short_of_the_line_expand_the_columns():
    model = kerastorch.Sequential([kerastorch.Input((5,)), layers.Dense(3, name="d")], name="s")
    assert summary_text(model, line_length=50, positions=[0.2, 0.4, 0.6]) == EXPANDED


def test_default_layout_lines_have_the_line_length():
    text = summary_text(small_model())
    table = [line for line in text.splitlines() if line[:1] in "┏┃┡│├└"]
    assert {len(line) for line in table} == {88}
    assert "│ hidden_layer_with_a_long_name " in text and "│ (Dense) " in text


def test_functional_summary_has_connections():
    inputs = kerastorch.Input((4,), name="x")
    a = layers.Dense(3, name="a")(inputs)
    b = layers.Dense(3, name="b")(inputs)
    model = kerastorch.Model(inputs, [a, b], name="fork")
    text = summary_text(model)
    assert "Connected to" in text
    assert {len(line) for line in text.splitlines() if line[:1] in "┏┃┡│├└"} == {108}
    assert "│ a (Dense)" in text and "x[0][0]" in text


# ----------------------------------------------------------------- layer_range
def chain(count=4):
    return kerastorch.Sequential(
        [kerastorch.Input((2,))] + [layers.Dense(2, name=f"layer_{i}") for i in range(count)],
        name="chain")


def listed_layers(text):
    return [line.split()[1] for line in text.splitlines() if line.startswith("│ layer_")]


@pytest.mark.parametrize(
    "layer_range, names",
    [
        (None, ["layer_0", "layer_1", "layer_2", "layer_3"]),
        (["layer_1", "layer_2"], ["layer_1", "layer_2"]),
        (("layer_2", "layer_2"), ["layer_2"]),
        (["layer_3", "layer_1"], ["layer_1", "layer_2", "layer_3"]),
        (["layer_[12]", "layer_[23]"], ["layer_1", "layer_2", "layer_3"]),
        (["layer_0", "layer"], ["layer_0", "layer_1", "layer_2", "layer_3"]),
        (["layer", "layer_0"], ["layer_0"]),
    ],
    ids=["all", "range", "one", "reversed", "regex", "prefix_to_last", "prefix_from_first"],
)
def test_layer_range(layer_range, names):
    assert listed_layers(summary_text(chain(), layer_range=layer_range)) == names


@pytest.mark.parametrize(
    "layer_range, message",
    [
        (["layer_0"], r"layer_range must be a list or tuple of length 2\. Received: "
                      r"layer_range = \['layer_0'\] of length 1"),
        (["layer_0", 1], r"layer_range should contain string type only\. Received: "
                         r"\['layer_0', 1\]"),
        (["layer_0", "nope"], r"Passed layer_names do not match the layer names in the "
                              r"model\. Received: \['layer_0', 'nope'\]"),
    ],
)
def test_layer_range_errors(layer_range, message):
    with pytest.raises(ValueError, match=message):
        summary_text(chain(), layer_range=layer_range)


def test_insufficient_width():
    with pytest.raises(ValueError, match="Insufficient console width to print summary"):
        summary_text(chain(), line_length=10)


# ------------------------------------------------------------------ the console
def test_lines_are_cropped_at_the_console_width(monkeypatch):
    wide = summary_text(small_model(), line_length=60).splitlines()
    monkeypatch.setenv("COLUMNS", "30")
    narrow = summary_text(small_model(), line_length=60).splitlines()
    assert len(narrow) == len(wide)
    for wide_line, narrow_line in zip(wide, narrow):
        if wide_line[:1] in "┏┃┡│├└":
            assert narrow_line == wide_line[:30]
        else:  # the title and the totals are not table lines
            assert narrow_line == wide_line


def test_default_line_length_follows_the_console(monkeypatch):
    monkeypatch.setenv("COLUMNS", "44")
    text = summary_text(small_model())
    assert {len(line) for line in text.splitlines() if line[:1] in "┏┃┡│├└"} == {40}
    assert text == SMALL_40


def test_summary_prints_to_stdout_without_print_fn(capsys):
    small_model().summary(line_length=40)
    assert capsys.readouterr().out == SMALL_40


# -------------------------------------------------------------- unbuilt layers
def test_unbuilt_layers():
    model = kerastorch.Sequential([layers.Dense(3, name="d1"), layers.Dense(2, name="d2")],
                                  name="lazy")
    text = summary_text(model)
    rows = [line for line in text.splitlines() if line.startswith("│ d")]
    assert len(rows) == 2
    for row in rows:
        cells = [cell.strip() for cell in row.strip("│").split("│")]
        assert cells[1:] == ["?", "0 (unbuilt)"]
    assert " Total params: 0 (0.00 B)" in text


def test_summary_after_build_fills_shapes_and_counts():
    model = kerastorch.Sequential([layers.Dense(3, name="d1")], name="later")
    model.build((None, 4))
    text = summary_text(model)
    assert "│ d1 (Dense)" in text and "(None, 3)" in text and "15" in text
    assert "unbuilt" not in text and " Total params: 15 (60.00 B)" in text


def test_optimizer_params_appear_once_the_optimizer_is_built():
    model = chain(1)
    model.compile("adam", "mse")
    assert "Optimizer params" not in summary_text(model)
    model.fit(np.zeros((4, 2)), np.zeros((4, 2)), verbose=0)
    # Adam: two slots per weight (6 scalars each) plus its iteration count and learning rate.
    text = summary_text(model)
    assert " Optimizer params: " in text
    optimizer_count = summary_utils.count_params(model.optimizer.variables)
    assert f" Optimizer params: {optimizer_count:,} (" in text
    assert f" Total params: {6 + optimizer_count:,} (" in text
