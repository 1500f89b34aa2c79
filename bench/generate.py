# ruff: noqa: RUF001
# (the transliteration table is meant to hold Cyrillic letters)
"""A seeded, realistic dataset loaded through the project's own bulk loader.

Scale 1.0 is the issue's size: 50,000 places (each with alternative names), 200,000 attacks
(each with a place, one or two weapons and targets, and about three sources), about 1,000,000
casualty figures, 100,000 statements and 1,000 force deployments. Events are skewed the way
real reporting is: a few oblasts and a few months hold most of them (Zipf weights), most
records are published, and a few are drafts the public must not see.

    python -m bench.generate --scale 1.0 --seed 7
"""

import argparse
import datetime
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from reports import choices

START = datetime.date(2022, 2, 24)
MONTHS = 46
SYLLABLES = [
    "kha", "rki", "ly", "po", "lta", "va", "dni", "pro", "za", "po", "ri", "zhzhi", "ky", "iv",
    "ode", "sa", "su", "my", "cher", "ni", "hiv", "myko", "la", "kra", "ma", "tor", "sk", "bakh",
    "mut", "ku", "pi", "ansk", "iz", "yum", "vol", "no", "vakha", "sia", "ver", "ho", "lo", "dy",
]  # fmt: skip
TO_CYRILLIC = {
    "kh": "х", "zh": "ж", "ch": "ч", "sh": "ш", "ia": "я", "iu": "ю", "yi": "ї", "a": "а", "b": "б",
    "v": "в", "h": "г", "g": "ґ", "d": "д", "e": "е", "z": "з", "y": "и", "i": "і", "k": "к", "l": "л",
    "m": "м", "n": "н", "o": "о", "p": "п", "r": "р", "s": "с", "t": "т", "u": "у", "f": "ф",
}  # fmt: skip
WORDS = [
    "strike",
    "missile",
    "drone",
    "shelling",
    "residential",
    "building",
    "energy",
    "infrastructure",
    "school",
    "hospital",
    "port",
    "grain",
    "warehouse",
    "railway",
    "station",
    "bridge",
    "apartment",
    "block",
    "civilians",
    "injured",
    "killed",
    "rescue",
    "debris",
    "fire",
    "emergency",
    "service",
    "governor",
    "regional",
    "administration",
    "night",
    "attack",
    "ballistic",
    "cruise",
    "guided",
    "bomb",
    "artillery",
    "frontline",
    "village",
    "town",
    "city",
    "district",
    "outskirts",
    "substation",
    "power",
    "outage",
    "water",
    "supply",
    "humanitarian",
    "convoy",
    "evacuation",
    "shelter",
    "kindergarten",
    "market",
    "church",
    "factory",
]


@dataclass
class Sizes:
    places: int
    attacks: int
    figures_per_attack: float
    statements: int
    deployments: int
    waves: int
    sources: int

    @classmethod
    def at(cls, scale: float) -> "Sizes":
        def n(full: int) -> int:
            return max(int(full * scale), 10)

        return cls(
            places=n(50_000),
            attacks=n(200_000),
            figures_per_attack=4.6,
            statements=n(100_000),
            deployments=n(1_000),
            waves=n(2_000),
            sources=n(300_000),
        )


def zipf_weights(count: int, exponent: float = 1.1) -> list[float]:
    return [1 / (rank**exponent) for rank in range(1, count + 1)]


def transliterate(name: str) -> str:
    out, i = [], 0
    while i < len(name):
        pair = name[i : i + 2]
        if pair in TO_CYRILLIC:
            out.append(TO_CYRILLIC[pair])
            i += 2
        else:
            out.append(TO_CYRILLIC.get(name[i], name[i]))
            i += 1
    return "".join(out)


@dataclass
class Dataset:
    """Ids of what is loaded, kept so that later kinds can point at earlier ones."""

    rng: random.Random
    sizes: Sizes
    seed: int
    actor_ids: list[int] = field(default_factory=list)
    weapon_ids: list[int] = field(default_factory=list)
    target_ids: list[int] = field(default_factory=list)
    oblast_ids: list[int] = field(default_factory=list)
    towns_by_oblast: dict[int, list[int]] = field(default_factory=dict)
    place_names: list[tuple[int, str]] = field(default_factory=list)
    wave_days: list[datetime.date] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def _now() -> datetime.datetime:
    return datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def _published(rng: random.Random) -> str:
    return choices.ReviewStatus.PUBLISHED if rng.random() < 0.95 else choices.ReviewStatus.DRAFT


