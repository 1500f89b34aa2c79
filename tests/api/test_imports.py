"""/api/v1/imports/: a JSON or CSV file of records, validated whole and written all or nothing."""

import json

import pytest
from django.contrib.auth.models import Permission

from reports.choices import ReviewStatus
from reports.models import Attack, Casualty, Source
from reports.services import imports
from tests.builders import make_actor, make_attack, make_location, make_source
from tests.conftest import token_client
from tests.import_files import (
    ATTACK_ID,
    attack_record,
    casualty_record,
    import_file,
    line_of,
    poltava_file,
    source_record,
)

pytestmark = pytest.mark.django_db

PATH = "/api/v1/imports/"


@pytest.fixture
def location():
    return make_location(name="Poltava")


@pytest.fixture
def claimant():
    return make_actor(name="Poltava regional administration")


def post(client, body: str, content_type: str = "application/json", query: str = ""):
    return client.generic("POST", f"{PATH}{query}", body.encode(), content_type=content_type)


def nothing_written() -> bool:
    return not (Source.objects.exists() or Attack.objects.exists() or Casualty.objects.exists())


def test_anonymous_may_not_import(anonymous, location, claimant):
    response = post(anonymous, poltava_file(location=location, claimant=claimant))

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert nothing_written()


def test_a_reader_may_not_import(reader, location, claimant):
    response = post(reader, poltava_file(location=location, claimant=claimant))

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert nothing_written()


def test_importing_needs_the_permission_for_every_kind_in_the_file(django_user_model, location, claimant):
    user = django_user_model.objects.create_user("figures-only", password="unused-password-5")
    user.user_permissions.set(
        Permission.objects.filter(
            codename__in=["add_casualty", "change_casualty", "add_source", "change_source"]
        )
    )
    client = token_client(user)
    figures_only = import_file(
        casualties=[
            casualty_record("c1", claimant=claimant, attack=make_attack().pk, sources=[make_source().pk])
        ]
    )

    assert post(client, poltava_file(location=location, claimant=claimant)).status_code == 403
    assert not Attack.objects.filter(external_id=ATTACK_ID).exists()
    assert post(client, figures_only).status_code == 201


def test_a_curator_imports_a_file_and_gets_the_counts(curator, location, claimant):
    response = post(curator, poltava_file(location=location, claimant=claimant))

    assert response.status_code == 201, response.content
    assert response.json() == {
        "dry_run": False,
        "counts": {
            "sources": {"created": 1, "updated": 0, "unchanged": 0},
            "attacks": {"created": 1, "updated": 0, "unchanged": 0},
            "casualties": {"created": 2, "updated": 0, "unchanged": 0},
        },
    }
    attack = Attack.objects.get(external_id=ATTACK_ID)
    assert attack.casualties.count() == 2
    assert {attack.review_status, *attack.casualties.values_list("review_status", flat=True)} == {
        ReviewStatus.DRAFT
    }


def test_imported_records_and_their_history_name_the_curator(curator, location, claimant):
    post(curator, poltava_file(location=location, claimant=claimant))

    for model in (Source, Attack, Casualty):
        assert model.history.exists()
        assert {entry.history_user for entry in model.history.all()} == {curator.user}
    assert {figure.created_by for figure in Casualty.objects.all()} == {curator.user}


def test_importing_the_same_file_again_changes_nothing(curator, location, claimant):
    text = poltava_file(location=location, claimant=claimant)
    post(curator, text)
    history = Casualty.history.count()

    response = post(curator, text)

    assert response.status_code == 201
    assert {kind: counts["unchanged"] for kind, counts in response.json()["counts"].items()} == {
        "sources": 1,
        "attacks": 1,
        "casualties": 2,
    }
    assert (Casualty.objects.count(), Casualty.history.count()) == (2, history)


