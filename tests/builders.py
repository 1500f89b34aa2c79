"""Small explicit builders for test data. Each returns a saved row with what it needs to be valid."""

import datetime
import itertools

from reports import choices
from reports.models import (
    Actor,
    Attack,
    Casualty,
    ForceDeployment,
    ForceDeploymentStatus,
    ForceStrength,
    Location,
    Source,
    Statement,
    TargetType,
    Wave,
    Weapon,
)

DAY = datetime.date(2025, 2, 1)
# Most tests read as the public; a test about drafts asks for one (review_status="draft").
PUBLISHED = {"review_status": choices.ReviewStatus.PUBLISHED}
_numbers = itertools.count(1)


def _n() -> int:
    return next(_numbers)


def _defaults(fields: dict, **factories) -> dict:
    """Fill in only the related rows the caller did not give, so no unused rows are made."""
    return {**{name: factory() for name, factory in factories.items() if name not in fields}, **fields}


def make_source(**fields) -> Source:
    n = _n()
    return Source.objects.create(**{"title": f"Report {n}", "url": f"https://example.org/{n}", **fields})


def make_actor(**fields) -> Actor:
    n = _n()
    return Actor.objects.create(
        **{"name": f"Actor {n}", "slug": f"actor-{n}", "kind": choices.ActorKind.ORGANISATION, **fields}
    )


def make_location(**fields) -> Location:
    n = _n()
    return Location.objects.create(
        **{
            "name": f"Place {n}",
            "slug": f"place-{n}",
            "kind": choices.LocationKind.CITY,
            "country": "UA",
            **fields,
        }
    )


def make_weapon(**fields) -> Weapon:
    n = _n()
    return Weapon.objects.create(**{"name": f"Weapon {n}", "slug": f"weapon-{n}", **fields})


def make_target(**fields) -> TargetType:
    n = _n()
    return TargetType.objects.create(**{"name": f"Target {n}", "slug": f"target-{n}", **fields})


def one_day(day: datetime.date = DAY) -> dict:
    return {"date_start": day, "date_end": day, "date_precision": choices.DatePrecision.DAY}


def make_wave(**fields) -> Wave:
    wave = Wave.objects.create(
        **{**PUBLISHED, "name": f"Wave {_n()}", **one_day(), **_defaults(fields, perpetrator=make_actor)}
    )
    wave.sources.set([make_source()])
    wave.weapons.set([make_weapon()])
    return wave


def make_attack(**fields) -> Attack:
    attack = Attack.objects.create(
        **{
            **PUBLISHED,
            **one_day(),
            **_defaults(fields, location=make_location, perpetrator=make_actor, wave=make_wave),
        }
    )
    attack.sources.set([make_source(), make_source()])
    attack.weapons.set([make_weapon(), make_weapon()])
    attack.targets.set([make_target()])
    return attack


def _claim(figure, claimants=None, sources=None):
    figure.claimants.set(claimants or [make_actor()])
    figure.sources.set(sources or [make_source()])
    return figure


def make_casualty(*, claimants=None, sources=None, locations=(), **fields) -> Casualty:
    if not {"attack", "wave", "deployment"} & fields.keys():
        fields["attack"] = make_attack()
    figure = Casualty.objects.create(
        **{
            **PUBLISHED,
            "kind": choices.CasualtyKind.KILLED,
            "best": 3,
            "qualifier": choices.Qualifier.EXACT,
            **one_day(),
            **fields,
        }
    )
    figure.locations.set(locations)
    return _claim(figure, claimants, sources)


def make_statement(**fields) -> Statement:
    statement = Statement.objects.create(
        **{
            **PUBLISHED,
            "speech_act": choices.SpeechAct.CLAIM,
            "quote": "Words said.",
            **one_day(),
            **_defaults(
                fields, speaker=lambda: make_actor(kind=choices.ActorKind.PERSON), on_behalf_of=make_actor
            ),
        }
    )
    statement.sources.set([make_source()])
    statement.about_actors.set([make_actor()])
    return statement


def make_deployment(**fields) -> ForceDeployment:
    deployment = ForceDeployment.objects.create(
        **{
            **PUBLISHED,
            "name": f"Deployment {_n()}",
            **_defaults(
                fields,
                deploying_actor=make_actor,
                supported_actor=make_actor,
                location=lambda: make_location(kind=choices.LocationKind.REGION),
            ),
        }
    )
    deployment.sources.set([make_source()])
    return deployment


def make_strength(*, claimants=None, sources=None, **fields) -> ForceStrength:
    figure = ForceStrength.objects.create(
        **{
            **PUBLISHED,
            "deployment": fields.pop("deployment", None) or make_deployment(),
            "best": 12_000,
            "qualifier": choices.Qualifier.APPROXIMATELY,
            **one_day(),
            **fields,
        }
    )
    return _claim(figure, claimants, sources)


def make_deployment_status(*, claimants=None, sources=None, **fields) -> ForceDeploymentStatus:
    status = ForceDeploymentStatus.objects.create(
        **{
            **PUBLISHED,
            "deployment": fields.pop("deployment", None) or make_deployment(),
            "status": choices.DeploymentStatus.DEPLOYED,
            **one_day(),
            **fields,
        }
    )
    return _claim(status, claimants, sources)
