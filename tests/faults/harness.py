#!/usr/bin/env python3
"""Fault injection for Gongzhi: "no acknowledged write is lost" (docs/RELIABILITY.md).

    python3 tests/faults/harness.py [--only R1,R3] [--bin PATH] [--keep] [--log-dir DIR] [--self-check]

Starts its own throw-away PostgreSQL cluster (initdb as the postgres user, a free loopback
port, fsync and synchronous_commit on), then runs each scenario against a fresh database and
a fresh `gongzhi serve` process: 16 client threads file complaints, each with its own
idempotency key, a fault is injected mid-load, and afterwards every client-observed outcome
is checked against what the database holds. Standard library only; `psql` for PostgreSQL.

The last line is `faults: <P> passed, <F> failed`; the exit status is 1 when F > 0.
"""
from __future__ import annotations

import argparse
import atexit
import collections
import glob
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid

# ---------------------------------------------------------------------------------------------
# Knobs. The whole run must stay well under 10 minutes on a 2-core machine.

OVERALL_DEADLINE_S = 570          # hard limit for the whole harness (watchdog at +20 s)
SCENARIO_MIN_BUDGET_S = 50        # a scenario is not started with less time than this left
CLIENT_THREADS = 16
LOAD_SECONDS = 20.0               # load per fault scenario
FAULT_AT = 7.0                    # seconds into the load
REQUEST_TIMEOUT_S = 6.0           # client-side timeout per request: just above the server's
                                  # 5 s pool-acquire timeout, so its definite answer at that
                                  # limit is seen rather than cut off by the client
READY_TIMEOUT_S = 90.0            # a (debug) server start: migrations and the demo district
JWT_SECRET = "fault-harness-secret-" + "x" * 24
DEMO_PASSWORD = "gongzhi-demo"
KEY_RE = re.compile(r"fault-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})")
# Words that betray SQL or driver text in a message meant for a user.
SQL_TEXT_RE = re.compile(
    r"\b(SELECT|INSERT|UPDATE|DELETE|FROM|WHERE|relation|statement timeout|canceling statement|"
    r"sqlx|sea_orm|DbErr|pool timed out|error returned from database|deadlock|SQLSTATE|"
    r"violates|constraint|database is locked)\b",
    re.IGNORECASE,
)
UNKNOWN_CODES = {"OUTCOME_UNKNOWN", "TIMEOUT"}

T0 = time.monotonic()
DEADLINE = T0 + OVERALL_DEADLINE_S
PRINT_LOCK = threading.Lock()


