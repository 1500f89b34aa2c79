"""Import files for the import tests, written one record per line so that each row's line is known."""

import json

DAY = "2025-02-01"
SOURCE_URL = "https://example.org/poltava-governor"
ATTACK_ID = "poltava-2025-02-01"


def import_file(**kinds: list[dict]) -> str:
    """A JSON import file, one record per line; ``force_deployments=`` gives ``force-deployments``."""
    blocks = []
    for kind, records in kinds.items():
        body = ",\n".join(f"    {json.dumps(record)}" for record in records)
        blocks.append(f'  "{kind.replace("_", "-")}": [\n{body}\n  ]')
    return "{\n" + ",\n".join(blocks) + "\n}\n"


def line_of(text: str, needle: str) -> int:
    """The line of the file the one record containing ``needle`` is on."""
    lines = [number for number, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(lines) == 1, (needle, lines)
    return lines[0]


def source_record(**fields) -> dict:
    return {"title": "The governor's post", "document_url": SOURCE_URL, "published_on": DAY, **fields}


def attack_record(*, location, **fields) -> dict:
    return {
        "external_id": ATTACK_ID,
        "location": location.pk,
        "date_start": DAY,
        "date_end": DAY,
        "damage": "destroyed",
        "sources": [f"url:{SOURCE_URL}"],
        **fields,
    }


def casualty_record(external_id: str, *, claimant, **fields) -> dict:
    return {
        "external_id": external_id,
        "attack": f"ext:{ATTACK_ID}",
        "kind": "killed",
        "best": 14,
        "qualifier": "exact",
        "date_start": DAY,
        "date_end": DAY,
        "claimants": [claimant.pk],
        "sources": [f"url:{SOURCE_URL}"],
        **fields,
    }


def poltava_file(*, location, claimant, killed: int = 14, injured: int = 30) -> str:
    """A new attack, the source reporting it and its two casualty figures, referring to each other by key."""
    return import_file(
        sources=[source_record()],
        attacks=[attack_record(location=location)],
        casualties=[
            casualty_record("poltava-killed", claimant=claimant, best=killed),
            casualty_record("poltava-injured", claimant=claimant, kind="injured", best=injured),
        ],
    )
