"""Names of files the app hands out, in downloads and inside archives.

Names are built from what users typed (a branch's short name, a photo's file name), so
each part is slugified: Chinese and other letters are kept, while separators, dots and
control characters go, and a name can never climb out of a folder ("../") or hide
("."). The record's id is part of the name, so two records never share one.
"""

from django.utils.text import slugify


def safe_filename(*parts: object, extension: str) -> str:
    """`parts` slugified and joined by "-", then `extension` (".pdf")."""
    slugs = [slugify(str(part), allow_unicode=True) for part in parts]
    return "-".join(slug for slug in slugs if slug) + extension