def _updated_at(rng: random.Random, day: datetime.date) -> datetime.datetime:
    """Recorded a few days after the event, to the microsecond, as a real feed would be."""
    moment = datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)
    return moment + datetime.timedelta(seconds=rng.randrange(86_400 * 20), microseconds=rng.randrange(10**6))


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choices(WORDS, cum_weights=_WORD_WEIGHTS, k=words)).capitalize() + "."


_WORD_WEIGHTS: list[float] = []
for _weight in zipf_weights(len(WORDS), 0.9):
    _WORD_WEIGHTS.append((_WORD_WEIGHTS[-1] if _WORD_WEIGHTS else 0) + _weight)


def _place_name(rng: random.Random, used: set[str]) -> str:
    while True:
        name = "".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))).capitalize()
        if name not in used:
            used.add(name)
            return name


def load(*, scale: float, seed: int, log=print) -> dict[str, int]:
    """Load the dataset into an empty database; return how many rows of each kind were written."""
    from reports.models import (
        Actor,
        Attack,
        Casualty,
        ForceDeployment,
        Location,
        LocationName,
        Source,
        Statement,
        TargetType,
        Wave,
        Weapon,
    )
    from reports.services.bulk import bulk_link, bulk_load

    data = Dataset(rng=random.Random(seed), sizes=Sizes.at(scale), seed=seed)
    rng, sizes = data.rng, data.sizes

    def report(name: str, started: float) -> None:
        seconds = time.perf_counter() - started
        rate = data.counts[name] / seconds if seconds else 0
        log(f"  {name:<24} {data.counts[name]:>9,} rows  {seconds:6.1f} s  {rate:>8,.0f} rows/s")

    def step(name: str, model, rows: Iterator[dict]) -> None:
        started = time.perf_counter()
        data.counts[name] = bulk_load(model=model, rows=rows)
        report(name, started)

    def link(name: str, model, relation: str, pairs) -> None:
        started = time.perf_counter()
        data.counts[name] = bulk_link(model=model, field=relation, pairs=pairs)
        report(name, started)

    # Vocabularies and actors.
    actor_kinds = [choices.ActorKind.STATE, choices.ActorKind.ARMED_FORCE, choices.ActorKind.PERSON]
    actors = [
        {"id": i, "name": f"Actor {i}", "slug": f"actor-{i}", "kind": actor_kinds[i % 3], "country": "UA"}
        for i in range(1, 61)
    ]
    data.actor_ids = [row["id"] for row in actors]
    step("actors", Actor, iter(actors))
    weapons = [{"id": i, "slug": f"weapon-{i}", "name": f"Weapon {i}"} for i in range(1, 6)]
    weapons += [
        {"id": i, "slug": f"weapon-{i}", "name": f"Weapon {i}", "parent_id": 1 + i % 5} for i in range(6, 31)
    ]
    data.weapon_ids = [row["id"] for row in weapons]
    step("weapons", Weapon, iter(weapons))
    targets = [{"id": i, "slug": f"target-{i}", "name": f"Target {i}"} for i in range(1, 21)]
    data.target_ids = [row["id"] for row in targets]
    step("target types", TargetType, iter(targets))

    step("sources", Source, _sources(data))
    step("places", Location, _places(data))
    step("place names", LocationName, _place_names(data))
    step("waves", Wave, _waves(data))
    link(
        "wave sources",
        Wave,
        "sources",
        ((i, rng.randint(1, sizes.sources)) for i in range(1, sizes.waves + 1)),
    )
    step("deployments", ForceDeployment, _deployments(data))
    link(
        "deployment sources",
        ForceDeployment,
        "sources",
        ((i, rng.randint(1, sizes.sources)) for i in range(1, sizes.deployments + 1)),
    )
    attack_rows = list(_attacks(data))
    step("attacks", Attack, iter(attack_rows))
    attack_sources = [
        rng.sample(range(1, sizes.sources + 1), rng.choice((2, 3, 3, 3, 4))) for _ in attack_rows
    ]
    link(
        "attack sources",
        Attack,
        "sources",
        (
            (row["id"], source)
            for row, sources in zip(attack_rows, attack_sources, strict=True)
            for source in sources
        ),
    )
    link(
        "attack weapons",
        Attack,
        "weapons",
        ((row["id"], w) for row in attack_rows for w in rng.sample(data.weapon_ids, rng.choice((1, 1, 2)))),
    )
    link(
        "attack targets",
        Attack,
        "targets",
        ((row["id"], t) for row in attack_rows for t in rng.sample(data.target_ids, rng.choice((1, 1, 2)))),
    )
    # Each figure's source and claimant are kept for the links, not the figure rows: a million
    # dicts held until the links were written took most of the generator's memory.
    figure_links: list[tuple[int, int, int]] = []

    def figure_rows() -> Iterator[dict]:
        for row, source, claimant in _figures(data, attack_rows, attack_sources):
            figure_links.append((row["id"], source, claimant))
            yield row

    step("casualty figures", Casualty, figure_rows())
    link("figure sources", Casualty, "sources", ((pk, s) for pk, s, _c in figure_links))
    link("figure claimants", Casualty, "claimants", ((pk, c) for pk, _s, c in figure_links))
    figure_links.clear()
    step("statements", Statement, _statements(data))
    link(
        "statement sources",
        Statement,
        "sources",
        ((i, rng.randint(1, sizes.sources)) for i in range(1, sizes.statements + 1)),
    )
    link(
        "statement attacks",
        Statement,
        "about_attacks",
        ((i, rng.randint(1, sizes.attacks)) for i in range(1, sizes.statements + 1)),
    )
    return data.counts


