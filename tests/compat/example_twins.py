"""Loading an example script twice: on kerastorch, and on real Keras.

The examples start with `import kerastorch as keras` (and `from kerastorch
import layers`), as a Keras user's script would with that one line changed.
Loaded with that line turned back into `import keras`, the same source runs
on Keras 3, so a test can train the example's own models side by side.
"""

import pathlib
import types

EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "examples"
_IMPORTS = {
    "import kerastorch as keras\n": "import keras\n",
    "from kerastorch import layers\n": "from keras import layers\n",
}


def load_example(name, library):
    """Returns `examples/<name>.py` as a fresh module, on `"kerastorch"` or `"keras"`.

    Args:
        name: The example's file name, without `.py`.
        library: `"kerastorch"` (the file as it is) or `"keras"` (its
            kerastorch imports replaced by Keras's).

    Returns:
        The executed module.
    """
    path = EXAMPLES / f"{name}.py"
    source = path.read_text()
    if library == "keras":
        assert "import kerastorch as keras\n" in source, path
        for kerastorch_import, keras_import in _IMPORTS.items():
            source = source.replace(kerastorch_import, keras_import)
        assert "kerastorch" not in source.replace('"""', "").split("import keras\n", 1)[1], (
            f"{path} uses kerastorch beyond its imports")
    module = types.ModuleType(f"{name}_on_{library}")
    module.__file__ = str(path)
    exec(compile(source, str(path), "exec"), module.__dict__)  # noqa: S102 (our own example)
    return module
