"""The benchmark's list pages alone, for checking a change to the read path: the API of this
checkout, and optionally of other checkouts, against B0, in rounds that take turns.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/conflict_bench_quick \\
        python -m bench.lists --rounds 3 --seconds 10 --other before=/tmp/checkout-of-main

Each round serves each variant in turn with the benchmark's gunicorn settings (bench/run.py)
and measures each page's requests/s (wrk, closed loop); with ``--latency``, rounds again for its
p50 and p99 at a fixed rate, half the slowest variant's median throughput. On a shared machine
the load moves between rounds: compare the ratios to B0 of the same round, and read their
spread, not one number.
"""

import argparse
import contextlib
import os
import socket
import statistics
import subprocess
import time
from pathlib import Path

from bench.run import GUNICORN, PYTHON, ROOT, SERVER_ENV, fixed_rate_latency, get, wrk_rps

PORT = 8821


@contextlib.contextmanager
def served(app: str, checkout: Path):
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", *GUNICORN, "--bind", f"127.0.0.1:{PORT}", app],
        cwd=checkout,
        env={**os.environ, **SERVER_ENV},
    )
    try:
        for _ in range(600):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", PORT), timeout=1):
                break
            time.sleep(0.1)
        yield
    finally:
        process.terminate()
        process.wait(timeout=30)


def pages() -> dict[str, str]:
    """The pages bench/measure.py's list metric asks for, with the same region and dates."""
    os.environ.update(SERVER_ENV)
    import django

    django.setup()
    from bench.measure import _region_and_span

    oblast_id, date_from, date_to = _region_and_span()
    return {
        "attacks": "/api/v1/attacks/?count=false&page=3&page_size=100",
        "casualties": (
            f"/api/v1/casualties/?count=false&date_from={date_from}&date_to={date_to}"
            f"&location_id={oblast_id}&page=2&page_size=100"
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10, help="how long each load test runs")
    parser.add_argument(
        "--other",
        action="append",
        default=[],
        metavar="NAME=PATH",
        help="another checkout's API to measure in each round, served from it (its code and settings)",
    )
    parser.add_argument("--latency", action="store_true", help="also p50 and p99 at a fixed rate")
    arguments = parser.parse_args()

    variants = [("b0", "bench.b0:application", ROOT), ("this", "conflict.wsgi:application", ROOT)]
    for other in arguments.other:
        name, path = other.split("=", 1)
        variants.append((name, "conflict.wsgi:application", Path(path).resolve()))
    paths = pages()
    bodies: dict[str, set[bytes]] = {metric: set() for metric in paths}
    # rps[metric][variant] and latencies[metric][variant]: one value, or (p50, p99), per round.
    rps: dict[str, dict[str, list[float]]] = {metric: {} for metric in paths}
    latencies: dict[str, dict[str, list[tuple[float, float]]]] = {metric: {} for metric in paths}
    rates: dict[str, float] = {}

    def rounds(measure) -> None:
        for round_number in range(arguments.rounds):
            # Each round starts with a different variant, so that none always runs first.
            shift = round_number % len(variants)
            for name, app, checkout in variants[shift:] + variants[:shift]:
                with served(app, checkout):
                    for metric, path in paths.items():
                        status, body = get(PORT, path)
                        assert status == 200, (name, path, status, body[:300])
                        bodies[metric].add(body)
                        measure(round_number, name, metric, path)

    def throughput(round_number, name, metric, path) -> None:
        rps[metric].setdefault(name, []).append(wrk_rps(PORT, path, arguments.seconds))
        print(f"round {round_number + 1} {name:>8} {metric}: {rps[metric][name][-1]:8.1f} rps", flush=True)

    def latency(round_number, name, metric, path) -> None:
        latencies[metric].setdefault(name, []).append(
            fixed_rate_latency(PORT, path, rates[metric], arguments.seconds)
        )
        p50, p99 = latencies[metric][name][-1]
        print(f"round {round_number + 1} {name:>8} {metric}: p50 {p50:.0f} ms, p99 {p99:.0f} ms", flush=True)

    rounds(throughput)
    if arguments.latency:
        # As bench/measure.py: half the slower one's throughput, here the slowest variant's median.
        for metric in paths:
            slowest = min(statistics.median(values) for values in rps[metric].values())
            rates[metric] = max(round(0.5 * slowest, 2), 0.1)
        rounds(latency)
    print()
    for metric in paths:
        same = "same bytes" if len(bodies[metric]) == 1 else "BODIES DIFFER"
        print(f"{metric} ({same}):")
        for name, _app, _checkout in variants:
            ours, b0 = rps[metric][name], rps[metric]["b0"]
            ratios = ", ".join(f"{mine / base:.3f}" for mine, base in zip(ours, b0, strict=True))
            each = ", ".join(f"{value:.1f}" for value in ours)
            print(
                f"  {name:>8}: rps median {statistics.median(ours):7.1f} (rounds {each});"
                f" vs B0 in each round {ratios}"
            )
            if arguments.latency:
                ours, b0 = latencies[metric][name], latencies[metric]["b0"]
                ratios = ", ".join(f"{mine[1] / base[1]:.2f}" for mine, base in zip(ours, b0, strict=True))
                each = ", ".join(f"{value[1]:.0f}" for value in ours)
                print(f"  {'':>8}  p99 at {rates[metric]} req/s: {each} ms; vs B0 in each round {ratios}")


if __name__ == "__main__":
    main()