def say(msg: str) -> None:
    with PRINT_LOCK:
        print(f"[{time.monotonic() - T0:6.1f}s] {msg}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------------------------------------
# Cleanup: every process and directory the harness makes is registered here, and undone once,
# whatever ends the run (normal exit, exception, Ctrl-C, SIGTERM, the watchdog).

_CLEANUPS: list = []
_CLEANED = threading.Event()
_CLEAN_LOCK = threading.Lock()


def on_cleanup(fn) -> None:
    _CLEANUPS.append(fn)


def cleanup() -> None:
    with _CLEAN_LOCK:
        if _CLEANED.is_set():
            return
        _CLEANED.set()
        # Servers first (they hold database connections), then the cluster and directories.
        for fn in [_kill_all_servers] + list(reversed(_CLEANUPS)):
            try:
                fn()
            except Exception as e:  # noqa: BLE001 - cleanup must go on
                print(f"cleanup: {e}", file=sys.stderr)


atexit.register(cleanup)


def _on_signal(signum, _frame):
    raise KeyboardInterrupt(f"signal {signum}")


def start_watchdog() -> None:
    def watch():
        while time.monotonic() < DEADLINE + 20:
            time.sleep(1)
        print(f"faults: overall deadline of {OVERALL_DEADLINE_S + 20}s exceeded; aborting", flush=True)
        cleanup()
        print("faults: 0 passed, 1 failed", flush=True)
        os._exit(3)

    threading.Thread(target=watch, daemon=True, name="watchdog").start()


# ---------------------------------------------------------------------------------------------
# The throw-away PostgreSQL cluster.


class PgCluster:
    def __init__(self, root: str):
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
        if not bins:
            raise RuntimeError("no initdb under /usr/lib/postgresql/*/bin")
        self.bin = os.path.dirname(bins[-1])
        self.root = root
        os.chmod(root, 0o777)
        self.data = os.path.join(root, "data")
        self.log = os.path.join(root, "postgres.log")
        self.sock = root
        self.port = free_port()

    def _su(self, cmd: str, timeout: float = 120, check: bool = True) -> subprocess.CompletedProcess:
        r = subprocess.run(["su", "postgres", "-c", cmd], capture_output=True, text=True, timeout=timeout)
        if check and r.returncode != 0:
            raise RuntimeError(f"`{cmd}` failed ({r.returncode}): {r.stderr.strip()} {r.stdout.strip()}")
        return r

    def init(self) -> None:
        self._su(f"{self.bin}/initdb -D '{self.data}' -U postgres --auth=trust -E UTF8 --locale=C >/dev/null")
        with open(os.path.join(self.data, "postgresql.conf"), "a") as f:
            f.write(
                f"""
# fault harness
listen_addresses = '127.0.0.1'
port = {self.port}
unix_socket_directories = '{self.sock}'
max_connections = 100
fsync = on
synchronous_commit = on
full_page_writes = on
log_line_prefix = '%m [%p] %a: '
log_min_messages = warning
log_min_error_statement = panic
"""
            )
        on_cleanup(self.remove)

    def running(self) -> bool:
        pid = self.postmaster_pid()
        if not pid:
            return False
        try:
            os.kill(pid, 0)
            return True
        except OSError:
            return False

    def ready(self) -> bool:
        return subprocess.run([f"{self.bin}/pg_isready", "-q", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"],
                              capture_output=True).returncode == 0

    def start(self, attempts_for: float = 0) -> float:
        """Starts the postmaster; retries for `attempts_for` seconds (orphaned backends of a
        killed postmaster keep its shared memory until they notice). Returns seconds taken."""
        t = time.monotonic()
        last = None
        if self.running():
            # Started already (an interrupted start goes on): wait for it rather than race it.
            while time.monotonic() - t < 60:
                if self.ready():
                    return time.monotonic() - t
                time.sleep(0.1)
        while True:
            r = self._su(f"{self.bin}/pg_ctl -D '{self.data}' -l '{self.log}' -w -t 60 start", check=False)
            if r.returncode == 0:
                return time.monotonic() - t
            last = r
            if time.monotonic() - t > attempts_for:
                raise RuntimeError(f"pg_ctl start failed: {last.stderr.strip()} {last.stdout.strip()}")
            time.sleep(0.3)

    def restart_fast(self) -> float:
        t = time.monotonic()
        self._su(f"{self.bin}/pg_ctl -D '{self.data}' -l '{self.log}' -m fast -w -t 60 restart")
        return time.monotonic() - t

    def stop(self) -> None:
        if os.path.exists(os.path.join(self.data, "postmaster.pid")):
            self._su(f"{self.bin}/pg_ctl -D '{self.data}' -m fast -w -t 30 stop", check=False, timeout=60)

    def remove(self) -> None:
        try:
            self.stop()
        finally:
            pid = self.postmaster_pid()
            if pid:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            shutil.rmtree(self.root, ignore_errors=True)

    def postmaster_pid(self) -> int | None:
        try:
            with open(os.path.join(self.data, "postmaster.pid")) as f:
                return int(f.readline().strip())
        except (OSError, ValueError):
            return None

    def url(self, db: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{db}?sslmode=disable"

    def psql(self, db: str, sql: str, timeout: float = 30) -> list[list[str]]:
        r = subprocess.run(
            ["psql", "-X", "-q", "-At", "-F", "\t", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
             "-d", db, "-v", "ON_ERROR_STOP=1", "-c", sql],
            capture_output=True, text=True, timeout=timeout,
            env={**os.environ, "PGCONNECT_TIMEOUT": "5", "PGSSLMODE": "disable"},
        )
        if r.returncode != 0:
            raise RuntimeError(f"psql: {r.stderr.strip()}")
        return [line.split("\t") for line in r.stdout.splitlines() if line != ""]

    def log_size(self) -> int:
        try:
            return os.path.getsize(self.log)
        except OSError:
            return 0

    def log_since(self, offset: int) -> str:
        try:
            with open(self.log, "rb") as f:
                f.seek(offset)
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""


# ---------------------------------------------------------------------------------------------
# The server under test.

_SERVERS: list = []


def _kill_all_servers():
    for s in _SERVERS:
        s.kill9(quiet=True)




class Server:
    def __init__(self, binary: str, sdir: str, port: int, env: dict):
        self.binary = binary
        self.sdir = sdir
        self.port = port
        self.env = env
        self.proc: subprocess.Popen | None = None
        self.starts = 0
        self.logs: list[str] = []
        _SERVERS.append(self)

    def start(self) -> None:
        self.starts += 1
        path = os.path.join(self.sdir, f"server-{self.starts}.log")
        self.logs.append(path)
        logf = open(path, "ab")
        env = {k: v for k, v in os.environ.items() if not k.startswith("GONGZHI_") and k != "RUST_LOG"}
        env.update(self.env)
        self.spawned_at = time.monotonic()
        self.proc = subprocess.Popen([self.binary, "serve"], env=env, stdout=logf, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        logf.close()

    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def readyz(self, timeout: float = 3.0) -> int | None:
        try:
            c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
            c.request("GET", "/readyz")
            r = c.getresponse()
            r.read()
            c.close()
            return r.status
        except OSError:
            return None

    def wait_ready(self, timeout: float = READY_TIMEOUT_S) -> float:
        """Seconds from spawn to the first `GET /readyz` = 200."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if not self.alive():
                raise RuntimeError(f"the server exited with {self.proc.returncode} before it was ready; see {self.logs[-1]}")
            if self.readyz(1.0) == 200:
                return time.monotonic() - self.spawned_at
            time.sleep(0.05)
        raise RuntimeError(f"the server was not ready within {timeout}s; see {self.logs[-1]}")

    def kill9(self, quiet: bool = False) -> None:
        if self.alive():
            try:
                os.kill(self.proc.pid, signal.SIGKILL)
            except OSError:
                pass
            self.proc.wait(timeout=10)
        elif not quiet and self.proc is None:
            raise RuntimeError("no server to kill")

    def terminate(self, wait: float) -> tuple[int | None, float]:
        """SIGTERM; returns (exit code or None if still running after `wait`, seconds)."""
        t = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            code = None
        return code, time.monotonic() - t

    def log_text(self) -> str:
        out = []
        for p in self.logs:
            try:
                with open(p, "rb") as f:
                    out.append(f.read().decode("utf-8", "replace"))
            except OSError:
                pass
        return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# HTTP and GraphQL.


class Refused(Exception):
    """Connection refused at connect time: the request was certainly not executed."""


class Http:
    """One keep-alive connection per client thread, reopened after any error."""

    def __init__(self, port: int, timeout: float):
        self.port = port
        self.timeout = timeout
        self.conn: http.client.HTTPConnection | None = None
        self.sent_at: float | None = None

    def close(self) -> None:
        if self.conn is not None:
            try:
                self.conn.close()
            except OSError:
                pass
        self.conn = None

    def post(self, path: str, obj, token: str | None = None) -> tuple[int, bytes]:
        body = json.dumps(obj).encode()
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            try:
                self.conn.connect()
            except ConnectionRefusedError as e:
                self.close()
                raise Refused() from e
            except BaseException:
                self.close()
                raise
        try:
            self.conn.request("POST", path, body, headers)
            self.sent_at = time.monotonic()  # the whole request is in the socket
            r = self.conn.getresponse()
            data = r.read()
            if r.will_close:
                self.close()
            return r.status, data
        except BaseException:
            self.close()
            raise


def gql_call(h: Http, token: str | None, query: str, variables: dict) -> dict:
    """One GraphQL request; returns a result record without classification."""
    rec = {"status": None, "exc": None, "body": None}
    h.sent_at = None
    try:
        status, data = h.post("/graphql", {"query": query, "variables": variables}, token)
        rec["status"] = status
        try:
            rec["body"] = json.loads(data)
        except ValueError:
            rec["raw"] = data[:300].decode("utf-8", "replace")
    except Refused:
        rec["exc"] = "REFUSED"
    except (socket.timeout, TimeoutError):
        rec["exc"] = "CLIENT_TIMEOUT"
    except (OSError, http.client.HTTPException) as e:
        rec["exc"] = type(e).__name__
    rec["sent"] = h.sent_at
    return rec


def classify(rec: dict, field: str, entity: str) -> tuple[str, str, str, str | None]:
    """(outcome, code, message, entity id) for a mutation's answer.

    acked   : HTTP 200, the payload carries the entity with its id, no error.
    failed  : a definite error: a GraphQL error whose code is not OUTCOME_UNKNOWN/TIMEOUT
              (UNAVAILABLE = nothing stored), userErrors, or connection refused at connect.
    unknown : reset, read timeout, HTTP 502/504, OUTCOME_UNKNOWN, TIMEOUT, anything else.
    """
    if rec["exc"] == "REFUSED":
        return "failed", "REFUSED", "", None
    if rec["exc"]:
        return "unknown", rec["exc"], "", None
    status = rec["status"]
    if status in (502, 504):
        return "unknown", f"HTTP_{status}", "", None
    body = rec["body"]
    if not isinstance(body, dict):
        return ("unknown" if status >= 500 else "failed"), f"HTTP_{status}_NOT_JSON", rec.get("raw", ""), None
    errors = body.get("errors") or []
    if errors:
        e = errors[0] if isinstance(errors[0], dict) else {}
        code = ((e.get("extensions") or {}).get("code")) or "NO_CODE"
        msg = str(e.get("message", ""))
        return ("unknown" if code in UNKNOWN_CODES else "failed"), code, msg, None
    payload = (body.get("data") or {}).get(field) or {}
    ues = payload.get("userErrors") or []
    if ues:
        return "failed", str(ues[0].get("code")), str(ues[0].get("message", "")), None
    ent = payload.get(entity)
    if isinstance(ent, list):
        ent = ent[0] if ent else None
    if status == 200 and isinstance(ent, dict) and ent.get("id"):
        return "acked", "OK", "", ent["id"]
    return "unknown", f"HTTP_{status}_EMPTY", json.dumps(body)[:200], None


LOGIN = ("mutation($i: LoginInput!) { login(input: $i) { session { accessToken user { id } } "
         "userErrors { code message } } }")
FILE = ("mutation($i: FileComplaintInput!) { fileComplaint(input: $i) { item { id status } "
        "userErrors { code message } } }")


def login(port: int, name: str, password: str = DEMO_PASSWORD, tries: int = 40) -> str:
    h = Http(port, 10)
    last = None
    for _ in range(tries):
        rec = gql_call(h, None, LOGIN, {"i": {"login": name, "password": password}})
        sess = (((rec.get("body") or {}).get("data") or {}).get("login") or {}).get("session")
        if sess:
            return sess["accessToken"]
        last = rec
        time.sleep(0.25)
    raise RuntimeError(f"login {name} failed: {last}")


def complaint_input(key: str, scenario: str) -> dict:
    # matterCode null ("unsure"); community and unit default to the resident's home.
    return {"idempotencyKey": key, "matterCode": None,
            "description": f"fault-{key} {scenario}：楼道里堆满了杂物，消防通道被堵。"}


# ---------------------------------------------------------------------------------------------
# The filing load.


class Load:
    """CLIENT_THREADS threads file complaints until stopped. With `retry`, each thread works on
    one intended complaint at a time and resends it with the same key and payload after every
    unknown or failed outcome, until acked or the retry budget runs out."""

    def __init__(self, scenario: str, port: int, token: str, sdir: str, timeout: float = REQUEST_TIMEOUT_S,
                 retry: bool = False, retry_grace: float = 45.0):
        self.scenario = scenario
        self.port = port
        self.token = token
        self.timeout = timeout
        self.retry = retry
        self.retry_grace = retry_grace
        self.records: list[dict] = []
        self.intents: list[str] = []
        self.lock = threading.Lock()
        self.stop_new = threading.Event()
        self.t0 = time.monotonic()
        self.threads: list[threading.Thread] = []
        self.stop_at = float("inf")  # seconds into the load when no new complaint is begun
        self.path = os.path.join(sdir, "clients.jsonl")

    def now(self) -> float:
        return time.monotonic() - self.t0

    def start(self) -> None:
        self.t0 = time.monotonic()
        for i in range(CLIENT_THREADS):
            t = threading.Thread(target=self._run, args=(i,), daemon=True, name=f"client-{i}")
            t.start()
            self.threads.append(t)

    def _one(self, h: Http, key: str, attempt: int, thread: int) -> dict:
        t0 = self.now()
        rec = gql_call(h, self.token, FILE, {"i": complaint_input(key, self.scenario)})
        t1 = self.now()
        outcome, code, msg, ent = classify(rec, "fileComplaint", "item")
        sent = round(rec["sent"] - self.t0, 4) if rec["sent"] else None
        r = {"key": key, "attempt": attempt, "thread": thread, "t0": round(t0, 4), "sent": sent, "t1": round(t1, 4),
             "outcome": outcome, "http": rec["status"], "code": code, "msg": msg[:300], "item": ent}
        with self.lock:
            self.records.append(r)
        return r

    def _run(self, thread: int) -> None:
        h = Http(self.port, self.timeout)
        while not self.stop_new.is_set() and time.monotonic() < DEADLINE:
            key = str(uuid.uuid4())
            with self.lock:
                self.intents.append(key)
            attempt = 0
            while True:
                attempt += 1
                r = self._one(h, key, attempt, thread)
                if r["code"] == "REFUSED" or r["outcome"] == "unknown":
                    time.sleep(0.05)  # do not spin while the server is away
                if not self.retry or r["outcome"] == "acked":
                    break
                if attempt >= 200 or self.now() > self.stop_at + self.retry_grace or time.monotonic() > DEADLINE:
                    break
                time.sleep(min(1.0, 0.05 * (2 ** min(attempt, 5))) * random.uniform(0.5, 1.0))

    def stop(self) -> None:
        self.stop_at = self.now()
        self.stop_new.set()
        for t in self.threads:
            t.join(timeout=(self.retry_grace + 20) if self.retry else self.timeout + 15)
        with open(self.path, "w") as f:
            for r in self.records:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")

    def run_for(self, seconds: float, events: dict) -> None:
        """Sleeps until `seconds` into the load, running `events` {t: fn} on the way."""
        for t in sorted(events):
            d = t - self.now()
            if d > 0:
                time.sleep(d)
            events[t]()
        d = seconds - self.now()
        if d > 0:
            time.sleep(d)


# ---------------------------------------------------------------------------------------------
# What the database holds, and the invariants.

STORED_PG = (
    "SELECT substring(i.description from 'fault-([0-9a-f-]{36})') AS k, count(*), "
    "sum(CASE WHEN ik.id IS NULL THEN 1 ELSE 0 END), "
    "sum(CASE WHEN ik.key IS NOT NULL AND ik.key <> substring(i.description from 'fault-([0-9a-f-]{36})') THEN 1 ELSE 0 END) "
    "FROM item i LEFT JOIN idempotency_key ik ON ik.item_id = i.id "
    "WHERE i.description LIKE 'fault-%' GROUP BY 1"
)


def stored_pg(cluster: PgCluster, db: str) -> tuple[dict, int, int]:
    """{key: items stored}, items without their key row, key rows naming another key."""
    rows = cluster.psql(db, STORED_PG, timeout=60)
    stored, no_key, wrong_key = {}, 0, 0
    for k, n, nk, wk in rows:
        stored[k] = int(n)
        no_key += int(nk)
        wrong_key += int(wk)
    return stored, no_key, wrong_key


def stored_sqlite(path: str) -> tuple[dict, int, int]:
    con = sqlite3.connect(path, timeout=30)
    try:
        rows = con.execute(
            "SELECT i.description, ik.id, ik.key FROM item i LEFT JOIN idempotency_key ik ON ik.item_id = i.id "
            "WHERE i.description LIKE 'fault-%'").fetchall()
    finally:
        con.close()
    stored, no_key, wrong_key = collections.Counter(), 0, 0
    for desc, kid, kkey in rows:
        m = KEY_RE.search(desc)
        k = m.group(1) if m else desc[:50]
        stored[k] += 1
        if kid is None:
            no_key += 1
        elif kkey != k:
            wrong_key += 1
    return dict(stored), no_key, wrong_key


def integrity_check(path: str) -> str:
    con = sqlite3.connect(path, timeout=30)
    try:
        return "; ".join(r[0] for r in con.execute("PRAGMA integrity_check").fetchall())
    finally:
        con.close()


class Result:
    def __init__(self, name: str, title: str):
        self.name = name
        self.title = title
        self.counts: dict = {}
        self.checks: list[tuple[str, bool, str]] = []  # (short, ok, detail)
        self.notes: list[str] = []
        self.error: str | None = None
        self.sdir: str | None = None
        self.seconds = 0.0

    def check(self, short: str, ok: bool, detail: str) -> bool:
        self.checks.append((short, bool(ok), detail))
        return ok

    @property
    def passed(self) -> bool:
        return self.error is None and all(ok for _, ok, _ in self.checks) and bool(self.checks)


def evaluate(res: Result, load: Load, stored: dict, no_key: int, wrong_key: int, exactly_once: bool = False) -> None:
    """The invariants of docs/RELIABILITY.md, recorded on `res`."""
    by_key: dict[str, list[dict]] = collections.defaultdict(list)
    for r in load.records:
        by_key[r["key"]].append(r)
    outcomes = collections.Counter(r["outcome"] for r in load.records)
    acked = {k for k, rs in by_key.items() if any(r["outcome"] == "acked" for r in rs)}
    unknown = {k for k, rs in by_key.items() if k not in acked and any(r["outcome"] == "unknown" for r in rs)}
    failed_only = {k for k, rs in by_key.items() if all(r["outcome"] == "failed" for r in rs)}
    acked_missing = sorted(k for k in acked if stored.get(k, 0) == 0)
    duplicates = sorted(k for k, n in stored.items() if n > 1)
    failed_stored = sorted(k for k in failed_only if stored.get(k, 0) > 0)
    phantom = sorted(k for k in stored if k not in by_key)
    c = res.counts
    c["requests"] = len(load.records)
    c["acked"] = outcomes["acked"]
    c["failed"] = outcomes["failed"]
    c["unknown"] = outcomes["unknown"]
    c["acked_missing"] = len(acked_missing)
    c["duplicates"] = len(duplicates)
    c["failed_stored"] = len(failed_stored)
    c["unknown_stored"] = sum(1 for k in unknown if stored.get(k, 0) > 0)
    c["unknown_not_stored"] = sum(1 for k in unknown if stored.get(k, 0) == 0)
    codes = collections.Counter(f"{r['outcome']}:{r['code']}" + (f"/{r['http']}" if r["http"] else "")
                                for r in load.records if r["outcome"] != "acked")
    res.notes.append("non-acked outcomes: " + (", ".join(f"{k}×{v}" for k, v in codes.most_common()) or "none"))
    res.check("acked lost", not acked_missing, f"acked but missing: {len(acked_missing)} {acked_missing[:5]}")
    res.check("dups", not duplicates, f"keys stored twice: {len(duplicates)} {duplicates[:5]}")
    res.check("failed stored", not failed_stored, f"failed but stored: {len(failed_stored)} {failed_stored[:5]}")
    res.check("atomic", no_key == 0 and wrong_key == 0 and not phantom,
              f"items without their idempotency row {no_key}, with another key's row {wrong_key}, "
              f"stored keys never sent {len(phantom)}")
    if failed_stored:
        for k in failed_stored[:3]:
            res.notes.append(f"failed-but-stored {k}: {by_key[k]}")
    if exactly_once:
        not_once = [k for k in load.intents if stored.get(k, 0) != 1]
        unacked = [k for k in load.intents if k not in acked]
        c["not_once"] = len(not_once)
        c["unacked_intents"] = len(unacked)
        res.check("exactly once", not not_once and not unacked,
                  f"intended {len(load.intents)}: not stored exactly once {len(not_once)} {not_once[:3]}, "
                  f"never acked after retries {len(unacked)} {unacked[:3]}")
        retried = sum(1 for k in load.intents if len(by_key[k]) > 1)
        res.notes.append(f"intents {len(load.intents)}, retried {retried}, max attempts "
                         f"{max((len(v) for v in by_key.values()), default=0)}")


def outage_after(load: Load, t_fault: float) -> float | None:
    """Seconds from the fault to the end of the first acked request that started after it."""
    later = [r["t1"] for r in load.records if r["outcome"] == "acked" and r["t0"] >= t_fault]
    return (min(later) - t_fault) if later else None


def panics(server: Server) -> list[str]:
    return [l for l in server.log_text().splitlines() if "panicked" in l or "thread '" in l and "panic" in l]


# ---------------------------------------------------------------------------------------------
# Scenarios.


class Ctx:
    def __init__(self, binary: str, run_dir: str, cluster: PgCluster):
        self.binary = binary
        self.run_dir = run_dir
        self.cluster = cluster

    def pg_env(self, db: str, port: int, data: str, extra: dict | None = None) -> dict:
        env = {
            "GONGZHI_DATABASE_URL": self.cluster.url(db),
            "GONGZHI_JWT_SECRET": JWT_SECRET,
            "GONGZHI_PORT": str(port),
            "GONGZHI_HOST": "127.0.0.1",
            "GONGZHI_DATA_DIR": data,
            "GONGZHI_DEMO": "true",
            "GONGZHI_DEMO_ACTIVITY": "false",
            "GONGZHI_FILING_MAX_PER_HOUR": "1000000",
            "GONGZHI_LOG": "info",
        }
        env.update(extra or {})
        return env

    def pg_server(self, name: str, sdir: str, extra: dict | None = None) -> tuple[Server, str]:
        db = "gz_" + name.lower()
        self.cluster.psql("postgres", f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
        self.cluster.psql("postgres", f"CREATE DATABASE {db}")
        data = os.path.join(sdir, "data")
        os.makedirs(data, exist_ok=True)
        port = free_port()
        srv = Server(self.binary, sdir, port, self.pg_env(db, port, data, extra))
        srv.start()
        t = srv.wait_ready()
        say(f"{name}: server pid {srv.pid()} ready in {t:.2f}s on :{port} (database {db})")
        return srv, db


def scenario_kill_api(ctx: Ctx, res: Result, retry: bool) -> None:
    """R1 / R4: kill -9 the server mid-load, restart it with the same settings."""
    srv, db = ctx.pg_server(res.name, res.sdir)
    token = login(srv.port, "resident")
    load = Load(res.name, srv.port, token, res.sdir, retry=retry)
    marks = {}

    def fault():
        marks["fault"] = load.now()
        srv.kill9()
        say(f"{res.name}: kill -9 server at t={marks['fault']:.1f}s; restarting")
        srv.start()
        marks["ready"] = srv.wait_ready()
        say(f"{res.name}: restarted, ready {marks['ready']:.2f}s after spawn")

    load.start()
    load.run_for(LOAD_SECONDS, {FAULT_AT: fault})
    load.stop()
    stored, nk, wk = stored_pg(ctx.cluster, db)
    evaluate(res, load, stored, nk, wk, exactly_once=retry)
    res.counts["outage"] = outage_after(load, marks["fault"])
    res.check(f"restart {marks.get('ready', 99):.2f}s", marks.get("ready", 99) <= 10.0,
              f"time to ready after restart {marks.get('ready', float('nan')):.2f}s (limit 10s; plan target 2s for a release build)")
    if retry:
        key_reuse(res, srv.port, token)
    srv.terminate(30)


def key_reuse(res: Result, port: int, token: str) -> None:
    """R4's idempotency contract: 8 concurrent requests with one new key store one item and
    all answer it; the same key with another payload is refused and stores nothing."""
    key = str(uuid.uuid4())
    outs: list = []

    def send():
        rec = gql_call(Http(port, 10), token, FILE, {"i": complaint_input(key, res.name)})
        outs.append(classify(rec, "fileComplaint", "item"))

    ts = [threading.Thread(target=send) for _ in range(8)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(30)
    ids = {o[3] for o in outs if o[0] == "acked"}
    other = complaint_input(key, res.name)
    other["description"] += "（改）"
    rec = gql_call(Http(port, 10), token, FILE, {"i": other})
    o = classify(rec, "fileComplaint", "item")
    ok = len(outs) == 8 and all(x[0] == "acked" for x in outs) and len(ids) == 1 and o[0] == "failed" \
        and o[1] in ("CONFLICT", "IDEMPOTENCY_CONFLICT", "IDEMPOTENCY_KEY_REUSED") and (rec["status"] or 0) < 500
    res.check("key reuse", ok,
              f"8 concurrent requests with one key: {collections.Counter(x[0] + ':' + x[1] for x in outs)}, "
              f"item ids {len(ids)}; same key with another payload: {o[0]} {o[1]} HTTP {rec['status']}")
    res.reuse_key = key


def scenario_kill_db(ctx: Ctx, res: Result) -> None:
    """R2: kill -9 the PostgreSQL postmaster, wait 2 s, start it again."""
    srv, db = ctx.pg_server(res.name, res.sdir)
    pid0 = srv.pid()
    token = login(srv.port, "resident")
    load = Load(res.name, srv.port, token, res.sdir)
    marks = {}
    polls: list[tuple[float, float, int | None]] = []
    stop_poll = threading.Event()

    def poll_once():
        t0 = load.now()
        s = srv.readyz(4.0)
        polls.append((t0, load.now(), s))

    def poller():
        # A new probe every 0.25 s, each in its own thread: one slow answer does not stop the rest.
        while not stop_poll.is_set():
            threading.Thread(target=poll_once, daemon=True).start()
            time.sleep(0.25)

    def fault():
        threading.Thread(target=poller, daemon=True).start()
        time.sleep(0.3)
        pm = ctx.cluster.postmaster_pid()
        marks["fault"] = load.now()
        os.kill(pm, signal.SIGKILL)
        say(f"{res.name}: kill -9 postmaster {pm} at t={marks['fault']:.1f}s")
        time.sleep(2.0)
        marks["db_start"] = load.now()
        took = ctx.cluster.start(attempts_for=30)
        marks["db_ready"] = load.now()
        say(f"{res.name}: PostgreSQL up again at t={marks['db_ready']:.1f}s (pg_ctl start took {took:.1f}s)")
        # A fresh client files every 0.1 s from now on until acked: when does the API serve a
        # new request again (the load's threads may still be waiting on the old pool)?
        h = Http(srv.port, REQUEST_TIMEOUT_S)
        end = time.monotonic() + 30
        while time.monotonic() < end:
            if load._one(h, str(uuid.uuid4()), 1, -1)["outcome"] == "acked":
                marks["api_ready"] = load.now()
                break
            time.sleep(0.1)

    load.start()
    load.run_for(LOAD_SECONDS, {FAULT_AT: fault})
    load.stop()
    stop_poll.set()
    stored, nk, wk = stored_pg(ctx.cluster, db)
    evaluate(res, load, stored, nk, wk)
    res.counts["outage"] = outage_after(load, marks["fault"])
    # Probes sent while the database was down (from 0.5 s after the kill until `pg_ctl -w start`
    # returned): each must answer non-200, unless its answer came in the last 0.3 s before
    # pg_ctl noticed the database was ready (pg_ctl polls; the database accepts a little earlier).
    window = [(t0, t1, s) for t0, t1, s in polls if marks["fault"] + 0.5 <= t0 <= marks["db_ready"]]
    down = sum(1 for _, _, s in window if s != 200)
    wrong = [(round(t0, 2), round(t1, 2)) for t0, t1, s in window if s == 200 and t1 <= marks["db_ready"] - 0.3]
    res.check("readyz", down > 0 and not wrong,
              f"/readyz probes sent while the database was down ({marks['db_ready'] - marks['fault']:.1f}s): "
              f"{len(window)}, answered non-200 {down}, 200 before the database was back {len(wrong)} {wrong[:3]} "
              f"(statuses {sorted(collections.Counter(str(s) for _, _, s in window).items())})")
    slow = [r for r in load.records if r["t0"] < marks["db_ready"] and r["t1"] > marks["db_ready"] + 1.0]
    res.notes.append(f"requests sent before PostgreSQL was back and answered >1 s after it: {len(slow)}"
                     + (f", the last {max(r['t1'] for r in slow) - marks['db_ready']:.2f}s after it "
                        f"({collections.Counter(r['code'] for r in slow).most_common(3)})" if slow else ""))
    same = srv.alive() and srv.pid() == pid0 and srv.starts == 1
    res.check("no crash loop", same and not panics(srv),
              f"server pid {pid0} {'still running' if srv.alive() else 'EXITED ' + str(srv.proc.returncode)}, "
              f"panics in log {len(panics(srv))}")
    rec = (marks["api_ready"] - marks["db_ready"]) if "api_ready" in marks else None
    res.counts["recovery"] = rec
    res.check(f"recovers {rec if rec is None else round(rec, 2)}s", rec is not None and rec <= 5.0,
              f"a new filing acked {rec if rec is None else round(rec, 2)}s after PostgreSQL was ready "
              f"(limit 5s), without a restart")
    srv.terminate(30)


def scenario_restart_db(ctx: Ctx, res: Result) -> None:
    """R3: pg_ctl restart -m fast under load."""
    srv, db = ctx.pg_server(res.name, res.sdir)
    pid0 = srv.pid()
    token = login(srv.port, "resident")
    load = Load(res.name, srv.port, token, res.sdir)
    marks = {}

    def fault():
        marks["fault"] = load.now()
        took = ctx.cluster.restart_fast()
        marks["db_ready"] = load.now()
        say(f"{res.name}: pg_ctl restart -m fast at t={marks['fault']:.1f}s took {took:.2f}s")

    load.start()
    load.run_for(LOAD_SECONDS, {FAULT_AT: fault})
    load.stop()
    stored, nk, wk = stored_pg(ctx.cluster, db)
    evaluate(res, load, stored, nk, wk)
    out = outage_after(load, marks["fault"])
    res.counts["outage"] = out
    recovered_at = marks["fault"] + (out if out is not None else 0)
    outside = [r for r in load.records if r["outcome"] != "acked"
               and (r["t1"] < marks["fault"] or r["t0"] > recovered_at + 1.0)]
    res.check("errors in window", not outside,
              f"errors outside the outage window [restart began, first ack after it + 1s]: {len(outside)} "
              f"{collections.Counter(r['code'] for r in outside).most_common(3)}")
    res.check(f"recovers {out if out is None else round(out, 2)}s", out is not None and srv.alive() and srv.pid() == pid0,
              f"serving again {out if out is None else round(out, 2)}s after the restart began, same pid {pid0}")
    srv.terminate(30)


def scenario_sqlite(ctx: Ctx, res: Result) -> None:
    """R5: the embedded SQLite default, kill -9 mid-write, restart."""
    data = os.path.join(res.sdir, "data")
    os.makedirs(data, exist_ok=True)
    port = free_port()
    env = {"GONGZHI_PORT": str(port), "GONGZHI_HOST": "127.0.0.1", "GONGZHI_DATA_DIR": data,
           "GONGZHI_DEMO_ACTIVITY": "false", "GONGZHI_FILING_MAX_PER_HOUR": "1000000", "GONGZHI_LOG": "info"}
    srv = Server(ctx.binary, res.sdir, port, env)
    srv.start()
    say(f"{res.name}: embedded SQLite server pid {srv.pid()} ready in {srv.wait_ready():.2f}s")
    dbfile = os.path.join(data, "gongzhi.db")
    token = login(port, "resident")
    load = Load(res.name, port, token, res.sdir)
    marks = {}

    def fault():
        marks["fault"] = load.now()
        srv.kill9()
        # The files exactly as the crash left them, checked on a copy (opening the original
        # would recover and checkpoint it before the server does).
        snap = os.path.join(res.sdir, "after-kill")
        os.makedirs(snap, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(dbfile + suffix):
                shutil.copy2(dbfile + suffix, os.path.join(snap, "gongzhi.db" + suffix))
        marks["ic_after_kill"] = integrity_check(os.path.join(snap, "gongzhi.db"))
        shutil.rmtree(snap, ignore_errors=True)
        say(f"{res.name}: kill -9 at t={marks['fault']:.1f}s; integrity_check of the crashed files: "
            f"{marks['ic_after_kill']}")
        srv.start()
        marks["ready"] = srv.wait_ready()

    load.start()
    load.run_for(LOAD_SECONDS, {FAULT_AT: fault})
    load.stop()
    code, took = srv.terminate(30)
    stored, nk, wk = stored_sqlite(dbfile)
    evaluate(res, load, stored, nk, wk)
    res.counts["outage"] = outage_after(load, marks["fault"])
    ic = integrity_check(dbfile)
    res.check("integrity", marks.get("ic_after_kill") == "ok" and ic == "ok",
              f"PRAGMA integrity_check: after kill -9 '{marks.get('ic_after_kill')}', at the end '{ic}'")
    res.check(f"restart {marks.get('ready', 99):.2f}s", marks.get("ready", 99) <= 10.0,
              f"time to ready after restart {marks.get('ready', float('nan')):.2f}s (limit 10s)")


def scenario_sigterm(ctx: Ctx, res: Result) -> None:
    """R7: SIGTERM under load; in-flight requests finish; exit 0 within the grace."""
    grace = 10
    srv, db = ctx.pg_server(res.name, res.sdir, {"GONGZHI_SHUTDOWN_GRACE_SECS": str(grace)})
    token = login(srv.port, "resident")
    load = Load(res.name, srv.port, token, res.sdir)
    marks = {}

    def fault():
        marks["fault"] = load.now()
        code, took = srv.terminate(grace + 5)
        marks["exit"] = code
        marks["exit_after"] = took
        say(f"{res.name}: SIGTERM at t={marks['fault']:.1f}s: exit {code} after {took:.2f}s; restarting")
        if code is None:
            srv.kill9()
        srv.start()
        marks["ready"] = srv.wait_ready()

    load.start()
    load.run_for(LOAD_SECONDS, {FAULT_AT: fault})
    load.stop()
    stored, nk, wk = stored_pg(ctx.cluster, db)
    evaluate(res, load, stored, nk, wk)
    t = marks["fault"]
    res.counts["outage"] = outage_after(load, t)
    # In flight: the whole request written to the socket at least 50 ms before the signal (the
    # server has had the bytes), and not answered before it.
    inflight = [r for r in load.records if r["sent"] is not None and r["sent"] <= t - 0.05 and r["t1"] >= t]
    bad = [r for r in inflight if r["outcome"] != "acked"]
    edge = [r for r in load.records if r["t0"] <= t and r["t1"] >= t and r not in inflight and r["outcome"] != "acked"]
    res.check("drained", not bad,
              f"requests in flight at SIGTERM: {len(inflight)}, not acked {len(bad)} "
              f"{[(r['outcome'], r['code']) for r in bad[:5]]}")
    res.notes.append(f"other requests begun before the signal and not acked (sent <50 ms before it, racing the close): {len(edge)} "
                     f"{collections.Counter(r['code'] for r in edge).most_common(3)}")
    refused = sum(1 for r in load.records if r["code"] == "REFUSED" and r["t0"] >= t)
    res.notes.append(f"connections refused after the signal (until the restart): {refused}")
    res.check("exit 0", marks["exit"] == 0 and marks["exit_after"] <= grace + 1,
              f"exit status {marks['exit']} {marks['exit_after']:.2f}s after SIGTERM (grace {grace}s)")
    res.check(f"restart {marks.get('ready', 99):.2f}s", marks.get("ready", 99) <= 10.0,
              f"time to ready after restart {marks.get('ready', float('nan')):.2f}s (limit 10s)")
    srv.terminate(30)


def scenario_resources(ctx: Ctx, res: Result) -> None:
    """R8: pool of 2, statement timeout 1 s, request timeout 10 s; `item` locked for 6 s."""
    client_timeout = 12.0
    lock_for = 6.0
    extra = {"GONGZHI_DATABASE_MAX_CONNECTIONS": "2", "GONGZHI_STATEMENT_TIMEOUT_MS": "1000",
             "GONGZHI_REQUEST_TIMEOUT_SECS": "10"}
    srv, db = ctx.pg_server(res.name, res.sdir, extra)
    token = login(srv.port, "resident")
    load = Load(res.name, srv.port, token, res.sdir, timeout=client_timeout)
    marks = {}
    pg_off = ctx.cluster.log_size()

    def fault():
        marks["lock_asked"] = load.now()
        script = f"BEGIN;\nLOCK TABLE item IN ACCESS EXCLUSIVE MODE;\nSELECT pg_sleep({lock_for});\nROLLBACK;\n"
        p = subprocess.Popen(
            ["psql", "-X", "-q", "-h", "127.0.0.1", "-p", str(ctx.cluster.port), "-U", "postgres", "-d", db,
             "-v", "ON_ERROR_STOP=1"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "PGSSLMODE": "disable", "PGAPPNAME": "fault-lock"})
        p.stdin.write(script)
        p.stdin.close()
        end = time.monotonic() + 10
        while time.monotonic() < end:
            n = ctx.cluster.psql(db, "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                                     "WHERE c.relname = 'item' AND l.mode = 'AccessExclusiveLock' AND l.granted")
            if n and n[0][0] != "0":
                marks["locked"] = load.now()
                break
            time.sleep(0.05)
        # What the server's connections are doing while the lock is held (evidence for a failure).
        time.sleep(2.5)
        try:
            act = ctx.cluster.psql(db, "SELECT pid, application_name, state, wait_event_type, wait_event, "
                                       "round(extract(epoch FROM now() - query_start)::numeric, 2), left(query, 100) "
                                       "FROM pg_stat_activity WHERE datname = current_database() "
                                       "AND pid <> pg_backend_pid() ORDER BY pid")
            with open(os.path.join(res.sdir, "pg_stat_activity.tsv"), "w") as f:
                f.write("\n".join("\t".join(r) for r in act) + "\n")
            mine = [r for r in act if r[1] != "fault-lock"]
            listen = [r for r in mine if r[6].lstrip().upper().startswith("LISTEN")]
            res.notes.append(f"the server's connections while the lock was held: {len(mine)} "
                             f"(pool of 2), of which LISTEN (event listener) {len(listen)}, waiting on a lock "
                             f"{sum(1 for r in mine if r[3] == 'Lock')}")
        except Exception as e:  # noqa: BLE001
            res.notes.append(f"pg_stat_activity snapshot failed: {e}")
        out = p.stdout.read()
        p.wait(timeout=lock_for + 20)
        marks["released"] = load.now()
        say(f"{res.name}: item locked t={marks.get('locked', float('nan')):.1f}s..{marks['released']:.1f}s "
            f"(psql exit {p.returncode} {out.strip()[:100]})")

    load.start()
    load.run_for(LOAD_SECONDS, {FAULT_AT: fault})
    load.stop()
    stored, nk, wk = stored_pg(ctx.cluster, db)
    evaluate(res, load, stored, nk, wk)
    lk, rl = marks.get("locked", marks["lock_asked"]), marks["released"]
    res.counts["outage"] = rl - lk
    hangs = [r for r in load.records if r["code"] == "CLIENT_TIMEOUT"]
    res.check("no hangs", not hangs, f"requests without an answer within {client_timeout}s: {len(hangs)}")
    answered = [r for r in load.records if r["http"] is not None]
    slowest = max((r["t1"] - r["t0"] for r in answered), default=0.0)
    res.check("in time", slowest <= 11.0, f"slowest answer {slowest:.2f}s (request timeout 10s + 1s)")
    errs = [r for r in load.records if r["outcome"] != "acked" and r["http"] is not None]
    unclear = [r for r in errs if r["code"] not in ("UNAVAILABLE", "TIMEOUT", "OUTCOME_UNKNOWN")]
    leaky = [r for r in errs if SQL_TEXT_RE.search(r["msg"] or "")]
    during = [r for r in errs if lk - 0.5 <= r["t1"] <= rl + 2.0]
    res.check("clear errors", not unclear and not leaky,
              f"error answers {len(errs)} ({len(during)} during the lock): codes "
              f"{sorted(collections.Counter((r['code'], r['http']) for r in errs).items())}; "
              f"not UNAVAILABLE/TIMEOUT/OUTCOME_UNKNOWN {len(unclear)}; with SQL/driver text {len(leaky)}"
              + (f"; e.g. {unclear[0]['code']} '{unclear[0]['msg'][:120]}'" if unclear else "")
              + (f"; e.g. '{leaky[0]['msg'][:120]}'" if leaky else ""))
    pg_log = ctx.cluster.log_since(pg_off)
    with open(os.path.join(res.sdir, "postgres.log"), "w") as f:
        f.write(pg_log)
    timeouts = pg_log.count("canceling statement due to statement timeout")
    res.check("stmt timeout", timeouts > 0,
              f"PostgreSQL log: {timeouts} statement(s) cancelled by statement_timeout during the lock "
              f"(GONGZHI_STATEMENT_TIMEOUT_MS={extra['GONGZHI_STATEMENT_TIMEOUT_MS']})")
    after = [r for r in load.records if r["outcome"] == "acked" and r["t0"] >= rl]
    back = (min(r["t1"] for r in after) - rl) if after else None
    res.check(f"recovers {back if back is None else round(back, 2)}s", back is not None and back <= 5.0,
              f"first acked filing {back if back is None else round(back, 2)}s after the lock was released")
    srv.terminate(30)


# R6: several officers at once on the same items and cases ------------------------------------

ITEM_F = "item { id status } userErrors { code message }"
M_ACCEPT = "mutation($ids: [ID!]!) { acceptItems(input: {itemIds: $ids}) { items { id status } userErrors { code message } } }"
M_START = f"mutation($i: ItemNoteInput!) {{ startVerification(input: $i) {{ {ITEM_F} }} }}"
M_RESOLVE = f"mutation($i: ResolveItemInput!) {{ resolveItem(input: $i) {{ {ITEM_F} }} }}"
M_REPLY = f"mutation($i: ReplyItemInput!) {{ replyItem(input: $i) {{ {ITEM_F} }} }}"
CASE_F = "case { id version stage } userErrors { code message }"
M_OPEN = f"mutation($i: OpenCaseInput!) {{ openCase(input: $i) {{ {CASE_F} }} }}"
M_DECIDE = f"mutation($i: DecideCaseInput!) {{ decideCase(input: $i) {{ {CASE_F} }} }}"
M_EXECUTE = f"mutation($i: CaseStepInput!) {{ executeCase(input: $i) {{ {CASE_F} }} }}"
M_CLOSE = f"mutation($i: CloseCaseInput!) {{ closeCase(input: $i) {{ {CASE_F} }} }}"
Q_CASE = "query($id: ID!) { case(id: $id) { version stage } }"
LOSER_CODES = {"NOT_ALLOWED_NOW", "CONFLICT", "ITEM_NOT_VERIFYING", "ALREADY_IN_CASE"}
# What each acked action leaves: (item status after, item_event action = audit_log action).
ITEM_STEPS = {
    "ACCEPT": ("ACCEPTED", "ACCEPT"),
    "START_VERIFICATION": ("VERIFYING", "START_VERIFICATION"),
    "RESOLVE": ("RESOLVED", "RESOLVE"),
    "OPEN_CASE": ("CONVERTED_TO_CASE", "CONVERT_TO_CASE"),
    "REPLY": ("REPLIED", "REPLY"),
}
CASE_STEPS = {"OPEN_CASE": ("FILED", ["FILED"]), "DECIDE": ("SERVED", ["DECIDE", "SERVE"]),
              "EXECUTE": ("EXECUTED", ["EXECUTE"]), "CLOSE": ("CLOSED", ["CLOSE"])}


def scenario_officers(ctx: Ctx, res: Result) -> None:
    srv, db = ctx.pg_server(res.name, res.sdir)
    port = srv.port
    resident = login(port, "resident")
    sup = login(port, "supervisor")
    h = Http(port, 10)
    # More officers of the demo officer's squad (华阳路), created by the district supervisor.
    squads = gql_call(h, sup, "{ subDistricts { name squad { id name } } }", {})
    squad = next((sd["squad"]["id"] for sd in (((squads.get("body") or {}).get("data") or {}).get("subDistricts") or [])
                  if sd.get("squad") and "华阳路" in (sd["squad"].get("name") or "") + sd.get("name", "")), None)
    actors: list[tuple[str, str]] = [("officer#1", login(port, "officer")), ("officer#2", login(port, "officer")),
                                     ("officer#3", login(port, "officer")), ("supervisor", sup)]
    for i in (1, 2):
        name = f"fault.officer{i}"
        r = gql_call(h, sup, "mutation($i: CreateAccountInput!) { createAccount(input: $i) { account { id } userErrors { code message } } }",
                     {"i": {"login": name, "displayName": f"故障队员{i}", "password": "initial-pass-1",
                            "role": "OFFICER", "squadId": squad}})
        acct = ((((r.get("body") or {}).get("data") or {}).get("createAccount") or {}).get("account"))
        if acct:
            actors.append((name, login(port, name, "initial-pass-1")))
        else:
            res.notes.append(f"createAccount {name} did not work ({json.dumps(r.get('body'))[:200]}): using sessions")
    res.notes.append("actors: " + ", ".join(a for a, _ in actors))

    n_items = 12
    items: list[str] = []
    for i in range(n_items):
        key = str(uuid.uuid4())
        rec = gql_call(h, resident, FILE, {"i": complaint_input(key, res.name)})
        outcome, code, msg, ent = classify(rec, "fileComplaint", "item")
        if outcome != "acked":
            raise RuntimeError(f"could not file item {i}: {code} {msg}")
        items.append(ent)

    attempts: list[dict] = []
    alock = threading.Lock()
    sessions = {name: Http(port, 10) for name, _ in actors}

    def race(label: str, targets: list, call) -> None:
        """Every actor calls `call(actor_index, target)` on each target, all at once per target."""
        barrier = threading.Barrier(len(actors))

        def worker(ai: int):
            try:
                work(ai)
            except Exception as e:  # noqa: BLE001 - recorded, and the barrier lets the others go
                barrier.abort()
                with alock:
                    attempts.append({"stage": label, "actor": actors[ai][0], "action": "?", "item": None,
                                     "outcome": "unknown", "code": f"HARNESS {type(e).__name__}: {e}",
                                     "http": None, "msg": "", "entity": None})

        def work(ai: int):
            name, token = actors[ai]
            for tgt in targets:
                try:
                    barrier.wait(timeout=30)
                except threading.BrokenBarrierError:
                    pass
                action, mutation, field, entity, variables, item_id = call(ai, tgt)
                t0 = time.monotonic()
                rec = gql_call(sessions[name], token, mutation, variables)
                outcome, code, msg, ent = classify(rec, field, entity)
                row = {"stage": label, "actor": name, "action": action, "item": item_id, "target": tgt,
                       "outcome": outcome, "code": code, "http": rec["status"], "msg": msg[:200], "entity": ent,
                       "ms": round((time.monotonic() - t0) * 1000)}
                if outcome == "acked" and entity == "case":
                    row["case"] = rec["body"]["data"][field]["case"]
                if outcome == "acked" and field == "acceptItems":
                    row["accepted"] = rec["body"]["data"][field]["items"][0]["status"]
                with alock:
                    attempts.append(row)

        ts = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(len(actors))]
        for t in ts:
            t.start()
        for t in ts:
            t.join(timeout=120)

    def winners(stage: str) -> dict:
        return {a["item"]: a for a in attempts if a["stage"] == stage and a["outcome"] == "acked"}

    race("accept", items, lambda ai, it: ("ACCEPT", M_ACCEPT, "acceptItems", "items", {"ids": [it]}, it))
    race("verify", items, lambda ai, it: ("START_VERIFICATION", M_START, "startVerification", "item",
                                          {"i": {"itemId": it, "note": f"核查 {ai}"}}, it))
    # Items 0, 3, 6…: every actor resolves. 1, 4, 7…: every actor opens a case. 2, 5, 8…: half
    # resolve and half open a case, at once (one of the two may win, never both).
    open_in = {"itemIds": None, "matterCode": "C9", "procedure": "SUMMARY", "facts": "现场核查属实，当事人在场。",
               "parties": [{"kind": "OWNER", "name": "王五"}]}

    def third(ai, it):
        kind = items.index(it) % 3
        if kind == 1 or (kind == 2 and ai % 2 == 0):
            return ("OPEN_CASE", M_OPEN, "openCase", "case", {"i": {**open_in, "itemIds": [it]}}, it)
        return ("RESOLVE", M_RESOLVE, "resolveItem", "item",
                {"i": {"itemId": it, "resolution": "NO_VIOLATION", "note": f"未发现违法 {ai}"}}, it)

    race("decide", items, third)
    third_w = winners("decide")
    resolved = [it for it in items if third_w.get(it, {}).get("action") == "RESOLVE"]
    cases = {it: third_w[it]["case"]["id"] for it in items if third_w.get(it, {}).get("action") == "OPEN_CASE"}
    race("reply", resolved, lambda ai, it: ("REPLY", M_REPLY, "replyItem", "item",
                                            {"i": {"itemId": it, "message": f"经核查未发现违法行为 {ai}"}}, it))
    case_item = {c: it for it, c in cases.items()}

    def case_race(label: str, action: str, mutation: str, field: str, mk):
        versions = {}
        for c in cases.values():
            q = gql_call(h, sup, Q_CASE, {"id": c})
            versions[c] = ((q.get("body") or {}).get("data") or {}).get("case", {}).get("version")
        race(label, list(cases.values()),
             lambda ai, c: (action, mutation, field, "case", {"i": {"caseId": c, "version": versions[c], **mk(ai)}},
                            case_item[c]))

    case_race("c-decide", "DECIDE", M_DECIDE, "decideCase", lambda ai: {"decision": {"kind": "FINE", "fineCny": 100}})
    case_race("c-execute", "EXECUTE", M_EXECUTE, "executeCase", lambda ai: {"note": f"当场缴纳 {ai}"})
    case_race("c-close", "CLOSE", M_CLOSE, "closeCase", lambda ai: {"outcome": f"已罚款100元 {ai}"})

    with open(os.path.join(res.sdir, "transitions.jsonl"), "w") as f:
        for a in attempts:
            f.write(json.dumps(a, ensure_ascii=False) + "\n")

    # The checks, against the database.
    acked = [a for a in attempts if a["outcome"] == "acked"]
    losers = [a for a in attempts if a["outcome"] != "acked"]
    bad_losers = [a for a in losers if a["code"] not in LOSER_CODES or a["outcome"] != "failed"
                  or (a["http"] or 0) >= 500]
    per = collections.Counter((a["stage"], a["item"]) for a in acked)
    double = [k for k, n in per.items() if n > 1]
    stage_targets = {"accept": items, "verify": items, "decide": items, "reply": resolved,
                     "c-decide": list(cases), "c-execute": list(cases), "c-close": list(cases)}
    no_winner = [(s, it) for s, its in stage_targets.items() for it in its if per[(s, it)] == 0]
    res.counts.update(requests=len(attempts), acked=len(acked), failed=sum(a["outcome"] == "failed" for a in attempts),
                      unknown=sum(a["outcome"] == "unknown" for a in attempts))
    res.check(f"one winner/{len(per)}", not double and not no_winner,
              f"{len(per)} contested transitions: with two winners {len(double)} {double[:3]}, "
              f"with none {len(no_winner)} {no_winner[:3]}")
    res.check(f"clear losers/{len(losers)}", not bad_losers,
              f"losers {len(losers)}: {sorted(collections.Counter(a['code'] for a in losers).items())}; "
              f"not a clear conflict {len(bad_losers)}"
              + (f" e.g. {bad_losers[0]['action']} {bad_losers[0]['code']} {bad_losers[0]['msg'][:100]}" if bad_losers else ""))

    # Expected per item: its acked actions in order, its final status.
    exp_actions: dict[str, list[str]] = collections.defaultdict(list)
    for a in acked:
        if a["action"] in ITEM_STEPS:
            exp_actions[a["item"]].append(a["action"])
        if a["action"] == "CLOSE":
            exp_actions[a["item"]].append("REPLY")  # closing answers the linked filing
    order = ["ACCEPT", "START_VERIFICATION", "RESOLVE", "OPEN_CASE", "REPLY"]
    ids = ",".join(f"'{i}'" for i in items)
    st = dict(tuple(r) for r in ctx.cluster.psql(db, f"SELECT uuid::text, status FROM item WHERE uuid IN ({ids})"))
    ev_rows = ctx.cluster.psql(db, f"SELECT i.uuid::text, e.action FROM item_event e JOIN item i ON i.id = e.item_id "
                                   f"WHERE i.uuid IN ({ids}) ORDER BY e.id")
    au_rows = ctx.cluster.psql(db, f"SELECT entity_uuid::text, action FROM audit_log WHERE entity_type = 'item' "
                                   f"AND entity_uuid::text IN ({ids})")
    events = collections.defaultdict(list)
    for u, act in ev_rows:
        events[u].append(act)
    audits = collections.defaultdict(collections.Counter)
    for u, act in au_rows:
        audits[u][act] += 1
    status_bad, events_bad, audit_bad = [], [], []
    for it in items:
        acts = sorted(exp_actions[it], key=order.index)
        want_status = ITEM_STEPS[acts[-1]][0] if acts else "SUBMITTED"
        if st.get(it) != want_status:
            status_bad.append((it, st.get(it), want_status))
        want_events = ["SUBMITTED"] + [ITEM_STEPS[a][1] for a in acts]
        if events[it] != want_events:
            events_bad.append((it, events[it], want_events))
        want_audit = collections.Counter(ITEM_STEPS[a][1] for a in acts)
        step_audits = {v[1] for v in ITEM_STEPS.values()}
        got_audit = collections.Counter({k: v for k, v in audits[it].items() if k in step_audits})
        if got_audit != want_audit:
            audit_bad.append((it, dict(got_audit), dict(want_audit)))
    # Cases: one per acked openCase, none left by the losers; stage and chronology as acked.
    case_ids = ",".join(f"'{c}'" for c in cases.values()) or "NULL"
    n_cases = int(ctx.cluster.psql(db, "SELECT count(*) FROM enforcement_case")[0][0])
    cst = dict(tuple(r) for r in ctx.cluster.psql(db, f"SELECT uuid::text, stage FROM enforcement_case WHERE uuid::text IN ({case_ids})"))
    cev = collections.defaultdict(list)
    for u, act in ctx.cluster.psql(db, f"SELECT c.uuid::text, e.action FROM case_event e JOIN enforcement_case c ON c.id = e.case_id "
                                       f"WHERE c.uuid::text IN ({case_ids}) ORDER BY e.id"):
        cev[u].append(act)
    cau = collections.defaultdict(collections.Counter)
    for u, act in ctx.cluster.psql(db, f"SELECT entity_uuid::text, action FROM audit_log WHERE entity_type = 'case' "
                                       f"AND entity_uuid::text IN ({case_ids})"):
        cau[u][act] += 1
    for it, c in cases.items():
        acts = ["OPEN_CASE"] + [a["action"] for a in acked if a["item"] == it and a["action"] in CASE_STEPS and a["action"] != "OPEN_CASE"]
        want_stage = CASE_STEPS[acts[-1]][0]
        if cst.get(c) != want_stage:
            status_bad.append((c, cst.get(c), want_stage))
        want = [e for a in acts for e in CASE_STEPS[a][1]]
        if cev[c] != want:
            events_bad.append((c, cev[c], want))
        if cau[c] != collections.Counter(cev[c]):
            audit_bad.append((c, dict(cau[c]), dict(collections.Counter(cev[c]))))
    res.check("final state", not status_bad and n_cases == len(cases),
              f"items/cases whose status is not the acked history's end: {len(status_bad)} {status_bad[:3]}; "
              f"cases stored {n_cases}, acked openCase {len(cases)}")
    res.check("history", not events_bad and not audit_bad,
              f"timelines/chronologies not matching the acked transitions: {len(events_bad)} {events_bad[:2]}; "
              f"audit rows not matching: {len(audit_bad)} {audit_bad[:2]}")
    srv.terminate(30)


SCENARIOS = [
    ("R1", "kill -9 the API, restart", lambda c, r: scenario_kill_api(c, r, retry=False)),
    ("R2", "kill -9 the PostgreSQL postmaster", scenario_kill_db),
    ("R3", "pg_ctl restart -m fast", scenario_restart_db),
    ("R4", "kill -9 the API, clients retry with the same key", lambda c, r: scenario_kill_api(c, r, retry=True)),
    ("R5", "SQLite embedded: kill -9, restart", scenario_sqlite),
    ("R6", "officers acting at once", scenario_officers),
    ("R7", "SIGTERM under load", scenario_sigterm),
    ("R8", "pool 2, statement timeout, item locked 6 s", scenario_resources),
]


# ---------------------------------------------------------------------------------------------
# Report.


def fmt(v) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.1f}"
    return str(v)


def print_table(results: list[Result]) -> None:
    cols = ["scenario", "requests", "acked", "failed", "unknown", "acked missing", "duplicates",
            "failed but stored", "not exactly once", "unknown stored/not", "outage s", "extra checks", "result"]
    rows = []
    for r in results:
        c = r.counts
        inv = {"acked lost", "dups", "failed stored", "exactly once"}
        extra = " ".join(f"{s}{'✓' if ok else '✗'}" for s, ok, _ in r.checks if s not in inv) or "-"
        us = f"{c['unknown_stored']}/{c['unknown_not_stored']}" if "unknown_stored" in c else "-"
        rows.append([r.name, fmt(c.get("requests")), fmt(c.get("acked")), fmt(c.get("failed")), fmt(c.get("unknown")),
                     fmt(c.get("acked_missing")), fmt(c.get("duplicates")), fmt(c.get("failed_stored")),
                     fmt(c.get("not_once")), us, fmt(c.get("outage")), extra,
                     "pass" if r.passed else ("ERROR" if r.error else "FAIL")])
    widths = [max(len(str(x)) for x in col) for col in zip(cols, *rows)]
    line = lambda vals: "| " + " | ".join(str(v).ljust(w) for v, w in zip(vals, widths)) + " |"  # noqa: E731
    print(line(cols))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print(line(row))


def self_check() -> int:
    """The checker against made-up histories: each kind of violation must be caught."""

    class FakeLoad:
        def __init__(self, records, intents=None):
            self.records = records
            self.intents = intents or sorted({r["key"] for r in records})

    def rec(key, outcome, code="OK", attempt=1):
        return {"key": key, "attempt": attempt, "outcome": outcome, "code": code, "http": 200, "msg": "",
                "t0": 0.0, "t1": 0.1}

    k = [str(uuid.uuid4()) for _ in range(6)]
    cases = [
        ("clean", [rec(k[0], "acked"), rec(k[1], "failed", "UNAVAILABLE"), rec(k[2], "unknown", "CLIENT_TIMEOUT")],
         {k[0]: 1, k[2]: 1}, set(), False),
        ("acked lost", [rec(k[0], "acked")], {}, {"acked lost"}, False),
        ("duplicate", [rec(k[0], "acked")], {k[0]: 2}, {"dups"}, False),
        ("failed stored", [rec(k[1], "failed", "UNAVAILABLE")], {k[1]: 1}, {"failed stored"}, False),
        ("phantom", [rec(k[0], "acked")], {k[0]: 1, k[5]: 1}, {"atomic"}, False),
        ("retry ok", [rec(k[3], "unknown", "OUTCOME_UNKNOWN"), rec(k[3], "acked", attempt=2)], {k[3]: 1}, set(), True),
        ("never acked", [rec(k[3], "unknown", "TIMEOUT")], {k[3]: 1}, {"exactly once"}, True),
        ("not once", [rec(k[4], "failed", "REFUSED"), rec(k[4], "acked", attempt=2)], {k[4]: 2}, {"dups", "exactly once"}, True),
    ]
    bad = 0
    for name, records, stored, want, once in cases:
        res = Result(name, "")
        evaluate(res, FakeLoad(records), stored, 0, 0, exactly_once=once)
        got = {s for s, ok, _ in res.checks if not ok}
        if got != want:
            bad += 1
            print(f"self-check {name}: caught {sorted(got)}, expected {sorted(want)}")
    answers = [
        ({"exc": "REFUSED", "status": None, "body": None}, "failed"),
        ({"exc": "CLIENT_TIMEOUT", "status": None, "body": None}, "unknown"),
        ({"exc": "RemoteDisconnected", "status": None, "body": None}, "unknown"),
        ({"exc": None, "status": 502, "body": None}, "unknown"),
        ({"exc": None, "status": 503, "body": {"errors": [{"message": "m", "extensions": {"code": "UNAVAILABLE"}}]}}, "failed"),
        ({"exc": None, "status": 503, "body": {"errors": [{"message": "m", "extensions": {"code": "OUTCOME_UNKNOWN"}}]}}, "unknown"),
        ({"exc": None, "status": 504, "body": {"errors": [{"message": "m", "extensions": {"code": "TIMEOUT"}}]}}, "unknown"),
        ({"exc": None, "status": 200, "body": {"data": {"fileComplaint": {"item": None, "userErrors": [{"code": "X"}]}}}}, "failed"),
        ({"exc": None, "status": 200, "body": {"data": {"fileComplaint": {"item": {"id": "u"}, "userErrors": []}}}}, "acked"),
        ({"exc": None, "status": 200, "body": {"data": None}}, "unknown"),
    ]
    for r, want in answers:
        got = classify(r, "fileComplaint", "item")[0]
        if got != want:
            bad += 1
            print(f"self-check classify {r}: {got}, expected {want}")
    print(f"self-check: {len(cases) + len(answers) - bad} passed, {bad} failed")
    return 1 if bad else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", help="comma-separated scenarios, e.g. R1,R3")
    ap.add_argument("--bin", default=os.environ.get("GONGZHI_BIN") or "/work/target/debug/gongzhi")
    ap.add_argument("--keep", action="store_true", help="keep the run directory even when everything passes")
    ap.add_argument("--log-dir", help="write the run's logs here and keep them (scripts/test.sh searches them "
                                      "for secrets); default a new temporary directory, removed when all pass")
    ap.add_argument("--self-check", action="store_true", help="only test the checker on made-up histories")
    args = ap.parse_args()
    if args.self_check:
        return self_check()
    wanted = [s.strip().upper() for s in args.only.split(",")] if args.only else [s[0] for s in SCENARIOS]
    unknown = [w for w in wanted if w not in {s[0] for s in SCENARIOS}]
    if unknown:
        print(f"unknown scenario(s): {unknown}", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)  # also when started with SIGINT ignored (a background job)
    start_watchdog()

    if args.log_dir:
        run_dir = os.path.abspath(args.log_dir)
        os.makedirs(run_dir, exist_ok=True)
    else:
        run_dir = tempfile.mkdtemp(prefix=f"gongzhi-faults-{time.strftime('%Y%m%d-%H%M%S')}-")
        os.chmod(run_dir, 0o755)
    keep_all = args.keep or bool(args.log_dir)
    print(f"run directory: {run_dir}", flush=True)
    results: list[Result] = []
    try:
        # A snapshot of the binary: the other build may replace it while we run.
        end = time.monotonic() + 180
        while not os.path.exists(args.bin):
            if time.monotonic() > end:
                raise RuntimeError(f"no server binary at {args.bin}")
            say(f"waiting for {args.bin} ...")
            time.sleep(5)
        bin_dir = tempfile.mkdtemp(prefix="gongzhi-faults-bin-")
        on_cleanup(lambda: shutil.rmtree(bin_dir, ignore_errors=True))
        binary = os.path.join(bin_dir, "gongzhi")
        for _ in range(30):
            try:
                shutil.copy2(args.bin, binary)
                break
            except OSError:
                time.sleep(2)
        os.chmod(binary, 0o755)
        say(f"server binary {args.bin} (modified {time.ctime(os.path.getmtime(binary))}), copied to {binary}")

        pg_root = tempfile.mkdtemp(prefix="gongzhi-faults-pg-")
        cluster = PgCluster(pg_root)
        cluster.init()
        cluster.start()
        say(f"PostgreSQL ({cluster.bin}) on 127.0.0.1:{cluster.port}, socket dir {pg_root}")
        ctx = Ctx(binary, run_dir, cluster)

        for name, title, fn in SCENARIOS:
            if name not in wanted:
                continue
            res = Result(name, title)
            res.sdir = os.path.join(run_dir, name)
            shutil.rmtree(res.sdir, ignore_errors=True)  # a --log-dir used before
            os.makedirs(res.sdir, exist_ok=True)
            results.append(res)
            if DEADLINE - time.monotonic() < SCENARIO_MIN_BUDGET_S:
                res.error = "not run: the overall deadline is near"
                continue
            say(f"== {name}: {title}")
            t = time.monotonic()
            pg_off = cluster.log_size()
            try:
                fn(ctx, res)
            except KeyboardInterrupt:
                res.error = "interrupted"
                raise
            except Exception as e:  # noqa: BLE001 - a scenario's error is its failure
                res.error = f"{type(e).__name__}: {e}"
            finally:
                for s in list(_SERVERS):
                    s.kill9(quiet=True)
                _SERVERS.clear()
            with open(os.path.join(res.sdir, "postgres.log"), "w") as f:
                f.write(cluster.log_since(pg_off))
            # A scenario that failed midway may have left the cluster down: the next one needs it.
            if not cluster.ready():
                try:
                    cluster.start(attempts_for=30)
                except Exception as e:  # noqa: BLE001
                    say(f"could not bring PostgreSQL back: {e}")
            res.seconds = time.monotonic() - t
            say(f"{name}: {'pass' if res.passed else 'FAIL'} in {res.seconds:.0f}s"
                + (f" — {res.error}" if res.error else ""))
            if not res.passed and res.counts and name != "R5":
                db = "gz_" + name.lower()
                for table, cols in (("item", "id, uuid, status, created_at, description"),
                                    ("idempotency_key", "id, account_id, key, item_id, created_at")):
                    try:
                        subprocess.run(["psql", "-X", "-q", "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres",
                                        "-d", db, "-c", f"\\copy (SELECT {cols} FROM {table} ORDER BY id) TO "
                                        f"'{os.path.join(res.sdir, table + '.csv')}' CSV HEADER"],
                                       capture_output=True, timeout=30, env={**os.environ, "PGSSLMODE": "disable"})
                    except Exception:  # noqa: BLE001
                        pass
    except KeyboardInterrupt:
        print("interrupted", flush=True)
        if not any(r.error == "interrupted" for r in results):
            results.append(Result("harness", "interrupted"))
            results[-1].error = "interrupted"
    except Exception as e:  # noqa: BLE001
        print(f"harness error: {type(e).__name__}: {e}", flush=True)
        r = Result("harness", "")
        r.error = f"{type(e).__name__}: {e}"
        results.append(r)
    finally:
        cleanup()

    print()
    print_table(results)
    print()
    for r in results:
        print(f"{r.name} — {r.title}: {'pass' if r.passed else 'FAIL'} ({r.seconds:.0f}s)"
              + (f"; logs {r.sdir}" if not r.passed and r.sdir else ""))
        if r.error:
            print(f"    ERROR {r.error}")
        for short, ok, detail in r.checks:
            print(f"    {'ok  ' if ok else 'FAIL'} {short}: {detail}")
        for n in r.notes:
            print(f"    note {n[:600]}")
    failed = sum(1 for r in results if not r.passed)
    passed = len(results) - failed
    # Data directories (SQLite files, photos, a generated JWT secret) are kept only for a failed
    # scenario, and never in a --log-dir (whose files are searched for secrets).
    for r in results:
        if r.sdir and (r.passed or args.log_dir):
            shutil.rmtree(os.path.join(r.sdir, "data"), ignore_errors=True)
    if failed == 0 and not keep_all:
        shutil.rmtree(run_dir, ignore_errors=True)
        print(f"\nall passed: removed {run_dir} (--keep or --log-dir keeps it)")
    else:
        for r in results:
            if r.passed and r.sdir and not keep_all:
                shutil.rmtree(r.sdir, ignore_errors=True)
        print(f"\nlogs kept in {run_dir} (per scenario: server-N.log, clients.jsonl or transitions.jsonl, "
              f"postgres.log; item.csv and idempotency_key.csv when it failed)")
    print(f"total {time.monotonic() - T0:.0f}s")
    print(f"faults: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
