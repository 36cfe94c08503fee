"""The error summary at the top of every form: a refused form can be long, and its first
error below the fold; the summary counts the problems and links to each field."""

from dataclasses import dataclass

from django import template
from django.forms import BaseFormSet
from django.forms.forms import NON_FIELD_ERRORS

register = template.Library()


@dataclass
class Problem:
    message: str
    label: str = ""
    # The id of the field's input, None for a problem of the whole form or a hidden field.
    target: str | None = None


@register.inclusion_tag("snippets/error_summary.html")
def error_summary(*forms):
    """`forms`: the page's forms and formsets in the order they are shown; None is skipped
    (a meeting without an attendance sheet)."""
    return {"problems": list(_problems(forms))}


def _problems(forms):
    for form in forms:
        if form is None:
            continue
        if isinstance(form, BaseFormSet):
            yield from (Problem(error) for error in form.non_form_errors())
            yield from _problems(form.forms)
            continue
        yield from (Problem(error) for error in form.non_field_errors())
        for name, errors in form.errors.items():
            if name == NON_FIELD_ERRORS:
                continue
            field = form[name]
            # A group of checkboxes or radio buttons has no one input: link to its first.
            target = None if field.is_hidden else field.id_for_label or f"{field.auto_id}_0"
            yield from (Problem(error, field.label, target) for error in errors)
