"""Import and export in the admin: a file exported and imported again changes nothing, and an
import obeys the rules the admin's forms obey, or writes nothing."""

import csv
import io

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from import_export.formats.base_formats import CSV

from reports.admin.resources import resource_for
from reports.choices import ReviewStatus
from reports.models import Actor, Attack, Casualty, Location, Source
from tests.builders import make_actor, make_attack, make_casualty, make_location, make_source
from tests.reports.conftest import admin_url, signed_in

pytestmark = pytest.mark.django_db


def csv_format(model) -> str:
    return str(admin.site._registry[model].get_import_formats().index(CSV))


def export_csv(client, model) -> str:
    """Export every row with every column, as the export page does with its boxes left ticked."""
    resource = resource_for(model)
    columns = {f"{resource.__name__.lower()}_{name}": "on" for name in resource().get_export_order()}
    response = client.post(
        admin_url(model, "export"), {"format": csv_format(model), "resource": "0", **columns}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return response.content.decode()


def upload(client, model, text: str):
    """The import page's first step: a dry run of the whole file."""
    upload = SimpleUploadedFile("import.csv", text.encode(), content_type="text/csv")
    return client.post(
        admin_url(model, "import"), {"format": csv_format(model), "resource": "0", "import_file": upload}
    )


def import_csv(client, model, text: str):
    """Both steps of an import: the dry run, then the confirmation that writes."""
    dry_run = upload(client, model, text)
    assert "confirm_form" in dry_run.context, dry_run.context["result"].invalid_rows
    confirm = dry_run.context["confirm_form"]
    return client.post(admin_url(model, "process_import"), confirm.initial, follow=True)


def rows(exported: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(exported)))


def shown_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def snapshot(model) -> dict:
    """Every row's version and number of historical versions: what any write would change."""
    return {row.pk: (row.version, row.history.count()) for row in model.objects.all()}


def figure_csv(**cells) -> str:
    """One casualty figure in the columns an export writes, for an existing attack and sources."""
    row = {
        "external_id": "figure-1",
        "attack": str(make_attack().pk),
        "kind": "killed",
        "population": "civilian",
        "age_group": "all",
        "qualifier": "exact",
        "best": "4",
        "date_start": "2025-02-01",
        "date_end": "2025-02-01",
        "date_precision": "day",
        "claimants": str(make_actor().pk),
        "sources": ",".join(str(make_source().pk) for _ in range(2)),
        "confidence": "reported",
        "rank": "normal",
        **cells,
    }
    return ",".join(row) + "\n" + ",".join(f'"{value}"' for value in row.values()) + "\n"


def casualties_with_and_without_external_ids():
    make_casualty(external_id="acled-1", locations=[make_location()])
    make_casualty(external_id=None, qualifier="range", low=10, best=12, high=20, phrase="10 to 20")
    make_casualty(external_id=None, review_status=ReviewStatus.DRAFT, included_in=None)


# (model, rows, the column the import finds a row by)
REIMPORTS = [
    pytest.param(Source, lambda: [make_source(), make_source(url=None)], id="source"),
    pytest.param(Actor, lambda: [make_actor(country="UA", parent=make_actor())], id="actor"),
    pytest.param(
        Location, lambda: [make_location(latitude="49.993500", longitude="36.230400")], id="location"
    ),
    pytest.param(Attack, lambda: [make_attack(external_id="a-1"), make_attack()], id="attack"),
    pytest.param(Casualty, casualties_with_and_without_external_ids, id="casualty"),
]


@pytest.mark.parametrize(("model", "make_rows"), REIMPORTS)
def test_exporting_and_importing_the_file_again_changes_nothing(curator_admin, model, make_rows):
    make_rows()
    before = snapshot(model)
    exported = export_csv(curator_admin, model)

    response = import_csv(curator_admin, model, exported)

    plural = model._meta.verbose_name_plural
    assert shown_messages(response) == [
        f"Import finished: 0 new, 0 updated, 0 deleted and {len(before)} skipped {plural}."
    ]
    assert snapshot(model) == before


