"""Group commit for the audit log: requests hand their entries to one writer thread per process, which
appends everything waiting in a single transaction and then releases each request. A request is
answered only after its entry is committed (nothing is lost or merely "queued"), but a hundred
concurrent views cost one lock and one commit instead of a hundred. When no entry has come for
``audit_checkpoint_seconds``, the writer checkpoints what the process appended (see retention.ledger)."""

from __future__ import annotations

import logging
import queue
from concurrent.futures import Future
from threading import Lock, Thread

from churnguard.retention.store import Store

__all__ = ["AuditWriter"]

log = logging.getLogger("churnguard.api")
_BATCH = 500
_WAIT_SECONDS = 60.0


class AuditWriter:
    """The writer thread starts with the first entry and again after ``close``: an app's lifespan may
    end and start again (each test client does so), and the entries of the next one must still land."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = Lock()
        self._worker: tuple[Thread, queue.SimpleQueue] | None = None

    def submit(self, entry: dict) -> Future:
        """A future that completes once ``entry`` is committed (or fails with the store's error)."""
        done: Future = Future()
        with self._lock:
            if self._worker is None:
                waiting: queue.SimpleQueue[tuple[dict, Future] | None] = queue.SimpleQueue()
                thread = Thread(target=self._run, args=(waiting,), name="churnguard-audit", daemon=True)
                thread.start()
                self._worker = (thread, waiting)
            self._worker[1].put((entry, done))
        return done

    def write(self, entry: dict) -> None:
        # Bounded: a writer that cannot commit fails the request rather than hanging it.
        self.submit(entry).result(timeout=_WAIT_SECONDS)

    def close(self) -> None:
        """Stop the writer once everything handed to it has landed."""
        with self._lock:
            worker, self._worker = self._worker, None
        if worker is not None:
            worker[1].put(None)
            worker[0].join(timeout=10)

    def _run(self, waiting: queue.SimpleQueue) -> None:
        idle = self.store.ledger.every if self.store.ledger is not None else _WAIT_SECONDS
        while True:
            try:
                first = waiting.get(timeout=max(idle, 0.1))
            except queue.Empty:
                # Quiet for a while: checkpoint what this process appended (by any thread), so the log's
                # newest entries are not left without one until the next append or the end of the service.
                try:
                    self.store.checkpoint()
                except Exception:  # a checkpoint that cannot be written must not stop the writer
                    log.exception("audit checkpoint failed")
                continue
            if first is None:
                return
            batch = [first]
            while len(batch) < _BATCH:
                try:
                    item = waiting.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    waiting.put(None)
                    break
                batch.append(item)
            try:
                self.store.audit_many([entry for entry, _ in batch])
            except Exception as error:  # every waiting request learns that its entry did not land
                log.exception("audit append failed")
                for _, done in batch:
                    done.set_exception(error)
                continue
            for _, done in batch:
                done.set_result(None)
