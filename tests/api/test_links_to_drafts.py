"""A published record may link to a draft (an attack to a draft wave): whoever may not see the draft
sees the link as null on every read path, JSON list and detail, changes feed, CSV and GeoJSON,
so that nothing of the draft shows, not even its id. An editor sees the link."""

import pytest

from reports.choices import ReviewStatus
from tests.api.export_helpers import csv_records, features
from tests.api.helpers import ids, matched, ok
from tests.builders import (
    make_actor,
    make_attack,
    make_casualty,
    make_deployment,
    make_deployment_status,
    make_location,
    make_statement,
    make_strength,
    make_wave,
)

pytestmark = pytest.mark.django_db

DRAFT = {"review_status": ReviewStatus.DRAFT}
PUBLIC = ["anonymous", "reader_role"]


def reads(client, resource: str, pk: int) -> dict[str, dict]:
    """The record as each read path writes it, by path: list and detail JSON, changes feed, CSV."""
    listed = ok(client.get(f"/api/v1/{resource}/", {"page_size": 500}))["results"]
    changes = ok(client.get(f"/api/v1/{resource}/changes/", {"page_size": 500}))["results"]
    exported = csv_records(client.get(f"/api/v1/{resource}/", {"format": "csv"}))
    with_hxl = csv_records(client.get(f"/api/v1/{resource}/", {"format": "csv", "hxl": "true"}))[1:]
    return {
        "list": next(row for row in listed if row["id"] == pk),
        "detail": ok(client.get(f"/api/v1/{resource}/{pk}/")),
        "changes": next(row for row in changes if row["id"] == pk),
        "csv": next(row for row in exported if row["id"] == str(pk)),
        "hxl": next(row for row in with_hxl if row["id"] == str(pk)),
    }


def geojson(client, resource: str, pk: int) -> dict:
    collection = features(client.get(f"/api/v1/{resource}/", {"format": "geojson"}))
    return next(feature for feature in collection if feature["properties"]["id"] == pk)


@pytest.mark.parametrize("persona", PUBLIC)
def test_a_published_attack_in_a_draft_wave_shows_no_wave_to_the_public(persona, request):
    client = request.getfixturevalue(persona)
    attack = make_attack(wave=make_wave(name="Secret wave", **DRAFT))

    read = reads(client, "attacks", attack.pk)
    assert [read[path]["wave"] for path in ("list", "detail", "changes")] == [None, None, None]
    for path in ("csv", "hxl"):
        assert (read[path]["wave_id"], read[path]["wave_name"]) == ("", "")
    properties = geojson(client, "attacks", attack.pk)["properties"]
    assert (properties["wave_id"], properties["wave_name"]) == (None, None)


def test_an_editor_sees_the_draft_wave_of_a_published_attack(curator):
    wave = make_wave(name="Secret wave", **DRAFT)
    attack = make_attack(wave=wave)

    read = reads(curator, "attacks", attack.pk)
    assert [read[path]["wave"]["name"] for path in ("list", "detail", "changes")] == ["Secret wave"] * 3
    assert (read["csv"]["wave_id"], read["csv"]["wave_name"]) == (str(wave.pk), "Secret wave")
    assert geojson(curator, "attacks", attack.pk)["properties"]["wave_name"] == "Secret wave"


def test_a_published_attack_in_a_published_wave_shows_its_wave(anonymous):
    attack = make_attack(wave=make_wave(name="Known wave"))
    read = reads(anonymous, "attacks", attack.pk)
    assert [read[path]["wave"]["name"] for path in ("list", "detail", "changes")] == ["Known wave"] * 3
    assert read["csv"]["wave_name"] == "Known wave"


@pytest.mark.parametrize("persona", PUBLIC)
def test_a_figure_included_in_a_draft_figure_is_included_in_nothing_for_the_public(persona, request):
    client = request.getfixturevalue(persona)
    attack = make_attack()
    draft = make_casualty(attack=attack, best=50, **DRAFT)
    inside = make_casualty(attack=attack, included_in=draft, best=2)
    inside_inside = make_casualty(attack=attack, included_in=inside, best=1)

    read = reads(client, "casualties", inside.pk)
    assert [read[path]["included_in"] for path in ("list", "detail", "changes")] == [None, None, None]
    assert read["csv"]["included_in_id"] == ""
    assert geojson(client, "casualties", inside.pk)["properties"]["included_in_id"] is None
    # The brief of a visible figure does not name the draft either, nor does the attack's list.
    outer = reads(client, "casualties", inside_inside.pk)
    assert [outer[path]["included_in"]["included_in"] for path in ("list", "detail", "changes")] == [None] * 3
    nested = ok(client.get(f"/api/v1/attacks/{attack.pk}/"))["casualties"]
    listed = ok(client.get("/api/v1/attacks/"))["results"][0]["casualties"]
    for figures in (nested, listed):
        assert {figure["id"]: figure["included_in"] for figure in figures} == {
            inside.pk: None,
            inside_inside.pk: inside.pk,
        }


