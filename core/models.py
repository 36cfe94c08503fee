"""What the ledger's records share and nothing party-specific: stamps and versions."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, Protocol, Self, TypeVar

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    # django-stubs' name for the AUTH_USER_MODEL class: core imports no project app.
    from django.contrib.auth.models import _User


class TimeStamped(models.Model):
    """Who changed a record and when is kept by its history; these two stamps make it cheap
    to sort by recency and to notice that a record changed under an editor."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class EditConflict(Exception):
    """Someone else saved the record after the editor opened it."""

    def __init__(self, current: Versioned) -> None:
        super().__init__(f"{current} was changed by someone else")
        self.current = current


class Versioned(models.Model):
    """A record two people may edit at once.

    Every save from the app names the version its editor started from; a save from an
    older copy is refused instead of overwriting the newer one.
    """

    version = models.PositiveIntegerField(default=1, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        abstract = True

    def claim_version(self, user: _User, expected_version: int) -> None:
        """Take the next version, or raise EditConflict when `expected_version` is stale.

        Call inside the transaction that then saves the record. A new record has
        nothing to claim.
        """
        if self.pk:
            # Compare and raise the version in one statement: of two concurrent saves
            # from the same version, exactly one matches.
            manager = type(self)._default_manager
            claimed = manager.filter(pk=self.pk, version=expected_version).update(
                version=models.F("version") + 1
            )
            if not claimed:
                raise EditConflict(manager.select_related("updated_by").get(pk=self.pk))
            self.version = expected_version + 1
        self.updated_by = user


class Span(Protocol):
    """A stretch of days, such as a core.periods.Period."""

    @property
    def start(self) -> datetime.date: ...

    @property
    def end(self) -> datetime.date: ...


_M = TypeVar("_M", bound=models.Model)


class DatedQuerySet(models.QuerySet[_M]):
    """Records of a day (a meeting held, an activity …), chosen by year or by period."""

    date_field = "held_on"

    def of_year(self, year: int) -> Self:
        return self.filter(**{f"{self.date_field}__year": year})

    def in_period(self, period: Span) -> Self:
        """Within a core.periods.Period (or anything with a start and an end)."""
        return self.filter(**{f"{self.date_field}__range": (period.start, period.end)})


class Watched(models.Model):
    """A record that figures kept elsewhere are worked out from (counts, a rendered file).

    Its save, its deletion and the saving of its many-to-many links (by the ledger's
    forms and the admin) each call `changed()`, which a subclass defines to bring those
    figures up to date, in the same transaction. Writes by queryset (`update`,
    `bulk_create`) call nothing: code that writes so calls `changed()` itself.
    """

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        with transaction.atomic(using=kwargs.get("using"), savepoint=False):
            super().save(*args, **kwargs)
            self.changed()

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        # After: figures worked out again must no longer count the record.
        with transaction.atomic(using=kwargs.get("using"), savepoint=False):
            deleted = super().delete(*args, **kwargs)
            self.changed()
        return deleted

    def changed(self) -> None:
        raise NotImplementedError
