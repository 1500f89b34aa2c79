"""The benchmark's list pages alone, for checking a change to the read path: the API of this
checkout, and optionally of other checkouts, against B0, in rounds that take turns.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/conflict_bench_quick \\
        python -m bench.lists --rounds 3 --seconds 10 --other before=/tmp/checkout-of-main

Each round serves each variant in turn with the benchmark's gunicorn settings (bench/run.py)
and measures each page's requests/s (wrk, closed loop) and, with ``--latency``, its p50 and p99
at a fixed rate of half B0's throughput. On a shared machine the load moves between rounds:
compare the ratios to B0 of the same round, and read their spread, not one number.
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
        help="another checkout's API to measure in each round (its own code, this one's settings)",
    )
    parser.add_argument("--latency", action="store_true", help="also p50 and p99 at a fixed rate")
    arguments = parser.parse_args()

    variants = [("b0", "bench.b0:application", ROOT), ("this", "conflict.wsgi:application", ROOT)]
    for other in arguments.other:
        name, path = other.split("=", 1)
        variants.append((name, "conflict.wsgi:application", Path(path).resolve()))
    paths = pages()
    bodies: dict[str, set[bytes]] = {metric: set() for metric in paths}
    # results[metric][variant]: one (rps, p50, p99) per round; p50 and p99 None without --latency
    results: dict[str, dict[str, list[tuple]]] = {metric: {} for metric in paths}
    rates: dict[str, float] = {}
    for round_number in range(arguments.rounds):
        # Each round starts with a different variant, so none always runs first.
        order = variants[round_number % len(variants) :] + variants[: round_number % len(variants)]
        for name, app, checkout in order:
            with served(app, checkout):
                for metric, path in paths.items():
                    status, body = get(PORT, path)
                    assert status == 200, (name, path, status, body[:300])
                    bodies[metric].add(body)
                    rps = wrk_rps(PORT, path, arguments.seconds)
                    # The first round measures B0 first: its throughput sets every round's rate.
                    rates.setdefault(metric, max(round(0.5 * rps, 2), 0.1))
                    latency = (None, None)
                    if arguments.latency:
                        latency = fixed_rate_latency(PORT, path, rates[metric], arguments.seconds)
                    results[metric].setdefault(name, []).append((rps, *latency))
                    print(f"round {round_number + 1} {name:>8} {metric}: {rps:8.1f} rps", flush=True)
    print()
    for metric in paths:
        same = "same bytes" if len(bodies[metric]) == 1 else "BODIES DIFFER"
        print(f"{metric} ({same}):")
        b0 = results[metric]["b0"]
        for name, _app, _checkout in variants:
            rounds = results[metric][name]
            ratios = [ours[0] / base[0] for ours, base in zip(rounds, b0, strict=True)]
            spread = ", ".join(f"{ratio:.3f}" for ratio in ratios)
            line = (
                f"  {name:>8}: rps median {statistics.median(r[0] for r in rounds):7.1f}"
                f" (rounds {', '.join(f'{r[0]:.1f}' for r in rounds)});"
                f" vs B0 median {statistics.median(ratios):.3f} (rounds {spread})"
            )
            if arguments.latency:
                p99 = [ours[2] / base[2] for ours, base in zip(rounds, b0, strict=True)]
                p99_spread = ", ".join(f"{ratio:.2f}" for ratio in p99)
                line += (
                    f"; p99 {', '.join(f'{r[2]:.0f}' for r in rounds)} ms at {rates[metric]} req/s,"
                    f" vs B0 median {statistics.median(p99):.2f} (rounds {p99_spread})"
                )
            print(line)


if __name__ == "__main__":
    main()
