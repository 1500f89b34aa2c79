"""List pages are read as rows of values and written by a reader made from each serializer
(api/serializers/rows.py): it must write what DRF writes from model instances.

Every resource's list is (ValuesListMixin); the deletions feed, a plain list, is not. So is every
CSV export (``Export.csv_table``: lines written by PostgreSQL, or each row's cells read as values):
it must write what its columns read from model instances."""

import pytest
from django.db import connection
from django.test import override_settings
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from api import exports
from api.exports import ExportListMixin, Table
from api.renderers import CSVRenderer
from api.serializers import rows
from api.urls import router
from api.views import ValuesListMixin
from reports.models import LocationName
from tests.api.export_helpers import body
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

LISTS = [
    (prefix, viewset)
    for prefix, viewset, _basename in router.registry
    if issubclass(viewset, ValuesListMixin)
]


@pytest.fixture
def records():
    """At least one row of every resource, with every kind of relation filled in and left empty,
    and drafts among the nested lists, which only an editor sees."""
    region = make_location(kind="region", code="UA-63", latitude="49.993500", longitude="36.230400")
    city = make_location(parent=region, country="")
    LocationName.objects.create(location=city, name="Kharkov", language="ru")
    attack = make_attack(location=city)
    make_attack(wave=None, perpetrator=None)
    make_attack(wave=attack.wave, review_status="draft")
    whole = make_casualty(attack=attack, locations=[city, region], best=10)
    make_casualty(
        attack=attack, included_in=whole, best=2, phrase="two children", notes="Named by the mayor."
    )
    make_casualty(attack=attack, best=7, review_status="draft")
    make_casualty(wave=attack.wave, best=40, qualifier="approximately")
    make_wave(perpetrator=None)
    deployment = make_deployment()
    make_casualty(deployment=deployment, low=5, best=None, qualifier="at_least")
    make_strength(deployment=deployment)
    make_strength(deployment=deployment, review_status="draft")
    make_deployment_status(deployment=deployment)
    statement = make_statement()
    statement.about_attacks.set([attack, make_attack(review_status="draft")])
    statement.about_waves.set([attack.wave])
    statement.about_deployments.set([deployment])
    # Published records that link to drafts, which the public sees as null links.
    draft_wave = make_wave(review_status="draft")
    in_draft_wave = make_attack(wave=draft_wave)
    draft_figure = make_casualty(attack=in_draft_wave, best=9, review_status="draft")
    inside_draft = make_casualty(attack=in_draft_wave, included_in=draft_figure, best=1)
    make_casualty(
        attack=attack, included_in=inside_draft, best=1, statement=make_statement(review_status="draft")
    )
    make_casualty(attack=make_attack(review_status="draft"), best=4)
    make_casualty(wave=draft_wave, best=5)
    draft_deployment = make_deployment(review_status="draft")
    make_strength(deployment=draft_deployment)
    make_deployment_status(deployment=draft_deployment)
    make_casualty(deployment=draft_deployment, best=6)


def test_every_list_resource_has_a_reader():
    unread = [prefix for prefix, viewset in LISTS if rows.reader(viewset.serializer_class) is None]
    assert unread == []


@pytest.mark.parametrize("persona", ["anonymous", "curator"])
@pytest.mark.parametrize(("prefix", "viewset"), LISTS)
def test_every_list_resource_writes_the_same_bytes_as_its_serializer(
    records, request, persona, prefix, viewset
):
    client = request.getfixturevalue(persona)
    path = f"/api/v1/{prefix}/?page_size=500"
    response = client.get(path)
    assert response.status_code == 200

    view = viewset(action="list", format_kwarg=None, kwargs={})
    view.request = Request(APIRequestFactory().get(path), authenticators=[])
    view.request.user = getattr(client, "user", None) or view.request.user
    records = list(view.filter_queryset(view.get_queryset()))
    assert records, f"no {prefix} to compare"
    plain = view.get_serializer(records, many=True).data

    assert JSONRenderer().render(response.data["results"]) == JSONRenderer().render(plain)


@pytest.mark.parametrize(("prefix", "viewset"), LISTS)
def test_every_changes_feed_writes_the_same_bytes_as_its_serializer(records, curator, prefix, viewset):
    response = curator.get(f"/api/v1/{prefix}/changes/?page_size=2")
    assert response.status_code == 200

    view = viewset(action="changes", format_kwarg=None, kwargs={})
    view.request = Request(APIRequestFactory().get("/"), authenticators=[])
    view.request.user = curator.user
    records = list(view.get_queryset().order_by("updated_at", "id")[:2])
    plain = view.get_serializer(records, many=True).data

    assert JSONRenderer().render(response.data["results"]) == JSONRenderer().render(plain)


