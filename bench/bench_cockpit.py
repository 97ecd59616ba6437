"""Benchmark: the cockpit overview under load, served by gunicorn.

Target (issue 12): with the full demo data, GET /cockpit/ answers with a median below 60 ms
and a p95 below 150 ms under 20 concurrent clients on a 2-core machine, served by
gunicorn, with no errors, measured by a load generator running in a second process. The
page's content changes only when figures change, so it is rendered once per data version
and scope and served from the cache shared by the workers (cockpit.caching); the server
CPU per request is printed beside the latencies, since it is what a loaded machine cannot
hide.

What it does:
1. builds a fresh SQLite database in a temporary var dir (migrate, reference load, plan
   load jinan-2023-2025, demo load), so the developer's own database is never touched;
2. starts gunicorn on 127.0.0.1 (a free port) and logs in as `analyst` once per client
   (20 sessions; sessions are stored in the database and survive server restarts);
3. gives each candidate worker set-up a short trial and keeps the one with the smallest
   max(median/limit, p95/limit);
4. restarts gunicorn with that set-up and runs the load generator (this file with
   `--load`, a separate interpreter): 20 threads, each with its own keep-alive connection
   and session, a warm-up, one client alone for a few requests (unloaded latency), then a
   timed window of back-to-back GET /cockpit/; any answer other than 200 is an error;
5. prints the figures and PASS/FAIL; gunicorn is stopped and the temp dir removed in any case.

Only 127.0.0.1 is contacted. Run: `python bench/bench_cockpit.py` (or `make bench`);
about 1.5 minutes.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

HOST = "127.0.0.1"
PATH = "/cockpit/"
USERNAME, PASSWORD = "analyst", "Jinan@2025"
CLIENTS = 20
MEDIAN_LIMIT_MS, P95_LIMIT_MS = 60.0, 150.0
WARMUP_S = 3.0
TRIAL_S = 8.0
WINDOW_S = 20.0
SOLO_REQUESTS = 20
MAX_REQUESTS_PER_CLIENT = 5_000
MIN_PAGE_BYTES = 20_000  # the overview with data is large; the "no data yet" page is not
REQUEST_TIMEOUT_S = 30.0
# (worker class, workers, threads) for 2 cores: the work is CPU-bound Python, so only
# processes run in parallel; threads let a worker overlap its SQLite waits.
CANDIDATES = [("gthread", 3, 4), ("gthread", 2, 8), ("sync", 5, 1)]
SETUP_COMMANDS = [
    ["migrate", "--noinput"],
    ["reference", "load"],
    ["plan", "load", "jinan-2023-2025"],
    ["demo", "load"],
]


# --- HTTP client (used by the parent for log-in and by the load generator) ------------------


class Client:
    """One browser-like client: a keep-alive connection and its cookies."""

    def __init__(self, port: int, cookies: dict[str, str] | None = None) -> None:
        self.conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT_S)
        self.cookies = dict(cookies or {})
        self.reconnects = 0

    def close(self) -> None:
        self.conn.close()

    def request(self, method: str, path: str, body: str | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, bytes, float]:
        """(status, body, seconds); status 0 when the request failed at the socket level.
        A keep-alive connection the server closed while idle is retried once on a fresh
        one, as browsers do; the seconds include the failed attempt."""
        all_headers = {"Accept": "text/html", "User-Agent": "qiangshi-bench"}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        all_headers.update(headers or {})
        started = time.perf_counter()
        for attempt in range(2):
            reused = self.conn.sock is not None
            try:
                self.conn.request(method, path, body=body, headers=all_headers)
                response = self.conn.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                if reused and attempt == 0:
                    self.reconnects += 1
                    continue
                return 0, b"", time.perf_counter() - started
            except (OSError, http.client.HTTPException):
                self.conn.close()
                return 0, b"", time.perf_counter() - started
            elapsed = time.perf_counter() - started
            for header in response.headers.get_all("Set-Cookie") or []:
                jar = SimpleCookie()
                jar.load(header)
                self.cookies.update({name: morsel.value for name, morsel in jar.items()})
            return response.status, data, elapsed
        raise AssertionError("unreachable")


def log_in(port: int) -> dict[str, str]:
    """A fresh `analyst` session: GET the form for the CSRF token, POST the credentials."""
    client = Client(port)
    try:
        status, page, _ = client.request("GET", "/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or token is None or "csrftoken" not in client.cookies:
            raise RuntimeError(f"GET /login/ answered {status} without a CSRF token")
        form = urlencode({"username": USERNAME, "password": PASSWORD,
                          "csrfmiddlewaretoken": token.group(1).decode()})
        status, _, _ = client.request(
            "POST", "/login/", body=form,
            headers={"Content-Type": "application/x-www-form-urlencoded"})
        if status != 302 or "sessionid" not in client.cookies:
            raise RuntimeError(f"POST /login/ as {USERNAME} answered {status} without a session")
        return client.cookies
    finally:
        client.close()


# --- load generator (runs in its own interpreter: `bench_cockpit.py --load`) ----------------


def generate_load(port: int, sessions: list[dict[str, str]], warmup_s: float, window_s: float,
                  solo_requests: int) -> dict:
    """All clients back-to-back for warmup_s; then client 0 alone for solo_requests
    (unloaded latency); then all clients back-to-back for window_s, recorded."""
    n = len(sessions)
    clock: dict[str, float] = {}

    def open_warmup() -> None:
        clock["warm_end"] = time.perf_counter() + warmup_s

    def open_window() -> None:
        clock["start"] = time.perf_counter()
        clock["end"] = clock["start"] + window_s

    barrier_timeout = warmup_s + window_s + 120
    ready = threading.Barrier(n, action=open_warmup, timeout=barrier_timeout)
    warmed = threading.Barrier(n, timeout=barrier_timeout)
    go = threading.Barrier(n, action=open_window, timeout=barrier_timeout)
    solo: list[float] = []
    per_client: list[dict] = [{} for _ in range(n)]
    failures: list[str] = []

    def run(i: int) -> None:
        client = Client(port, sessions[i])
        ok_ms: list[float] = []
        statuses: dict[str, int] = {}
        last_end = 0.0
        untimed = 0
        try:
            ready.wait()
            while time.perf_counter() < clock["warm_end"]:
                client.request("GET", PATH)
                untimed += 1
            warmed.wait()
            if i == 0:
                for _ in range(solo_requests):
                    status, _, seconds = client.request("GET", PATH)
                    untimed += 1
                    if status == 200:
                        solo.append(seconds * 1000)
            go.wait()
            end = clock["end"]
            while time.perf_counter() < end and len(ok_ms) < MAX_REQUESTS_PER_CLIENT:
                status, _, seconds = client.request("GET", PATH)
                last_end = time.perf_counter()
                if status == 200:
                    ok_ms.append(seconds * 1000)
                else:
                    statuses[str(status)] = statuses.get(str(status), 0) + 1
        except threading.BrokenBarrierError:
            pass
        except Exception as exc:  # a broken client must not hang the others at a barrier
            failures.append(f"client {i}: {type(exc).__name__}: {exc}")
            for barrier in (ready, warmed, go):
                barrier.abort()
        finally:
            client.close()
            per_client[i] = {"ok_ms": ok_ms, "errors": statuses, "last_end": last_end,
                             "reconnects": client.reconnects, "untimed": untimed}

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(barrier_timeout + REQUEST_TIMEOUT_S)
    if failures or "start" not in clock:
        raise RuntimeError("; ".join(failures) or "load generator did not start its window")
    last_end = max(c["last_end"] for c in per_client)
    errors: dict[str, int] = {}
    for c in per_client:
        for status, count in c["errors"].items():
            errors[status] = errors.get(status, 0) + count
    return {
        "latencies_ms": [ms for c in per_client for ms in c["ok_ms"]],
        "errors": errors,
        "seconds": max(last_end - clock["start"], 1e-9),
        "per_client": [len(c["ok_ms"]) + sum(c["errors"].values()) for c in per_client],
        "reconnects": sum(c["reconnects"] for c in per_client),
        "untimed": sum(c["untimed"] for c in per_client),
        "solo_ms": solo,
    }


def load_main() -> None:
    spec = json.load(sys.stdin)
    json.dump(generate_load(**spec), sys.stdout)


# --- server ---------------------------------------------------------------------------------


def bin_dir() -> Path:
    return Path(sys.executable).parent


def server_env(var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "QIANGSHI_DEBUG", "GUNICORN_CMD_ARGS",
                        "DJANGO_SETTINGS_MODULE"}}
    env.update(QIANGSHI_VAR_DIR=str(var_dir), QIANGSHI_ENV="development",
               QIANGSHI_ALLOWED_HOSTS="127.0.0.1,localhost")
    return env


def prepare_database(var_dir: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    for command in SETUP_COMMANDS:
        done = subprocess.run([str(bin_dir() / "qiangshi"), *command], cwd=var_dir, env=env,
                              capture_output=True, text=True, timeout=300, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"qiangshi {' '.join(command)} failed ({done.returncode}):\n"
                               f"{done.stdout}{done.stderr}")
    return time.perf_counter() - started


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def healthy(port: int) -> bool:
    conn = http.client.HTTPConnection(HOST, port, timeout=2)
    try:
        conn.request("GET", "/healthz")
        response = conn.getresponse()
        return response.status == 200 and json.loads(response.read()).get("status") == "ok"
    except (OSError, http.client.HTTPException, ValueError):
        return False
    finally:
        conn.close()


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()  # SIGTERM: gunicorn stops its workers gracefully
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


@contextmanager
def gunicorn(config: tuple[str, int, int], var_dir: Path, env: dict[str, str]):
    """A running gunicorn with `config`; yields (port, master pid), stops it on exit."""
    worker_class, workers, threads = config
    log_path = var_dir / f"gunicorn-{worker_class}-{workers}x{threads}.log"
    for _attempt in range(3):  # the free port may be taken before gunicorn binds it
        port = free_port()
        command = [
            str(bin_dir() / "gunicorn"), "qiangshi.wsgi:application",
            "--bind", f"{HOST}:{port}", "--worker-class", worker_class,
            "--workers", str(workers), "--threads", str(threads),
            "--graceful-timeout", "5", "--log-level", "warning", "--error-logfile", str(log_path),
        ]
        # cwd is the temp dir, so no ./gunicorn.conf.py of the developer is picked up
        process = subprocess.Popen(command, cwd=var_dir, env=env, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 60
            while process.poll() is None and time.monotonic() < deadline:
                if healthy(port):
                    break
                time.sleep(0.1)
            else:
                stop(process)
                continue
            yield port, process.pid
            return
        finally:
            stop(process)
    log = log_path.read_text(errors="replace")[-3000:] if log_path.exists() else ""
    raise RuntimeError(f"gunicorn {worker_class} {workers}x{threads} did not answer /healthz:\n{log}")


# --- measuring and reporting -----------------------------------------------------------------


def tree_cpu_seconds(root: int) -> float | None:
    """CPU seconds (user + system) used so far by `root` and its live descendants (Linux /proc)."""
    try:
        tick = os.sysconf("SC_CLK_TCK")
        table: dict[int, tuple[int, int]] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                text = (entry / "stat").read_text()
            except OSError:
                continue  # the process ended meanwhile
            fields = text[text.rindex(")") + 2:].split()  # fields[0] is field 3 of proc(5)
            table[int(entry.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    except (OSError, ValueError, IndexError):
        return None
    tree, grown = {root}, True
    while grown:
        found = {pid for pid, (ppid, _) in table.items() if ppid in tree} - tree
        grown = bool(found)
        tree |= found
    return sum(table[pid][1] for pid in tree if pid in table) / tick


def machine_cpu_seconds() -> tuple[float, float] | None:
    """(busy, total) CPU seconds of the whole machine so far, from /proc/stat."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:9]]
    except (OSError, ValueError):
        return None
    tick = os.sysconf("SC_CLK_TCK")
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields) - idle) / tick, sum(fields) / tick