def test_an_editor_sees_the_draft_figure_a_figure_is_included_in(curator):
    attack = make_attack()
    draft = make_casualty(attack=attack, best=50, **DRAFT)
    inside = make_casualty(attack=attack, included_in=draft, best=2)

    read = reads(curator, "casualties", inside.pk)
    assert [read[path]["included_in"]["id"] for path in ("list", "detail", "changes")] == [draft.pk] * 3
    assert read["csv"]["included_in_id"] == str(draft.pk)
    nested = ok(curator.get(f"/api/v1/attacks/{attack.pk}/"))["casualties"]
    assert {figure["id"]: figure["included_in"] for figure in nested}[inside.pk] == draft.pk


@pytest.mark.parametrize("persona", PUBLIC)
def test_a_figure_of_a_draft_attack_shows_nothing_of_the_attack_nor_its_place(persona, request):
    client = request.getfixturevalue(persona)
    place = make_location(name="Secret place", latitude="50.000000", longitude="36.000000")
    figure = make_casualty(attack=make_attack(location=place, **DRAFT), statement=make_statement(**DRAFT))

    read = reads(client, "casualties", figure.pk)
    for path in ("list", "detail", "changes"):
        assert (read[path]["attack"], read[path]["statement"]) == (None, None)
    for path in ("csv", "hxl"):
        shown = {name: read[path][name] for name in ("attack_id", "statement_id")}
        shown |= {name: read[path][name] for name in ("attack_location_id", "attack_location_name")}
        assert set(shown.values()) == {""}
    feature = geojson(client, "casualties", figure.pk)
    assert feature["geometry"] is None
    assert feature["properties"]["attack_location_name"] is None


def test_an_editor_sees_the_draft_attack_of_a_figure_and_its_place(curator):
    place = make_location(name="Secret place", latitude="50.000000", longitude="36.000000")
    attack = make_attack(location=place, **DRAFT)
    figure = make_casualty(attack=attack)

    read = reads(curator, "casualties", figure.pk)
    assert read["detail"]["attack"]["id"] == attack.pk
    assert (read["csv"]["attack_id"], read["csv"]["attack_location_name"]) == (str(attack.pk), "Secret place")
    assert geojson(curator, "casualties", figure.pk)["geometry"]["coordinates"] == [36.0, 50.0]


@pytest.mark.parametrize(
    ("resource", "make"),
    [
        ("force-strengths", make_strength),
        ("force-deployment-statuses", make_deployment_status),
        ("casualties", lambda deployment: make_casualty(deployment=deployment)),
    ],
)
def test_a_figure_of_a_draft_deployment_shows_no_deployment_to_the_public(anonymous, resource, make):
    record = make(deployment=make_deployment(name="Secret deployment", **DRAFT))

    read = reads(anonymous, resource, record.pk)
    assert [read[path]["deployment"] for path in ("list", "detail", "changes")] == [None, None, None]
    assert (read["csv"]["deployment_id"], read["csv"]["deployment_name"]) == ("", "")


@pytest.mark.parametrize("resource", ["force-strengths", "force-deployment-statuses"])
def test_an_editor_sees_the_draft_deployment_of_a_figure(curator, resource):
    make = make_strength if resource == "force-strengths" else make_deployment_status
    record = make(deployment=make_deployment(name="Secret deployment", **DRAFT))
    read = reads(curator, resource, record.pk)
    assert read["detail"]["deployment"]["name"] == "Secret deployment"
    assert read["csv"]["deployment_name"] == "Secret deployment"


