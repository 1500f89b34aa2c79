"""Each metric of the benchmark, as a function that returns table rows."""

import datetime
import random
import time
from urllib.parse import quote

from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.run import Row, fixed_rate_latency, get, median_seconds, served, wrk_rps

API_PORT, B0_PORT = 8811, 8812

NOTES = """
## Notes

- **List pages** are read with `count=false`: B0 does no COUNT(*), so the API is asked for the same
  page without one. The default page (with `count`) is shown too, against the same B0.
- **Sync at depth** uses `?updated_after=` with `ordering=updated_at` and the current page-number
  pagination, until keyset pagination on `(updated_at, id)` lands.
- **Search**: the API's place-name filter (`/locations/?name=`) timed in-process as it is, against
  the same request with `SET enable_indexscan = off; enable_bitmapscan = off` (no index may be
  used). Until migration 0008 (pg_trgm / FTS GIN indexes) lands the name filter has no index it
  can use, so the ratio is about 1. There is no full-text search endpoint yet: "not available".
- **Summary**: `/waves/{id}/summary/` (in-process, the busiest wave) against one hand-written SQL
  query (window function + GROUP BY) computing the same totals, checked equal, until
  `/casualties/summary/` lands.
- **Bulk import**: `reports.services.bulk.bulk_load` of casualty figures (validation, defaults,
  COPY) against a bare psycopg `COPY` of the same rows already built as tuples; both rolled back.
- **CSV export**: `?format=csv` is not offered yet, so only the `COPY ... TO` baseline is measured.
"""


def everything(*, arguments) -> list[Row]:
    rows: list[Row] = []
    rows += list_pages(arguments)
    rows += sync_depth(arguments)
    rows += queries_per_page()
    rows += search()
    rows += summary()
    rows += bulk_import(arguments)
    rows += csv_export()
    return rows


def _region_and_span() -> tuple[int, str, str]:
    """The busiest oblast and a quarter of its busiest year: the skewed case a user asks for."""
    from reports.models import Attack, Location

    oblasts = Location.objects.filter(kind="region")
    counts = [
        (Attack.objects.filter(location__path__startswith=oblast.path).count(), oblast.pk)
        for oblast in oblasts
    ]
    _count, oblast_id = max(counts)
    return oblast_id, "2023-01-01", "2023-12-31"


def list_pages(arguments) -> list[Row]:
    oblast_id, date_from, date_to = _region_and_span()
    pages = {
        "attacks list, 100/page, page 3": "/api/v1/attacks/?count=false&page=3&page_size=100",
        "casualties by region and dates, 100/page": (
            f"/api/v1/casualties/?count=false&date_from={date_from}&date_to={date_to}"
            f"&location_id={oblast_id}&page=2&page_size=100"
        ),
    }
    counted = "/api/v1/attacks/?page=3&page_size=100"
    results: dict[str, dict] = {}
    for name, port, app in (
        ("ours", API_PORT, "conflict.wsgi:application"),
        ("b0", B0_PORT, "bench.b0:application"),
    ):
        with served(app, port, {}):
            for metric, path in pages.items():
                status, body = get(port, path)
                assert status == 200, (app, path, status, body[:300])
                results.setdefault(metric, {})[name] = {
                    "body": body,
                    "rps": wrk_rps(port, path, arguments.seconds),
                }
            if name == "ours":
                results["counted"] = {"ours": wrk_rps(port, counted, arguments.seconds)}
    rows = []
    for metric, path in pages.items():
        ours, b0 = results[metric]["ours"], results[metric]["b0"]
        same = ours["body"] == b0["body"]
        rows.append(
            Row(
                f"{metric}: requests/s",
                ours["rps"],
                b0["rps"],
                "rps",
                ">= 0.5",
                ours["rps"] / b0["rps"] >= 0.5,
                "" if same else "BODIES DIFFER",
            )
        )
        rate = max(round(0.5 * min(ours["rps"], b0["rps"]), 2), 0.1)
        latencies = {}
        for name, port, app in (
            ("ours", API_PORT, "conflict.wsgi:application"),
            ("b0", B0_PORT, "bench.b0:application"),
        ):
            with served(app, port, {}):
                get(port, path)
                latencies[name] = fixed_rate_latency(port, path, rate, arguments.seconds)
        rows.append(
            Row(f"{metric}: p50 at {rate} req/s", latencies["ours"][0], latencies["b0"][0], "ms", "-")
        )
        rows.append(
            Row(
                f"{metric}: p99 at {rate} req/s",
                latencies["ours"][1],
                latencies["b0"][1],
                "ms",
                "<= 2",
                latencies["ours"][1] / latencies["b0"][1] <= 2,
            )
        )
    ours_counted = results["counted"]["ours"]
    b0_page = results["attacks list, 100/page, page 3"]["b0"]["rps"]
    rows.append(
        Row(
            "attacks list with count (the default): requests/s",
            ours_counted,
            b0_page,
            "rps",
            ">= 0.5",
            ours_counted / b0_page >= 0.5,
        )
    )
    return rows


