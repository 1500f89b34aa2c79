"""B0: the physical limit for the list pages the benchmark asks for.

A bare WSGI app, served by the same gunicorn as the API, that answers the same URLs with the
same JSON bytes, doing only what those bytes need: one psycopg connection per worker, the
least SQL that finds the page's rows and their related rows (no COUNT: it serves pages read
with ``count=false``), tuples turned into dicts and written with orjson. It answers the
anonymous public, so it shows published records only, as the API does for them.

    DATABASE_URL=postgres://... gunicorn bench.b0:application
"""

import os
from collections import defaultdict
from urllib import parse

import orjson
import psycopg

_connection: psycopg.Connection | None = None


def _cursor() -> psycopg.Cursor:
    global _connection
    if _connection is None or _connection.closed:
        _connection = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
        _connection.execute("SET TIME ZONE 'UTC'")
    return _connection.cursor()


def _replace_query_param(url: str, key: str, value) -> str:
    """DRF's replace_query_param: the query re-encoded with its keys sorted."""
    scheme, netloc, path, query, fragment = parse.urlsplit(url)
    query_dict = parse.parse_qs(query, keep_blank_values=True)
    query_dict[key] = [str(value)]
    return parse.urlunsplit(
        (scheme, netloc, path, parse.urlencode(sorted(query_dict.items()), doseq=True), fragment)
    )


def _remove_query_param(url: str, key: str) -> str:
    scheme, netloc, path, query, fragment = parse.urlsplit(url)
    query_dict = parse.parse_qs(query, keep_blank_values=True)
    query_dict.pop(key, None)
    return parse.urlunsplit(
        (scheme, netloc, path, parse.urlencode(sorted(query_dict.items()), doseq=True), fragment)
    )


def _links(url: str, number: int, has_next: bool) -> tuple[str | None, str | None]:
    next_link = _replace_query_param(url, "page", number + 1) if has_next else None
    if number == 1:
        previous = None
    elif number == 2:
        previous = _remove_query_param(url, "page")
    else:
        previous = _replace_query_param(url, "page", number - 1)
    return next_link, previous


def _group(rows, make) -> dict[int, list]:
    grouped: dict[int, list] = defaultdict(list)
    for row in rows:
        grouped[row[0]].append(make(row))
    return grouped


def _source_brief(base: str):
    return lambda row: {
        "id": row[1],
        "url": f"{base}sources/{row[1]}/",
        "title": row[2],
        "publisher": row[3],
        "published_on": row[4],
    }


def _actor(base: str, actor_id, slug, name, kind):
    if actor_id is None:
        return None
    return {"id": actor_id, "url": f"{base}actors/{actor_id}/", "slug": slug, "name": name, "kind": kind}


def _location(base: str, location_id, slug, name, kind):
    return {
        "id": location_id,
        "url": f"{base}locations/{location_id}/",
        "slug": slug,
        "name": name,
        "kind": kind,
    }


def _wave(base: str, wave_id, name, date_start, date_end):
    if wave_id is None:
        return None
    return {
        "id": wave_id,
        "url": f"{base}waves/{wave_id}/",
        "name": name,
        "date_start": date_start,
        "date_end": date_end,
    }


CASUALTY_BRIEF_COLUMNS = (
    "c.id, c.kind, c.population, c.age_group, c.low, c.best, c.high, c.qualifier, c.phrase, "
    "c.date_start, c.date_end, c.date_precision, c.confidence, c.rank, "
    # The figure it is included in, if published: the public sees a link to a draft as null.
    "(SELECT i.id FROM reports_casualty i WHERE i.id = c.included_in_id AND i.review_status = 'published')"
)


