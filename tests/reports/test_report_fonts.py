"""The PDF's typefaces cut down to GB 2312 (reports/fonts.py), and the full face behind
them for a rarer character."""

import io

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from reports import document, fonts, rendering

from .test_reports import font_names

RARE = "堃"  # in many a name, not in GB 2312


@pytest.fixture(scope="session")
def built_fonts():
    """The faces `make test` builds before the tests (about 40 s where it has not)."""
    fonts.build()


def _pdf(report, html):
    reader = PdfReader(io.BytesIO(rendering.pdf_of(report, html)[0]))
    return font_names(reader), "\n".join(page.extract_text() for page in reader.pages)


def test_the_cut_faces_hold_what_reports_use_and_leave_out_rarer_characters(built_fonts):
    for _collection, _weight, name in fonts.FACES:
        characters = set(TTFont(fonts.directory() / name).getBestCmap())
        assert {ord(c) for c in "党支部整改销号率％“”—·…①℃Ⅻ2024AZ"} <= characters
        assert ord(RARE) not in characters
        assert 7000 < len(characters) < 9000


def test_the_faces_are_cut_once_and_readable_by_any_user(built_fonts):
    assert fonts.build() == []  # cut from the same collections already
    for _collection, _weight, name in fonts.FACES:
        assert (fonts.directory() / name).stat().st_mode & 0o777 == 0o644


def test_the_pdf_reads_only_the_cut_faces(world, built_fonts):
    names, text = _pdf(world.report, document.html(world.report))
    assert {"Noto-Serif-CJK-SC-GB2312", "Noto-Serif-CJK-SC-GB2312-Bold"} == {
        name.split("+", 1)[1] for name in names
    }
    assert "一、整体情况" in text


def test_a_rarer_character_is_drawn_from_the_full_face(world, built_fonts):
    html = document.html(world.report).replace("</body>", f"<p>陈志{RARE}同志</p></body>")
    names, text = _pdf(world.report, html)
    faces = {name.split("+", 1)[1] for name in names}
    assert "Noto-Serif-CJK-SC-GB2312" in faces and "Noto-Serif-CJK-SC" in faces
    assert f"陈志{RARE}同志" in text


def test_without_the_cut_faces_the_full_ones_do_everything(world, settings, tmp_path):
    settings.REPORT_FONT_DIR = tmp_path  # nothing built there
    names, text = _pdf(world.report, document.html(world.report))
    assert {name.split("+", 1)[1] for name in names} == {
        "Noto-Serif-CJK-SC",
        "Noto-Serif-CJK-SC-Bold",
    }
    assert "一、整体情况" in text


def test_the_fetcher_gives_only_the_built_faces(built_fonts):
    fetcher = rendering.LedgerFetcher(branch_id=0)
    name = fonts.FACES[0][2]
    assert fetcher.fetch(f"{rendering.BASE_URL}fonts/{name}").read()[:4] == b"OTTO"
    for refused in ("fonts/../db.sqlite3", "fonts/other.otf", "fonts/"):
        with pytest.raises(ValueError, match="refused"):
            fetcher.fetch(rendering.BASE_URL + refused)
