"""The first real report (shared/seeds/000_d1335562950f1f2a.txt), structured in full as demo data.

The seed text carries no title, publisher, URL or date. The title below is the
curators'; the dates are the curators' dating of the events reported (the wave of
strikes that hit a residential building in Poltava and Col. Kindratenko's remarks
on North Korean troops, around 1 February 2025) and are therefore marked
approximate. Everything else is as the text says, in its own words where it
quotes.
"""

import datetime

from django.db import transaction

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

SEED_TITLE = (
    "Zelenskyy condemns Russian wave of strikes; North Korean troops likely withdrawn from Kursk front"
)
REPORT_DAY = datetime.date(2025, 2, 1)
WAVE_NIGHT = (datetime.date(2025, 1, 31), datetime.date(2025, 2, 1))
APPROXIMATE = choices.DatePrecision.APPROXIMATE
# The seed report was structured and checked by the project's curators: it ships published.
PUBLISHED = choices.ReviewStatus.PUBLISHED

ACTORS = [
    # slug, name, kind, country, parent slug, title
    ("russia", "Russia", choices.ActorKind.STATE, "RU", None, ""),
    ("ukraine", "Ukraine", choices.ActorKind.STATE, "UA", None, ""),
    ("north-korea", "North Korea", choices.ActorKind.STATE, "KP", None, ""),
    (
        "armed-forces-of-ukraine",
        "Armed Forces of Ukraine",
        choices.ActorKind.ARMED_FORCE,
        "UA",
        "ukraine",
        "",
    ),
    (
        "ukraine-special-operations-forces",
        "Special Operations Forces of the Armed Forces of Ukraine",
        choices.ActorKind.MILITARY_UNIT,
        "UA",
        "armed-forces-of-ukraine",
        "",
    ),
    ("korean-peoples-army", "Korean People's Army", choices.ActorKind.ARMED_FORCE, "KP", "north-korea", ""),
    (
        "volodymyr-zelenskyy",
        "Volodymyr Zelenskyy",
        choices.ActorKind.PERSON,
        "UA",
        "ukraine",
        "President of Ukraine",
    ),
    (
        "oleksandr-kindratenko",
        "Oleksandr Kindratenko",
        choices.ActorKind.PERSON,
        "UA",
        "ukraine-special-operations-forces",
        "Colonel; spokesperson for the Special Operations Forces",
    ),
    (
        "ukrainian-intelligence-unnamed",
        "Ukrainian intelligence sources (unnamed)",
        choices.ActorKind.INTELLIGENCE_SERVICE,
        "UA",
        None,
        "",
    ),
    (
        "western-intelligence-unnamed",
        "Western intelligence sources (unnamed)",
        choices.ActorKind.INTELLIGENCE_SERVICE,
        "",
        None,
        "",
    ),
]

WEAPONS = [
    # slug, name, parent slug
    ("missile", "Missile", None),
    ("drone", "Drone", None),
    ("strike-drone", "Strike drone", "drone"),
    ("aerial-bomb", "Aerial bomb", None),
]

TARGETS = [("residential-building", "Residential building")]

CITIES = ["poltava", "kharkiv", "sumy", "zaporizhzhia", "odesa", "khmelnytskyi", "kyiv"]


def _upsert_vocabulary() -> tuple[dict[str, Actor], dict[str, Weapon], dict[str, TargetType]]:
    actors: dict[str, Actor] = {}
    for slug, name, kind, country, parent, title in ACTORS:
        actors[slug], _ = Actor.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "country": country,
                "parent": actors[parent] if parent else None,
                "title": title,
            },
        )
    weapons: dict[str, Weapon] = {}
    for slug, name, parent in WEAPONS:
        weapons[slug], _ = Weapon.objects.get_or_create(
            slug=slug, defaults={"name": name, "parent": weapons[parent] if parent else None}
        )
    targets = {
        slug: TargetType.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in TARGETS
    }
    return actors, weapons, targets


def _figure(model, *, claimants, sources, statement=None, locations=(), **fields):
    figure = model.objects.create(statement=statement, review_status=PUBLISHED, **fields)
    figure.claimants.set(claimants)
    figure.sources.set(sources)
    if locations:
        figure.locations.set(locations)
    return figure