def _sources(data: Dataset) -> Iterator[dict]:
    rng = data.rng
    kinds = choices.SourceKind.values
    for i in range(1, data.sizes.sources + 1):
        day = START + datetime.timedelta(days=rng.randrange(MONTHS * 30))
        yield {
            "id": i,
            "title": _text(rng, 6),
            "publisher": f"Publisher {rng.randint(1, 400)}",
            "url": f"https://news.example.org/{i}",
            "published_on": day,
            "kind": rng.choice(kinds),
        }


def _places(data: Dataset) -> Iterator[dict]:
    """One country, 24 oblasts, their districts, and towns inside the districts."""
    rng, used = data.rng, set()
    yield {"id": 1, "name": "Ukraine", "slug": "ukraine", "kind": "country", "country": "UA", "path": "/1/"}
    next_id = 2
    districts: list[tuple[int, int, str]] = []
    for oblast in range(24):
        oblast_id = next_id
        next_id += 1
        path = f"/1/{oblast_id}/"
        data.oblast_ids.append(oblast_id)
        data.towns_by_oblast[oblast_id] = []
        name = _place_name(rng, used)
        yield {
            "id": oblast_id,
            "name": f"{name} oblast",
            "slug": f"oblast-{oblast_id}",
            "kind": "region",
            "country": "UA",
            "code": f"UA-{oblast + 1:02d}",
            "parent_id": 1,
            "path": path,
        }
        for _ in range(6):
            districts.append((next_id, oblast_id, f"{path}{next_id}/"))
            yield {
                "id": next_id,
                "name": f"{_place_name(rng, used)} raion",
                "slug": f"raion-{next_id}",
                "kind": "district",
                "country": "UA",
                "parent_id": oblast_id,
                "path": f"{path}{next_id}/",
            }
            next_id += 1
    while next_id <= data.sizes.places:
        district_id, oblast_id, path = rng.choice(districts)
        data.towns_by_oblast[oblast_id].append(next_id)
        name = _place_name(rng, used)
        data.place_names.append((next_id, name))
        yield {
            "id": next_id,
            "name": name,
            "slug": f"place-{next_id}",
            "kind": rng.choice(("city", "town", "town", "town")),
            "country": "UA",
            "parent_id": district_id,
            "path": f"{path}{next_id}/",
            "latitude": None,
            "longitude": None,
        }
        next_id += 1


