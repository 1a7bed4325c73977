"""Computing a `PyDataset`'s batches ahead, in parallel workers, delivered in order."""

import collections
import concurrent.futures
import itertools
import sys

import torch.multiprocessing

_WORKER_DATASET = None  # The dataset, in a worker process.


class OrderedEnqueuer:
    """Runs `py_dataset[index]` in a pool of threads or processes, in index order.

    Up to `max_queue_size` batches are computed ahead of the one the training
    loop reads. `stop()` (at the end of every epoch) lets the batches in
    flight finish and closes the pool, so `on_epoch_end` never runs while a
    worker reads the dataset; those batches are still delivered first when the
    iteration continues (the next epoch of a `steps_per_epoch` run), and the
    pool starts again.

    Worker processes come from `torch.multiprocessing`, so torch tensors come
    back through shared memory. They are forked where the platform allows it
    (the dataset need not be picklable); they must not use CUDA.

    Args:
        py_dataset: A `keras.utils.PyDataset`.
        workers: Number of threads or processes.
        use_multiprocessing: Processes (`True`) or threads (`False`).
        max_queue_size: Batches computed ahead at most.
    """

    def __init__(self, py_dataset, workers=1, use_multiprocessing=False, max_queue_size=10):
        self.py_dataset = py_dataset
        self.workers = workers
        self.use_multiprocessing = use_multiprocessing
        self.max_queue_size = max(1, max_queue_size)
        self._executor = None

    def is_running(self) -> bool:
        """Whether the pool is started."""
        return self._executor is not None

    def start(self):
        """Starts the pool (extra calls are ignored)."""
        if self._executor is not None:
            return
        if not self.use_multiprocessing:
            self._executor = concurrent.futures.ThreadPoolExecutor(
                max_workers=self.workers, thread_name_prefix="PyDataset_worker")
            return
        method = "fork" if sys.platform == "linux" else "spawn"
        self._executor = concurrent.futures.ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=torch.multiprocessing.get_context(method),
            initializer=_init_worker, initargs=(self.py_dataset,))

    def stop(self, wait=True):
        """Closes the pool; with `wait`, after the batches in flight are computed."""
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=wait, cancel_futures=not wait)

    def get(self, indices):
        """Yields `py_dataset[index]` for each of `indices`, computed ahead by the pool.

        Args:
            indices: An iterable of batch indices (may be endless).
        """
        indices = iter(indices)
        in_flight = collections.deque()
        while True:
            self._fill(in_flight, indices)
            if not in_flight:
                return
            future = in_flight.popleft()
            self._fill(in_flight, indices)  # Keep the workers busy while this batch is used.
            try:
                batch = future.result()
            except BaseException:
                self.stop(wait=False)
                raise
            yield batch

    def _fill(self, in_flight, indices):
        """Starts the pool if needed and submits indices up to `max_queue_size` in flight."""
        self.start()
        for index in itertools.islice(indices, self.max_queue_size - len(in_flight)):
            in_flight.append(self._submit(index))

    def _submit(self, index):
        if self.use_multiprocessing:
            return self._executor.submit(_get_item, index)
        return self._executor.submit(self.py_dataset.__getitem__, index)

    def __del__(self):
        self.stop(wait=False)


def _init_worker(py_dataset):
    global _WORKER_DATASET
    _WORKER_DATASET = py_dataset


def _get_item(index):
    return _WORKER_DATASET[index]