def measure(port: int, server_pid: int, sessions: list[dict[str, str]], window_s: float,
            solo: int) -> dict:
    """Run the load generator in a second process and summarise what it recorded, with the
    CPU the server, the generator and everything else on the machine used meanwhile."""
    spec = {"port": port, "sessions": sessions, "warmup_s": WARMUP_S, "window_s": window_s,
            "solo_requests": solo}
    server_before, machine_before = tree_cpu_seconds(server_pid), machine_cpu_seconds()
    children_before = os.times()
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--load"],
                          input=json.dumps(spec), capture_output=True, text=True,
                          timeout=WARMUP_S + window_s + 180, check=False)
    server_after, machine_after = tree_cpu_seconds(server_pid), machine_cpu_seconds()
    children_after = os.times()
    if done.returncode != 0:
        raise RuntimeError(f"load generator failed ({done.returncode}):\n{done.stderr[-3000:]}")
    raw = json.loads(done.stdout)
    latencies = sorted(raw["latencies_ms"])
    errors = sum(raw["errors"].values())
    result = {
        "ok": len(latencies), "errors": errors, "error_kinds": raw["errors"],
        "completed": len(latencies) + errors, "reconnects": raw["reconnects"],
        "per_client": raw["per_client"], "solo_ms": raw["solo_ms"],
    }
    result["throughput"] = result["completed"] / raw["seconds"]
    if len(latencies) >= 2:
        cuts = statistics.quantiles(latencies, n=100, method="inclusive")
        result.update(median=statistics.median(latencies), p95=cuts[94], p99=cuts[98])
    else:
        result.update(median=float("inf"), p95=float("inf"), p99=float("inf"))
    result["score"] = max(result["median"] / MEDIAN_LIMIT_MS, result["p95"] / P95_LIMIT_MS)
    if None not in (server_before, server_after, machine_before, machine_after):
        wall = machine_after[1] - machine_before[1]  # CPU-seconds available: cores × elapsed
        server = server_after - server_before
        generator = (children_after.children_user + children_after.children_system
                     - children_before.children_user - children_before.children_system)
        busy = machine_after[0] - machine_before[0]
        result["cpu"] = {
            "server": server / wall, "generator": generator / wall,
            "other": max(busy - server - generator, 0.0) / wall, "idle": 1 - busy / wall,
            "server_ms_per_request": 1000 * server / max(result["completed"] + raw["untimed"], 1),
        }
    return result


