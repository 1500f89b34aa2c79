"""The benchmark: each variant against its baseline, measured side by side in one run.

    python -m bench.run --scale 1.0        # make bench
    python -m bench.run --scale 0.1        # make bench-quick

It (re)builds the dataset when the database does not hold the one asked for, serves the API
and B0 (bench/b0.py) one after the other with the same gunicorn settings, measures, prints a
table and writes it with a description of the machine to bench/RESULTS.md. Ratios measured in
the same run are the claim, not absolute times: the machine is shared. A variant the code does
not offer yet is reported as "not available", never estimated.
"""

import argparse
import contextlib
import http.client
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/conflict_bench"
WORKERS = 2
# The production server's settings, the same for the API and for B0.
GUNICORN = [
    "--workers",
    str(WORKERS),
    "--worker-class",
    "sync",
    "--keep-alive",
    "5",
    "--log-level",
    "warning",
]
SERVER_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "benchmark-only-key-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "127.0.0.1",
    # TLS is a proxy's work in production; the benchmark speaks plain HTTP on loopback.
    "SECURE_SSL_REDIRECT": "false",
    # Throttles stay on, as in production, at a rate the benchmark never reaches.
    "THROTTLE_ANON_RATE": "100000000/min",
    # DRF's user throttle counts anonymous clients too (by address): it is raised as well.
    "THROTTLE_USER_RATE": "100000000/min",
    "DJANGO_SETTINGS_MODULE": "conflict.settings",
}


@dataclass
class Row:
    metric: str
    ours: float | None
    baseline: float | None
    unit: str
    target: str
    passes: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.ours is None or self.baseline in (None, 0):
            return None
        return self.ours / self.baseline


def fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "not available"
    if abs(value) >= 100:
        text = f"{value:,.0f}"
    elif abs(value) >= 1:
        text = f"{value:.2f}"
    else:
        text = f"{value:.3f}"
    return f"{text} {unit}".strip()


# --- Serving -------------------------------------------------------------------------------


@contextlib.contextmanager
def served(app: str, port: int, env: dict[str, str], options: tuple[str, ...] = ()):
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", *GUNICORN, *options, "--bind", f"127.0.0.1:{port}", app],
        cwd=ROOT,
        env={**os.environ, **SERVER_ENV, **env},
    )
    try:
        for _ in range(600):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            time.sleep(0.1)
        yield process
    finally:
        process.terminate()
        process.wait(timeout=30)


def get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", path, headers={"Host": "127.0.0.1"})
    response = connection.getresponse()
    return response.status, response.read()