def sync_depth(arguments) -> list[Row]:
    from reports.models import Casualty

    published = Casualty.objects.published().count()
    depth_rows = min(100_000, (published // 2) // 100 * 100)
    base = (
        "/api/v1/casualties/?count=false&ordering=updated_at&page_size=100&updated_after=2000-01-01T00:00:00Z"
    )
    with served("conflict.wsgi:application", API_PORT, {}):
        first = wrk_rps(API_PORT, base + "&page=1", arguments.seconds)
        deep = wrk_rps(API_PORT, base + f"&page={depth_rows // 100 + 1}", arguments.seconds)
    # Time per request is 1/rps: depth/first time is first rps / depth rps.
    return [
        Row(
            f"sync feed {depth_rows:,} rows in vs first page: time per request",
            1000 / deep,
            1000 / first,
            "ms",
            "<= 1.3",
            first / deep <= 1.3,
            "page-number pagination",
        )
    ]


def queries_per_page() -> list[Row]:
    client = Client(HTTP_HOST="127.0.0.1")
    rows = []
    for resource in (
        "attacks",
        "casualties",
        "statements",
        "waves",
        "force-deployments",
        "locations",
        "sources",
    ):
        counts = []
        for size in (10, 100):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(f"/api/v1/{resource}/?page_size={size}")
            assert response.status_code == 200, (resource, response.status_code)
            counts.append(len(queries))
        rows.append(
            Row(
                f"{resource} list: SQL queries at page size 100 vs 10",
                counts[1],
                counts[0],
                "",
                "= 1",
                counts[0] == counts[1],
            )
        )
    return rows


def _no_index(enabled: bool) -> None:
    value = "on" if enabled else "off"
    with connection.cursor() as cursor:
        cursor.execute(f"SET enable_indexscan = {value}")
        cursor.execute(f"SET enable_bitmapscan = {value}")


def search() -> list[Row]:
    from reports.models import LocationName

    client = Client(HTTP_HOST="127.0.0.1")
    names = list(LocationName.objects.order_by("?").values_list("name", flat=True)[:5])
    rows = []
    for label, param in (("place-name search", "name"),):
        paths = [f"/api/v1/locations/?{param}={quote(name)}" for name in names]

        def request_all(paths=paths):
            for path in paths:
                response = client.get(path)
                assert response.status_code == 200 and response.json()["results"], path

        with transaction.atomic():
            indexed = median_seconds(request_all, 5) / len(paths)
            _no_index(False)
            unindexed = median_seconds(request_all, 5) / len(paths)
            _no_index(True)
        rows.append(
            Row(
                f"{label}: time per request, index vs none",
                indexed * 1000,
                unindexed * 1000,
                "ms",
                "<= 0.05",
                indexed / unindexed <= 0.05,
                "no trigram index before migration 0008",
            )
        )
    rows.append(Row("full-text search: time per request, index vs none", None, None, "ms", "<= 0.05", None))
    return rows


SUMMARY_SQL = """
WITH figures AS (
    SELECT c.*, row_number() OVER (
        PARTITION BY c.attack_id, c.wave_id, c.deployment_id, c.kind, c.population, c.age_group, c.places_key
        ORDER BY (c.rank = 'preferred') DESC, c.date_end DESC, c.id DESC
    ) AS choice
    FROM reports_casualty c
    WHERE c.review_status = 'published' AND c.rank <> 'deprecated' AND c.included_in_id IS NULL
      AND (c.wave_id = %(wave)s
           OR c.attack_id = ANY(ARRAY(SELECT id FROM reports_attack WHERE wave_id = %(wave)s)))
)
SELECT kind,
       sum(coalesce(low, best, 0)),
       sum(coalesce(best, low, high)),
       CASE WHEN bool_and(high IS NOT NULL
                          OR (best IS NOT NULL AND qualifier NOT IN ('at_least', 'more_than')))
            THEN sum(coalesce(high, best)) END,
       count(*)
FROM figures WHERE choice = 1 GROUP BY kind ORDER BY kind
"""


def summary() -> list[Row]:
    from reports.models import Casualty

    busiest = (
        Casualty.objects.published()
        .values("attack__wave")
        .exclude(attack__wave=None)
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    wave_id = busiest["attack__wave"]
    client = Client(HTTP_HOST="127.0.0.1")

    def ours():
        response = client.get(f"/api/v1/waves/{wave_id}/summary/")
        assert response.status_code == 200
        return response.json()

    def sql():
        with connection.cursor() as cursor:
            cursor.execute(SUMMARY_SQL, {"wave": wave_id})
            return cursor.fetchall()

    api_totals = {(t["kind"], t["low"], t["best"], t["high"], len(t["figure_ids"])) for t in ours()["totals"]}
    sql_totals = set(sql())
    agree = api_totals == sql_totals
    ours_time, sql_time = median_seconds(ours, 10), median_seconds(sql, 10)
    return [
        Row(
            f"wave summary vs SQL GROUP BY: time per request ({sum(t[4] for t in sql_totals)} figures)",
            ours_time * 1000,
            sql_time * 1000,
            "ms",
            "<= 1.5",
            ours_time / sql_time <= 1.5,
            "totals agree" if agree else "TOTALS DIFFER",
        )
    ]


def _figure_rows(count: int, first_id: int) -> list[dict]:
    from reports.models import Attack

    rng = random.Random(11)
    attack_ids = list(Attack.objects.values_list("id", flat=True)[:1000])
    day = datetime.date(2024, 3, 1)
    now = datetime.datetime.now(datetime.UTC)
    return [
        {
            "id": first_id + i,
            "attack_id": rng.choice(attack_ids),
            "kind": "killed",
            "population": "civilian",
            "best": rng.randint(1, 50),
            "qualifier": "exact",
            "phrase": "",
            "date_start": day,
            "date_end": day,
            "date_precision": "day",
            "review_status": "published",
            "created_at": now,
            "updated_at": now,
        }
        for i in range(count)
    ]


class _Rollback(Exception):
    pass


def bulk_import(arguments) -> list[Row]:
    from reports.models import Casualty
    from reports.services.bulk import _column_defaults, bulk_load

    count = 100_000 if arguments.scale >= 1 else 20_000
    first_id = (Casualty.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1_000_000
    rows = _figure_rows(count, first_id)
    fillers = _column_defaults(Casualty, datetime.datetime.now(datetime.UTC))
    columns = list(Casualty._meta.concrete_fields)
    tuples = [
        tuple(row[f.attname] if f.attname in row else fillers[f.attname](row) for f in columns)
        for row in rows
    ]
    names = ", ".join(f'"{f.column}"' for f in columns)

    def timed(action) -> float:
        started = time.perf_counter()
        try:
            with transaction.atomic():
                action()
                raise _Rollback
        except _Rollback:
            pass
        return time.perf_counter() - started

    def ours():
        bulk_load(model=Casualty, rows=rows)

    def raw():
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY reports_casualty ({names}) FROM STDIN") as copy,
        ):
            for values in tuples:
                copy.write_row(values)

    ours_time = min(timed(ours) for _ in range(2))
    raw_time = min(timed(raw) for _ in range(2))
    return [
        Row(
            f"bulk import of {count:,} figures: figures/s",
            count / ours_time,
            count / raw_time,
            "rows/s",
            ">= 0.5",
            raw_time / ours_time >= 0.5,
        )
    ]


def csv_export() -> list[Row]:
    from reports.models import Casualty

    client = Client(HTTP_HOST="127.0.0.1")
    response = client.get("/api/v1/casualties/?format=csv&page_size=1")
    available = response.status_code == 200 and response.get("Content-Type", "").startswith("text/csv")
    total = Casualty.objects.count()

    def copy_to():
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy("COPY reports_casualty TO STDOUT (FORMAT csv, HEADER)") as copy,
        ):
            for _block in copy:
                pass

    copy_time = median_seconds(copy_to, 1)
    note = "" if available else "?format=csv not offered yet"
    return [
        Row("full CSV export: rows/s", None, total / copy_time, "rows/s", ">= 0.5", None, note),
        Row("full CSV export: server peak memory above idle", None, None, "MB", "< 100", None, note),
    ]
