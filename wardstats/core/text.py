"""Text a person typed, as it reads."""

import unicodedata

# Spaces of every kind (Zs, Zl, Zp) and invisible format characters (Cf: zero-width space and
# joiners, the byte order mark, direction marks), besides the ASCII controls str.strip knows.
_INVISIBLE = {"Zs", "Zl", "Zp", "Cf", "Cc"}


def _invisible(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) in _INVISIBLE


def visible_text(text: str | None) -> str:
    """`text` without the invisible characters around it; empty when nothing visible is left
    (a reason made of a zero-width space is no reason)."""
    text = text or ""
    start, end = 0, len(text)
    while start < end and _invisible(text[start]):
        start += 1
    while end > start and _invisible(text[end - 1]):
        end -= 1
    return text[start:end]
