"""A copy of the data kept through the API alone ends identical to what the API shows now."""

import datetime

import pytest
from django.db.models import F

from api.resources import RESOURCES
from reports.choices import ReviewStatus
from reports.models import Casualty, Location, Source, Weapon
from tests.api.helpers import if_match, ok
from tests.builders import (
    make_actor,
    make_attack,
    make_casualty,
    make_deployment_status,
    make_location,
    make_source,
    make_statement,
    make_strength,
    make_target,
)

pytestmark = pytest.mark.django_db


class Mirror:
    """A copy of every resource, kept in step through the API alone.

    The algorithm:

    1. First pull. For each resource, read ``GET /api/v1/<resource>/changes/`` and follow the
       ``next`` links until one is null, storing every record by id. Read
       ``GET /api/v1/deletions/`` the same way; on an empty copy there is nothing to remove,
       but it gives the moment the copy has seen tombstones up to.
    2. Remember, per resource, the latest ``updated_at`` seen, and the latest ``removed_at``
       of the tombstones.
    3. Each later pull. For each resource, read its changes feed with
       ``updated_after=<the latest updated_at seen, minus a safety lag>`` to the end and store
       each record by id, replacing the copy's. Then read the deletions feed with
       ``removed_after=<the latest removed_at seen, minus the lag>`` and remove each tombstone's
       ``record_id`` from the copy of its ``resource``. Update the remembered moments.

    Why it is complete: every change to what a record shows (its fields, its lists, the parts
    it lists, the brief records nested in it, a draft of it being published) moves its
    ``updated_at``, which puts it at the end of its changes feed; every record that leaves the
    viewer's sight (deleted, or no longer published) leaves a tombstone. A ``withdrawn``
    tombstone is removed when the record is published again, so a tombstone always means the
    record is gone now, and applying the tombstones after the changes is never wrong.

    The lag: a timestamp is taken when a row is written, and a transaction may commit a little
    after a later one did, so a pull could see the later row first. Starting the next pull a
    little before the latest moment seen (by longer than any transaction lasts, a minute say)
    reads such rows again: storing a record twice, or removing one twice, does no harm. The
    test below writes nothing concurrently and uses no lag, so that a change the feeds failed
    to show could not be picked up by reading again what was read before.

    An editor's copy (a client who may see drafts) reads the same feeds but asks the deletions
    feed for ``reason=deleted`` only: for editors, a withdrawn record is still there.
    """

    def __init__(self, client, *, lag: datetime.timedelta):
        self.client = client
        self.lag = lag
        self.records: dict[str, dict[int, dict]] = {resource: {} for resource in RESOURCES}
        self.updated: dict[str, datetime.datetime | None] = dict.fromkeys(RESOURCES)
        self.removed: datetime.datetime | None = None

    def _feed(self, path: str, **params) -> list[dict]:
        rows, body = [], ok(self.client.get(path, params))
        rows += body["results"]
        while body["next"]:
            body = ok(self.client.get(body["next"]))
            rows += body["results"]
        return rows

    def _since(self, moment: datetime.datetime | None) -> dict:
        return {} if moment is None else {"after": (moment - self.lag).isoformat()}

    def pull(self) -> None:
        for resource, copy in self.records.items():
            since = self._since(self.updated[resource])
            params = {"updated_after": since["after"]} if since else {}
            for row in self._feed(f"/api/v1/{resource}/changes/", **params):
                copy[row["id"]] = row
                self.updated[resource] = max_moment(self.updated[resource], row["updated_at"])
        since = self._since(self.removed)
        params = {"removed_after": since["after"]} if since else {}
        for tombstone in self._feed("/api/v1/deletions/", **params):
            self.records[tombstone["resource"]].pop(tombstone["record_id"], None)
            self.removed = max_moment(self.removed, tombstone["removed_at"])


def max_moment(known: datetime.datetime | None, seen: str) -> datetime.datetime:
    moment = datetime.datetime.fromisoformat(seen)
    return moment if known is None else max(known, moment)


def shown_now(client) -> dict[str, dict[int, dict]]:
    """Every resource as its ordinary list shows it now, by id."""
    shown = {}
    for resource in RESOURCES:
        rows, body = [], ok(client.get(f"/api/v1/{resource}/", {"page_size": 500}))
        rows += body["results"]
        while body["next"]:
            body = ok(client.get(body["next"]))
            rows += body["results"]
        shown[resource] = {row["id"]: row for row in rows}
    return shown


def age_everything() -> None:
    """Date every record an hour back, as if made long before the first pull."""
    for model in RESOURCES.values():
        model._base_manager.update(updated_at=F("updated_at") - datetime.timedelta(hours=1))


def fresh(record):
    return type(record)._base_manager.get(pk=record.pk)