@transaction.atomic
def demo_load() -> bool:
    """Load the seed report once; returns False (and changes nothing) when it is already there.

    Needs the gazetteer (``load_gazetteer``) for its places.
    """
    if Source.objects.filter(title=SEED_TITLE).exists():
        return False
    places = Location.objects.in_bulk(
        [*CITIES, "kharkiv-oblast", "sumy-oblast", "zaporizhzhia-oblast", "odesa-oblast", "kursk-oblast"],
        field_name="slug",
    )
    actors, weapons, targets = _upsert_vocabulary()
    report = Source.objects.create(
        title=SEED_TITLE,
        kind=choices.SourceKind.NEWS_ARTICLE,
        language="en",
        notes=(
            "Seed report 000_d1335562950f1f2a. The text as kept has no headline, publisher, URL or date: "
            "the title is the curators', and the events are dated approximately by the curators."
        ),
    )
    sources = [report]
    zelenskyy = actors["volodymyr-zelenskyy"]
    president = {"speaker": zelenskyy, "speaker_role": "President of Ukraine"}
    on_the_day = {"date_start": REPORT_DAY, "date_end": REPORT_DAY, "date_precision": APPROXIMATE}
    the_night = {"date_start": WAVE_NIGHT[0], "date_end": WAVE_NIGHT[1], "date_precision": APPROXIMATE}

    wave = Wave.objects.create(
        review_status=PUBLISHED,
        name="Russian air strikes on Poltava, Kharkiv, Sumy, Zaporizhzhia, Odesa, Khmelnytskyi and Kyiv",
        kind=choices.WaveKind.WAVE,
        perpetrator=actors["russia"],
        description=(
            "Russia's wave of air strikes on several Ukrainian cities, using a variety of weapons, "
            "including missiles, drones and aerial bombs. Dated approximately by the curators; the "
            "report gives no date."
        ),
        **the_night,
    )
    wave.weapons.set([weapons["missile"], weapons["drone"], weapons["aerial-bomb"]])
    wave.sources.set(sources)

    attacks = {}
    for slug in CITIES:
        attacks[slug] = Attack.objects.create(
            review_status=PUBLISHED,
            wave=wave,
            location=places[slug],
            perpetrator=actors["russia"],
            description=f"Air strike on {places[slug].name}, part of the wave.",
            **the_night,
        )
        attacks[slug].sources.set(sources)
    poltava = attacks["poltava"]
    poltava.damage = choices.Damage.DESTROYED
    poltava.damage_description = "a residential building was completely destroyed"
    poltava.description = "A residential building in Poltava was completely destroyed in the attack."
    poltava.save()
    poltava.targets.set([targets["residential-building"]])
    attacks["kharkiv"].description = "A strike drone killed one person in Kharkiv."
    attacks["kharkiv"].save()
    attacks["kharkiv"].weapons.set([weapons["strike-drone"]])

    condemnation = Statement.objects.create(
        review_status=PUBLISHED,
        **president,
        channel=choices.Channel.SOCIAL_MEDIA,
        speech_act=choices.SpeechAct.CONDEMNATION,
        quote="another wave of terrorist crimes",
        paraphrase="Condemned Russia's recent wave of attacks on Ukrainian cities.",
        **on_the_day,
    )
    details = Statement.objects.create(
        review_status=PUBLISHED,
        **president,
        channel=choices.Channel.SOCIAL_MEDIA,
        speech_act=choices.SpeechAct.CLAIM,
        paraphrase=(
            "Shared the grim details of the attack on social media, noting significant destruction and "
            "loss of life."
        ),
        **on_the_day,
    )
    condolence = Statement.objects.create(
        review_status=PUBLISHED,
        **president,
        speech_act=choices.SpeechAct.CONDOLENCE,
        paraphrase=(
            "Expressed his condolences to the victims' families and confirmed that emergency services were "
            "on-site, providing assistance and rescuing survivors."
        ),
        **on_the_day,
    )
    appeal = Statement.objects.create(
        review_status=PUBLISHED,
        **president,
        speech_act=choices.SpeechAct.APPEAL,
        quote="Every air defense system, every interceptor missile, means a life saved",
        paraphrase=(
            "Reiterated the urgent need for increased international support in the form of air defense "
            "systems to protect Ukrainian civilians; said continued Russian aggression further highlights "
            "the need for stronger defense capabilities, and urged partners to honor their commitments and "
            "increase pressure on Russia."
        ),
        **on_the_day,
    )
    for statement in (condemnation, details, condolence, appeal):
        statement.sources.set(sources)
        statement.about_waves.set([wave])
    condemnation.about_actors.set([actors["russia"]])
    appeal.about_actors.set([actors["russia"]])
    details.about_attacks.set(attacks.values())

    zelenskyy_claim = {"claimants": [zelenskyy], "sources": sources, "statement": details, **the_night}
    poltava_injured = _figure(
        Casualty,
        attack=poltava,
        kind=choices.CasualtyKind.INJURED,
        best=10,
        qualifier=choices.Qualifier.EXACT,
        phrase="ten people wounded, including children",
        **zelenskyy_claim,
    )
    _figure(
        Casualty,
        attack=poltava,
        kind=choices.CasualtyKind.INJURED,
        age_group=choices.AgeGroup.CHILDREN,
        included_in=poltava_injured,
        low=1,
        qualifier=choices.Qualifier.AT_LEAST,
        phrase="including children",
        notes="Children were among the ten wounded; the report does not say how many.",
        **zelenskyy_claim,
    )
    for attack, killed, phrase in (
        (poltava, 3, "three people were killed"),
        (attacks["kharkiv"], 1, "a strike drone killed one person"),
        (attacks["sumy"], 2, "two others lost their lives"),
    ):
        _figure(
            Casualty,
            attack=attack,
            kind=choices.CasualtyKind.KILLED,
            best=killed,
            qualifier=choices.Qualifier.EXACT,
            phrase=phrase,
            **zelenskyy_claim,
        )
    _figure(
        Casualty,
        wave=wave,
        kind=choices.CasualtyKind.INJURED,
        best=6,
        qualifier=choices.Qualifier.EXACT,
        phrase="Six additional injuries were reported across other regions, including Kharkiv, Sumy, "
        "Zaporizhzhia, Odesa, and Kyiv",
        locations=[
            places["kharkiv-oblast"],
            places["sumy-oblast"],
            places["zaporizhzhia-oblast"],
            places["odesa-oblast"],
            places["kyiv"],
        ],
        notes="One figure over five regions; the report does not split it. Its 'Kyiv' is taken as the city.",
        **zelenskyy_claim,
    )

    _load_deployment(actors=actors, sources=sources, kursk=places["kursk-oblast"], on_the_day=on_the_day)
    return True