@pytest.mark.parametrize(("prefix", "viewset"), LISTS)
def test_a_list_with_a_format_suffix_links_its_records_with_the_same_suffix(
    records, anonymous, prefix, viewset
):
    response = anonymous.get(f"/api/v1/{prefix}.json?page_size=500")
    assert response.status_code == 200

    view = viewset(action="list", format_kwarg="json", kwargs={})
    view.request = Request(APIRequestFactory().get(f"/api/v1/{prefix}.json"), authenticators=[])
    plain = view.get_serializer(list(view.filter_queryset(view.get_queryset())), many=True).data

    assert JSONRenderer().render(response.data["results"]) == JSONRenderer().render(plain)
    assert response.data["results"][0]["url"].endswith(".json")


def drf_bytes(viewset, path: str, user) -> bytes:
    """The list's records of ``path`` as DRF's serializer writes them for ``user``."""
    view = viewset(action="list", format_kwarg=None, kwargs={})
    view.request = Request(APIRequestFactory().get(path), authenticators=[])
    view.request.user = user or view.request.user
    return JSONRenderer().render(
        view.get_serializer(list(view.filter_queryset(view.get_queryset())), many=True).data
    )


@pytest.mark.parametrize(("prefix", "viewset"), LISTS)
def test_a_list_with_a_format_parameter_links_its_records_with_the_same_parameter(
    records, anonymous, prefix, viewset
):
    path = f"/api/v1/{prefix}/?format=json&page_size=500"
    response = anonymous.get(path)
    assert response.status_code == 200

    assert JSONRenderer().render(response.data["results"]) == drf_bytes(viewset, path, None)
    assert response.data["results"][0]["url"].endswith("/?format=json")


@pytest.mark.parametrize(("prefix", "viewset"), LISTS)
def test_the_public_is_shown_its_own_page_after_an_editor_and_the_editor_theirs_after_the_public(
    records, anonymous, reader, curator, prefix, viewset
):
    """A page's queries are compiled once per viewer's rights (rows.Statement): the public's never
    reads an editor's drafts, whoever came first; a reader, who may not edit, sees what the
    public sees."""
    path = f"/api/v1/{prefix}/?page_size=500"
    pages = {}
    for persona, client in [("curator", curator), ("anonymous", anonymous), ("reader", reader)] * 2:
        response = client.get(path)
        assert response.status_code == 200
        pages.setdefault(persona, set()).add(JSONRenderer().render(response.data["results"]))

    assert pages["curator"] == {drf_bytes(viewset, path, curator.user)}
    assert pages["anonymous"] == pages["reader"] == {drf_bytes(viewset, path, None)}


def test_a_view_called_directly_links_its_records_by_the_urlconf_in_force(records):
    """Outside a request's handler no URLconf is set: a record's URL route, kept once reversed,
    is kept for the setting that was in force, not reused after it changes."""
    view = dict(LISTS)["attacks"].as_view({"get": "list"})

    def first_url() -> str:
        return view(APIRequestFactory().get("/api/v1/attacks/")).data["results"][0]["url"]

    assert "/elsewhere/" not in first_url()
    with override_settings(ROOT_URLCONF="tests.api.urls_mounted_elsewhere"):
        assert first_url().startswith("http://testserver/elsewhere/api/v1/attacks/")


@pytest.mark.parametrize("persona", ["anonymous", "curator"])
def test_a_page_s_queries_by_its_ids_are_compiled_once_on_postgresql(records, request, persona, monkeypatch):
    client = request.getfixturevalue(persona)
    assert client.get("/api/v1/attacks/").status_code == 200
    compiled = []
    compile_statement = rows.Statement.compile
    monkeypatch.setattr(
        rows.Statement, "compile", lambda queryset: compiled.append(queryset) or compile_statement(queryset)
    )

    assert client.get("/api/v1/attacks/?page_size=2").status_code == 200

    assert compiled == []
    reader = rows.reader(dict(LISTS)["attacks"].serializer_class)
    statements = list(reader.statements.values())
    # The page's rows and weapons, targets, sources, casualties; ids bound as one array on PostgreSQL only.
    assert len(statements) >= 5
    if connection.vendor == "postgresql":
        assert None not in statements
    else:
        assert set(statements) == {None}


EXPORTS = [
    (prefix, viewset)
    for prefix, viewset, _basename in router.registry
    if issubclass(viewset, ExportListMixin)
]