def test_an_export_writes_relations_as_ids(curator_admin):
    figure = make_casualty(external_id="acled-7")

    figure.sources.add(make_source())

    (row,) = rows(export_csv(curator_admin, Casualty))

    assert row["attack"] == str(figure.attack_id)
    assert row["wave"] == ""
    assert row["sources"] == ",".join(
        str(pk) for pk in figure.sources.order_by("pk").values_list("pk", flat=True)
    )
    assert (row["external_id"], row["review_status"]) == ("acled-7", "published")


def test_an_import_with_a_best_below_low_writes_nothing_and_shows_the_error(curator_admin):
    valid = figure_csv(low="", high="")
    invalid = figure_csv(external_id="figure-2", qualifier="range", low="10", best="5", high="20")
    text = valid + invalid.split("\n", 1)[1]

    response = upload(curator_admin, Casualty, text)

    assert "confirm_form" not in response.context
    (invalid_row,) = response.context["result"].invalid_rows
    assert invalid_row.number == 2
    assert invalid_row.field_specific_errors == {"best": ["best must not be below low."]}
    assert b"best must not be below low." in response.content
    assert not Casualty.objects.exists()


def test_importing_the_same_new_figure_twice_creates_one_draft_by_the_importer(curator_admin):
    text = figure_csv(review_status="published")

    first = import_csv(curator_admin, Casualty, text)
    second = import_csv(curator_admin, Casualty, text)

    assert shown_messages(first) == ["Import finished: 1 new, 0 updated, 0 deleted and 0 skipped casualties."]
    assert shown_messages(second) == [
        "Import finished: 0 new, 0 updated, 0 deleted and 1 skipped casualties."
    ]
    figure = Casualty.objects.get()
    assert (figure.external_id, figure.best, figure.sources.count()) == ("figure-1", 4, 2)
    # A file cannot publish: the new figure waits for review like one typed into the admin.
    assert (figure.review_status, figure.created_by) == (ReviewStatus.DRAFT, curator_admin.user)
    assert {version.history_user for version in figure.history.all()} == {curator_admin.user}


def test_a_curator_import_changing_a_published_figure_sends_it_back_to_draft(curator_admin):
    figure = make_casualty(external_id="figure-1", best=3)
    text = figure_csv(
        attack=figure.attack_id,
        best="9",
        claimants=figure.claimants.get().pk,
        sources=figure.sources.get().pk,
    )

    import_csv(curator_admin, Casualty, text)

    figure.refresh_from_db()
    assert (figure.best, figure.review_status) == (9, ReviewStatus.DRAFT)
    assert figure.history.latest("history_date").history_user == curator_admin.user


@pytest.mark.parametrize(
    ("cells", "errors"),
    [
        pytest.param({"sources": "999999"}, {"sources": ["No source with id 999999."]}, id="unknown-source"),
        pytest.param({"sources": ""}, {"sources": ["This field is required."]}, id="no-source"),
        pytest.param({"attack": "999999"}, {"attack": ["No attack with id 999999."]}, id="unknown-attack"),
    ],
)
def test_a_figure_whose_links_name_nothing_is_refused(curator_admin, cells, errors):
    response = upload(curator_admin, Casualty, figure_csv(**cells))

    (invalid_row,) = response.context["result"].invalid_rows
    assert invalid_row.field_specific_errors == errors
    assert not Casualty.objects.exists()


def test_only_those_who_may_add_may_import_and_those_who_may_view_may_export(
    curator_admin, django_user_model
):
    viewer = django_user_model.objects.create_user("viewer", is_staff=True)
    viewer.groups.add(Group.objects.get(name="reader"))
    published, _draft = make_casualty(), make_casualty(review_status=ReviewStatus.DRAFT)

    assert signed_in(viewer).get(admin_url(Casualty, "import")).status_code == 403
    assert curator_admin.get(admin_url(Casualty, "import")).status_code == 200
    # What someone who may only view exports is what they may see: nothing unpublished.
    assert [row["id"] for row in rows(export_csv(signed_in(viewer), Casualty))] == [str(published.pk)]
