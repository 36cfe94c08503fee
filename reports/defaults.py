"""A new report starts from the case studies' structure, in the default language: the
title, and three sub-sections for the figures to go under until the secretary writes his
own. Headquarters can therefore render a report for a branch that wrote nothing yet."""

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from .models import AnnualReport


def default_sections():
    return [
        _("Strengthen political leadership and keep organizational life strict"),
        _("Let party building lead production, innovation and safety"),
        _("Serve the people and fulfil social responsibility"),
    ]


def unsaved_report(branch, year):
    """The report a branch starts `year` with, before anything is saved."""
    with translation.override(settings.LANGUAGE_CODE):
        title = _("%(branch)s party-building work summary %(year)s") % {
            "branch": branch.name,
            "year": year,
        }
    return AnnualReport(branch=branch, year=year, title=title)


@transaction.atomic
def report_for(branch, year):
    """The branch's report of `year`, created with the default text if there is none
    (two requests at once find the same one)."""
    start = unsaved_report(branch, year)
    report, created = AnnualReport.objects.get_or_create(
        branch=branch, year=year, defaults={"title": start.title}
    )
    if created:
        with translation.override(settings.LANGUAGE_CODE):
            for number, section_title in enumerate(default_sections(), start=1):
                report.sections.create(number=number, title=section_title)
    return report
