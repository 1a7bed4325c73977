"""The examples import their shared helper (`examples/mnist_data.py`) as a script's
sibling module, as `python examples/<name>.py` does: put `examples/` on the path."""

import pathlib
import sys

EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "examples"
if str(EXAMPLES) not in sys.path:
    sys.path.insert(0, str(EXAMPLES))
