"""Each metric of the benchmark, as a function that returns table rows."""

import contextlib
import datetime
import http.client
import json
import random
import statistics
import threading
import time
from urllib.parse import parse_qs, quote, urlsplit

from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.run import (
    Row,
    fixed_rate_latency,
    get,
    interleaved_latencies,
    median_seconds,
    memory_kb,
    percentile,
    served,
    worker_pids,
    wrk_rps,
)

API_PORT, B0_PORT = 8811, 8812

NOTES = """
## Notes

- **List pages** are read with `count=false`: B0 does no COUNT(*), so the API is asked for the same
  page without one. The default page (with `count`) is shown too, against the same B0.
- **Sync at depth**: the keyset changes feed `/api/v1/casualties/changes/` (100 per page, ordered by
  `(updated_at, id)`). The page 100,000 rows in (half the published figures at quick scale) is asked
  for with the cursor the server gives for that position: the `(updated_at, id)` of the row before,
  encoded by the feed's own `ChangesPagination.encode_cursor` (checked against the first page's `next`
  link). The first page and the deep page are requested in turn on one connection under gunicorn;
  p50 (the target) and p99 of each.
- **Search**: for each search, the SQL the API runs to count and list the matching rows (captured from
  the request; the queries that read related rows are left out) is timed in the database (planning
  and execution time reported by `EXPLAIN (ANALYZE, TIMING OFF)`), with the search indexes and
  without them: migration 0008's trigram and full-text GIN indexes and the B-tree indexes on the
  folded place names are dropped inside a transaction that is rolled back, so that every other index
  stays usable (the tables are locked meanwhile). The note names the indexes the plan uses. The whole
  request (in-process) is shown too, without a target. Searches: five place names (three towns, two
  other spellings) exact and by their first five letters; for full text, words of the generated
  texts. The generator's vocabulary has 55 words, so each word is in 3 to 10% of the rows (two words
  together in about 1%): a one-word search of statements ranks about 9,500 matches by `ts_rank`.
  Full text is searched in a stored `tsvector` column (migration 0010), which the GIN index and the
  ranking both read; without the index the same SQL scans that column, words already parsed. A third
  row (no target) compares the indexed SQL with the search built on nothing: no index, and each row's
  words parsed from its text, as before migration 0010 (the column in the SQL replaced by the
  expression it stores, read from the catalog). A fourth row (no target) measures the floor of any
  plan PostgreSQL has for an exact answer: a GIN index holds no visibility, so an exact count of the
  matches, or their ranks, reads each match's page at least once (on PostgreSQL 15.20 a bitmap heap
  scan for `count(*)` fetched every match's page even with every page all-visible and nothing to
  filter, through a partial index of the published rows). It times `SELECT count(*)` of every row
  whose stored words match, nothing else asked of the rows (no review status, no rank), through the
  index and by scan, one statement for each search against the API's two (count and page) for each,
  so that the ratios compare: where the floor's ratio is above 0.05, no index that PostgreSQL reads
  through the table meets the target for that search.
- **Summary**: `/api/v1/casualties/summary/` (every published figure, by kind) and
  `/api/v1/waves/{id}/summary/` (the busiest wave), in-process, against hand-written SQL that applies
  the same rule (`TOTALS_RULE`: published, not deprecated, not held by a counted container up to three
  levels up through published figures, one figure per fact by `row_number()`, a figure of a draft
  attack, wave or deployment a fact of its own; a wave's figures of its draft attacks left out, as
  the public's wave summary leaves them out) and returns what the API answers: each kind's
  sums, its figures' ids and its sources' ids. The two are checked equal (sums, counts, the figure ids
  and the number of sources). The same request against SQL of the sums alone is shown without a target.
  Both run with the server's settings (JIT on by default). The target is on the casualty summary; the
  wave's is shown without one: its SQL takes milliseconds, and the request's fixed cost (the view
  loads the wave with its lists for the brief it shows) decides its ratio.
- **Bulk import**: `reports.services.bulk.bulk_load` of casualty figures (validation, defaults,
  COPY) against a bare psycopg `COPY` of the same rows already built as tuples; both rolled back.
- **CSV export**: the whole `/api/v1/casualties/?format=csv` (every published figure) downloaded from
  gunicorn (the export's worker is given `--timeout 1800`: a sync worker streaming longer than
  gunicorn's default 30 s is killed mid-response), against `COPY (SELECT ...) TO STDOUT (FORMAT csv)`
  of the same rows and columns in the same order (the lists aggregated in SQL), checked to give the
  same ids in the same order. Memory: each worker's VmRSS sampled every 20 ms during the export and its
  VmHWM after it, minus its VmRSS when idle (both workers served a small export first).
"""


