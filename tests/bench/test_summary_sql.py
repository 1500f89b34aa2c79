"""The benchmark's hand-written summary SQL answers what the API answers the public.

Otherwise the summary's ratio would compare two different answers: the SQL applies TOTALS_RULE as
the public sees it, drafts and all (figures of a draft owner, a figure inside a draft figure).
"""

import pytest
from django.db import connection

from bench.measure import summary_groups, summary_sql, summary_sql_groups
from reports.choices import ReviewStatus
from tests.api.helpers import ok
from tests.builders import make_attack, make_casualty, make_deployment, make_wave

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the benchmark's SQL is PostgreSQL's"),
]

DRAFT = {"review_status": ReviewStatus.DRAFT}
PREFERRED = {"rank": "preferred", "rank_reason": "The official count."}


def written(*, wave_id: int | None) -> set[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(summary_sql(wave=wave_id is not None, complete=True), {"wave": wave_id})
        return summary_sql_groups(cursor.fetchall())


def answered(client, path: str) -> set[tuple]:
    return summary_groups(ok(client.get(path)))


def test_the_summary_sql_agrees_with_the_public_s_summaries_drafts_and_all(anonymous):
    wave = make_wave()
    known = make_attack(wave=wave)
    make_casualty(attack=known, best=3, **PREFERRED)
    make_casualty(attack=known, best=4)  # the rival left out
    for draft in (
        {"attack": make_attack(wave=wave, **DRAFT)},
        {"wave": make_wave(**DRAFT)},
        {"deployment": make_deployment(**DRAFT)},
    ):
        make_casualty(**draft, best=5, **PREFERRED)
        make_casualty(**draft, best=6)
    # Of attacks of their own, so that they are not rivals: one fact each.
    container = make_casualty(attack=make_attack(wave=wave), kind="injured", best=50)
    in_draft = make_casualty(kind="injured", included_in=container, best=20, **DRAFT)
    make_casualty(kind="injured", included_in=in_draft, best=2)  # in nothing, for the public
    make_casualty(kind="injured", included_in=container, best=1)  # held by the container

    summary = answered(anonymous, "/api/v1/casualties/summary/")
    assert sorted((kind, best) for kind, _low, best, *_ in summary) == [("injured", 52), ("killed", 36)]
    assert written(wave_id=None) == summary
    wave_summary = answered(anonymous, f"/api/v1/waves/{wave.pk}/summary/")
    assert sorted((kind, best) for kind, _low, best, *_ in wave_summary) == [("injured", 50), ("killed", 3)]
    assert written(wave_id=wave.pk) == wave_summary
