"""The curators' admin: every list page costs the same queries however many rows it shows,
figures need a claimant and a source, and the search boxes find what a curator types."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports import choices
from reports.models import (
    Actor,
    Attack,
    Casualty,
    ForceDeployment,
    ForceDeploymentStatus,
    ForceStrength,
    Location,
    LocationName,
    Source,
    Statement,
    TargetType,
    Wave,
    Weapon,
)
from tests.builders import (
    make_actor,
    make_attack,
    make_casualty,
    make_deployment,
    make_deployment_status,
    make_location,
    make_source,
    make_statement,
    make_strength,
    make_target,
    make_wave,
    make_weapon,
)


def make_location_name(*, location: Location | None = None, name: str = "Kharkov") -> LocationName:
    return LocationName.objects.create(location=location or make_location(), name=name, language="ru")


# One row per call, with the related rows its list columns, filters and prefetches read.


def actor_row() -> Actor:
    return make_actor(parent=make_actor(kind=choices.ActorKind.STATE))


def location_row() -> Location:
    place = make_location(parent=make_location(kind=choices.LocationKind.REGION))
    make_location_name(location=place)
    return place


def weapon_row() -> Weapon:
    return make_weapon(parent=make_weapon())


def wave_row() -> Wave:
    wave = make_wave()
    make_attack(wave=wave)
    return wave


def attack_row() -> Attack:
    return make_casualty(attack=make_attack()).attack


def casualty_row() -> Casualty:
    return make_casualty(
        claimants=[make_actor(), make_actor()], statement=make_statement(), locations=[make_location()]
    )


def statement_row() -> Statement:
    return make_statement(speaker_role="Spokesperson")


def deployment_row() -> ForceDeployment:
    deployment = make_deployment()
    make_strength(deployment=deployment)
    make_deployment_status(deployment=deployment)
    return deployment


def strength_row() -> ForceStrength:
    return make_strength(claimants=[make_actor(), make_actor()], statement=make_statement())


def status_row() -> ForceDeploymentStatus:
    return make_deployment_status(claimants=[make_actor(), make_actor()])


# Seven queries on every list page: the request's savepoint and its release (ATOMIC_REQUESTS),
# the session, the user, the filtered and the unfiltered row counts, and the page of rows.
# The rest are named per model; "in use" is a filter listing only the values rows have.
CHANGELISTS = [
    # + date hierarchy (bounds, years), languages in use
    pytest.param(Source, make_source, 10, id="source"),
    # + countries in use
    pytest.param(Actor, actor_row, 8, id="actor"),
    # + countries in use
    pytest.param(Location, location_row, 8, id="location"),
    # + languages in use
    pytest.param(LocationName, make_location_name, 8, id="locationname"),
    # + broader kinds in use
    pytest.param(Weapon, weapon_row, 8, id="weapon"),
    pytest.param(TargetType, make_target, 7, id="targettype"),
    # + perpetrators in use, date hierarchy (bounds, days)
    pytest.param(Wave, wave_row, 10, id="wave"),
    # + perpetrators, weapons and targets in use, date hierarchy (bounds, days)
    pytest.param(Attack, attack_row, 12, id="attack"),
    # + the claimants of the page, date hierarchy (bounds, days)
    pytest.param(Casualty, casualty_row, 10, id="casualty"),
    # + speakers in use, date hierarchy (bounds, days), languages in use
    pytest.param(Statement, statement_row, 11, id="statement"),
    # + deploying and supported actors in use, date hierarchy (bounds, years)
    pytest.param(ForceDeployment, deployment_row, 11, id="forcedeployment"),
    # + the claimants of the page, date hierarchy (bounds, days)
    pytest.param(ForceStrength, strength_row, 10, id="forcestrength"),
    # + the claimants of the page, date hierarchy (bounds, days)
    pytest.param(ForceDeploymentStatus, status_row, 10, id="forcedeploymentstatus"),
]


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:reports_{model._meta.model_name}_{view}", args=args)


def get_changelist(client, model) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    # Every row of the model is on the page, so a query per row would show in the count.
    assert len(response.context["cl"].result_list) == model.objects.count()
    return len(queries)


@pytest.mark.parametrize(("model", "make_row", "expected_queries"), CHANGELISTS)
def test_a_changelist_runs_the_same_queries_for_three_rows_as_for_six(
    admin_client, model, make_row, expected_queries
):
    for _ in range(3):
        make_row()
    with_three_rows = get_changelist(admin_client, model)
    for _ in range(3):
        make_row()
    with_six_rows = get_changelist(admin_client, model)

    assert with_three_rows == with_six_rows == expected_queries


@pytest.mark.parametrize(("model", "make_row", "expected_queries"), CHANGELISTS)
def test_a_change_page_shows_the_row_and_the_add_page_renders(
    admin_client, model, make_row, expected_queries
):
    row = make_row()

    change = admin_client.get(admin_url(model, "change", row.pk))
    add = admin_client.get(admin_url(model, "add"))

    assert change.status_code == 200
    assert change.context["original"] == row
    assert add.status_code == 200


def test_the_attack_add_page_offers_casualty_figures_inline(admin_client):
    response = admin_client.get(admin_url(Attack, "add"))

    assert response.status_code == 200
    inline_models = [inline.opts.model for inline in response.context["inline_admin_formsets"]]
    assert inline_models == [Casualty]
    assert b'id="casualties-group"' in response.content


def casualty_form_data(
    *, attack: Attack | None, claimants: list[Actor], sources: list[Source], prefix: str = ""
) -> dict:
    fields = {
        "kind": choices.CasualtyKind.KILLED,
        "population": choices.Population.CIVILIAN,
        "age_group": choices.AgeGroup.ALL,
        "qualifier": choices.Qualifier.APPROXIMATELY,
        "best": "40",
        "phrase": "around 40 people",
        "date_start": "2025-02-01",
        "date_end": "2025-02-01",
        "date_precision": choices.DatePrecision.DAY,
        "claimants": [actor.pk for actor in claimants],
        "sources": [source.pk for source in sources],
        "confidence": choices.Confidence.REPORTED,
        "rank": choices.Rank.NORMAL,
    }
    if attack is not None:
        fields["attack"] = attack.pk
    return {f"{prefix}{name}": value for name, value in fields.items()}


@pytest.mark.django_db
def test_a_casualty_figure_with_a_claimant_and_a_source_is_added(admin_client):
    attack = make_attack()
    data = casualty_form_data(attack=attack, claimants=[make_actor()], sources=[make_source()])

    response = admin_client.post(admin_url(Casualty, "add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert attack.casualties.get().best == 40


@pytest.mark.django_db
def test_a_casualty_figure_without_claimants_is_refused_on_the_claimants_field(admin_client):
    data = casualty_form_data(attack=make_attack(), claimants=[], sources=[make_source()])

    response = admin_client.post(admin_url(Casualty, "add"), data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors == {"claimants": ["Name at least one actor who makes this claim."]}
    assert not Casualty.objects.exists()


@pytest.mark.django_db
def test_a_casualty_figure_without_sources_is_refused_on_the_sources_field(admin_client):
    data = casualty_form_data(attack=make_attack(), claimants=[make_actor()], sources=[])

    response = admin_client.post(admin_url(Casualty, "add"), data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors == {"sources": ["Cite at least one source document for this claim."]}
    assert not Casualty.objects.exists()


def attack_with_one_casualty_data(*, claimants: list[Actor]) -> dict:
    return {
        "location": make_location().pk,
        "date_start": "2025-02-01",
        "date_end": "2025-02-01",
        "date_precision": choices.DatePrecision.DAY,
        "damage": choices.Damage.DESTROYED,
        "confidence": choices.Confidence.REPORTED,
        "sources": [make_source().pk],
        "casualties-TOTAL_FORMS": "1",
        "casualties-INITIAL_FORMS": "0",
        "casualties-MIN_NUM_FORMS": "0",
        "casualties-MAX_NUM_FORMS": "1000",
        **casualty_form_data(
            attack=None, claimants=claimants, sources=[make_source()], prefix="casualties-0-"
        ),
    }


@pytest.mark.django_db
def test_an_attack_and_its_casualty_figure_are_added_in_one_form(admin_client):
    claimant = make_actor()

    response = admin_client.post(
        admin_url(Attack, "add"), attack_with_one_casualty_data(claimants=[claimant])
    )

    assert response.status_code == 302
    figure = Attack.objects.get().casualties.get()
    assert list(figure.claimants.all()) == [claimant]


@pytest.mark.django_db
def test_an_inline_casualty_figure_without_claimants_is_refused_and_the_attack_is_not_added(admin_client):
    response = admin_client.post(admin_url(Attack, "add"), attack_with_one_casualty_data(claimants=[]))

    assert response.status_code == 200
    (casualties,) = response.context["inline_admin_formsets"]
    assert casualties.formset.errors == [{"claimants": ["Name at least one actor who makes this claim."]}]
    assert not Attack.objects.exists()
    assert not Casualty.objects.exists()


@pytest.mark.django_db
def test_the_claimants_search_box_finds_an_actor_by_part_of_the_name(admin_client):
    zelensky = make_actor(name="Volodymyr Zelensky", kind=choices.ActorKind.PERSON)
    make_actor(name="Vladimir Putin", kind=choices.ActorKind.PERSON)

    response = admin_client.get(
        "/admin/autocomplete/",
        {"app_label": "reports", "model_name": "casualty", "field_name": "claimants", "term": "zel"},
    )

    assert response.status_code == 200
    assert response.json()["results"] == [{"id": str(zelensky.pk), "text": "Volodymyr Zelensky"}]
