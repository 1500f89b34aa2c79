"""The search metric alone (``measure.search``), printed as the benchmark's table rows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/conflict_bench python -m bench.search_only

For work on the search: it reads the dataset already loaded (it builds nothing and migrates
nothing) with the server's settings, and writes no results file.
"""

import os


def main() -> None:
    from bench.run import SERVER_ENV, fmt

    os.environ.update(SERVER_ENV)
    import django

    django.setup()
    from bench import measure

    for row in measure.search():
        ratio = fmt(row.ratio) if row.ratio is not None else "-"
        note = f" ({row.note})" if row.note else ""
        print(f"{row.metric}{note}: {fmt(row.ours, row.unit)} vs {fmt(row.baseline, row.unit)} = {ratio}")


if __name__ == "__main__":
    main()
