"""No acknowledged answer is ever lost, and none is stored twice, when things break mid-burst:
the endpoint killed with SIGKILL (on SQLite and on PostgreSQL), or PostgreSQL itself crashing
(an immediate stop: no checkpoint, recovery from its WAL). Every submission that got a 201 must
be in the database; the ones that failed are sent again with their keys, as the page's outbox
does, and must each be stored exactly once.

The endpoint runs as a real separate process (uvicorn, as in production); the figures are
printed, to be read with `pytest -s` or `-rA`."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from mirai.endpoint.storage import open_store

from conftest import free_port
from test_endpoint import ANSWERS, POSTGRESQL_ONLY, URL

SENDERS = 6           # threads, each with its own connection, as many phones would
PER_SENDER = 25       # 150 submissions in the burst
BREAK_AFTER = 40      # acknowledged submissions before the fault


class EndpointProcess:
    """`uvicorn mirai.endpoint.app:create_endpoint` on a free loopback port, configured as in
    production through the environment. Its output goes to `log` (the pool's reconnection
    warnings would bury pytest's report), shown when it fails to start."""

    def __init__(self, database_url: str, log: Path):
        self.database_url, self.log, self.process = database_url, log, None

    def start(self) -> "EndpointProcess":
        self.url = f"http://127.0.0.1:{free_port()}"
        env = {**os.environ, "MIRAI_DATABASE_URL": self.database_url, "MIRAI_SUBMISSIONS_PER_MINUTE": "1000000"}
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "uvicorn", "--factory", "mirai.endpoint.app:create_endpoint",
                 "--host", "127.0.0.1", "--port", self.url.rsplit(":", 1)[1], "--log-level", "warning"],
                env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(self.url + "/v1/openapi.json", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the endpoint did not start (exit code {self.process.poll()}):\n"
                                   + self.log.read_text(errors="replace")[-3000:])
            time.sleep(0.05)

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)


@dataclass
class Outgoing:
    key: str = field(default_factory=lambda: str(uuid.uuid4()))
    comment: str = field(default_factory=lambda: f"burst {uuid.uuid4()}")  # finds it in the database

    @property
    def body(self) -> dict:
        return {"lang": "vi", "answers": {**ANSWERS, "comment": self.comment}}


@dataclass
class Outcome:
    status: int | None  # None: no answer (connection refused, reset, timed out)
    receipt: dict | None = None
    replayed: bool = False
    seconds: float = 0.0


def send(client: httpx.Client, base_url: str, submission: Outgoing) -> Outcome:
    started = time.perf_counter()
    try:
        response = client.post(base_url + URL, json=submission.body, headers={"Idempotency-Key": submission.key})
    except httpx.TransportError:
        return Outcome(None, seconds=time.perf_counter() - started)
    receipt = response.json() if response.status_code == 201 else None
    return Outcome(response.status_code, receipt, response.headers.get("idempotency-replayed") == "true",
                   time.perf_counter() - started)


def burst(base_url: str, submissions: list[Outgoing], fault) -> dict[str, Outcome]:
    """Sends every submission from SENDERS threads at once; calls `fault()` once, right after
    the BREAK_AFTER-th acknowledgement, while the other threads' requests are in flight."""
    outcomes: dict[str, Outcome] = {}
    lock, acknowledged, broken = threading.Lock(), [0], threading.Event()

    def sender(share: list[Outgoing]):
        with httpx.Client(timeout=15) as client:
            for submission in share:
                outcome = send(client, base_url, submission)
                with lock:
                    outcomes[submission.key] = outcome
                    acknowledged[0] += outcome.status == 201
                    strike = acknowledged[0] >= BREAK_AFTER and not broken.is_set()
                    if strike:
                        broken.set()
                if strike:
                    fault()
    threads = [threading.Thread(target=sender, args=(submissions[i::SENDERS],)) for i in range(SENDERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert broken.is_set(), "the burst ended before the fault"
    return outcomes


def stored_by_comment(database_url: str) -> dict[str, list[str]]:
    """Each burst comment and the ids of the submissions stored with it."""
    store = open_store(database_url)
    try:
        found: dict[str, list[str]] = {}
        for s in store.submissions("survey"):
            found.setdefault(s.answers["comment"], []).append(s.id)
        return found
    finally:
        store.close()


def check_and_resend(label: str, database_url: str, base_url: str, submissions: list[Outgoing],
                     outcomes: dict[str, Outcome]) -> None:
    acknowledged = [s for s in submissions if outcomes[s.key].status == 201]
    failed = [s for s in submissions if outcomes[s.key].status != 201]
    stored = stored_by_comment(database_url)

    for s in acknowledged:  # every 201 is in the database, under the id its receipt named
        assert stored.get(s.comment) == [outcomes[s.key].receipt["id"]], f"acknowledged {s.key} is not stored"
    assert all(len(ids) == 1 for ids in stored.values()), "a submission was stored twice"
    unacknowledged = sum(1 for s in failed if s.comment in stored)

    with httpx.Client(timeout=15) as client:  # the outbox sends the failed ones again, same keys
        resent = {s.key: send(client, base_url, s) for s in failed}
    assert {o.status for o in resent.values()} <= {201}, f"resending failed: {[o.status for o in resent.values()]}"
    for s in failed:  # stored before the fault but never acknowledged: answered as a replay
        assert resent[s.key].replayed == (s.comment in stored), s.key

    final = stored_by_comment(database_url)
    assert sorted(final) == sorted(s.comment for s in submissions)
    assert all(len(ids) == 1 for ids in final.values()), "a resent submission was stored twice"
    for s in submissions:
        receipt = outcomes[s.key].receipt if outcomes[s.key].status == 201 else resent[s.key].receipt
        assert final[s.comment] == [receipt["id"]]
    failures = sorted({"no answer" if outcomes[s.key].status is None else str(outcomes[s.key].status) for s in failed})
    print(f"\n{label}: sent {len(submissions)}; acknowledged {len(acknowledged)}; failed {len(failed)} "
          f"({', '.join(failures) or 'none'}), of which {unacknowledged} stored without an answer; "
          f"stored after the fault {len(stored)}; after resending {len(final)} "
          f"({sum(o.replayed for o in resent.values())} answered as replays); "
          f"slowest answer {max(o.seconds for o in outcomes.values()):.1f} s")


def test_sigkill_mid_burst_loses_no_acknowledged_submission_and_stores_none_twice(database_url, tmp_path):
    submissions = [Outgoing() for _ in range(SENDERS * PER_SENDER)]
    endpoint = EndpointProcess(database_url, tmp_path / "endpoint.log").start()
    try:
        outcomes = burst(endpoint.url, submissions, fault=endpoint.kill)
        endpoint.start()  # restarted on the same database, as a supervisor would
        check_and_resend(f"SIGKILL, {database_url.split(':')[0]}", database_url, endpoint.url, submissions, outcomes)
    finally:
        endpoint.kill()


@POSTGRESQL_ONLY
def test_a_postgresql_crash_mid_burst_loses_no_acknowledged_submission(database_url, postgres_server, tmp_path):
    submissions = [Outgoing() for _ in range(SENDERS * PER_SENDER)]
    endpoint = EndpointProcess(database_url, tmp_path / "endpoint.log").start()
    try:
        # The endpoint keeps running: its pooled connections break and are replaced.
        outcomes = burst(endpoint.url, submissions, fault=postgres_server.restart)
        check_and_resend("PostgreSQL crash and restart", database_url, endpoint.url, submissions, outcomes)
    finally:
        endpoint.kill()
