"""The error summary at the top of every form: a refused form can be long, and its first
error below the fold; the summary counts the problems and links to each field."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django import template
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms import BaseForm, BaseFormSet

if TYPE_CHECKING:
    from typing import TypeAlias

    from django_stubs_ext import StrOrPromise

    # A form or formset to sum up; None for one a page leaves out.
    Summed: TypeAlias = BaseForm | BaseFormSet[BaseForm] | None

register = template.Library()


@dataclass
class Problem:
    message: str
    label: StrOrPromise = ""
    # The id of the field's input, None for a problem of the whole form or a hidden field.
    target: str | None = None


@register.inclusion_tag("snippets/error_summary.html")
def error_summary(*forms: Summed) -> dict[str, list[Problem]]:
    """`forms`: the page's forms and formsets in the order they are shown; None is skipped
    (a meeting without an attendance sheet)."""
    return {"problems": list(_problems(forms))}


def _problems(forms: Iterable[Summed]) -> Iterator[Problem]:
    for form in forms:
        if form is None:
            continue
        if isinstance(form, BaseFormSet):
            yield from (Problem(str(error)) for error in form.non_form_errors())
            yield from _problems(form.forms)
            continue
        yield from (Problem(str(error)) for error in form.non_field_errors())
        for name, errors in form.errors.items():
            if name == NON_FIELD_ERRORS:
                continue
            field = form[name]
            # A group of checkboxes or radio buttons has no one input: link to its first.
            target = None if field.is_hidden else field.id_for_label or f"{field.auto_id}_0"
            yield from (Problem(str(error), field.label, target) for error in errors)
