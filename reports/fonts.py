"""The report's typefaces, cut down to the characters Chinese text nearly always uses.

WeasyPrint reads a font file whole each time it embeds glyphs from it, and Debian's Noto
Serif CJK collections are 26 and 27 MB: a render copies both into memory (most of a
worker's peak) and subsets them. `build()` writes the Simplified Chinese regular and
bold faces cut to GB 2312 and the punctuation reports use, about 4 MB each, under the
family `FAMILY`. The report's stylesheet names that family first and the full Noto
Serif CJK SC after it, so a rarer character (a name with 堃 or 喆) is still drawn, from
the full font; where the cut fonts have not been built, the full ones do everything.
"""

import logging
import os
import tempfile
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

FAMILY = "Noto Serif CJK SC GB2312"
CUT = 1  # raise when characters() or the options change: every face is cut again
SOURCE_DIR = Path("/usr/share/fonts/opentype/noto")
SOURCE_FACE = "Noto Serif CJK SC"  # one face of each collection
# (collection in SOURCE_DIR, CSS weight, file written)
FACES = [
    ("NotoSerifCJK-Regular.ttc", 400, "noto-serif-sc-gb2312-regular.otf"),
    ("NotoSerifCJK-Bold.ttc", 700, "noto-serif-sc-gb2312-bold.otf"),
]
# Beyond GB 2312: Latin-1, general punctuation (— “” … ·), letter-like symbols (℃ №),
# number forms (Ⅻ), circled numbers (①), CJK punctuation and full-width forms.
EXTRA_RANGES = [
    (0x20, 0x7E),
    (0xA0, 0xFF),
    (0x2010, 0x205E),
    (0x2100, 0x218F),
    (0x2460, 0x24FF),
    (0x3000, 0x303F),
    (0xFF00, 0xFFEF),
]


def directory():
    return Path(settings.REPORT_FONT_DIR)


def characters():
    """GB 2312's 7,445 characters (its 6,763 hanzi and symbols) and EXTRA_RANGES."""
    found = set()
    for row in range(0xA1, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                found.add(bytes([row, cell]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    for first, last in EXTRA_RANGES:
        found.update(chr(code) for code in range(first, last + 1))
    return found


def build(target=None, out=None):
    """Write the cut-down faces into `target` (REPORT_FONT_DIR), each unless it was cut
    from the same collection file by the same CUT. Returns the files written."""
    from fontTools import subset
    from fontTools.ttLib import TTCollection

    target = Path(target or directory())
    target.mkdir(parents=True, exist_ok=True)
    written = []
    codes = [ord(character) for character in characters()]
    for collection, _weight, name in FACES:
        source, path = SOURCE_DIR / collection, target / name
        if not source.exists():
            raise FileNotFoundError(f"{source}: install Debian's fonts-noto-cjk")
        # dpkg keeps a package's own dates, so the size and time of the collection are
        # compared, not which file is newer.
        made_from = f"{CUT} {source.stat().st_size} {source.stat().st_mtime_ns}"
        stamp = path.with_suffix(".made-from")
        if path.exists() and stamp.exists() and stamp.read_text() == made_from:
            continue
        if out:
            out.write(f"Cutting {SOURCE_FACE} from {collection} down to GB 2312 …")
        face = next(
            font
            for font in TTCollection(source, lazy=True).fonts
            if font["name"].getDebugName(1) == SOURCE_FACE
        )
        options = subset.Options()
        options.layout_features = ["*"]  # vertical forms, proportional punctuation
        options.name_IDs = ["*"]
        options.hinting = False  # WeasyPrint drops hinting when it embeds anyway
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=codes)
        subsetter.subset(face)
        # Each build its own partial file, renamed whole: a render or another build never
        # finds half a face.
        handle, partial = tempfile.mkstemp(dir=target, suffix=".partial")
        os.close(handle)
        face.save(partial)
        os.chmod(partial, 0o644)  # mkstemp's 0600 would hide it from the app's user
        os.replace(partial, path)
        stamp.write_text(made_from)
        written.append(path)
    return written


def font_faces():
    """@font-face rules for the cut-down faces that have been built, fetched through
    rendering.LedgerFetcher; empty where none are."""
    rules = []
    for _collection, weight, name in FACES:
        if (directory() / name).exists():
            rules.append(
                f'@font-face {{ font-family: "{FAMILY}"; font-weight: {weight}; '
                f'src: url("fonts/{name}"); }}'
            )
    if not rules:
        logger.warning("The report fonts are not built (manage.py build_report_fonts).")
    return "\n".join(rules)


def file(name):
    """The path of a cut-down face by its file name, or None."""
    known = {written for _collection, _weight, written in FACES}
    path = directory() / name
    return path if name in known and path.exists() else None
