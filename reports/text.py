"""Text folded for matching: letter case and accents ignored, in every alphabet."""

import unicodedata


def fold(text: str) -> str:
    """``"Kharkiv"``, ``"KHARKIV"`` and ``"Khárkiv"`` fold alike; so do Cyrillic names in either case.

    Done in Python, not SQL, so that SQLite (whose LOWER() knows only ASCII) and PostgreSQL
    compare the same stored values.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char)).strip()
