"""Opening the results store, and the writes `check --store` makes.

A store is a SQLAlchemy URL: a plain path is a SQLite file (WAL journal, foreign keys on,
writers wait for each other up to a minute), `postgresql://…` a PostgreSQL database
(psycopg 3). Opening it brings its tables to the newest migration (Alembic).

Writes are transactions: a batch of calls and their findings is written whole or not at
all, and a write never changes a decision (复核, 申诉) already made.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Optional

from sqlalchemy import create_engine, delete, event, func, insert, select, update
from sqlalchemy import text as text_sql
from sqlalchemy.engine import Engine, make_url

from ..i18n import t
from . import schema as s

DEFAULT_STORE = "qa-results.sqlite"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
HEAD = "0002"  # the newest migration (a test holds this to the scripts)
CHUNK = 500  # ids per IN (…) query
SAME_FIELDS = ("seq", "message", "excerpt", "matched", "deducted", "points", "line")


class StoreError(Exception):
    """A store that cannot be opened or used; the message is for the user."""


def now() -> datetime:
    return datetime.now(timezone.utc)


def store_url(value: str) -> str:
    """A SQLAlchemy URL from what the user gave: a path is a SQLite file."""
    if "://" not in value:
        return f"sqlite:///{Path(value).expanduser().resolve()}"
    url = make_url(value)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url.render_as_string(hide_password=False)


def shown_url(value: str) -> str:
    """The store as it may be printed: no password."""
    if "://" not in value:
        return value
    return make_url(value).render_as_string(hide_password=True)


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):  # noqa: ANN001 - SQLAlchemy's event signature
        dbapi_connection.isolation_level = None  # transactions are begun below, explicitly
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=60000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA cache_size=-65536")  # 64 MiB: big batches touch many index pages
        # copy the write-ahead log into the database every 64 MiB rather than every 4 MiB:
        # index pages that each batch rewrites are copied fewer times
        cursor.execute("PRAGMA wal_autocheckpoint=16384")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection):  # noqa: ANN001
        # take the write lock at the start: two writers wait for each other instead of
        # failing when one upgrades its read to a write
        connection.exec_driver_sql("BEGIN IMMEDIATE")


class Store:
    def __init__(self, url: str, lang: str = "zh"):
        self.given = url
        self.lang = lang
        self.url = store_url(url)
        try:
            if self.url.startswith("sqlite"):
                path = Path(make_url(self.url).database or "")
                if path.parent and not path.parent.exists():
                    raise StoreError(t("store.no_folder", lang, path=str(path.parent)))
                self.engine = create_engine(self.url)
                _sqlite_setup(self.engine)
            else:
                self.engine = create_engine(self.url, pool_pre_ping=True)
            self.dialect = self.engine.dialect.name
            self._migrate()
        except StoreError:
            raise
        except ModuleNotFoundError as exc:
            raise StoreError(t("store.driver", lang, url=shown_url(url), module=exc.name)) from exc
        except Exception as exc:  # noqa: BLE001 - any driver's connection error, said plainly
            raise StoreError(t("store.cannot_open", lang, url=shown_url(url), reason=_reason(exc))) from exc

    def _migrate(self) -> None:
        """Bring the store to the newest migration (Alembic), which is not even loaded
        when the store is already there."""
        from sqlalchemy.exc import DBAPIError

        try:
            with self.engine.connect() as connection:
                if connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == HEAD:
                    return
        except DBAPIError:  # a new store: no version table yet
            pass
        from alembic import command
        from alembic.config import Config
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        head = ScriptDirectory.from_config(config).get_current_head()
        with self.engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
        if current == head:
            return
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ revisions, runs

    def revision(self, loaded, revision: tuple[str, str]) -> int:
        """The id of a loaded rubric's revision (`hashes.revision_of`: its content and their
        hash), made on first sight."""
        content, digest = revision
        rubric = loaded.rubric
        with self.engine.begin() as conn:
            found = conn.execute(select(s.revisions.c.id).where(s.revisions.c.content_hash == digest)).scalar()
            if found is None:
                found = conn.execute(insert(s.revisions).values(
                    rubric_name=rubric.name, rubric_version=rubric.version, content_hash=digest,
                    content=content, created_at=now()).returning(s.revisions.c.id)).scalar_one()
        return found

    def start_run(self, command: str, revision_id: int, inputs: list[dict]) -> int:
        from .. import __version__

        with self.engine.begin() as conn:
            return conn.execute(insert(s.runs).values(
                command=command, tool_version=__version__, revision_id=revision_id, started_at=now(),
                inputs=json.dumps(inputs, ensure_ascii=False), calls=0, findings=0, errors=0,
            ).returning(s.runs.c.id)).scalar_one()

    def finish_run(self, run_id: int, calls: int, findings: int, errors: Iterable,
                   inputs: Optional[list[dict]] = None) -> None:
        errors = list(errors)
        with self.engine.begin() as conn:
            if errors:
                conn.execute(insert(s.input_errors), [
                    {"run_id": run_id, "path": e.path, "line": e.line, "row": e.row, "sheet": e.sheet,
                     "column_name": e.column, "reason": e.said(self.lang)} for e in errors])
            values = {"finished_at": now(), "calls": calls, "findings": findings, "errors": len(errors)}
            if inputs is not None:
                values["inputs"] = json.dumps(inputs, ensure_ascii=False)
            conn.execute(update(s.runs).where(s.runs.c.id == run_id).values(**values))

    def add_records(self, run_id: int, records: Iterable) -> None:
        rows = [{"run_id": run_id, "record": r.model_dump_json()} for r in records]
        if rows:
            with self.engine.begin() as conn:
                conn.execute(insert(s.records), rows)

    # ------------------------------------------------------------------ calls

    def write(self, run_id: int, revision_id: int, extracts: list[tuple]) -> None:
        """Write a batch of checked calls (`sink.Extract`: a call row and its finding rows)
        in one transaction: new calls are inserted; a call stored under this revision
        with the same digest only notes the run; a changed one is updated, its findings
        matched by their stable ids — a decided finding is never changed, and one the new
        result no longer holds is kept as stale rather than deleted. Every statement is
        one per batch (executemany), never one per call."""
        from .sink import CALL_COLUMNS, FINDING_COLUMNS, FINDING_FIXED

        if not extracts:
            return
        # the same call twice in a batch: the later one is what is kept
        latest: dict[str, tuple] = {}
        for extract in extracts:
            latest[extract[0][0]] = extract
        digest_at = len(CALL_COLUMNS) - 1
        with self.engine.begin() as conn:
            changed: dict[int, tuple] = {}
            unchanged: list[int] = []  # stored as this run found them: only the run is noted
            ids = list(latest)
            for start in range(0, len(ids), CHUNK):
                chunk = ids[start:start + CHUNK]
                for pk, call_id, digest in conn.execute(select(s.calls.c.id, s.calls.c.call_id, s.calls.c.digest).where(
                        s.calls.c.revision_id == revision_id, s.calls.c.call_id.in_(chunk))):
                    extract = latest.pop(call_id)
                    if digest is not None and digest == extract[0][digest_at]:
                        unchanged.append(pk)
                    else:
                        changed[pk] = extract
            for start in range(0, len(unchanged), CHUNK):
                conn.execute(update(s.calls).where(s.calls.c.id.in_(unchanged[start:start + CHUNK])).values(
                    last_run_id=run_id))
            if latest:
                pks = self._reserve(conn, len(latest))
                rows, finding_rows = [], []
                for pk, (call, found) in zip(pks, latest.values()):
                    call.append(pk)
                    rows.append(call)
                    for f in found:
                        f.append(pk)
                    finding_rows.extend(found)
                self._insert_rows(conn, s.calls, (*CALL_COLUMNS, "id"), rows,
                                  fixed={"revision_id": revision_id, "first_run_id": run_id, "last_run_id": run_id})
                if finding_rows:
                    self._insert_rows(conn, s.findings, (*FINDING_COLUMNS, "call_pk"), finding_rows,
                                      fixed=FINDING_FIXED)
            if changed:
                self._update_calls(conn, run_id, changed)

    def _reserve(self, conn, n: int) -> list[int]:
        """n new primary keys of `calls`: from the table's sequence on PostgreSQL; past the
        largest id on SQLite, whose write lock this transaction holds (BEGIN IMMEDIATE)."""
        if self.dialect == "postgresql":
            return list(conn.execute(text_sql(
                "SELECT nextval(pg_get_serial_sequence('calls', 'id')) FROM generate_series(1, :n)"), {"n": n}
            ).scalars())
        top = conn.execute(select(func.max(s.calls.c.id))).scalar() or 0
        return list(range(top + 1, top + 1 + n))

    def _update_calls(self, conn, run_id: int, by_pk: dict[int, tuple[tuple, list[tuple]]]) -> None:
        from .sink import CALL_COLUMNS, FINDING_COLUMNS, FINDING_FIXED

        columns = CALL_COLUMNS[1:]
        rows = [(*call[1:], run_id, pk) for pk, (call, _) in by_pk.items()]
        self._update_rows(conn, s.calls, (*columns, "last_run_id"), "id", rows)
        old: dict[str, tuple] = {}
        pks = list(by_pk)
        for start in range(0, len(pks), CHUNK):
            for fid, review, appeal in conn.execute(select(
                    s.findings.c.id, s.findings.c.review, s.findings.c.appeal).where(
                    s.findings.c.call_pk.in_(pks[start:start + CHUNK]), s.findings.c.origin == "machine")):
                old[fid] = (review, appeal)
        where = [FINDING_COLUMNS.index(k) for k in SAME_FIELDS]
        add, same, new_ids = [], [], set()
        for pk, (_, found) in by_pk.items():
            for f in found:
                new_ids.add(f[0])
                if f[0] in old:  # the same finding: its wording and place may change, never its decision
                    same.append((*(f[i] for i in where), False, f[0]))
                else:
                    add.append((*f, pk))
        if add:
            self._insert_rows(conn, s.findings, (*FINDING_COLUMNS, "call_pk"), add, fixed=FINDING_FIXED)
        if same:
            self._update_rows(conn, s.findings, (*SAME_FIELDS, "stale"), "id", same)
        gone = [fid for fid in old if fid not in new_ids]
        decided = [fid for fid in gone if old[fid] != ("unreviewed", None)]
        undecided = [fid for fid in gone if old[fid] == ("unreviewed", None)]
        for start in range(0, len(undecided), CHUNK):
            conn.execute(delete(s.findings).where(s.findings.c.id.in_(undecided[start:start + CHUNK])))
        for start in range(0, len(decided), CHUNK):
            conn.execute(update(s.findings).where(s.findings.c.id.in_(decided[start:start + CHUNK])).values(
                stale=True))

    def _insert_rows(self, conn, table, columns: tuple, rows: list, fixed: Optional[dict] = None) -> None:
        """Rows (sequences, their values as the database takes them) with one executemany;
        `fixed`: columns whose value is the same in every row (written into the statement)."""
        fixed = fixed or {}
        quote = self.engine.dialect.identifier_preparer.quote
        names = [*columns, *fixed]
        values = [*(self._mark(table, c) for c in columns), *map(_literal, fixed.values())]
        self._many(conn, f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in names)}) "
                         f"VALUES ({', '.join(values)})", rows)

    def _update_rows(self, conn, table, columns: tuple, key: str, rows: list[tuple]) -> None:
        """UPDATE … SET columns WHERE key = … with one executemany (each row: the values, then the key)."""
        quote = self.engine.dialect.identifier_preparer.quote
        self._many(conn, f"UPDATE {quote(table.name)} SET "
                         f"{', '.join(f'{quote(c)} = {self._mark(table, c)}' for c in columns)} "
                         f"WHERE {quote(key)} = {self._mark(table, key)}", rows)

    @staticmethod
    def _many(conn, statement: str, rows: list) -> None:
        """One executemany on the transaction's own DBAPI connection: the rows go to the
        driver as they are (lists included, which SQLAlchemy's own call would copy)."""
        cursor = conn.connection.cursor()
        try:
            cursor.executemany(statement, rows)
        finally:
            cursor.close()

    def _mark(self, table, column: str) -> str:
        """The placeholder of a column's value: the JSON columns come as UTF-8 bytes
        (`sink.unpacked`), which SQLite is told to take as text."""
        from .sink import JSON_CALL_COLUMNS, JSON_FINDING_COLUMNS

        if self.dialect != "sqlite":
            return "%s"
        if column in (JSON_CALL_COLUMNS if table is s.calls else JSON_FINDING_COLUMNS if table is s.findings else ()):
            return "CAST(? AS TEXT)"
        return "?"

    # ------------------------------------------------------------------ reading

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {name: conn.execute(select(func.count()).select_from(table)).scalar_one()
                    for name, table in (("revisions", s.revisions), ("runs", s.runs), ("calls", s.calls),
                                        ("findings", s.findings), ("appeals", s.appeals), ("events", s.events))}


def _literal(value) -> str:
    """A constant of this module's own (a key, a run's id, a finding's first status) as
    SQL: TRUE/FALSE, a number, or a quoted text."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    raise TypeError(f"no literal for {value!r}")


def _reason(exc: Exception) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