def _place_names(data: Dataset) -> Iterator[dict]:
    """Each place's Ukrainian spelling, and a Russian-style variant for a third of them."""
    rng = data.rng
    next_id = 1
    for location_id, name in data.place_names:
        yield {
            "id": next_id,
            "location_id": location_id,
            "name": transliterate(name.lower()).capitalize(),
            "language": "uk",
        }
        next_id += 1
        if rng.random() < 0.33:
            yield {
                "id": next_id,
                "location_id": location_id,
                "name": name.replace("iv", "ov").replace("y", "i") + "o",
                "language": "ru",
            }
            next_id += 1


def _waves(data: Dataset) -> Iterator[dict]:
    rng = data.rng
    for i in range(1, data.sizes.waves + 1):
        day = START + datetime.timedelta(days=rng.randrange(MONTHS * 30))
        data.wave_days.append(day)
        yield {
            "id": i,
            "name": f"Wave of {day:%d %B %Y} #{i}",
            "date_start": day,
            "date_end": day + datetime.timedelta(days=1),
            "date_precision": choices.DatePrecision.SPAN,
            "perpetrator_id": 2,
            "review_status": _published(rng),
            "updated_at": _updated_at(rng, day),
        }


def _deployments(data: Dataset) -> Iterator[dict]:
    rng = data.rng
    for i in range(1, data.sizes.deployments + 1):
        deploying, supported = rng.sample(data.actor_ids, 2)
        yield {
            "id": i,
            "name": f"Deployment {i}",
            "deploying_actor_id": deploying,
            "supported_actor_id": supported,
            "location_id": rng.choice(data.oblast_ids),
            "review_status": _published(rng),
        }


def _attacks(data: Dataset) -> Iterator[dict]:
    """Attacks whose oblast and month follow Zipf weights: a few hold most of them."""
    rng, sizes = data.rng, data.sizes
    oblasts = rng.choices(data.oblast_ids, weights=zipf_weights(len(data.oblast_ids)), k=sizes.attacks)
    month_order = rng.sample(range(MONTHS), MONTHS)
    months = rng.choices(month_order, weights=zipf_weights(MONTHS, 0.8), k=sizes.attacks)
    damages = choices.Damage.values
    confidences = choices.Confidence.values
    for i in range(1, sizes.attacks + 1):
        towns = data.towns_by_oblast[oblasts[i - 1]] or [oblasts[i - 1]]
        day = START + datetime.timedelta(days=months[i - 1] * 30 + rng.randrange(30))
        in_wave = rng.random() < 0.4
        yield {
            "id": i,
            "wave_id": rng.randint(1, sizes.waves) if in_wave else None,
            "location_id": rng.choice(towns),
            "date_start": day,
            "date_end": day,
            "date_precision": choices.DatePrecision.DAY,
            "perpetrator_id": 2,
            "damage": rng.choice(damages),
            "description": _text(rng, rng.randint(8, 20)),
            "confidence": rng.choice(confidences),
            "review_status": _published(rng),
            "updated_at": _updated_at(rng, day),
        }


