import numpy as np
import pytest

import kerastorch
from kerastorch.callbacks import CSVLogger
from tests.callbacks.scripted import run_epochs


@pytest.mark.parametrize("epoch_logs, separator, expected", [
    ([{"loss": 0.5, "acc": 0.25}, {"loss": 0.125, "acc": 1.0}], ",",
     "epoch,acc,loss,val_acc,val_loss\r\n0,0.25,0.5,NA,NA\r\n1,1.0,0.125,NA,NA\r\n"),
    ([{"val_loss": 0.5, "loss": 0.25}, {"loss": 0.125}], ";",
     "epoch;loss;val_loss\r\n0;0.25;0.5\r\n1;0.125;NA\r\n"),
    ([{"loss": 1e-8, "vector": np.arange(2), "zero_d": np.array(3.5), "note": "a;b"}], ";",
     ('epoch;loss;note;vector;zero_d;val_loss;val_note;val_vector;val_zero_d\r\n'
      '0;1e-08;"a;b";"""[0, 1]""";3.5;NA;NA;NA;NA\r\n')),
    ([{}], ",", "epoch\r\n0\r\n"),
])  # fmt: skip
def test_writes_rows_as_keras(epoch_logs, separator, expected, tmp_path):
    path = tmp_path / "log.csv"
    run_epochs(CSVLogger(path, separator=separator), epoch_logs)
    assert path.read_bytes() == expected.encode()


def test_append_writes_the_header_once(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("")  # an empty file still gets a header
    callback = CSVLogger(str(path), append=True)
    run_epochs(callback, [{"loss": 1.0}])
    run_epochs(callback, [{"loss": 0.5}])
    assert path.read_text() == "epoch,loss,val_loss\n0,1.0,NA\n0,0.5,NA\n"
    run_epochs(CSVLogger(str(path)), [{"loss": 0.25}])  # overwrites
    assert path.read_text() == "epoch,loss,val_loss\n0,0.25,NA\n"


def test_file_is_flushed_each_epoch_and_closed_at_the_end(tmp_path):
    path = tmp_path / "log.csv"
    callback = CSVLogger(str(path))
    callback.on_train_begin()
    callback.on_epoch_end(0, {"loss": 1.0})
    assert path.read_text() == "epoch,loss,val_loss\n0,1.0,NA\n"
    callback.on_train_begin()  # a new fit closes the previous file
    callback.on_train_end()
    assert callback.csv_file.closed and callback.writer is None


def test_logs_fit(tmp_path):
    model = kerastorch.Sequential([kerastorch.Input((2,)), kerastorch.layers.Dense(1)])
    model.compile("sgd", "mse", metrics=["mae"])
    x, y = np.ones((8, 2), "float32"), np.zeros((8, 1), "float32")
    path = tmp_path / "log.csv"
    history = model.fit(x, y, epochs=2, validation_split=0.25, verbose=0,
                        callbacks=[CSVLogger(path)])
    rows = [line.split(",") for line in path.read_text().splitlines()]
    assert rows[0] == ["epoch", "loss", "mae", "val_loss", "val_mae"]
    for epoch, row in enumerate(rows[1:]):
        assert row[0] == str(epoch)
        assert [float(v) for v in row[1:]] == [history.history[k][epoch] for k in rows[0][1:]]
