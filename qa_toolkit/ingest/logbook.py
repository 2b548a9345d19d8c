"""The call logs of a batch by call id: in memory while they are few, past `IN_MEMORY`
rows in a temporary SQLite file.

A month's call log of a large centre has millions of rows; each is read as a stream, kept
here as it comes, and looked up by call id when its call is checked (in this process or a
worker: each process opens the file on its own, read-only). What no transcript asked for
is read back in file order at the end (the calls only a log knows of). The file is removed
when the batch is done (`close`) or when this process ends. A temporary folder that is
full is an OSError naming the file (the command line says it in one line, exit 2).
"""

from __future__ import annotations

import errno
import os
import pickle
import shutil
import sqlite3
import tempfile
import weakref
from typing import Container, Iterator, Optional

from ..models import CallLog

FIELDS = tuple(CallLog.model_fields)


def _remove(folder: str, owner: int) -> None:
    if os.getpid() == owner:  # a forked worker never removes its parent's file
        shutil.rmtree(folder, ignore_errors=True)


def _os_error(exc: sqlite3.Error, path: str) -> OSError:
    """SQLite's word for a full disk or a failed write, as the OSError it is."""
    code = getattr(exc, "sqlite_errorcode", None)
    number = errno.ENOSPC if code == sqlite3.SQLITE_FULL else errno.EIO
    return OSError(number, os.strerror(number), path)


class CallLogs:
    """call id → CallLog, first row wins (`add` returns the first when an id comes again)."""

    IN_MEMORY = 20_000  # rows kept in memory; more go to a temporary file
    CACHE_KIB = 128 << 10  # SQLite's page cache while the rows are written

    def __init__(self):
        self._memory: Optional[dict[str, CallLog]] = {}
        self.path: Optional[str] = None
        self._folder: Optional[str] = None
        self._owner = os.getpid()
        self._count = 0
        self._pid: Optional[int] = None
        self._db: Optional[sqlite3.Connection] = None
        self._writing = False
        self._finalizer = None

    @classmethod
    def of(cls, logs) -> "CallLogs":
        """The rows of a mapping or a list of CallLogs (first row wins)."""
        made = cls()
        for log in (logs.values() if hasattr(logs, "values") else logs):
            made.add(log)
        made.done()
        return made

    def _spill(self) -> None:
        """From memory to a temporary SQLite file (its rows in the order they came)."""
        self._folder = tempfile.mkdtemp(prefix="qa-toolkit-logs-")
        self.path = os.path.join(self._folder, "logs.sqlite")
        self._finalizer = weakref.finalize(self, _remove, self._folder, self._owner)
        kept, self._memory = self._memory, None
        try:
            db = self._connection()
            db.execute("PRAGMA journal_mode=OFF")
            db.execute("PRAGMA synchronous=OFF")
            # the call ids come in any order: their index is written all over, so it is
            # kept in memory while the rows come (freed when they are all in, `done`)
            db.execute(f"PRAGMA cache_size=-{self.CACHE_KIB}")
            db.execute("CREATE TABLE logs (call_id TEXT PRIMARY KEY, log BLOB NOT NULL)")
            db.execute("BEGIN")
            self._writing = True
            db.executemany("INSERT INTO logs VALUES (?, ?)", ((k, self._blob(v)) for k, v in kept.items()))
        except sqlite3.Error as exc:
            raise _os_error(exc, self.path) from None

    @staticmethod
    def _blob(log: CallLog) -> bytes:
        return pickle.dumps(tuple(getattr(log, f) for f in FIELDS), protocol=pickle.HIGHEST_PROTOCOL)

    # a connection is this process's own: a worker opens its own, read-only
    def _connection(self) -> sqlite3.Connection:
        pid = os.getpid()
        if self._db is None or self._pid != pid:
            if pid == self._owner:
                self._db = sqlite3.connect(self.path, isolation_level=None)
            else:
                self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, isolation_level=None)
            self._pid = pid
        return self._db

    def __getstate__(self):
        # a spawned worker gets the rows, or the file's name and opens it itself
        return {"_memory": self._memory, "path": self.path, "_folder": self._folder, "_owner": self._owner,
                "_count": self._count}

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._pid, self._db, self._writing, self._finalizer = None, None, False, None

    def add(self, log: CallLog) -> Optional[CallLog]:
        """Keep a row; when its call id is kept already, keep nothing and give the first."""
        if self._memory is not None:
            first = self._memory.get(log.call_id)
            if first is not None:
                return first
            self._memory[log.call_id] = log
            self._count += 1
            if self._count > self.IN_MEMORY:
                self._spill()
            return None
        try:
            db = self._connection()
            if db.execute("INSERT OR IGNORE INTO logs VALUES (?, ?)", (log.call_id, self._blob(log))).rowcount:
                self._count += 1
                return None
        except sqlite3.Error as exc:
            raise _os_error(exc, self.path) from None
        return self.get(log.call_id)

    def done(self) -> None:
        """Every row is in: commit them (before workers read the file)."""
        if self._writing:
            try:
                self._db.execute("COMMIT")
            except sqlite3.Error as exc:
                raise _os_error(exc, self.path) from None
            self._writing = False
            self._db.close()  # and its cache: it is read from now on, by call id
            self._db = None

    @staticmethod
    def _log(blob: bytes) -> CallLog:
        return CallLog.model_construct(**dict(zip(FIELDS, pickle.loads(blob))))  # validated when read

    def get(self, call_id: Optional[str], default=None) -> Optional[CallLog]:
        if self._memory is not None:
            return self._memory.get(call_id, default)
        if call_id is None:
            return default
        row = self._connection().execute("SELECT log FROM logs WHERE call_id = ?", (call_id,)).fetchone()
        return default if row is None else self._log(row[0])

    def __contains__(self, call_id: object) -> bool:
        return isinstance(call_id, str) and self.get(call_id) is not None

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0

    def items(self) -> Iterator[tuple[str, CallLog]]:
        """Every row, in the order they came."""
        if self._memory is not None:
            yield from self._memory.items()
            return
        self.done()
        for call_id, blob in self._connection().execute("SELECT call_id, log FROM logs ORDER BY rowid"):
            yield call_id, self._log(blob)

    def __iter__(self) -> Iterator[str]:
        for call_id, _ in self.items():
            yield call_id

    def unused(self, used: Container[str]) -> Iterator[CallLog]:
        """The rows whose call ids are not in `used`, in the order they came."""
        for call_id, log in self.items():
            if call_id not in used:
                yield log

    def close(self) -> None:
        if self._db is not None and self._pid == os.getpid():
            self._db.close()
        self._db = None
        if self._finalizer is not None:
            self._finalizer()