def _casualty_brief(base: str, row, offset: int = 1) -> dict:
    (
        cid,
        kind,
        population,
        age,
        low,
        best,
        high,
        qualifier,
        phrase,
        start,
        end,
        precision,
        confidence,
        rank,
        included,
    ) = row[offset : offset + 15]
    return {
        "id": cid,
        "url": f"{base}casualties/{cid}/",
        "kind": kind,
        "population": population,
        "age_group": age,
        "low": low,
        "best": best,
        "high": high,
        "qualifier": qualifier,
        "phrase": phrase,
        "date_start": start,
        "date_end": end,
        "date_precision": precision,
        "confidence": confidence,
        "rank": rank,
        "included_in": included,
    }


def _page_ids(cursor, sql: str, params: dict, number: int, size: int) -> tuple[list[int], bool]:
    """The page's ids cut from the table alone: sorting narrow rows, not the page's every column."""
    cursor.execute(
        f"{sql} LIMIT %(limit)s OFFSET %(offset)s",
        {**params, "limit": size + 1, "offset": (number - 1) * size},
    )
    ids = [row[0] for row in cursor]
    return ids[:size], len(ids) > size


def _in_order(rows: list[tuple], ids: list[int]) -> list[tuple]:
    by_id = {row[0]: row for row in rows}
    return [by_id[pk] for pk in ids]


def attacks_page(cursor, base: str, number: int, size: int) -> tuple[list[dict], bool]:
    ids, has_next = _page_ids(
        cursor,
        "SELECT a.id FROM reports_attack a WHERE a.review_status = 'published' "
        "ORDER BY a.date_start DESC, a.id",
        {},
        number,
        size,
    )
    cursor.execute(
        """
        SELECT a.id, a.date_start, a.date_end, a.date_precision, a.damage, a.damage_description,
               a.description, a.confidence, a.external_id, a.review_status, a.retraction_reason,
               a.reviewed_at, a.created_at, a.updated_at,
               w.id, w.name, w.date_start, w.date_end,
               l.id, l.slug, l.name, l.kind,
               p.id, p.slug, p.name, p.kind
        FROM reports_attack a
        JOIN reports_location l ON l.id = a.location_id
        LEFT JOIN reports_wave w ON w.id = a.wave_id AND w.review_status = 'published'
        LEFT JOIN reports_actor p ON p.id = a.perpetrator_id
        WHERE a.id = ANY(%s)
        """,
        (ids,),
    )
    rows = _in_order(cursor.fetchall(), ids)
    cursor.execute(
        "SELECT x.attack_id, w.id, w.slug, w.name FROM reports_attack_weapons x "
        "JOIN reports_weapon w ON w.id = x.weapon_id WHERE x.attack_id = ANY(%s) ORDER BY w.name, w.id",
        (ids,),
    )
    weapons = _group(
        cursor, lambda r: {"id": r[1], "url": f"{base}weapons/{r[1]}/", "slug": r[2], "name": r[3]}
    )
    cursor.execute(
        "SELECT x.attack_id, t.id, t.slug, t.name FROM reports_attack_targets x "
        "JOIN reports_targettype t ON t.id = x.targettype_id WHERE x.attack_id = ANY(%s) "
        "ORDER BY t.name, t.id",
        (ids,),
    )
    targets = _group(
        cursor, lambda r: {"id": r[1], "url": f"{base}target-types/{r[1]}/", "slug": r[2], "name": r[3]}
    )
    cursor.execute(
        "SELECT x.attack_id, s.id, s.title, s.publisher, s.published_on FROM reports_attack_sources x "
        "JOIN reports_source s ON s.id = x.source_id WHERE x.attack_id = ANY(%s) "
        "ORDER BY s.published_on DESC, s.id",
        (ids,),
    )
    sources = _group(cursor, _source_brief(base))
    cursor.execute(
        f"SELECT c.attack_id, {CASUALTY_BRIEF_COLUMNS} FROM reports_casualty c "
        "WHERE c.attack_id = ANY(%s) AND c.review_status = 'published' ORDER BY c.date_start DESC, c.id",
        (ids,),
    )
    casualties = _group(cursor, lambda r: _casualty_brief(base, r))
    results = []
    for row in rows:
        attack_id = row[0]
        results.append(
            {
                "id": attack_id,
                "url": f"{base}attacks/{attack_id}/",
                "wave": _wave(base, *row[14:18]),
                "location": _location(base, *row[18:22]),
                "date_start": row[1],
                "date_end": row[2],
                "date_precision": row[3],
                "perpetrator": _actor(base, *row[22:26]),
                "weapons": weapons.get(attack_id, []),
                "targets": targets.get(attack_id, []),
                "damage": row[4],
                "damage_description": row[5],
                "description": row[6],
                "confidence": row[7],
                "sources": sources.get(attack_id, []),
                "casualties": casualties.get(attack_id, []),
                "external_id": row[8],
                "review_status": row[9],
                "retraction_reason": row[10],
                "reviewed_at": row[11],
                "created_at": row[12],
                "updated_at": row[13],
            }
        )
    return results, has_next


