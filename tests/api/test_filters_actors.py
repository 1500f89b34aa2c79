"""Lists filter by the actor in each role a record gives one, by id or slug, repeated meaning either."""

import pytest

from tests.api.helpers import assert_invalid, ids, matched
from tests.builders import (
    make_actor,
    make_attack,
    make_casualty,
    make_deployment,
    make_deployment_status,
    make_statement,
    make_strength,
    make_wave,
)

pytestmark = pytest.mark.django_db


def test_attacks_and_waves_by_perpetrator(anonymous):
    russia, belarus = make_actor(slug="russia"), make_actor(slug="belarus")
    by_russia, by_belarus = make_attack(perpetrator=russia), make_attack(perpetrator=belarus)
    wave_by_russia = make_wave(perpetrator=russia)
    make_attack()

    assert matched(anonymous, "/api/v1/attacks/", perpetrator="russia") == ids(by_russia)
    assert matched(anonymous, "/api/v1/attacks/", perpetrator_id=[russia.pk, belarus.pk]) == ids(
        by_russia, by_belarus
    )
    assert matched(anonymous, "/api/v1/waves/", perpetrator="russia") == ids(wave_by_russia)


def test_casualty_figures_by_the_perpetrator_of_their_attack_or_wave(anonymous):
    russia = make_actor(slug="russia")
    by_attack = make_casualty(attack=make_attack(perpetrator=russia))
    by_wave = make_casualty(wave=make_wave(perpetrator=russia))
    make_casualty()

    assert matched(anonymous, "/api/v1/casualties/", perpetrator="russia") == ids(by_attack, by_wave)
    assert matched(anonymous, "/api/v1/casualties/", perpetrator_id=russia.pk) == ids(by_attack, by_wave)


@pytest.mark.parametrize(
    ("path", "make"),
    [
        ("/api/v1/casualties/", make_casualty),
        ("/api/v1/force-strengths/", make_strength),
        ("/api/v1/force-deployment-statuses/", make_deployment_status),
    ],
)
def test_claims_by_claimant_a_repeated_one_meaning_either(anonymous, path, make):
    ukraine, usa = make_actor(slug="ukraine"), make_actor(slug="usa")
    by_ukraine, by_usa, by_both = (
        make(claimants=[ukraine]),
        make(claimants=[usa]),
        make(claimants=[ukraine, usa]),
    )
    make()

    assert matched(anonymous, path, claimant="ukraine") == ids(by_ukraine, by_both)
    assert matched(anonymous, path, claimant=["ukraine", "usa"]) == ids(by_ukraine, by_usa, by_both)
    assert matched(anonymous, path, claimant_id=usa.pk) == ids(by_usa, by_both)


def test_statements_by_speaker_on_behalf_of_and_about_actor_all_having_to_match(anonymous):
    zelensky, ministry, russia = make_actor(slug="zelensky"), make_actor(slug="ministry"), make_actor()
    spoken = make_statement(speaker=zelensky, on_behalf_of=ministry)
    spoken.about_actors.set([russia])
    other_speech = make_statement(speaker=zelensky)
    make_statement(on_behalf_of=ministry)

    assert matched(anonymous, "/api/v1/statements/", speaker="zelensky") == ids(spoken, other_speech)
    assert matched(anonymous, "/api/v1/statements/", speaker_id=zelensky.pk, on_behalf_of="ministry") == ids(
        spoken
    )
    assert matched(anonymous, "/api/v1/statements/", about_actor=russia.slug) == ids(spoken)
    assert matched(anonymous, "/api/v1/statements/", about_actor_id=russia.pk, speaker="ministry") == []


def test_deployments_their_strengths_and_statuses_by_deploying_and_supported_force(anonymous):
    north_korea, russia, belarus = make_actor(slug="dprk"), make_actor(slug="russia"), make_actor()
    korean = make_deployment(deploying_actor=north_korea, supported_actor=russia)
    belarusian = make_deployment(deploying_actor=belarus, supported_actor=russia)
    strength, status = make_strength(deployment=korean), make_deployment_status(deployment=korean)
    make_strength(deployment=belarusian)
    make_deployment_status(deployment=belarusian)

    assert matched(anonymous, "/api/v1/force-deployments/", deploying_actor="dprk") == ids(korean)
    assert matched(anonymous, "/api/v1/force-deployments/", supported_actor_id=russia.pk) == ids(
        korean, belarusian
    )
    assert matched(
        anonymous, "/api/v1/force-deployments/", deploying_actor_id=[north_korea.pk, belarus.pk]
    ) == ids(korean, belarusian)
    assert matched(anonymous, "/api/v1/force-strengths/", deploying_actor="dprk") == ids(strength)
    assert matched(anonymous, "/api/v1/force-deployment-statuses/", deploying_actor_id=north_korea.pk) == ids(
        status
    )
    assert matched(
        anonymous, "/api/v1/force-strengths/", supported_actor="russia", deploying_actor="dprk"
    ) == (ids(strength))


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/api/v1/attacks/", "perpetrator"),
        ("/api/v1/waves/", "perpetrator"),
        ("/api/v1/casualties/", "perpetrator"),
        ("/api/v1/casualties/", "claimant"),
        ("/api/v1/statements/", "speaker"),
        ("/api/v1/statements/", "about_actor"),
        ("/api/v1/force-deployments/", "deploying_actor"),
        ("/api/v1/force-deployments/", "supported_actor"),
        ("/api/v1/force-strengths/", "deploying_actor"),
        ("/api/v1/force-deployment-statuses/", "supported_actor"),
    ],
)
def test_an_unknown_actor_or_a_non_numeric_id_is_a_400_naming_the_parameter(anonymous, path, parameter):
    assert_invalid(anonymous.get(path, {parameter: "nobody"}), parameter)
    assert_invalid(anonymous.get(path, {f"{parameter}_id": "russia"}), f"{parameter}_id")
    assert_invalid(anonymous.get(path, {f"{parameter}_id": 999_999}), f"{parameter}_id")
