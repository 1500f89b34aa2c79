"""Every fact of the seed report, asked for through the API as a user would ask for it."""

import pytest

pytestmark = pytest.mark.usefixtures("seed")


def results(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def by_slug(client, resource, slug):
    (record,) = [row for row in results(client, f"/api/v1/{resource}/", page_size=500) if row["slug"] == slug]
    return record


def the_wave(client):
    (wave,) = results(client, "/api/v1/waves/")
    return wave


def test_the_north_korean_deployment_to_kursk_is_about_12000_troops(anonymous):
    (deployment,) = results(anonymous, "/api/v1/force-deployments/", deploying_actor="korean-peoples-army")
    assert deployment["supported_actor"]["slug"] == "russia"
    assert deployment["location"]["slug"] == "kursk-oblast"
    assert deployment["purpose"] == "to assist Russia in its offensive"

    (strength,) = results(anonymous, "/api/v1/force-strengths/", deployment_id=deployment["id"])
    assert (strength["best"], strength["qualifier"]) == (12_000, "approximately")
    assert strength["phrase"] == "approximately 12,000 North Korean soldiers were sent to Russia"
    assert {claimant["slug"] for claimant in strength["claimants"]} == {
        "ukrainian-intelligence-unnamed",
        "western-intelligence-unnamed",
    }
    assert len(strength["sources"]) == 1


def test_about_4000_north_koreans_were_killed_or_injured_without_a_split(anonymous):
    (deployment,) = results(anonymous, "/api/v1/force-deployments/")
    (losses,) = results(anonymous, "/api/v1/casualties/", deployment_id=deployment["id"])
    assert losses["kind"] == "killed_or_injured"
    assert losses["population"] == "military"
    assert (losses["low"], losses["best"], losses["high"], losses["qualifier"]) == (
        None,
        4_000,
        None,
        "approximately",
    )
    assert {claimant["name"] for claimant in losses["claimants"]} == {
        "Ukrainian intelligence sources (unnamed)",
        "Western intelligence sources (unnamed)",
    }


def test_the_deployment_likely_withdrew_from_the_front_per_kindratenko(anonymous):
    (deployment,) = results(anonymous, "/api/v1/force-deployments/")
    (status,) = results(anonymous, "/api/v1/force-deployment-statuses/", deployment_id=deployment["id"])
    assert status["status"] == "withdrawn_from_front"
    assert status["confidence"] == "likely"
    assert "not seen on the frontlines for over three weeks" in status["evidence"]
    assert "oleksandr-kindratenko" in {claimant["slug"] for claimant in status["claimants"]}

    statement = anonymous.get(status["statement"]["url"]).json()
    assert statement["speaker"]["name"] == "Oleksandr Kindratenko"
    assert "Special Operations Forces" in statement["speaker_role"]
    assert statement["on_behalf_of"]["slug"] == "ukraine-special-operations-forces"
    assert "over three weeks" in statement["paraphrase"]

    special_forces = by_slug(anonymous, "actors", "ukraine-special-operations-forces")
    assert special_forces["parent"]["slug"] == "armed-forces-of-ukraine"


def test_poltava_residential_building_destroyed_three_killed_ten_injured_including_children(anonymous):
    poltava = by_slug(anonymous, "locations", "poltava")
    (attack,) = results(anonymous, "/api/v1/attacks/", location_id=poltava["id"])
    assert attack["damage"] == "destroyed"
    assert attack["damage_description"] == "a residential building was completely destroyed"
    assert [target["slug"] for target in attack["targets"]] == ["residential-building"]

    figures = {
        (f["kind"], f["age_group"]): f
        for f in results(anonymous, "/api/v1/casualties/", attack_id=attack["id"])
    }
    assert figures[("killed", "all")]["best"] == 3
    injured = figures[("injured", "all")]
    assert (injured["best"], injured["qualifier"]) == (10, "exact")
    children = figures[("injured", "children")]
    # Children were among the ten: present, number unknown, so at least one and never zero.
    assert (children["low"], children["best"], children["qualifier"]) == (1, None, "at_least")
    assert children["included_in"]["id"] == injured["id"]


def test_a_strike_drone_killed_one_in_kharkiv_and_two_died_in_sumy(anonymous):
    kharkiv = by_slug(anonymous, "locations", "kharkiv")
    (attack,) = results(anonymous, "/api/v1/attacks/", location_id=kharkiv["id"])
    assert [weapon["slug"] for weapon in attack["weapons"]] == ["strike-drone"]
    (killed,) = results(anonymous, "/api/v1/casualties/", attack_id=attack["id"])
    assert (killed["kind"], killed["best"]) == ("killed", 1)

    sumy = by_slug(anonymous, "locations", "sumy")
    (attack,) = results(anonymous, "/api/v1/attacks/", location_id=sumy["id"])
    (killed,) = results(anonymous, "/api/v1/casualties/", attack_id=attack["id"])
    assert (killed["kind"], killed["best"]) == ("killed", 2)


def test_six_injuries_are_one_figure_over_five_other_regions(anonymous):
    wave = the_wave(anonymous)
    (figure,) = wave["casualties"]
    figure = anonymous.get(figure["url"]).json()
    assert (figure["kind"], figure["best"]) == ("injured", 6)
    assert figure["attack"] is None
    assert {place["slug"] for place in figure["locations"]} == {
        "kharkiv-oblast",
        "sumy-oblast",
        "zaporizhzhia-oblast",
        "odesa-oblast",
        "kyiv",
    }


def test_the_wave_hit_seven_cities_with_missiles_drones_and_aerial_bombs(anonymous):
    wave = the_wave(anonymous)
    assert wave["perpetrator"]["slug"] == "russia"
    assert {weapon["slug"] for weapon in wave["weapons"]} == {"missile", "drone", "aerial-bomb"}
    cities = {anonymous.get(attack["url"]).json()["location"]["slug"] for attack in wave["attacks"]}
    assert cities == {"poltava", "kharkiv", "sumy", "zaporizhzhia", "odesa", "khmelnytskyi", "kyiv"}


def test_the_wave_totals_six_killed_and_sixteen_injured(anonymous):
    wave = the_wave(anonymous)
    summary = anonymous.get(f"/api/v1/waves/{wave['id']}/summary/").json()
    totals = {total["kind"]: total for total in summary["totals"]}
    assert set(totals) == {"killed", "injured"}
    assert (totals["killed"]["low"], totals["killed"]["best"], totals["killed"]["high"]) == (6, 6, 6)
    assert (totals["injured"]["low"], totals["injured"]["best"], totals["injured"]["high"]) == (16, 16, 16)
    assert totals["killed"]["figure_count"] == 3
    assert totals["injured"]["figure_count"] == 2  # Poltava's ten and the six elsewhere; not the children
    assert "preferred" in summary["rule"]


def test_zelenskyy_verbatim_quotes_are_kept_apart_from_paraphrase(anonymous):
    zelenskyy = by_slug(anonymous, "actors", "volodymyr-zelenskyy")
    statements = results(anonymous, "/api/v1/statements/", speaker_id=zelenskyy["id"])
    quotes = {statement["speech_act"]: statement["quote"] for statement in statements if statement["quote"]}
    assert quotes == {
        "condemnation": "another wave of terrorist crimes",
        "appeal": "Every air defense system, every interceptor missile, means a life saved",
    }
    appeal = next(statement for statement in statements if statement["speech_act"] == "appeal")
    assert "air defense systems" in appeal["paraphrase"]
    assert appeal["quote"] not in appeal["paraphrase"]
    assert {statement["speaker_role"] for statement in statements} == {"President of Ukraine"}
    condemnation = next(statement for statement in statements if statement["speech_act"] == "condemnation")
    assert condemnation["channel"] == "social_media"


def test_every_figure_names_a_claimant_and_a_source(anonymous):
    for resource in ("casualties", "force-strengths", "force-deployment-statuses"):
        for figure in results(anonymous, f"/api/v1/{resource}/", page_size=500):
            assert figure["claimants"], figure
            assert figure["sources"], figure


def test_loading_the_demo_twice_changes_nothing(anonymous):
    from reports.models import Attack, Casualty, Statement
    from reports.services.demo import demo_load

    before = (Attack.objects.count(), Casualty.objects.count(), Statement.objects.count())
    assert demo_load() is False
    assert (
        (Attack.objects.count(), Casualty.objects.count(), Statement.objects.count()) == before == (7, 7, 6)
    )
