from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from qa_toolkit.engine import compile_rubric
from qa_toolkit.rubric import load_rubric

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
DATA = TESTS / "data"
SAMPLES = ROOT / "samples"


@lru_cache(maxsize=None)
def compiled_shipped(name: str):
    return compile_rubric(load_rubric(name))


@pytest.fixture(scope="session")
def bank():
    return compiled_shipped("bank-hotline")


# --------------------------------------------------------------------------- the store
# Every store test runs on SQLite and on a real PostgreSQL server: the one named by
# QA_TOOLKIT_TEST_POSTGRESQL (`.ci/run` starts one), or else one this session starts
# itself with initdb and pg_ctl on a temporary folder and a loopback port.

import os
import shutil
import socket
import subprocess
import uuid


def _pg_binaries() -> Path | None:
    for folder in [*(Path(p) for p in os.environ.get("PATH", "").split(os.pathsep)),
                   *sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)]:
        if (folder / "pg_ctl").exists() and (folder / "initdb").exists():
            return folder
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def postgresql_server():
    """A URL (without database) of a running PostgreSQL server."""
    given = os.environ.get("QA_TOOLKIT_TEST_POSTGRESQL")
    if given:
        yield given.rstrip("/")
        return
    binaries = _pg_binaries()
    if binaries is None:
        pytest.fail("PostgreSQL is needed by the store tests: install Debian's postgresql package "
                    "(.ci/run does) or set QA_TOOLKIT_TEST_POSTGRESQL=postgresql://user@host:port")
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="qa-toolkit-pg-"))  # not under pytest's root-only folder
    data, port = folder / "data", _free_port()
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses root: run the server as the postgres user
        shutil.chown(folder, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    for command in ([str(binaries / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                     "--locale=C"],
                    [str(binaries / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"), "-w", "-o",
                     f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start"]):
        done = subprocess.run([*as_user, *command], capture_output=True, text=True)
        if done.returncode:
            pytest.fail(f"{' '.join(command[:1])} failed: {done.stderr or done.stdout}")
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run([*as_user, str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"],
                       capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def _new_database(server: str) -> str:
    import psycopg

    name = f"qa_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """A fresh, empty store on each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "store.sqlite")
    return _new_database(request.getfixturevalue("postgresql_server"))


# property-based tests (tests/test_fuzz.py): a fixed budget by default; `pytest
# --hypothesis-profile=deep` for a long run
from hypothesis import HealthCheck, settings  # noqa: E402

_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large]
settings.register_profile("qa", max_examples=25, deadline=None, suppress_health_check=_SLOW, derandomize=True,
                          database=None)  # the same examples on every run: a CI result does not depend on luck
settings.register_profile("deep", max_examples=300, deadline=None, suppress_health_check=_SLOW)
settings.load_profile("qa")