def _load_deployment(*, actors: dict[str, Actor], sources: list[Source], kursk: Location, on_the_day: dict):
    deployment = ForceDeployment.objects.create(
        review_status=PUBLISHED,
        name="North Korean troops in Russia's Kursk region",
        deploying_actor=actors["korean-peoples-army"],
        supported_actor=actors["russia"],
        location=kursk,
        purpose="to assist Russia in its offensive",
        description="North Korean soldiers sent to Russia, deployed on the frontlines in the Kursk region.",
    )
    deployment.sources.set(sources)

    officials = Statement.objects.create(
        review_status=PUBLISHED,
        speaker=actors["armed-forces-of-ukraine"],
        speaker_role="Ukrainian military officials",
        speech_act=choices.SpeechAct.CLAIM,
        paraphrase=(
            "North Korean troops, who had been deployed to assist Russia in its offensive, have likely "
            "withdrawn from the frontlines in Russia's Kursk region after sustaining significant losses."
        ),
        **on_the_day,
    )
    kindratenko = Statement.objects.create(
        review_status=PUBLISHED,
        speaker=actors["oleksandr-kindratenko"],
        speaker_role="Colonel; spokesperson for the Ukrainian military's Special Operations Forces",
        on_behalf_of=actors["ukraine-special-operations-forces"],
        speech_act=choices.SpeechAct.CONFIRMATION,
        paraphrase=(
            "Confirmed that North Korean forces have not been seen on the frontlines for over three weeks, "
            "with many likely forced to retreat due to casualties."
        ),
        **on_the_day,
    )
    for statement in (officials, kindratenko):
        statement.sources.set(sources)
        statement.about_deployments.set([deployment])
        statement.about_actors.set([actors["korean-peoples-army"]])

    status = ForceDeploymentStatus.objects.create(
        review_status=PUBLISHED,
        deployment=deployment,
        status=choices.DeploymentStatus.WITHDRAWN_FROM_FRONT,
        confidence=choices.Confidence.LIKELY,
        phrase="have likely withdrawn from the frontlines in Russia's Kursk region",
        evidence=(
            "not seen on the frontlines for over three weeks, "
            "with many likely forced to retreat due to casualties"
        ),
        statement=kindratenko,
        # "Not seen for over three weeks" as of the remarks: absent since about 11 January.
        date_start=REPORT_DAY - datetime.timedelta(weeks=3),
        date_end=REPORT_DAY,
        date_precision=APPROXIMATE,
    )
    status.claimants.set([actors["armed-forces-of-ukraine"], actors["oleksandr-kindratenko"]])
    status.sources.set(sources)

    intelligence = {
        "claimants": [actors["ukrainian-intelligence-unnamed"], actors["western-intelligence-unnamed"]],
        "sources": sources,
        **on_the_day,
    }
    _figure(
        ForceStrength,
        deployment=deployment,
        best=12_000,
        qualifier=choices.Qualifier.APPROXIMATELY,
        phrase="approximately 12,000 North Korean soldiers were sent to Russia",
        **intelligence,
    )
    _figure(
        Casualty,
        deployment=deployment,
        kind=choices.CasualtyKind.KILLED_OR_INJURED,
        population=choices.Population.MILITARY,
        best=4_000,
        qualifier=choices.Qualifier.APPROXIMATELY,
        phrase="around 4,000 of them reported to have been killed or injured",
        **intelligence,
    )