@pytest.mark.parametrize("persona", ["anonymous", "curator"])
@pytest.mark.parametrize(("prefix", "viewset"), EXPORTS)
def test_every_csv_export_read_as_values_writes_what_its_columns_read_from_records(
    records, request, persona, prefix, viewset
):
    client = request.getfixturevalue(persona)
    path = f"/api/v1/{prefix}/?format=csv&ordering=-id"
    exported = body(client.get(path))

    view = viewset(action="list", format_kwarg=None, kwargs={})
    view.request = Request(APIRequestFactory().get(path), authenticators=[])
    view.request.user = getattr(client, "user", None) or view.request.user
    queryset = view.filter_queryset(view.get_queryset())
    columns = view.export_columns(f"http://testserver/api/v1/{prefix}/")
    user = view.request.user
    table = view.export.csv_table(queryset, columns, viewer=user)
    if connection.vendor == "postgresql":
        assert table.lines, f"{prefix} is not written by PostgreSQL"
    else:
        assert table.written, f"{prefix} is not read as values"
    records = view.export.rows(queryset, viewer=user)
    from_records = "".join(CSVRenderer().stream(Table(columns=columns, rows=records)))

    assert from_records.count("\r\n") > 1, f"no {prefix} to compare"
    assert exported == from_records


@pytest.mark.parametrize(
    "ordering",
    [
        # Carried out of the rows' query and sorted by after the lists are joined (PostgreSQL).
        ["-date_start", "attack__location__name", "-id"],
        # Not carried (a relation sorts by its model's ordering): a subquery per list and row.
        ["attack", "-id"],
    ],
)
def test_a_csv_export_in_any_order_writes_each_list_in_its_own_order(records, ordering):
    """Several places, claimants and sources per figure, each list in its model's order."""
    from datetime import date

    from api.columns import CASUALTY
    from reports.models import Casualty
    from tests.builders import make_actor, make_source

    places = [make_location(name=name) for name in ("Zolochiv", "Balakliia", "Izium")]
    sources = [make_source(published_on=date(2024, 1, day)) for day in (3, 1, 2)]
    claimants = [make_actor(name=name) for name in ("Zeta", "Alpha", "Mu")]
    for best in (1, 2):
        make_casualty(best=best, locations=places, sources=sources, claimants=claimants)
    view = dict(EXPORTS)["casualties"](action="list", format_kwarg=None, kwargs={})
    columns = view.export_columns("http://testserver/api/v1/casualties/")
    queryset = Casualty.objects.for_api(viewer=None).order_by(*ordering)
    assert (exports._carried_ordering(queryset) is None) == ("attack" in ordering)

    exported = CSVRenderer().render(CASUALTY.csv_table(queryset, columns, viewer=None)).decode()
    from_records = "".join(
        CSVRenderer().stream(Table(columns=columns, rows=CASUALTY.rows(queryset, viewer=None)))
    )

    assert exported == from_records
    assert "Balakliia" not in exported  # slugs, in the places' order (by name)
    assert ";".join(place.slug for place in sorted(places, key=lambda place: place.name)) in exported
    assert (
        ";".join(
            str(source.pk) for source in sorted(sources, key=lambda source: source.published_on, reverse=True)
        )
        in exported
    )


# What the csv module quotes (a comma, a quote, a line break) and what it does not (spaces, ";",
# other scripts); a text that is empty, or only a quote, or PostgreSQL's end-of-data mark.
TEXTS = [
    *("", " padded ", "a, b", 'say "no"', '"', "one\ntwo", "one\r\ntwo", "one\rtwo", "\\."),
    "Харків; Kharkiv",
]


@pytest.mark.parametrize("text", TEXTS)
def test_a_csv_export_writes_any_text_as_the_csv_module_does(text):
    """On PostgreSQL the lines are written by the database (``Export.lines``): the same bytes as
    the csv module writes from the records, for any text in any kind of column."""
    from api.columns import STATEMENT
    from reports.models import Statement

    speaker = make_actor(name=text or "Nobody", title=text)
    make_statement(quote=text or "Said.", paraphrase=text, speaker=speaker, speaker_role=text)
    make_statement(paraphrase="", speaker_role="")  # an empty text beside a quoted one
    view = dict(EXPORTS)["statements"](action="list", format_kwarg=None, kwargs={})
    columns = view.export_columns("http://testserver/api/v1/statements/")
    queryset = Statement.objects.for_api(viewer=None)

    table = STATEMENT.csv_table(queryset, columns, viewer=None)
    assert table.lines == (connection.vendor == "postgresql")
    exported = CSVRenderer().render(table).decode()
    from_records = CSVRenderer().render(Table(columns=columns, rows=STATEMENT.rows(queryset, viewer=None)))

    assert exported == from_records.decode()
    assert exported.count("\r\n") >= 3
