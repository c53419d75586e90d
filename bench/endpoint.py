"""Submissions endpoint benchmark (see README.md), side by side in one run:

1. Submissions per second and client-side p50/p99 latency, one uvicorn worker in its own
   process on a free loopback port, load from another process (N keep-alive connections,
   each request a valid survey body with its own Idempotency-Key): our endpoint on SQLite
   and on PostgreSQL, next to a bare ASGI app (no framework, no validation, no idempotency
   lookup) that writes the same two rows in one transaction into the same kind of database.
2. Import time (cold start): `python -c "import <module>"` minus `python -c pass`, median of
   fresh interpreters.

Internal modes: `serve` runs one server, `load` runs the load generator; the default runs
both for every target and prints the table."""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # postgres_server: a throwaway PostgreSQL, free ports
ANSWERS = {"nationality": "vietnam", "residence_status": "technical-intern", "prefecture": "23",
           "life_satisfaction": 6, "documents_kept": ["passport"], "comment": "Tôi làm việc ở nhà máy."}
BODY = json.dumps({"lang": "vi", "answers": ANSWERS}, ensure_ascii=False).encode()
PATH = "/v1/forms/survey/submissions"


# --- The servers (mode `serve`, in their own process) ------------------------------------

def our_app(database_url: str):
    from mirai.endpoint.app import create_endpoint
    from mirai.endpoint.settings import EndpointSettings

    # One load generator is one client address: the rate limit would measure itself.
    return create_endpoint(EndpointSettings(database_url=database_url, submissions_per_minute=10**9))


def sqlite_writer(path: str):
    """Writes one submission with its key, as our SQLite store does (WAL, FULL sync, a
    connection per thread)."""
    import sqlite3
    import threading

    local, writing = threading.local(), threading.Lock()

    def write(rows):
        db = getattr(local, "db", None)
        if db is None:
            db = local.db = sqlite3.connect(path, isolation_level=None, timeout=10, check_same_thread=False)
            for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
                db.execute(f"PRAGMA {pragma}")
        with writing:  # writers queue in the process, as our store's do
            db.execute("BEGIN IMMEDIATE")
            db.execute("INSERT INTO submissions VALUES (?, ?, ?, ?, ?, ?)", rows[0])
            db.execute("INSERT INTO idempotency_keys VALUES (?, ?, ?, ?, ?, ?)", rows[1])
            db.execute("COMMIT")
    return write


def postgres_writer(url: str):
    """The same on PostgreSQL, from a pool as large as our store's."""
    from psycopg_pool import ConnectionPool

    pool = ConnectionPool(url, min_size=1, max_size=10, open=True, kwargs={"autocommit": True})

    def write(rows):
        with pool.connection() as connection, connection.transaction():
            connection.execute("INSERT INTO submissions VALUES (%s, %s, %s, %s, %s, %s)", rows[0])
            connection.execute("INSERT INTO idempotency_keys VALUES (%s, %s, %s, %s, %s, %s)", rows[1])
    return write


def bare_app(database_url: str):
    """The least an endpoint can do: read the body, write the rows (in a worker thread, as
    Starlette runs our store), answer 201 with a receipt."""
    import datetime as dt
    import hashlib

    import anyio.to_thread

    from mirai.endpoint.storage import open_store

    open_store(database_url).close()  # the same tables, made by our migrations
    sqlite = database_url.startswith("sqlite:///")
    write = sqlite_writer(database_url[len("sqlite:///"):]) if sqlite else postgres_writer(database_url)

    async def app(scope, receive, send):
        body, more = b"", True
        while more:
            message = await receive()
            body, more = body + message.get("body", b""), message.get("more_body", False)
        key = dict(scope["headers"]).get(b"idempotency-key", b"").decode()
        data = json.loads(body)
        submission_id = str(uuid.uuid4())
        received_at = dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")
        receipt = json.dumps({"id": submission_id, "received_at": received_at}).encode()
        answers = json.dumps(data["answers"], ensure_ascii=False, sort_keys=True)
        rows = ((submission_id, "survey", 1, data.get("lang", "en"), received_at, answers),
                (key, hashlib.sha256(body).hexdigest(), submission_id, 201, receipt.decode(), received_at))
        await anyio.to_thread.run_sync(write, rows)
        await send({"type": "http.response.start", "status": 201, "headers": [
            (b"content-type", b"application/json"), (b"content-length", str(len(receipt)).encode())]})
        await send({"type": "http.response.body", "body": receipt})
    return app