def everything(*, arguments) -> list[Row]:
    rows: list[Row] = []
    rows += list_pages(arguments)
    rows += sync_depth(arguments)
    rows += queries_per_page()
    rows += search()
    rows += summary()
    rows += bulk_import(arguments)
    rows += csv_export(arguments)
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


def sync_cursor(position: int) -> str:
    """The cursor of the changes feed's page that starts ``position`` rows in, as the server makes it:
    the (updated_at, id) of the row before, encoded by the feed's own pagination."""
    from api.pagination import ChangesPagination
    from reports.models import Casualty

    before = Casualty.objects.published().order_by("updated_at", "id")[position - 1]
    return ChangesPagination().encode_cursor(before)


def sync_depth(arguments) -> list[Row]:
    from reports.models import Casualty

    published = Casualty.objects.published().count()
    depth_rows = min(100_000, (published // 2) // 100 * 100)
    feed = "/api/v1/casualties/changes/?page_size=100"
    deep = f"{feed}&cursor={sync_cursor(depth_rows)}"
    with served("conflict.wsgi:application", API_PORT, {}):
        status, body = get(API_PORT, feed)
        assert status == 200, (status, body[:300])
        # The cursor built here is the one the server gives: the first page's next link holds it.
        given = parse_qs(urlsplit(json.loads(body)["next"]).query)["cursor"]
        assert given == [sync_cursor(100)], given
        status, body = get(API_PORT, deep)
        assert status == 200 and len(json.loads(body)["results"]) == 100, (status, body[:300])
        first, at_depth = interleaved_latencies(API_PORT, [feed, deep], arguments.seconds)
    return [
        Row(
            f"changes feed, page {depth_rows:,} rows in vs first page: p50 latency",
            percentile(at_depth, 0.5),
            percentile(first, 0.5),
            "ms",
            "<= 1.3",
            percentile(at_depth, 0.5) / percentile(first, 0.5) <= 1.3,
            f"keyset cursor, {len(first)} requests each, taking turns",
        ),
        Row(
            f"changes feed, page {depth_rows:,} rows in vs first page: p99 latency",
            percentile(at_depth, 0.99),
            percentile(first, 0.99),
            "ms",
            "-",
        ),
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


# What marks the queries of a search among those a request runs (the others read related rows).
SEARCH_CONDITIONS = ('"search_name" = ', '"search_name"::text LIKE ', "plainto_tsquery(")


def _search_requests() -> list[tuple[str, list[str]]]:
    """Realistic searches: towns by one of their names and by the first letters typed, and words
    of the generated texts (each word of the vocabulary is in 3-10% of the rows; two words in about 1%)."""
    from reports.models import Location, LocationName

    rng = random.Random(5)
    towns = list(
        Location.objects.filter(kind__in=["city", "town"]).order_by("id").values_list("name", flat=True)
    )
    spellings = list(LocationName.objects.order_by("id").values_list("name", flat=True))
    names = rng.sample(towns, 3) + rng.sample(spellings, 2)
    return [
        ("place name (?name=, exact)", [f"/api/v1/locations/?name={quote(name)}" for name in names]),
        (
            "place name (?q=, first letters)",
            [f"/api/v1/locations/?q={quote(name[:5].lower())}" for name in names],
        ),
        (
            "statements full text (?q=, one word)",
            [f"/api/v1/statements/?q={word}" for word in ("church", "convoy")],
        ),
        (
            "statements full text (?q=, two words)",
            ["/api/v1/statements/?q=market+fire", "/api/v1/statements/?q=church+shelter"],
        ),
        ("attacks full text (?q=)", ["/api/v1/attacks/?q=market+fire", "/api/v1/attacks/?q=church+shelter"]),
        ("sources full text (?q=)", ["/api/v1/sources/?q=kindergarten", "/api/v1/sources/?q=market+fire"]),
    ]


def _search_queries(client: Client, path: str) -> list[str]:
    """The SQL that a search request runs to find and count its rows, as run."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200 and response.json()["results"], (path, response.status_code)
    return [query["sql"] for query in queries if any(mark in query["sql"] for mark in SEARCH_CONDITIONS)]


# The resources whose ``q`` searches the words of their text, by the model that holds it.
SEARCHED_TEXTS = {"statements": "statement", "attacks": "attack", "sources": "source"}


def _searches_text(path: str) -> bool:
    return urlsplit(path).path.split("/")[3] in SEARCHED_TEXTS


def _matches_visited(path: str) -> str:
    """The least SQL that answers a text search exactly: it visits each matching row once.

    PostgreSQL reads a row's page to tell whether the row is visible to the query (a GIN index
    cannot say: it holds no visibility), so an exact count of the matches, or their ranks, read
    every match's page at least once, whatever the index. This counts every row whose stored
    words match, with nothing else asked of the rows (no review status, no rank): through the
    index, the floor of any plan; without it, the scan that reads every row.
    """
    from django.apps import apps

    from reports.services.search import TEXT_SEARCH_CONFIG, StoredDocument

    resource = urlsplit(path).path.split("/")[3]
    table = apps.get_model("reports", SEARCHED_TEXTS[resource])._meta.db_table
    (text,) = parse_qs(urlsplit(path).query)["q"]
    return connection.ops.compose_sql(
        f'SELECT count(*) FROM "{table}" WHERE "{StoredDocument.column}" @@ plainto_tsquery(%s, %s)',
        [TEXT_SEARCH_CONFIG, text],
    )


def _search_indexes() -> list[str]:
    """The indexes a search may use: migration 0008's trigram and full-text indexes, and the
    B-tree indexes on the folded place names that serve an exact name."""
    from reports.services.search import TEXT_DOCUMENTS

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename IN ('reports_location', 'reports_locationname')"
            " AND indexdef LIKE '%%search_name%%'"
        )
        names = [name for (name,) in cursor.fetchall()]
    return sorted(names + [document.index_name for document in TEXT_DOCUMENTS.values()])


def _indexes_used(sql: str, indexes: list[str]) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql)
        plan = "\n".join(line for (line,) in cursor.fetchall())
    return {name for name in indexes if f" {name} " in plan or plan.endswith(f" {name}")}


@contextlib.contextmanager
def _search_indexes_dropped(indexes: list[str]):
    """Inside a transaction that is rolled back, without the indexes a search may use: the
    queries are planned as they would be without them, with every other index still there."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            for name in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
        yield
        transaction.set_rollback(True)


def _stored_documents() -> dict[str, str]:
    """Each stored full-text column as the SQL names it, and the expression that fills it."""
    from reports.services.search import StoredDocument

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, generation_expression FROM information_schema.columns"
            " WHERE column_name = %s AND is_generated = 'ALWAYS'",
            [StoredDocument.column],
        )
        return {f'"{table}"."{StoredDocument.column}"': f"({expression})" for table, expression in cursor}


def _documents_parsed(sql: str, documents: dict[str, str]) -> str:
    """``sql`` as it was without the stored column: each row's words parsed from its text."""
    for column, expression in documents.items():
        sql = sql.replace(column, expression)
    return sql


def _server_seconds(statements: list[str], repeat: int) -> float:
    """How long the database takes to plan and run ``statements``, median of ``repeat`` runs:
    the planning and execution times that EXPLAIN ANALYZE reports (without per-node timing),
    so that the round trip to Python, the same with or without an index, is left out."""

    def once() -> float:
        total = 0.0
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute("EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON) " + sql)
                for (line,) in cursor.fetchall():
                    if line.startswith(("Planning Time:", "Execution Time:")):
                        total += float(line.split(":")[1].split()[0]) / 1000
        return total

    once()
    return statistics.median(once() for _ in range(repeat))


def search() -> list[Row]:
    client = Client(HTTP_HOST="127.0.0.1")
    indexes = _search_indexes()
    documents = _stored_documents()
    rows = []
    for label, paths in _search_requests():
        statements = [sql for path in paths for sql in _search_queries(client, path)]
        used = set().union(*(_indexes_used(sql, indexes) for sql in statements))

        def request_all(paths=paths):
            for path in paths:
                assert client.get(path).status_code == 200

        indexed = _server_seconds(statements, 5) / len(paths)
        request = median_seconds(request_all, 3) / len(paths)
        parsed_statements = [_documents_parsed(sql, documents) for sql in statements]
        visits = [_matches_visited(path) for path in paths if _searches_text(path)]
        if visits:
            visited = _server_seconds(visits, 5) / len(paths)
        with _search_indexes_dropped(indexes):
            unindexed = _server_seconds(statements, 3) / len(paths)
            request_unindexed = median_seconds(request_all, 1) / len(paths)
            if parsed_statements != statements:
                parsed = _server_seconds(parsed_statements, 3) / len(paths)
            if visits:
                scanned = _server_seconds(visits, 3) / len(paths)
        rows.append(
            Row(
                f"{label}: its SQL (count and page, database time), with vs without the search index",
                indexed * 1000,
                unindexed * 1000,
                "ms",
                "<= 0.05",
                indexed / unindexed <= 0.05,
                f"uses {', '.join(sorted(used))}" if used else "NO SEARCH INDEX USED",
            )
        )
        if visits:
            rows.append(
                Row(
                    f"{label}: the least an exact answer reads, each match's row visited once (a count of"
                    " every match, nothing filtered), through the index vs by scan",
                    visited * 1000,
                    scanned * 1000,
                    "ms",
                    "-",
                )
            )
        if parsed_statements != statements:
            rows.append(
                Row(
                    f"{label}: its SQL with the search index vs without it and with each row's words"
                    " parsed from its text (no stored column)",
                    indexed * 1000,
                    parsed * 1000,
                    "ms",
                    "-",
                )
            )
        rows.append(
            Row(
                f"{label}: whole request (in-process), with vs without the search index",
                request * 1000,
                request_unindexed * 1000,
                "ms",
                "-",
            )
        )
    return rows


# The casualty summary by kind written by hand for PostgreSQL, by the rule of TOTALS_RULE
# (reports/services/summaries.py): the published figures (what the public sees) and the wave's
# when one is given; deprecated ones left out; a figure left out when a counted figure holds it,
# up to three levels up its chain of included_in through published figures; one figure per fact,
# the preferred else the latest else the highest id, a figure of a draft attack, wave or deployment
# being a fact of its own (the public sees it belong to none); then each kind's sums, its figures'
# ids and their sources' ids.
SUMMARY_CHOSEN = """
    WITH figures AS NOT MATERIALIZED (
        SELECT * FROM reports_casualty WHERE review_status = 'published' {owner}
    ),
    -- The figures that have a container, with the two containers above it, reached only through
    -- published figures: the public sees a figure in a draft as included in nothing.
    chains AS (
        SELECT figure.id, up1.id AS up1,
               CASE WHEN up1.review_status = 'published' THEN up1.included_in_id END AS up2,
               CASE WHEN up1.review_status = 'published' AND up2.review_status = 'published'
                    THEN up2.included_in_id END AS up3
        FROM figures figure
        JOIN reports_casualty up1 ON up1.id = figure.included_in_id
        LEFT JOIN reports_casualty up2 ON up2.id = up1.included_in_id
    ),
    contained AS (
        SELECT chains.id FROM chains
        JOIN figures counted ON counted.id IN (chains.up1, chains.up2, chains.up3)
        WHERE counted.rank <> 'deprecated'
    )
    SELECT id, kind, low, best, high, qualifier FROM (
        SELECT figure.*, row_number() OVER (
            PARTITION BY attack_id, wave_id, deployment_id, kind, population, age_group, places_key,
                CASE WHEN attack_id IN (SELECT id FROM reports_attack WHERE review_status <> 'published')
                       OR wave_id IN (SELECT id FROM reports_wave WHERE review_status <> 'published')
                       OR deployment_id IN (
                           SELECT id FROM reports_forcedeployment WHERE review_status <> 'published'
                       )
                     THEN figure.id END
            ORDER BY (rank = 'preferred') DESC, date_end DESC, id DESC
        ) AS choice
        FROM figures figure
        WHERE rank <> 'deprecated' AND NOT EXISTS (SELECT 1 FROM contained WHERE contained.id = figure.id)
    ) ranked
    WHERE choice = 1
"""
SUMMARY_WAVE = """
    AND (wave_id = %(wave)s OR attack_id = ANY(ARRAY(
        SELECT id FROM reports_attack WHERE wave_id = %(wave)s AND review_status = 'published'
    )))
"""


SUMMARY_TOTALS = """
    SELECT kind,
           sum(coalesce(low, best, 0)),
           sum(coalesce(best, low, high)),
           CASE WHEN bool_and(
                    high IS NOT NULL OR (best IS NOT NULL AND qualifier NOT IN ('at_least', 'more_than'))
                ) THEN sum(coalesce(high, best)) END,
           count(*){ids}
    FROM chosen GROUP BY kind
"""
SUMMARY_SQL = """
WITH chosen AS ({chosen}),
totals AS ({totals}),
sources AS (
    SELECT kind, array_agg(DISTINCT source_id ORDER BY source_id) AS source_ids
    FROM chosen JOIN reports_casualty_sources link ON link.casualty_id = chosen.id
    GROUP BY kind
)
SELECT totals.*, coalesce(sources.source_ids, '{{}}') FROM totals LEFT JOIN sources USING (kind) ORDER BY kind
"""


def summary_sql(*, wave: bool, complete: bool) -> str:
    """The hand-written summary: with ``complete``, what the API answers (the sums, the figures'
    ids and their sources' ids); without, the sums and counts alone."""
    chosen = SUMMARY_CHOSEN.format(owner=SUMMARY_WAVE if wave else "")
    if not complete:
        return f"WITH chosen AS ({chosen}) {SUMMARY_TOTALS.format(ids='')} ORDER BY kind"
    totals = SUMMARY_TOTALS.format(ids=", array_agg(id ORDER BY id) AS figure_ids")
    return SUMMARY_SQL.format(chosen=chosen, totals=totals)


def _busiest_wave() -> int:
    from reports.models import Casualty

    return (
        Casualty.objects.published()
        .values("attack__wave")
        .exclude(attack__wave=None)
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()["attack__wave"]
    )


def summary_groups(body: dict) -> set[tuple]:
    """What a summary answers, each group as ``summary_sql_groups`` gives one: kind, low, best,
    high, the number of figures used, their ids and the number of sources."""
    return {
        (
            group["kind"],
            group["low"],
            group["best"],
            group["high"],
            group.get("figures", group.get("figure_count")),
            tuple(group["figure_ids"]),
            group.get("sources", group.get("source_count")),
        )
        for group in (body["groups"] if "groups" in body else body["totals"])
    }


def summary_sql_groups(rows: list[tuple]) -> set[tuple]:
    """The rows of ``summary_sql(complete=True)`` as ``summary_groups`` gives a summary's groups."""
    return {(*row[:5], tuple(row[5]), len(row[6])) for row in rows}


def summary() -> list[Row]:
    client = Client(HTTP_HOST="127.0.0.1")
    wave_id = _busiest_wave()
    rows = []
    # The target is on the casualty summary. A wave's summary (a few hundred figures) is
    # shown without one: its SQL takes milliseconds, so the request's fixed cost (the view loads
    # the wave with its lists for the brief it shows) decides its ratio.
    for label, path, wave, target in (
        ("casualty summary, every figure", "/api/v1/casualties/summary/", False, "<= 1.5"),
        ("wave summary, the busiest wave", f"/api/v1/waves/{wave_id}/summary/", True, "-"),
    ):

        def ours(path=path):
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            return response.json()

        def sql(wave=wave, complete=True):
            with connection.cursor() as cursor:
                cursor.execute(summary_sql(wave=wave, complete=complete), {"wave": wave_id})
                return cursor.fetchall()

        written = summary_sql_groups(sql())
        agree = summary_groups(ours()) == written
        ours_time = median_seconds(ours, 5)
        sql_time = median_seconds(sql, 5)
        sums_time = median_seconds(lambda wave=wave: sql(wave, complete=False), 5)
        figures = sum(total[4] for total in written)
        rows.append(
            Row(
                f"{label} ({figures:,} figures used): time per request vs the same summary in SQL",
                ours_time * 1000,
                sql_time * 1000,
                "ms",
                target,
                (ours_time / sql_time <= 1.5 and agree) if target != "-" else None,
                "totals, figures and sources agree" if agree else "RESULTS DIFFER",
            )
        )
        rows.append(
            Row(
                f"{label}: the same request vs SQL of the sums alone (no figure or source ids)",
                ours_time * 1000,
                sums_time * 1000,
                "ms",
                "-",
            )
        )
    return rows


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


# The rows and columns of the casualty CSV export (api/columns.py CASUALTY), in its order, as
# one query whose result PostgreSQL writes as CSV itself: the lists are aggregated in SQL, in
# the order the API lists them (places and actors by name, sources newest first).
EXPORT_SQL = """
SELECT figure.id, %(list_url)s || figure.id || '/' AS url, figure.attack_id,
       figure.wave_id, wave.name AS wave_name, figure.deployment_id, deployment.name AS deployment_name,
       figure.kind, figure.population, figure.age_group, figure.low, figure.best, figure.high,
       figure.qualifier, figure.phrase, figure.date_start, figure.date_end, figure.date_precision,
       places.slugs AS locations, attack.location_id AS attack_location_id,
       attack_place.name AS attack_location_name, figure.included_in_id,
       claimants.slugs AS claimants, sources.ids AS source_ids, figure.statement_id, figure.confidence,
       figure.rank, figure.rank_reason, figure.notes, figure.external_id, figure.review_status,
       figure.created_at, figure.updated_at
FROM reports_casualty figure
LEFT JOIN reports_wave wave ON wave.id = figure.wave_id
LEFT JOIN reports_forcedeployment deployment ON deployment.id = figure.deployment_id
LEFT JOIN reports_attack attack ON attack.id = figure.attack_id
LEFT JOIN reports_location attack_place ON attack_place.id = attack.location_id
LEFT JOIN (
    SELECT link.casualty_id, string_agg(place.slug, ';' ORDER BY place.name, place.id) AS slugs
    FROM reports_casualty_locations link JOIN reports_location place ON place.id = link.location_id
    GROUP BY link.casualty_id
) places ON places.casualty_id = figure.id
LEFT JOIN (
    SELECT link.casualty_id, string_agg(actor.slug, ';' ORDER BY actor.name, actor.id) AS slugs
    FROM reports_casualty_claimants link JOIN reports_actor actor ON actor.id = link.actor_id
    GROUP BY link.casualty_id
) claimants ON claimants.casualty_id = figure.id
LEFT JOIN (
    SELECT link.casualty_id,
           string_agg(source.id::text, ';' ORDER BY source.published_on DESC, source.id) AS ids
    FROM reports_casualty_sources link JOIN reports_source source ON source.id = link.source_id
    GROUP BY link.casualty_id
) sources ON sources.casualty_id = figure.id
WHERE figure.review_status = 'published'
ORDER BY figure.date_start DESC, figure.id
"""


def _sample_memory(pids: list[int], peaks: dict[int, int], stop: threading.Event) -> None:
    while not stop.is_set():
        for pid in pids:
            with contextlib.suppress(OSError, RuntimeError):
                peaks[pid] = max(peaks[pid], memory_kb(pid))
        stop.wait(0.02)


def _download(port: int, path: str) -> tuple[float, list[int], bytes]:
    """Seconds to read the whole response, the first column of each line, and the header line."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    started = time.perf_counter()
    connection.request("GET", path, headers={"Host": "127.0.0.1"})
    response = connection.getresponse()
    assert response.status == 200, response.status
    ids, rest = [], b""
    while block := response.read(1 << 16):
        lines = (rest + block).split(b"\r\n")
        rest = lines.pop()
        ids += [line.split(b",", 1)[0] for line in lines]
    seconds = time.perf_counter() - started
    header, *ids = ids
    return seconds, [int(pk) for pk in ids], header


def csv_export(arguments) -> list[Row]:
    from reports.models import Casualty

    path = "/api/v1/casualties/?format=csv"
    published = Casualty.objects.published().count()
    # Something to export that holds no row: both workers load the export's code before idle is read.
    warm = "/api/v1/casualties/?format=csv&date_from=2100-01-01"
    # A sync worker that streams longer than gunicorn's --timeout (30 s by default) is killed
    # mid-response: the export is given the time it takes.
    with served("conflict.wsgi:application", API_PORT, {}, ("--timeout", "1800")) as server:
        for _ in range(3):
            threads = [threading.Thread(target=get, args=(API_PORT, warm)) for _ in range(4)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        workers = worker_pids(server.pid)
        idle = {pid: memory_kb(pid) for pid in workers}
        peaks = dict(idle)
        stop = threading.Event()
        sampler = threading.Thread(target=_sample_memory, args=(workers, peaks, stop))
        sampler.start()
        try:
            seconds, ids, header = _download(API_PORT, path)
        finally:
            stop.set()
            sampler.join()
        growth_mb = max(max(peaks[pid], memory_kb(pid, "VmHWM")) - idle[pid] for pid in workers) / 1024

    copied: list[int] = []

    def copy_to() -> None:
        copied.clear()
        rest = b""
        with connection.cursor() as cursor:
            sql = cursor.cursor.mogrify(EXPORT_SQL, {"list_url": "http://127.0.0.1/api/v1/casualties/"})
            with cursor.cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT csv, HEADER)") as copy:
                for block in copy:
                    lines = (rest + bytes(block)).split(b"\n")
                    rest = lines.pop()
                    copied.extend(int(line.split(b",", 1)[0]) for line in lines if line[:1].isdigit())

    copy_seconds = median_seconds(copy_to, 1)
    same = ids == copied and len(ids) == published
    note = "the same rows in the same order" if same else f"ROWS DIFFER ({len(ids):,} vs {len(copied):,})"
    return [
        Row(
            f"full CSV export of {published:,} figures: rows/s",
            len(ids) / seconds,
            len(copied) / copy_seconds,
            "rows/s",
            ">= 0.5",
            same and copy_seconds / seconds >= 0.5,
            f"{note}; header {header.decode()[:40]}...",
        ),
        Row(
            "full CSV export: peak memory of the gunicorn worker above idle",
            growth_mb,
            None,
            "MB",
            "< 100",
            growth_mb < 100,
            "VmRSS sampled every 20 ms and VmHWM, both workers, minus each one's idle VmRSS",
        ),
    ]
