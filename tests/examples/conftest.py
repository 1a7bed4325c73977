"""The examples import their shared helper (`examples/mnist_data.py`) as a script's
sibling module, as `python examples/<name>.py` does: put `examples/` on the path.

Each example test starts from a fresh session (layer names from `dense`,
`conv2d`...), as a script run on its own does.
"""

import pathlib
import sys

import pytest

import kerastorch

EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "examples"
if str(EXAMPLES) not in sys.path:
    sys.path.insert(0, str(EXAMPLES))


@pytest.fixture(autouse=True)
def fresh_session():
    kerastorch.utils.clear_session(free_memory=False)