def test_a_file_with_a_bad_row_is_a_400_that_lists_each_error_and_writes_nothing(curator, location, claimant):
    text = import_file(
        sources=[source_record()],
        attacks=[attack_record(location=location)],
        casualties=[
            casualty_record("good", claimant=claimant),
            casualty_record("negative-best", claimant=claimant, best=-3),
            casualty_record("no-claimant", claimant=claimant, claimants=[999_999]),
        ],
    )

    response = post(curator, text)

    assert response.status_code == 400
    body = response.json()
    assert (body["detail"], body["code"], set(body["errors"])) == (
        "Invalid input.",
        "invalid",
        {"rows": ...}.keys(),
    )
    assert sorted((row["line"], row["kind"], row["field"]) for row in body["errors"]["rows"]) == [
        (line_of(text, "negative-best"), "casualties", "best"),
        (line_of(text, "no-claimant"), "casualties", "claimants"),
    ]
    assert all(row["message"] for row in body["errors"]["rows"])
    assert nothing_written()


def test_a_body_that_is_not_json_is_a_400_naming_the_line(curator):
    response = post(curator, '{\n  "attacks": [\n    {"external_id": \n')

    assert response.status_code == 400
    assert [(row["line"], row["field"]) for row in response.json()["errors"]["rows"]] == [(4, None)]


def test_a_file_over_the_cap_is_a_413(curator, monkeypatch):
    monkeypatch.setattr(imports, "IMPORT_MAX_RECORDS", 3)
    response = post(curator, json.dumps({"casualties": [{}] * 4}))

    assert response.status_code == 413
    assert response.json()["code"] == "too_many_records"


def test_a_file_of_more_than_5000_records_is_refused_before_validation(
    curator, django_assert_max_num_queries
):
    body = json.dumps({"casualties": [{}] * 5001})

    # The token, its user and the user's permissions; no row is validated.
    with django_assert_max_num_queries(10):
        response = post(curator, body)

    assert response.status_code == 413
    assert response.json() == {
        "detail": "The file holds 5001 records; one import takes at most 5000.",
        "code": "too_many_records",
    }


def test_a_dry_run_is_a_200_with_the_counts_and_writes_nothing(curator, location, claimant):
    response = post(curator, poltava_file(location=location, claimant=claimant), query="?dry_run=true")

    assert response.status_code == 200
    assert response.json()["dry_run"] is True
    assert response.json()["counts"]["casualties"] == {"created": 2, "updated": 0, "unchanged": 0}
    assert nothing_written()


def test_a_csv_file_of_casualties_is_imported_with_semicolon_separated_lists(curator, claimant):
    attack = make_attack(external_id=ATTACK_ID)
    sources = [make_source(), make_source()]
    text = (
        "external_id,attack,kind,best,date_start,date_end,claimants,sources\n"
        f"csv-1,ext:{ATTACK_ID},killed,4,2025-02-01,2025-02-01,{claimant.pk},{sources[0].pk};{sources[1].pk}\n"
    )

    response = post(curator, text, content_type="text/csv", query="?kind=casualties")

    assert response.status_code == 201, response.content
    assert response.json()["counts"] == {"casualties": {"created": 1, "updated": 0, "unchanged": 0}}
    figure = attack.casualties.get(external_id="csv-1")
    assert (figure.best, set(figure.sources.all())) == (4, set(sources))


def test_a_csv_file_needs_its_kind(curator):
    response = post(curator, "external_id\nx\n", content_type="text/csv")

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"kind"}


def test_a_csv_file_with_a_bad_row_names_its_line(curator, claimant):
    make_attack(external_id=ATTACK_ID)
    text = (
        "external_id,attack,kind,best,date_start,date_end,claimants,sources\n"
        f"csv-1,ext:{ATTACK_ID},killed,4,2025-02-01,2025-02-01,{claimant.pk},{make_source().pk}\n"
        f"csv-2,ext:{ATTACK_ID},killed,4,2025-02-01,2025-02-01,{claimant.pk},\n"
    )

    response = post(curator, text, content_type="text/csv", query="?kind=casualties")

    assert response.status_code == 400
    assert response.json()["errors"]["rows"] == [
        {"line": 3, "kind": "casualties", "field": "sources", "message": "This field is required."}
    ]
    assert not Casualty.objects.exists()