_ESTIMATES = [
    (choices.Qualifier.EXACT, lambda n: (None, n, None), "{n}"),
    (choices.Qualifier.APPROXIMATELY, lambda n: (None, n, None), "about {n}"),
    (choices.Qualifier.AT_LEAST, lambda n: (n, None, None), "at least {n}"),
    (choices.Qualifier.RANGE, lambda n: (n, n + n // 2 + 1, 2 * n + 2), "between {n} and {m}"),
]


def _figures(data: Dataset, attack_rows: list[dict], attack_sources: list[list[int]]) -> Iterator[tuple]:
    """(row, source id, claimant id) for each figure: most for attacks, some for waves and deployments."""
    rng, sizes = data.rng, data.sizes
    kinds = [
        choices.CasualtyKind.KILLED,
        choices.CasualtyKind.INJURED,
        choices.CasualtyKind.KILLED_OR_INJURED,
    ]
    populations = choices.Population.values
    next_id = 1
    wanted = int(sizes.attacks * 5)
    # Ranks and subsets drawn from a generator of their own, so that the rest of the dataset
    # is the same as before they were added.
    judged = random.Random(f"{data.seed}-judged")
    for attack, sources in zip(attack_rows, attack_sources, strict=True):
        first_id = next_id
        for _ in range(rng.choice((3, 4, 4, 5, 5, 5))):
            row = _figure(rng, next_id, kinds, populations, attack=attack)
            _judge(judged, row, earlier=range(first_id, next_id))
            yield row, sources[0], rng.choice(data.actor_ids)
            next_id += 1
    while next_id <= wanted:
        owner = (
            {"wave_id": rng.randint(1, sizes.waves)}
            if rng.random() < 0.8
            else {"deployment_id": rng.randint(1, sizes.deployments)}
        )
        day = (
            data.wave_days[owner["wave_id"] - 1]
            if "wave_id" in owner
            else START + datetime.timedelta(days=rng.randrange(MONTHS * 30))
        )
        row = _figure(rng, next_id, kinds, populations, day=day, **owner)
        yield row, rng.randint(1, sizes.sources), rng.choice(data.actor_ids)
        next_id += 1


def _judge(rng: random.Random, row: dict, *, earlier: range) -> None:
    """A few figures preferred or deprecated by a curator, and a few given as a subset of an
    earlier figure of the same attack (the children among the injured)."""
    draw = rng.random()
    if draw < 0.02:
        row.update(rank=choices.Rank.PREFERRED, rank_reason="Official count")
    elif draw < 0.03:
        row.update(rank=choices.Rank.DEPRECATED, rank_reason="Superseded by a later count")
    if earlier and rng.random() < 0.03:
        row.update(included_in_id=rng.choice(earlier), age_group=choices.AgeGroup.CHILDREN)


def _figure(rng, figure_id, kinds, populations, *, attack=None, day=None, **owner) -> dict:
    qualifier, numbers, phrase = rng.choice(_ESTIMATES)
    n = int(rng.paretovariate(1.3))
    low, best, high = numbers(n)
    if attack is not None:
        owner = {"attack_id": attack["id"]}
        day = attack["date_start"]
    return {
        "id": figure_id,
        **owner,
        "kind": rng.choice(kinds),
        "population": rng.choice(populations),
        "low": low,
        "best": best,
        "high": high,
        "qualifier": qualifier,
        "phrase": phrase.format(n=n, m=high),
        "date_start": day,
        "date_end": day,
        "date_precision": choices.DatePrecision.DAY,
        "review_status": attack["review_status"] if attack else _published(rng),
        "updated_at": _updated_at(rng, day),
    }


def _statements(data: Dataset) -> Iterator[dict]:
    rng = data.rng
    acts = choices.SpeechAct.values
    for i in range(1, data.sizes.statements + 1):
        day = START + datetime.timedelta(days=rng.randrange(MONTHS * 30))
        yield {
            "id": i,
            "speaker_id": rng.choice(data.actor_ids),
            "speech_act": rng.choice(acts),
            "quote": _text(rng, rng.randint(10, 30)),
            "date_start": day,
            "date_end": day,
            "date_precision": choices.DatePrecision.DAY,
            "review_status": _published(rng),
            "updated_at": _updated_at(rng, day),
        }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=7)
    arguments = parser.parse_args()
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conflict.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    postgresql = connection.vendor == "postgresql"
    if postgresql:
        with connection.cursor() as cursor:
            # Data rebuilt from its seed needs no wait for each commit to reach the disk.
            cursor.execute("SET synchronous_commit = off")
    started = time.perf_counter()
    print(f"Loading scale {arguments.scale} (seed {arguments.seed}):")
    counts = load(scale=arguments.scale, seed=arguments.seed)
    loaded = time.perf_counter()
    print(f"Loaded {sum(counts.values()):,} rows in {loaded - started:.0f} s")
    with connection.cursor() as cursor:
        # Statistics for the planner, and (PostgreSQL) the visibility map that index-only scans
        # read: done here rather than by autovacuum in the middle of a measurement.
        cursor.execute("VACUUM ANALYZE" if postgresql else "ANALYZE")
    print(f"Vacuumed and analysed in {time.perf_counter() - loaded:.0f} s")


if __name__ == "__main__":
    main()