def test_a_figure_of_a_draft_wave_shows_no_wave_to_the_public(anonymous):
    figure = make_casualty(wave=make_wave(name="Secret wave", **DRAFT))
    read = reads(anonymous, "casualties", figure.pk)
    assert [read[path]["wave"] for path in ("list", "detail", "changes")] == [None, None, None]
    assert (read["csv"]["wave_id"], read["csv"]["wave_name"]) == ("", "")


def test_a_draft_attack_does_not_place_its_wave_for_the_public(anonymous, reader_role, curator):
    place = make_location(name="Secret place")
    wave = make_wave()
    make_attack(wave=wave, location=place, **DRAFT)
    make_attack(wave=wave)  # elsewhere

    for client in (anonymous, reader_role):
        assert matched(client, "/api/v1/waves/", location_id=place.pk) == []
        assert matched(client, "/api/v1/waves/", place="Secret place") == []
    assert matched(curator, "/api/v1/waves/", location_id=place.pk) == [wave.pk]
    published = make_attack(wave=wave, location=place)
    assert matched(anonymous, "/api/v1/waves/", location_id=place.pk) == [wave.pk]
    assert published.wave_id == wave.pk


def test_a_statement_is_not_placed_by_the_draft_attacks_of_the_wave_it_is_about(anonymous, curator):
    place = make_location()
    wave = make_wave()
    make_attack(wave=wave, location=place, **DRAFT)
    statement = make_statement()
    statement.about_waves.set([wave])
    statement.about_attacks.set([make_attack(location=place, **DRAFT)])

    assert matched(anonymous, "/api/v1/statements/", location_id=place.pk) == []
    assert matched(curator, "/api/v1/statements/", location_id=place.pk) == [statement.pk]


def test_a_figure_of_a_draft_attack_is_not_found_by_the_attack_s_place_nor_its_perpetrator(
    anonymous, curator
):
    place = make_location()
    attack = make_attack(location=place, **DRAFT)
    figure = make_casualty(attack=attack)

    for params in ({"location_id": place.pk}, {"perpetrator_id": attack.perpetrator_id}):
        assert matched(anonymous, "/api/v1/casualties/", **params) == []
        assert matched(curator, "/api/v1/casualties/", **params) == [figure.pk]


@pytest.mark.parametrize("group_by", ["wave", "perpetrator", "location", "deployment"])
def test_the_casualty_summary_does_not_group_the_public_s_figures_by_what_a_draft_links_to(
    anonymous, curator, group_by
):
    place = make_location(name="Secret place")
    actor = make_actor(name="Secret actor")
    wave = make_wave(name="Secret wave", perpetrator=actor, **DRAFT)
    attack = make_attack(wave=wave, perpetrator=None)
    make_casualty(attack=attack, best=3)
    make_casualty(attack=make_attack(location=place, perpetrator=actor, wave=None, **DRAFT), best=4)
    make_casualty(deployment=make_deployment(name="Secret deployment", **DRAFT), best=2)

    public = ok(anonymous.get("/api/v1/casualties/summary/", {"group_by": group_by}))["groups"]
    assert "Secret" not in str(public)
    assert sum(group["best"] for group in public) == 9  # every figure is published
    written = anonymous.get("/api/v1/casualties/summary/", {"group_by": group_by, "format": "csv"})
    assert written.status_code == 200
    assert "Secret" not in written.content.decode()
    editor = ok(curator.get("/api/v1/casualties/summary/", {"group_by": group_by}))["groups"]
    assert "Secret" in str(editor)


def test_a_published_record_s_history_does_not_name_the_drafts_it_links_to(anonymous, curator):
    draft_wave, known_wave = make_wave(**DRAFT), make_wave()
    attack = make_attack(wave=known_wave)
    attack.wave = draft_wave
    attack.save()
    statement = make_statement()
    statement.about_attacks.set([attack, make_attack(**DRAFT)])

    def changes(client, path):
        entries = ok(client.get(f"{path}history/"))
        return [
            (change["field"], change["old"], change["new"])
            for entry in entries
            for change in entry["changes"]
        ]

    public = [
        values for field, *values in changes(anonymous, f"/api/v1/attacks/{attack.pk}/") if field == "wave"
    ]
    assert public and draft_wave.pk not in {value for values in public for value in values}
    editor = [
        new for field, _old, new in changes(curator, f"/api/v1/attacks/{attack.pk}/") if field == "wave"
    ]
    assert editor[-1] == draft_wave.pk
    about = [
        new
        for field, _old, new in changes(anonymous, f"/api/v1/statements/{statement.pk}/")
        if field == "about_attacks"
    ]
    assert about[-1] == [attack.pk]