def describe(config: tuple[str, int, int]) -> str:
    worker_class, workers, threads = config
    return f"{worker_class} {workers} workers × {threads} threads"


def check_page(port: int, session: dict[str, str]) -> int:
    client = Client(port, session)
    try:
        status, page, _ = client.request("GET", PATH)
    finally:
        client.close()
    if status != 200 or len(page) < MIN_PAGE_BYTES:
        raise RuntimeError(f"GET {PATH} answered {status} with {len(page)} bytes; "
                           "expected the overview with the demo data")
    return len(page)


def line(label: str, text: str) -> None:
    print(f"{label + ':':<16}{text}", flush=True)


def verdict_text(value: float, limit: float) -> str:
    ratio = value / limit
    return f"{value:.1f} ms = {ratio:.2f} × limit ({limit:.0f} ms)  {'PASS' if ratio < 1 else 'FAIL'}"


def cpu_text(cpu: dict) -> str:
    return (f"server {cpu['server']:.0%}, load generator {cpu['generator']:.0%}, "
            f"other processes {cpu['other']:.0%}, idle {cpu['idle']:.0%} of the machine; "
            f"server {cpu['server_ms_per_request']:.0f} ms CPU per request")


def main() -> None:
    var_dir = Path(tempfile.mkdtemp(prefix="qiangshi-bench-cockpit-"))
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)  # run `finally` on TERM
    try:
        env = server_env(var_dir)
        setup_s = prepare_database(var_dir, env)
        line("machine", f"{os.cpu_count()} cores")
        line("set-up", f"{setup_s:.1f} s (migrate, reference, plan, demo) in {var_dir}")

        sessions: list[dict[str, str]] = []
        trials: list[tuple[float, tuple[str, int, int]]] = []
        for config in CANDIDATES:
            with gunicorn(config, var_dir, env) as (port, pid):
                if not sessions:
                    with ThreadPoolExecutor(max_workers=4) as pool:
                        sessions = list(pool.map(log_in, [port] * CLIENTS))
                    page_bytes = check_page(port, sessions[0])
                    line("page", f"GET {PATH} as {USERNAME}: 200, {page_bytes / 1024:.0f} KiB; "
                         f"{CLIENTS} sessions logged in")
                trial = measure(port, pid, sessions, TRIAL_S, solo=0)
            trials.append((trial["score"], config))
            line(f"trial {TRIAL_S:.0f} s",
                 f"{describe(config):<30} {trial['throughput']:5.1f} req/s, median "
                 f"{trial['median']:4.0f} ms, p95 {trial['p95']:4.0f} ms, errors {trial['errors']}")
        best = min(trials)[1]

        with gunicorn(best, var_dir, env) as (port, pid):
            result = measure(port, pid, sessions, WINDOW_S, solo=SOLO_REQUESTS)
        errors = result["errors"]
        line("server", f"gunicorn {describe(best)} (best of the {len(CANDIDATES)} trials)")
        connections = ("a new connection per request: sync workers close it" if best[0] == "sync"
                       else "keep-alive connections")
        line("load", f"{CLIENTS} clients (threads in a second process, one session each, "
             f"{connections}), warm-up {WARMUP_S:.0f} s, window {WINDOW_S:.0f} s")
        if result["solo_ms"]:
            line("unloaded", f"median {statistics.median(result['solo_ms']):.1f} ms "
                 f"(one client alone, {len(result['solo_ms'])} requests)")
        line("requests", f"{result['completed']} completed, {errors} errors"
             + (f" {result['error_kinds']}" if errors else "")
             + f"; {min(result['per_client'])}–{max(result['per_client'])} per client"
             + (f"; {result['reconnects']} stale keep-alive retries" if result["reconnects"] else ""))
        line("throughput", f"{result['throughput']:.1f} req/s")
        line("latency", f"median {result['median']:.1f} ms, p95 {result['p95']:.1f} ms, "
             f"p99 {result['p99']:.1f} ms")
        if "cpu" in result:
            line("cpu", cpu_text(result["cpu"]))
        line("median", verdict_text(result["median"], MEDIAN_LIMIT_MS))
        line("p95", verdict_text(result["p95"], P95_LIMIT_MS))
        passed = result["median"] < MEDIAN_LIMIT_MS and result["p95"] < P95_LIMIT_MS and errors == 0
        line("verdict", f"{'PASS' if passed else 'FAIL'} (median < {MEDIAN_LIMIT_MS:.0f} ms, "
             f"p95 < {P95_LIMIT_MS:.0f} ms, no errors)")
    finally:
        signal.signal(signal.SIGTERM, previous)
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--load"]:
        load_main()
    else:
        main()
