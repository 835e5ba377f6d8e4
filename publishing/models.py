"""Publication workflow shared by stories, quotes and claims.

An item moves draft → in review → published, and a published item can only be
retracted (with a dated notice), never silently unpublished. Every path that
changes the status — the admin form, bulk actions, imports — goes through
`Publishable.save()`, which locks the row, checks the move against it and
stamps the dates.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    RETRACTED = "retracted", "Retracted"


PUBLIC_STATUSES = (Status.PUBLISHED, Status.RETRACTED)

ALLOWED_MOVES = {
    Status.DRAFT: {Status.IN_REVIEW, Status.PUBLISHED},
    Status.IN_REVIEW: {Status.DRAFT, Status.PUBLISHED},
    Status.PUBLISHED: {Status.RETRACTED},
    Status.RETRACTED: set(),
}


class PublishableQuerySet(models.QuerySet):
    def public(self):
        """Published items, plus retracted ones (shown with their notice)."""
        return self.filter(status__in=PUBLIC_STATUSES)


class Publishable(models.Model):
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text="Only published and retracted items are public. A published item can only be retracted.",
    )
    first_published_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="Set once, the first time the item is published."
    )
    retracted_at = models.DateTimeField(null=True, blank=True, editable=False)
    retraction_notice = models.TextField(
        blank=True, help_text="Shown to readers at the top of a retracted item's page. Required to retract."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublishableQuerySet.as_manager()
    locked_record = None  # during save(), the locked row's record_fields

    class Meta:
        abstract = True

    # The columns save() checks moves against, read from the row it locks (see lock_record()).
    record_fields = ("status",)

    def save(self, *args, **kwargs):
        refused = None
        with transaction.atomic(savepoint=False):
            self.lock_record()
            try:
                self.prepare_status_move()
            except ValidationError as error:
                refused = error  # raised once out of the block, which leaves a caller's transaction usable
            else:
                update_fields = kwargs.get("update_fields")
                if update_fields is not None:
                    kwargs["update_fields"] = {*update_fields, "first_published_at", "retracted_at", "updated_at"}
                super().save(*args, **kwargs)
            finally:
                self.locked_record = None
        if refused is not None:
            raise refused
        self._saved_status = self.status

    def lock_record(self):
        """Lock this item's row until the save commits, and check the move against the row as it is now.

        Not against the copy in memory, which may be stale: another editor may have published the item since it
        was loaded, and saving the old copy must not undo that.
        """
        self.locked_record = None if self._state.adding else self.read_record(lock=True)
        if self.locked_record is not None:
            self._saved_status = self.locked_record["status"]

    def read_record(self, lock=False):
        """This item's record_fields as the database holds them (None if it holds no such row); with lock, the
        row stays locked until the transaction ends."""
        rows = type(self)._base_manager.filter(pk=self.pk)
        if lock:
            rows = rows.select_for_update(of=("self",))
        return rows.values(*self.record_fields).first()

    @classmethod
    def publication_constraints(cls, prefix):
        """Named check constraints that keep the publication dates honest in the database."""
        return [
            models.CheckConstraint(
                condition=~Q(status__in=PUBLIC_STATUSES) | Q(first_published_at__isnull=False),
                name=f"{prefix}_public_has_first_published_at",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.RETRACTED) | (Q(retracted_at__isnull=False) & ~Q(retraction_notice="")),
                name=f"{prefix}_retracted_has_date_and_notice",
            ),
        ]

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._saved_status = instance.__dict__.get("status")
        return instance

    @property
    def is_public(self):
        return self.status in PUBLIC_STATUSES

    @property
    def is_retracted(self):
        return self.status == Status.RETRACTED

    def check_status_move(self):
        """Raise ValidationError if the status change is not allowed: from the status as loaded, or, while
        saving, as the locked row stands."""
        old = getattr(self, "_saved_status", None) or Status.DRAFT
        new = self.status
        if old != new and new not in ALLOWED_MOVES[old]:
            raise ValidationError(
                {"status": f"A {Status(old).label.lower()} item cannot be moved to {Status(new).label.lower()}."}
            )
        if new == Status.RETRACTED and not self.retraction_notice.strip():
            raise ValidationError({"retraction_notice": "Explain to readers why this item is retracted."})

    def prepare_status_move(self):
        """Check the move, then stamp its dates (before validation too, so constraints see them)."""
        self.check_status_move()
        now = timezone.now()
        if self.is_public and self.first_published_at is None:
            self.first_published_at = now
        if self.is_retracted and self.retracted_at is None:
            self.retracted_at = now

    def clean(self):
        super().clean()
        self.prepare_status_move()

    def move_to(self, status, notice=""):
        """Move to another status through the one checked path; used by the admin and bulk actions."""
        self.status = status
        if notice:
            self.retraction_notice = notice
        self.save()

    def send_to_review(self):
        self.move_to(Status.IN_REVIEW)

    def publish(self):
        self.move_to(Status.PUBLISHED)

    def retract(self, notice):
        self.move_to(Status.RETRACTED, notice)

    def return_to_draft(self):
        self.move_to(Status.DRAFT)
