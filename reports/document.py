"""The report as an HTML document: the narrative, the figures woven in as sentences, and
the appendices. The same HTML is the browser preview and the input of the PDF, so its
digest tells whether a stored PDF is still current."""

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from activities.models import Meeting

from . import fonts
from .figures import collect
from .models import BLOCKS
from .prose import BLOCK_SENTENCES, overview

STYLESHEETS = ["reports/report.css"]
CHART_WIDTH, CHART_HEIGHT, CHART_BASE = 600, 230, 190


@dataclass
class Section:
    number: int
    title: str
    paragraphs: list
    figures: list


def paragraphs(text):
    return [line.strip() for line in text.splitlines() if line.strip()]


def context(report, figures):
    sections = list(report.sections.order_by("number"))
    placed = {}
    for key, _label, _default in BLOCKS:
        number = report.placement(key)
        if number:
            # A block placed under a sub-section that does not exist goes under the last.
            known = [s.number for s in sections if s.number <= number]
            target = known[-1] if known else (sections[0].number if sections else 0)
            placed.setdefault(target, []).extend(BLOCK_SENTENCES[key](figures))
    photos = report.photos.filter(mime_type__startswith="image/").order_by("created_at", "pk")
    return {
        "report": report,
        "figures": figures,
        "facts": overview(figures),
        "overview": paragraphs(report.overview),
        "sections": [
            Section(s.number, s.title, paragraphs(s.text), placed.get(s.number, []))
            for s in sections
        ],
        "lessons": paragraphs(report.lessons),
        "next_steps": paragraphs(report.next_steps),
        "talks": figures.held.get(Meeting.Kind.TALK, 0),
        "chart": chart(figures.per_month),
        "photos": list(photos),
    }


def html(report, figures=None):
    """The document in the interface's default language, as headquarters reads it, whoever
    asks: its figures name kinds and statuses in words too."""
    with translation.override(settings.LANGUAGE_CODE):
        figures = figures or collect(report.branch, report.year)
        return render_to_string("reports/document.html", context(report, figures))


def digest(document_html):
    """What a PDF was made from: the HTML and the stylesheets it uses."""
    return hashlib.sha256(document_html.encode() + _stylesheets_digest().encode()).hexdigest()


@cache
def _stylesheets_digest():
    contents = hashlib.sha256()
    for path in STYLESHEETS:
        contents.update(Path(finders.find(path)).read_bytes())
    return contents.hexdigest()


def chart(per_month):
    """Bars of meetings and other activities per month, laid out for an inline SVG."""
    highest = max([max(pair) for pair in per_month] + [1])
    step = (CHART_WIDTH - 40) / 12
    bars = []
    for month, (meetings, activities) in enumerate(per_month, start=1):
        left = 30 + (month - 1) * step
        for offset, value, kind in ((4, meetings, "meetings"), (step / 2, activities, "others")):
            height = round(value / highest * (CHART_BASE - 20), 1)
            bars.append(
                {
                    "kind": kind,
                    "x": round(left + offset, 1),
                    "y": CHART_BASE - height,
                    "width": round(step / 2 - 6, 1),
                    "height": height,
                    "value": value,
                    "label_y": CHART_BASE - height - 4,
                }
            )
    months = [{"x": round(30 + (month - 0.5) * step, 1), "month": month} for month in range(1, 13)]
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "base": CHART_BASE,
        "bars": bars,
        "months": months,
        "font": f"{fonts.FAMILY}, {fonts.SOURCE_FACE}, serif",
    }
