"""Admin behaviour shared by every publishable model: status moves, bulk actions, no silent deletion."""

from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.core.exceptions import ValidationError

PUBLICATION_FIELDS = ("status", "retraction_notice", "first_published_at", "retracted_at", "updated_at")


def _move(modeladmin, request, queryset, method, done):
    moved, refused = 0, []
    for obj in queryset:
        try:
            getattr(obj, method)()
        except ValidationError as error:
            refused.append(f"“{obj}”: {' '.join(error.messages)}")
        else:
            moved += 1
    name = modeladmin.model._meta.verbose_name_plural
    if moved:
        modeladmin.message_user(request, f"{done} {moved} {name}.", messages.SUCCESS)
    for reason in refused:
        modeladmin.message_user(request, f"Not moved: {reason}", messages.WARNING)


BOTH = [ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM]


@admin.action(
    description="Publish", description_plural="Publish the selected items", permissions=["change"], location=BOTH
)
def publish(modeladmin, request, queryset):
    _move(modeladmin, request, queryset, "publish", "Published")


@admin.action(
    description="Send to review",
    description_plural="Send the selected items to review",
    permissions=["change"],
    location=BOTH,
)
def send_to_review(modeladmin, request, queryset):
    _move(modeladmin, request, queryset, "send_to_review", "Sent to review")


@admin.action(
    description="Return to draft",
    description_plural="Return the selected items to draft",
    permissions=["change"],
    location=BOTH,
)
def return_to_draft(modeladmin, request, queryset):
    _move(modeladmin, request, queryset, "return_to_draft", "Returned to draft")


class PublishableAdmin(admin.ModelAdmin):
    """Status changes go through the model (single edits and bulk actions alike).

    Published and retracted items cannot be deleted: they are corrected or retracted instead.
    """

    actions = [send_to_review, publish, return_to_draft]
    readonly_fields = ("first_published_at", "retracted_at", "updated_at")
    publication_fieldset = (
        "Publication",
        {
            "fields": PUBLICATION_FIELDS,
            "description": "Draft → in review → published. A published item is never deleted or unpublished: "
            "retract it with a notice for readers.",
        },
    )

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        actions.pop("delete_selected", None)  # bulk deletion could take published items with it
        return actions

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_public:
            return False
        return super().has_delete_permission(request, obj)