def casualties_page(cursor, base: str, number: int, size: int, query: dict) -> tuple[list[dict], bool]:
    """Published figures inside a place (by their own places or their attack's) over a span of days."""
    cursor.execute("SELECT path FROM reports_location WHERE id = %s", (int(query["location_id"][0]),))
    prefix = cursor.fetchone()[0].replace("%", r"\%").replace("_", r"\_") + "%"
    # A figure is in the place by its own places, its attack's or its deployment's.
    ids, has_next = _page_ids(
        cursor,
        """
        SELECT c.id FROM reports_casualty c
        WHERE c.review_status = 'published' AND c.date_end >= %(from)s AND c.date_start <= %(to)s
          AND (c.attack_id IN (SELECT a.id FROM reports_attack a
                               JOIN reports_location l ON l.id = a.location_id
                               WHERE l.path LIKE %(prefix)s AND a.review_status = 'published')
               OR c.deployment_id IN (SELECT d.id FROM reports_forcedeployment d
                                      JOIN reports_location l ON l.id = d.location_id
                                      WHERE l.path LIKE %(prefix)s AND d.review_status = 'published')
               OR c.id IN (SELECT cl.casualty_id FROM reports_casualty_locations cl
                           JOIN reports_location l ON l.id = cl.location_id WHERE l.path LIKE %(prefix)s))
        ORDER BY c.date_start DESC, c.id
        """,
        {"from": query["date_from"][0], "to": query["date_to"][0], "prefix": prefix},
        number,
        size,
    )
    cursor.execute(
        f"""
        SELECT {CASUALTY_BRIEF_COLUMNS}, a.id, w.id, d.id, st.id,
               c.rank_reason, c.notes, c.external_id, c.review_status, c.retraction_reason,
               c.reviewed_at, c.created_at, c.updated_at,
               a.date_start, a.date_end, w.name, w.date_start, w.date_end, d.name,
               st.speech_act, st.date_start, st.date_end
        FROM reports_casualty c
        LEFT JOIN reports_attack a ON a.id = c.attack_id AND a.review_status = 'published'
        LEFT JOIN reports_wave w ON w.id = c.wave_id AND w.review_status = 'published'
        LEFT JOIN reports_forcedeployment d ON d.id = c.deployment_id AND d.review_status = 'published'
        LEFT JOIN reports_statement st ON st.id = c.statement_id AND st.review_status = 'published'
        WHERE c.id = ANY(%s)
        """,
        (ids,),
    )
    rows = _in_order(cursor.fetchall(), ids)
    included_ids = sorted({row[14] for row in rows if row[14] is not None})
    cursor.execute(
        "SELECT x.casualty_id, l.id, l.slug, l.name, l.kind FROM reports_casualty_locations x "
        "JOIN reports_location l ON l.id = x.location_id WHERE x.casualty_id = ANY(%s) ORDER BY l.name, l.id",
        (ids,),
    )
    locations = _group(cursor, lambda r: _location(base, *r[1:5]))
    cursor.execute(
        "SELECT x.casualty_id, p.id, p.slug, p.name, p.kind FROM reports_casualty_claimants x "
        "JOIN reports_actor p ON p.id = x.actor_id WHERE x.casualty_id = ANY(%s) ORDER BY p.name, p.id",
        (ids,),
    )
    claimants = _group(cursor, lambda r: _actor(base, *r[1:5]))
    cursor.execute(
        "SELECT x.casualty_id, s.id, s.title, s.publisher, s.published_on FROM reports_casualty_sources x "
        "JOIN reports_source s ON s.id = x.source_id WHERE x.casualty_id = ANY(%s) "
        "ORDER BY s.published_on DESC, s.id",
        (ids,),
    )
    sources = _group(cursor, _source_brief(base))
    included = {}
    if included_ids:
        cursor.execute(
            f"SELECT c.id, {CASUALTY_BRIEF_COLUMNS} FROM reports_casualty c WHERE c.id = ANY(%s)",
            (included_ids,),
        )
        included = {row[0]: _casualty_brief(base, row) for row in cursor}
    results = []
    for row in rows:
        (attack_id, wave_id, deployment_id, statement_id, rank_reason, notes, external_id, status) = row[
            15:23
        ]
        (retraction_reason, reviewed_at, created_at, updated_at) = row[23:27]
        (attack_start, attack_end, wave_name, wave_start, wave_end, deployment_name) = row[27:33]
        (speech_act, statement_start, statement_end) = row[33:36]
        brief = _casualty_brief(base, row, offset=0)
        figure_id = row[0]
        results.append(
            {
                "id": figure_id,
                "url": brief["url"],
                "attack": None
                if attack_id is None
                else {
                    "id": attack_id,
                    "url": f"{base}attacks/{attack_id}/",
                    "date_start": attack_start,
                    "date_end": attack_end,
                },
                "wave": _wave(base, wave_id, wave_name, wave_start, wave_end),
                "deployment": None
                if deployment_id is None
                else {
                    "id": deployment_id,
                    "url": f"{base}force-deployments/{deployment_id}/",
                    "name": deployment_name,
                },
                "kind": brief["kind"],
                "population": brief["population"],
                "age_group": brief["age_group"],
                "low": brief["low"],
                "best": brief["best"],
                "high": brief["high"],
                "qualifier": brief["qualifier"],
                "phrase": brief["phrase"],
                "date_start": brief["date_start"],
                "date_end": brief["date_end"],
                "date_precision": brief["date_precision"],
                "locations": locations.get(figure_id, []),
                "included_in": included.get(brief["included_in"]),
                "claimants": claimants.get(figure_id, []),
                "sources": sources.get(figure_id, []),
                "statement": None
                if statement_id is None
                else {
                    "id": statement_id,
                    "url": f"{base}statements/{statement_id}/",
                    "speech_act": speech_act,
                    "date_start": statement_start,
                    "date_end": statement_end,
                },
                "confidence": brief["confidence"],
                "rank": brief["rank"],
                "rank_reason": rank_reason,
                "notes": notes,
                "external_id": external_id,
                "review_status": status,
                "retraction_reason": retraction_reason,
                "reviewed_at": reviewed_at,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
    return results, has_next


def application(environ, start_response):
    path = environ["PATH_INFO"]
    query = parse.parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
    number = int(query.get("page", ["1"])[0])
    size = int(query.get("page_size", ["50"])[0])
    base = f"http://{environ['HTTP_HOST']}/api/v1/"
    url = f"http://{environ['HTTP_HOST']}{path}"
    if environ.get("QUERY_STRING"):
        url += "?" + environ["QUERY_STRING"]
    with _cursor() as cursor:
        if path == "/api/v1/attacks/":
            results, has_next = attacks_page(cursor, base, number, size)
        elif path == "/api/v1/casualties/":
            results, has_next = casualties_page(cursor, base, number, size, query)
        else:
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"not a benchmarked page"]
    next_link, previous = _links(url, number, has_next)
    body = orjson.dumps(
        {"next": next_link, "previous": previous, "results": results}, option=orjson.OPT_UTC_Z
    )
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
