"""A throwaway PostgreSQL server for tests and benchmarks, started from Debian's binaries.

`temporary_postgres()` runs initdb into a temporary folder, starts the server on a free
loopback port (its unix socket in that folder too, so it never meets Debian's own cluster),
creates a database and yields its postgresql:// URL; at exit it stops the server and removes
the folder. No pytest here: bench/ imports this module too."""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

import psycopg

DATABASE = "mirai_test"
SYSTEM_USER = "postgres"  # Debian's postgresql package creates it


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server binaries on this machine (see scripts/install-system-deps)."""


def server_binaries() -> Path:
    """The bin folder holding initdb and pg_ctl: Debian's newest, else whatever is on PATH."""
    debian = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                    key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0)
    initdb = debian[-1] if debian else shutil.which("initdb")
    if not initdb:
        raise PostgresUnavailable("PostgreSQL's initdb was not found (install Debian's postgresql package: "
                                  "scripts/install-system-deps)")
    return Path(initdb).resolve().parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresCluster:
    """One initdb'd cluster in a temporary folder; `url` names its database."""

    def __init__(self):
        self.bin = server_binaries()
        # initdb and postgres refuse to run as root: as root, the server runs as the postgres user.
        self.as_root = os.geteuid() == 0
        if self.as_root:
            try:
                self.owner = pwd.getpwnam(SYSTEM_USER)
            except KeyError:
                raise PostgresUnavailable(f"running as root and there is no '{SYSTEM_USER}' user to run "
                                          "PostgreSQL as") from None
        # As root, /tmp rather than $TMPDIR: the postgres user must be able to reach the folder.
        self.folder = Path(tempfile.mkdtemp(prefix="mirai-pg-", dir="/tmp" if self.as_root else None))
        self.data, self.log = self.folder / "data", self.folder / "server.log"
        self.port = free_port()

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", SYSTEM_USER, "--"] if self.as_root else []
        done = subprocess.run([*prefix, str(self.bin / command[0]), *command[1:]], capture_output=True, text=True)
        if done.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{command[0]} failed ({done.returncode}): {done.stdout}{done.stderr}{log}")

    def start(self) -> "PostgresCluster":
        if self.as_root:
            os.chown(self.folder, self.owner.pw_uid, self.owner.pw_gid)
        # --no-sync: only initdb's own files; the running server below syncs every commit.
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "--encoding=UTF8",
                  "--locale=C", "--no-sync", "--no-instructions")
        for attempt in range(3):
            try:
                self._start_server()
                break
            except RuntimeError:
                # The free port was taken between our look and the server's bind: another one.
                if attempt == 2 or "Address already in use" not in self.log.read_text(errors="replace"):
                    raise
                self.port = free_port()
        with psycopg.connect(self.url_for(), autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{DATABASE}"')
        return self

    def _start_server(self) -> None:
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} "
                   "-c fsync=on -c synchronous_commit=on -c max_connections=200")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "-o", options, "start")

    def restart(self) -> None:
        """Stops the server abruptly (as a crash or a kill would) and starts it again."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        self._start_server()

    @property
    def url(self) -> str:
        return self.url_for(DATABASE)

    def url_for(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> "PostgresCluster":
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc) -> None:
        self.stop()


@contextmanager
def temporary_postgres():
    """The postgresql:// URL of an empty database on a throwaway server, for the `with` block."""
    with PostgresCluster() as cluster:
        yield cluster.url