def test_a_wave_s_totals_leave_out_the_figures_of_its_draft_attacks_for_the_public(anonymous, curator):
    wave = make_wave()
    make_casualty(attack=make_attack(wave=wave), best=3)
    make_casualty(attack=make_attack(wave=wave, **DRAFT), best=40)

    def killed(client):
        totals = ok(client.get(f"/api/v1/waves/{wave.pk}/summary/"))["totals"]
        return [total["best"] for total in totals]

    assert killed(anonymous) == [3]
    assert killed(curator) == [43]


def test_a_figure_of_a_draft_attack_is_not_among_the_public_s_figures_of_the_attack_s_wave(
    anonymous, curator
):
    wave = make_wave()
    published = make_casualty(attack=make_attack(wave=wave))
    of_draft = make_casualty(attack=make_attack(wave=wave, **DRAFT))
    of_wave = make_casualty(wave=wave)

    assert matched(anonymous, "/api/v1/casualties/", wave_id=wave.pk) == sorted([published.pk, of_wave.pk])
    assert matched(curator, "/api/v1/casualties/", wave_id=wave.pk) == sorted(
        [published.pk, of_draft.pk, of_wave.pk]
    )


def _statement_about(**about):
    statement = make_statement()
    for relation, record in about.items():
        getattr(statement, relation).set([record])
    return statement


# A filter by a linked record's id, the draft it names, and a published record linking to that draft.
ID_FILTERS = {
    "attacks wave_id": ("attacks", "wave_id", lambda draft: make_attack(wave=draft), make_wave),
    "casualties attack_id": (
        "casualties",
        "attack_id",
        lambda draft: make_casualty(attack=draft),
        make_attack,
    ),
    "casualties wave_id": ("casualties", "wave_id", lambda draft: make_casualty(wave=draft), make_wave),
    "casualties deployment_id": (
        "casualties",
        "deployment_id",
        lambda draft: make_casualty(deployment=draft),
        make_deployment,
    ),
    "casualties statement_id": (
        "casualties",
        "statement_id",
        lambda draft: make_casualty(statement=draft),
        make_statement,
    ),
    "strengths deployment_id": (
        "force-strengths",
        "deployment_id",
        lambda draft: make_strength(deployment=draft),
        make_deployment,
    ),
    "statuses deployment_id": (
        "force-deployment-statuses",
        "deployment_id",
        lambda draft: make_deployment_status(deployment=draft),
        make_deployment,
    ),
    "statements attack_id": (
        "statements",
        "attack_id",
        lambda draft: _statement_about(about_attacks=draft),
        make_attack,
    ),
    "statements wave_id": (
        "statements",
        "wave_id",
        lambda draft: _statement_about(about_waves=draft),
        make_wave,
    ),
    "statements deployment_id": (
        "statements",
        "deployment_id",
        lambda draft: _statement_about(about_deployments=draft),
        make_deployment,
    ),
}


@pytest.mark.parametrize("case", ID_FILTERS)
def test_an_id_filter_naming_a_draft_is_refused_for_the_public_as_an_unknown_id_is(case, anonymous, curator):
    resource, parameter, linking, make_draft = ID_FILTERS[case]
    draft = make_draft(**DRAFT)
    record = linking(draft)
    missing = draft.pk + 1000

    refused = anonymous.get(f"/api/v1/{resource}/", {parameter: draft.pk})
    unknown = anonymous.get(f"/api/v1/{resource}/", {parameter: missing})
    assert (refused.status_code, unknown.status_code) == (400, 400)
    assert refused.json() == {
        **unknown.json(),
        "errors": {
            parameter: [
                message.replace(str(missing), str(draft.pk))
                for message in unknown.json()["errors"][parameter]
            ]
        },
    }
    # A draft among published ids is refused too: the filter never reaches through it.
    assert anonymous.get(f"/api/v1/{resource}/", {parameter: [draft.pk, missing]}).status_code == 400

    assert matched(curator, f"/api/v1/{resource}/", **{parameter: draft.pk}) == [record.pk]


def test_a_summary_filtered_by_a_draft_attack_is_refused_for_the_public(anonymous, curator):
    draft = make_attack(**DRAFT)
    make_casualty(attack=draft, best=7)

    assert anonymous.get("/api/v1/casualties/summary/", {"attack_id": draft.pk}).status_code == 400
    assert ok(curator.get("/api/v1/casualties/summary/", {"attack_id": draft.pk}))