def serve(app_name: str, database_url: str, port: int) -> None:
    import uvicorn

    app = our_app(database_url) if app_name == "ours" else bare_app(database_url)
    # One worker; no access log for either app (it would cost both the same, and much).
    uvicorn.run(app, host="127.0.0.1", port=port, workers=1, log_level="warning", access_log=False,
                lifespan="auto" if app_name == "ours" else "off")


# --- The load generator (mode `load`, in its own process) ---------------------------------

def request_bytes(port: int) -> bytes:
    return (f"POST {PATH} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
            f"Idempotency-Key: {uuid.uuid4()}\r\nContent-Length: {len(BODY)}\r\n\r\n").encode() + BODY


async def one_connection(port: int, tickets, latencies: list[float], statuses: dict) -> None:
    """Sends requests one after another on one keep-alive connection while tickets last.
    Plain asyncio streams: an HTTP client library would spend more CPU than the server."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        for _ in tickets:
            request = request_bytes(port)
            started = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            headers = dict(line.lower().split(": ", 1) for line in lines[1:] if ": " in line)
            await reader.readexactly(int(headers["content-length"]))  # both apps send it
            latencies.append(time.perf_counter() - started)
            status = int(lines[0].split()[1])
            statuses[status] = statuses.get(status, 0) + 1
    finally:
        writer.close()


async def load(port: int, requests: int, warmup: int, concurrency: int) -> dict:
    async def run(count: int) -> tuple[float, list[float], dict]:
        tickets, latencies, statuses = iter(range(count)), [], {}
        started = time.perf_counter()
        await asyncio.gather(*(one_connection(port, tickets, latencies, statuses) for _ in range(concurrency)))
        return time.perf_counter() - started, latencies, statuses

    await run(warmup)  # connections, caches, the form's schema, the database's pages
    seconds, latencies, statuses = await run(requests)
    percentiles = statistics.quantiles(latencies, n=100)
    return {"requests": requests, "concurrency": concurrency, "seconds": round(seconds, 3),
            "per_second": round(requests / seconds, 1), "p50_ms": round(percentiles[49] * 1000, 2),
            "p99_ms": round(percentiles[98] * 1000, 2), "statuses": statuses}


# --- The run ------------------------------------------------------------------------------

@contextmanager
def server(app_name: str, database_url: str):
    """One server process on a free port, stopped (by its id) on the way out."""
    from postgres_server import free_port

    port = free_port()
    process = subprocess.Popen([sys.executable, __file__, "serve", app_name, database_url, str(port)])
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the {app_name} server did not start")
                time.sleep(0.1)
        yield port
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def measure(app_name: str, database_url: str, args) -> dict:
    with server(app_name, database_url) as port:
        done = subprocess.run([sys.executable, __file__, "load", str(port), str(args.requests), str(args.warmup),
                               str(args.concurrency)], capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"the load on {app_name} ({database_url}) failed:\n{done.stderr}")
    return json.loads(done.stdout)


def import_seconds(module: str, runs: int, env: dict | None = None) -> float:
    """Median wall time of a fresh interpreter importing `module`, minus one importing nothing.
    Interleaved, after one unmeasured round (bytecode written, files in the page cache)."""
    def once(code: str) -> float:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, env={**os.environ, **(env or {})},
                       stdout=subprocess.DEVNULL)
        return time.perf_counter() - started

    once(f"import {module}")
    empty, loaded = [], []
    for _ in range(runs):
        empty.append(once("pass"))
        loaded.append(once(f"import {module}"))
    return round(statistics.median(loaded) - statistics.median(empty), 3)


def run_all(args, folder: Path) -> dict:
    from postgres_server import temporary_postgres

    throughput, cold_start = {}, {}
    for app_name in ("ours", "bare"):  # a database of its own for each, so none starts fuller
        throughput[f"{app_name} sqlite"] = measure(app_name, f"sqlite:///{folder / app_name}.sqlite3", args)
    cold_start["mirai.endpoint.app"] = import_seconds("mirai.endpoint.app", args.import_runs)
    with temporary_postgres() as url:
        for app_name in ("ours", "bare"):
            database = f"{app_name}_bench"
            create_database(url, database)
            throughput[f"{app_name} postgresql"] = measure(app_name, url.rsplit("/", 1)[0] + f"/{database}", args)
        # Lambda's cold start: the import builds the app, which connects and checks migrations.
        cold_start["mirai.endpoint.lambda_handler"] = import_seconds(
            "mirai.endpoint.lambda_handler", args.import_runs, env={"MIRAI_DATABASE_URL": url})
    return {"throughput": throughput, "ratios": ratios(throughput), "import_seconds": cold_start}


def create_database(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')


def ratios(throughput: dict) -> dict:
    """Ours divided by bare, per database: below 1 for throughput, above 1 for latency."""
    out = {}
    for database in ("sqlite", "postgresql"):
        ours, bare = throughput[f"ours {database}"], throughput[f"bare {database}"]
        out[database] = {field: round(ours[field] / bare[field], 2) for field in ("per_second", "p50_ms", "p99_ms")}
    return out


def print_table(results: dict, args) -> None:
    print(f"\nSubmissions: one uvicorn worker, {args.concurrency} keep-alive connections, "
          f"{args.requests} requests after {args.warmup} warm-up, latency measured by the client\n")
    print("| app | database | submissions/s | p50 ms | p99 ms | responses |")
    print("|---|---|---:|---:|---:|---|")
    names = {"ours": "ours (Starlette, validation, idempotency)", "bare": "bare ASGI (write only)"}
    for database, label in (("sqlite", "SQLite"), ("postgresql", "PostgreSQL")):
        for app_name in ("ours", "bare"):
            row = results["throughput"][f"{app_name} {database}"]
            print(f"| {names[app_name]} | {label} | {row['per_second']:,.0f} | {row['p50_ms']:.1f} | "
                  f"{row['p99_ms']:.1f} | {', '.join(f'{n}x {s}' for s, n in sorted(row['statuses'].items()))} |")
        ratio = results["ratios"][database]
        print(f"| **ours / bare** | {label} | {ratio['per_second']:.2f}x | {ratio['p50_ms']:.2f}x | "
              f"{ratio['p99_ms']:.2f}x | |")
    print(f"\nImport time (cold start), median of {args.import_runs} fresh interpreters, minus `python -c pass`\n")
    print("| module | seconds |")
    print("|---|---:|")
    for module, seconds in results["import_seconds"].items():
        print(f"| `{module}` | {seconds:.3f} |")


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "serve":
        serve(sys.argv[2], sys.argv[3], int(sys.argv[4]))
        return 0
    if len(sys.argv) > 1 and sys.argv[1] == "load":
        port, requests, warmup, concurrency = map(int, sys.argv[2:6])
        print(json.dumps(asyncio.run(load(port, requests, warmup, concurrency))))
        return 0

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=3000, help="measured requests per app and database")
    parser.add_argument("--warmup", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=16, help="keep-alive connections at once")
    parser.add_argument("--import-runs", type=int, default=7)
    parser.add_argument("--output", default=str(ROOT / "bench/results/endpoint.json"))
    args = parser.parse_args()

    import tempfile

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="mirai-bench-") as folder:
        results = run_all(args, Path(folder))
    results["settings"] = {"requests": args.requests, "warmup": args.warmup, "concurrency": args.concurrency,
                           "import_runs": args.import_runs, "cpus": os.cpu_count(),
                           "body_bytes": len(BODY), "seconds_total": round(time.perf_counter() - started, 1)}
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    print_table(results, args)
    print(f"\n{results['settings']['seconds_total']} s in all; written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