def wrk_rps(port: int, path: str, seconds: int) -> float:
    """Requests per second with the server kept busy (closed loop, 4 connections for 2 workers).

    wrk counts only the requests that finish inside its run; when a page is so slow that few
    do, a Python client measures instead, waiting for at least 12 answers.
    """
    url = f"http://127.0.0.1:{port}{path}"
    subprocess.run(["wrk", "-t1", "-c4", "-d2s", "--timeout", "60s", url], capture_output=True, check=True)
    output = subprocess.run(
        ["wrk", "-t1", "-c4", f"-d{seconds}s", "--timeout", "60s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Non-2xx" in output or "Socket errors" in output:
        raise RuntimeError(f"{url} answered errors under load:\n{output}")
    if int(re.search(r"(\d+) requests in", output).group(1)) >= 20:
        return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return closed_loop_rps(port, path, seconds)


def closed_loop_rps(port: int, path: str, seconds: float, connections: int = 4, minimum: int = 12) -> float:
    done = 0
    lock = threading.Lock()
    started = time.perf_counter()

    def client() -> None:
        nonlocal done
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        while True:
            with lock:
                if time.perf_counter() - started >= seconds and done >= minimum:
                    return
            connection.request("GET", path, headers={"Host": "127.0.0.1"})
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{path} answered {response.status}")
            with lock:
                done += 1

    threads = [threading.Thread(target=client) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done / (time.perf_counter() - started)


# The fewest requests a latency is measured over, so that its p99 is the fifth slowest.
LATENCY_REQUESTS = 400


def fixed_rate_latency(port: int, path: str, rate: float, seconds: float) -> tuple[float, float]:
    """p50 and p99 latency in ms at a fixed arrival rate, timed from when each request was due.

    Timing from the due moment rather than the send counts the wait a slow server causes
    (no coordinated omission). At least ``LATENCY_REQUESTS`` requests, however long they take
    at that rate: the p99 of 100 is the second slowest, one pause's worth.
    """
    total = max(int(rate * seconds), LATENCY_REQUESTS)
    started = time.perf_counter() + 0.2
    latencies: list[float] = []
    lock = threading.Lock()
    counter = iter(range(total))

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:
            with lock:
                index = next(counter, None)
            if index is None:
                return
            due = started + index / rate
            delay = due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            connection.request("GET", path, headers={"Host": "127.0.0.1"})
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{path} answered {response.status}")
            with lock:
                latencies.append(time.perf_counter() - due)

    threads = [threading.Thread(target=client) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    if len(latencies) < total:
        raise RuntimeError(f"{path}: only {len(latencies)} of {total} requests answered")
    return latencies[len(latencies) // 2] * 1000, latencies[int(len(latencies) * 0.99) - 1] * 1000


def interleaved_latencies(
    port: int, paths: list[str], seconds: float, minimum: int = 15
) -> list[list[float]]:
    """Each path's latencies in ms, requested one after the other in turn on one connection.

    Taking turns puts every path under the same background load, so that their ratio holds
    on a machine whose load moves.
    """
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    latencies: list[list[float]] = [[] for _ in paths]
    started = time.perf_counter()
    while time.perf_counter() - started < seconds or len(latencies[0]) < minimum:
        for index, path in enumerate(paths):
            sent = time.perf_counter()
            connection.request("GET", path, headers={"Host": "127.0.0.1"})
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{path} answered {response.status}")
            latencies[index].append((time.perf_counter() - sent) * 1000)
    return latencies


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(len(ordered) * fraction), len(ordered) - 1)]


def worker_pids(master: int) -> list[int]:
    """The gunicorn workers: the processes whose parent is the master."""
    workers = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                # Field 4 of /proc/<pid>/stat is the parent; the name before it may hold spaces.
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == master:
                    workers.append(int(entry.name))
    return sorted(workers)


def memory_kb(pid: int, field: str = "VmRSS") -> int:
    """A process's resident memory (VmRSS) or its peak since it started (VmHWM), in kB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} for process {pid}")


# --- In-process measurements ---------------------------------------------------------------


def median_seconds(action, repeat: int) -> float:
    action()
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def machine_description() -> list[str]:
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    memory = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/meminfo").read_text().splitlines()
            if "MemTotal" in line
        ),
        "?",
    )
    return [
        f"CPU: {cpu}, {os.cpu_count()} cores; memory {memory}",
        f"OS: {platform.platform()}; Python {platform.python_version()}",
    ]


def code_version() -> str:
    if os.environ.get("BENCH_COMMIT"):
        return os.environ["BENCH_COMMIT"]
    result = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return result.stdout.strip() or "unknown"


def load_average() -> str:
    return Path("/proc/loadavg").read_text().split(" ", 3)[:3].__str__()


# --- The run -------------------------------------------------------------------------------


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def dataset_loaded(scale: float, seed: int) -> bool:
    from bench.generate import Sizes
    from reports.models import Attack, Statement

    sizes = Sizes.at(scale)
    with contextlib.suppress(Exception):
        return Attack.objects.count() == sizes.attacks and Statement.objects.count() == sizes.statements
    return False


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--seconds", type=int, default=10, help="how long each load test runs")
    parser.add_argument("--output", default=str(ROOT / "bench" / "RESULTS.md"))
    arguments = parser.parse_args()

    database_url = os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE)
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install -y wrk (make bench does it)")
    ensure_database(database_url)
    os.environ.update(SERVER_ENV)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    load_before = load_average()
    started = time.perf_counter()
    if not dataset_loaded(arguments.scale, arguments.seed):
        subprocess.run(
            [PYTHON, "-m", "bench.generate", "--scale", str(arguments.scale), "--seed", str(arguments.seed)],
            cwd=ROOT,
            check=True,
        )
    generation = time.perf_counter() - started

    from bench import measure

    rows = measure.everything(arguments=arguments)
    load_after = load_average()
    write_results(arguments, rows, generation, load_before, load_after)


def write_results(arguments, rows: list[Row], generation: float, load_before: str, load_after: str) -> None:
    from bench.generate import Sizes
    from reports.models import Attack, Casualty, Location, Statement

    sizes = Sizes.at(arguments.scale)
    header = "| metric | ours | baseline | ratio | target | meets |\n|---|---|---|---|---|---|"
    lines = []
    for row in rows:
        meets = {True: "yes", False: "**no**", None: "-"}[row.passes]
        ratio = fmt(row.ratio) if row.ratio is not None else "-"
        metric = row.metric + (f" ({row.note})" if row.note else "")
        cells = [metric, fmt(row.ours, row.unit), fmt(row.baseline, row.unit), ratio, row.target, meets]
        lines.append("| " + " | ".join(cells) + " |")
    table = "\n".join([header, *lines])
    print(table)
    dataset = (
        f"scale {arguments.scale} (seed {arguments.seed}): {Casualty.objects.count():,} casualty figures, "
        f"{Attack.objects.count():,} attacks, {Statement.objects.count():,} statements, "
        f"{Location.objects.count():,} places, {sizes.deployments:,} deployments"
    )
    document = f"""# Benchmark results

Produced at commit {code_version()} by \
`python -m bench.run --scale {arguments.scale} --seconds {arguments.seconds}` \
(`make bench` runs scale 1.0, `make bench-quick` scale 0.1). \
Ratios measured in this one run are the claim; absolute numbers depend on the machine \
and on what else ran on it.

- Dataset: {dataset}; dataset build {generation:.0f} s in this run (0 when it was already loaded).
- Server: gunicorn {" ".join(GUNICORN)}, DEBUG off, the same for the API and for B0; load by `wrk -t1 -c4`
  (throughput) and a fixed-rate Python client (latency, timed from each request's due moment, at
  least {LATENCY_REQUESTS} requests for each variant).
- Machine: {"; ".join(machine_description())}.
- Load average (1, 5, 15 min) before: {load_before}, after: {load_after}. The machine's 2 cores are
  shared with other work, so absolute numbers move between runs; the ratios are what is compared.

{table}
"""
    Path(arguments.output).write_text(document + measure_notes())
    print(f"\nWritten to {arguments.output}")


def measure_notes() -> str:
    from bench import measure

    return measure.NOTES


if __name__ == "__main__":
    main()