# What a figure belongs to, as a draft the public may not see: one attack, wave or deployment.
DRAFT_OWNERS = {
    "attack": lambda: {"attack": make_attack(**DRAFT)},
    "wave": lambda: {"wave": make_wave(**DRAFT)},
    "deployment": lambda: {"deployment": make_deployment(**DRAFT)},
}


def summed(client, path: str = "/api/v1/casualties/summary/") -> list[tuple[int, list[int]]]:
    body = ok(client.get(path))
    return [(group["best"], group["figure_ids"]) for group in body.get("groups", body.get("totals"))]


@pytest.mark.parametrize("owner", DRAFT_OWNERS)
def test_the_public_s_summary_does_not_tell_which_figures_share_a_draft(anonymous, curator, owner):
    # Two rivals of one fact on a draft, the preferred one first, and a figure of another draft: for
    # the public each belongs to nothing, so each is a fact of its own and all three are summed, as
    # figures of three unrelated drafts would be. Keeping only the preferred one would name, in
    # figure_ids, the figures that share the draft. An editor sees the draft: one fact, then another.
    draft = DRAFT_OWNERS[owner]()
    chosen = make_casualty(**draft, best=3, rank="preferred", rank_reason="The official count.")
    rival = make_casualty(**draft, best=5)
    elsewhere = make_casualty(**DRAFT_OWNERS[owner](), best=7)

    assert summed(anonymous) == [(15, [chosen.pk, rival.pk, elsewhere.pk])]
    assert summed(curator) == [(10, [chosen.pk, elsewhere.pk])]


def test_a_figure_in_a_draft_figure_counts_for_the_public_though_the_draft_s_container_is_summed(
    anonymous, curator
):
    # The public sees the figure included in nothing (its container is a draft): it counts on its
    # own, not held by the draft's container, which would tell the public where the draft is.
    attack = make_attack()
    container = make_casualty(attack=attack, best=50)
    draft = make_casualty(attack=attack, included_in=container, best=20, **DRAFT)
    inside = make_casualty(attack=attack, included_in=draft, best=2, kind="injured")

    assert summed(anonymous) == [(50, [container.pk]), (2, [inside.pk])]
    assert summed(curator) == [(50, [container.pk])]


def test_an_editor_s_wave_totals_keep_one_figure_per_fact_of_a_draft_attack(anonymous, curator):
    wave = make_wave()
    attack = make_attack(wave=wave, **DRAFT)
    chosen = make_casualty(attack=attack, best=3, rank="preferred", rank_reason="The official count.")
    make_casualty(attack=attack, best=5)
    known = make_casualty(attack=make_attack(wave=wave), best=1)

    path = f"/api/v1/waves/{wave.pk}/summary/"
    assert summed(curator, path) == [(4, sorted([chosen.pk, known.pk]))]
    assert summed(anonymous, path) == [(1, [known.pk])]


PREFERRED = {"rank": "preferred", "rank_reason": "The official count."}
# Records of one fact on a draft, by what they are and what they belong to.
RIVALS_ON_A_DRAFT = {
    **{
        f"casualties of a draft {owner}": ("casualties", make_casualty, make)
        for owner, make in DRAFT_OWNERS.items()
    },
    "strengths": ("force-strengths", make_strength, DRAFT_OWNERS["deployment"]),
    "statuses": ("force-deployment-statuses", make_deployment_status, DRAFT_OWNERS["deployment"]),
}


@pytest.mark.parametrize("case", RIVALS_ON_A_DRAFT)
def test_the_preferred_filter_does_not_tell_the_public_which_records_share_a_draft(case, anonymous, curator):
    # For the public both belong to nothing, so neither is a rival of the other, as in the totals.
    resource, make, draft_owner = RIVALS_ON_A_DRAFT[case]
    owner = draft_owner()
    chosen = make(**owner, **PREFERRED)
    rival = make(**owner)

    path = f"/api/v1/{resource}/"
    assert matched(anonymous, path, preferred="true") == ids(chosen, rival)
    assert matched(anonymous, path, preferred="false") == []
    assert matched(curator, path, preferred="true") == ids(chosen)
    assert matched(curator, path, preferred="false") == ids(rival)