def test_a_public_mirror_pulled_through_the_feeds_ends_identical_to_the_api(anonymous, reviewer, curator):
    # What there is before the first pull: every resource has rows.
    kept_attack = make_attack()
    kept_figure = make_casualty(attack=fresh(kept_attack))
    doomed_attack = make_attack(wave=fresh(kept_attack.wave))
    doomed_figures = [make_casualty(attack=fresh(doomed_attack)) for _ in range(2)]
    retracted_attack = make_attack(wave=fresh(kept_attack.wave))
    retracted_figure = make_casualty(attack=fresh(retracted_attack))
    withdrawn_then_back = make_casualty(attack=fresh(kept_attack))
    renamed_place = make_location(name="Kharkov")
    attack_at_place = make_attack(location=fresh(renamed_place))
    status = make_deployment_status()
    strength = make_strength(deployment=fresh(status.deployment))
    statement = make_statement()
    talk = make_statement()
    withdrawn_and_back_unseen = make_casualty(attack=fresh(kept_attack))
    cited_figure = make_casualty(attack=fresh(kept_attack), statement=fresh(statement))
    lonely_source = make_source()
    bulk_deleted = [make_casualty(attack=fresh(kept_attack)) for _ in range(2)]
    draft_to_publish = make_attack(review_status=ReviewStatus.VERIFIED)
    make_target()
    age_everything()

    mirror = Mirror(anonymous, lag=datetime.timedelta(0))
    mirror.pull()
    assert mirror.records == shown_now(anonymous)
    assert all(mirror.records[resource] for resource in RESOURCES)

    # The source changes. Creations, a public one and a draft:
    new_attack = make_attack(wave=fresh(kept_attack.wave))
    make_casualty(attack=fresh(new_attack))
    make_attack(review_status=ReviewStatus.DRAFT)
    make_actor()
    # Edits: by a reviewer (stays published), of a place shown nested in other records.
    assert (
        reviewer.patch(
            f"/api/v1/casualties/{kept_figure.pk}/", {"best": 7}, format="json", **if_match(kept_figure)
        ).status_code
        == 200
    )
    place = fresh(renamed_place)
    place.name = "Kharkiv"
    place.save()
    strength_now = fresh(strength)
    strength_now.best = 13_000
    strength_now.save()
    # List edits, from either side, and through the API.
    Weapon.objects.get(pk=fresh(attack_at_place).weapons.first().pk).attacks.remove(fresh(attack_at_place))
    fresh(kept_attack.wave).sources.add(make_source())
    fresh(talk).about_actors.add(make_actor())
    Source.objects.get(pk=fresh(status).sources.first().pk).forcedeploymentstatus_claims.clear()
    assert (
        reviewer.patch(
            f"/api/v1/attacks/{kept_attack.pk}/",
            {"targets": [make_target().pk]},
            format="json",
            **if_match(kept_attack),
        ).status_code
        == 200
    )
    # Deletions: a figure, an attack with its figures (a cascade), reference data, a statement
    # that figures cite (their statement becomes null), and a bulk delete.
    assert (
        curator.delete(f"/api/v1/attacks/{doomed_attack.pk}/", **if_match(doomed_attack)).status_code == 204
    )
    assert (
        curator.delete(f"/api/v1/sources/{lonely_source.pk}/", **if_match(lonely_source)).status_code == 204
    )
    fresh(statement).delete()
    Casualty.objects.filter(pk__in=[figure.pk for figure in bulk_deleted]).delete()
    Location.objects.filter(pk=make_location().pk).delete()  # one the mirror never saw
    # A retraction, with its figure; a figure sent back to draft by a curator's edit, then
    # reviewed and published again; a verified draft published.
    assert (
        reviewer.post(
            f"/api/v1/attacks/{retracted_attack.pk}/retract/",
            {"reason": "Not confirmed."},
            format="json",
            **if_match(retracted_attack),
        ).status_code
        == 200
    )
    assert (
        curator.patch(
            f"/api/v1/casualties/{withdrawn_then_back.pk}/",
            {"best": 5},
            format="json",
            **if_match(withdrawn_then_back),
        ).json()["review_status"]
        == "draft"
    )
    mirror.pull()  # sees it withdrawn
    assert withdrawn_then_back.pk not in mirror.records["casualties"]
    for step in ("verify", "publish"):
        response = reviewer.post(
            f"/api/v1/casualties/{withdrawn_then_back.pk}/{step}/",
            format="json",
            **if_match(withdrawn_then_back),
        )
        assert response.status_code == 200, response.content
    response = reviewer.post(
        f"/api/v1/attacks/{draft_to_publish.pk}/publish/", format="json", **if_match(draft_to_publish)
    )
    assert response.status_code == 200, response.content

    # Withdrawn and published again with no pull in between: its tombstone must not remove it.
    curator.patch(
        f"/api/v1/casualties/{withdrawn_and_back_unseen.pk}/",
        {"best": 6},
        format="json",
        **if_match(withdrawn_and_back_unseen),
    )
    for step in ("verify", "publish"):
        response = reviewer.post(
            f"/api/v1/casualties/{withdrawn_and_back_unseen.pk}/{step}/",
            format="json",
            **if_match(withdrawn_and_back_unseen),
        )
        assert response.status_code == 200, response.content

    mirror.pull()

    shown = shown_now(anonymous)
    assert mirror.records == shown
    # The scenario did what it says, so the comparison above covers it.
    assert retracted_attack.pk not in shown["attacks"] and retracted_figure.pk not in shown["casualties"]
    gone = {figure.pk for figure in (*doomed_figures, *bulk_deleted)}
    assert gone & shown["casualties"].keys() == set()
    assert shown["casualties"][cited_figure.pk]["statement"] is None
    assert shown["casualties"][withdrawn_then_back.pk]["best"] == 5
    assert shown["casualties"][withdrawn_and_back_unseen.pk]["best"] == 6
    assert len(shown["statements"][talk.pk]["about_actors"]) == 2
    assert shown["attacks"][attack_at_place.pk]["location"]["name"] == "Kharkiv"
    assert shown["force-strengths"][strength.pk]["best"] == 13_000
    assert draft_to_publish.pk in shown["attacks"]
    assert retracted_attack.pk not in {
        attack["id"] for attack in shown["waves"][kept_attack.wave_id]["attacks"]
    }
