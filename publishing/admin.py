"""Admin behaviour shared by every publishable model: status moves, bulk actions, no silent deletion.

Also the inline helpers quotes and claims share: autocomplete boxes that cost no query per row.
"""

from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation, IncorrectLookupParameters
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseInlineFormSet
from django.http import HttpResponseBadRequest
from django.urls import path

from .csv_export import csv_response, filename
from .models import PUBLIC_STATUSES

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


class PreloadedAutocompleteSelect(AutocompleteSelect):
    """An autocomplete box that labels its row's current choice from the object the row already loaded.

    Django's own box runs one query per row to label it: twenty quotes under a story meant forty queries.
    """

    loaded = None  # set for each row by PreloadedAutocompleteFormSet

    def optgroups(self, name, value, attr=None):
        if self.loaded is None or [str(v) for v in value] != [str(self.loaded.pk)]:
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        label = self.choices.field.label_from_instance(self.loaded)
        options.append(self.create_option(name, self.loaded.pk, label, True, len(options)))
        return [(None, options, 0)]


class PreloadedAutocompleteFormSet(BaseInlineFormSet):
    """Hands each existing row's related objects to its PreloadedAutocompleteSelect boxes."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if form.instance.pk is not None:
            for name, field in form.fields.items():
                widget = getattr(field.widget, "widget", field.widget)  # inside the admin's related-field wrapper
                if isinstance(widget, PreloadedAutocompleteSelect):
                    widget.loaded = getattr(form.instance, name)  # select_related by the inline's get_queryset
        return form


class PreloadedAutocompleteInline:
    """Inline mixin: its autocomplete boxes cost no query per row. Select the related objects in get_queryset."""

    formset = PreloadedAutocompleteFormSet

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            widget = PreloadedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
            kwargs.setdefault("widget", widget)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PublishableInlineFormSet(PreloadedAutocompleteFormSet):
    """Rows of publishable items under their parent: a published row is never deleted, as on its own page."""

    def clean(self):
        super().clean()
        marked = [form.instance.pk for form in self.initial_forms if self.can_delete and self._should_delete_form(form)]
        if marked and self.model.objects.filter(pk__in=marked, status__in=PUBLIC_STATUSES).exists():
            name = self.model._meta.verbose_name_plural
            raise ValidationError(f"Published {name} cannot be deleted: retract them with a notice instead.")


class CsvExportAdmin(admin.ModelAdmin):
    """Editors download the selected rows (an action), or every row the change list's filters and search
    select (a link above the list, in admin/<app>/<model>/change_list_object_tools.html), as CSV: drafts
    included, nothing capped. Subclasses say how: csv_export()."""

    def csv_export(self, queryset):
        """The publishing.csv_export.CsvExport of queryset's rows."""
        raise NotImplementedError

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        if action_location == ActionLocation.CHANGE_LIST and self.has_view_permission(request):
            actions["export_selected"] = self.get_action("export_selected")
        return actions

    @admin.action(description="Export the selected %(verbose_name_plural)s to CSV", permissions=["view"])
    def export_selected(self, request, queryset):
        return self.download(request, queryset, "selected")

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_export"
        export = path("export/", self.admin_site.admin_view(self.export_matching), name=name)
        return [export, *super().get_urls()]

    def export_matching(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            queryset = self.get_changelist_instance(request).get_queryset(request)
        except IncorrectLookupParameters:
            return HttpResponseBadRequest("These filters are not valid. Go back to the list and choose again.")
        return self.download(request, queryset, "matching")

    def download(self, request, queryset, which):
        # The change list's own joins and ordering are not the export's: start again from the ids.
        rows = self.model.objects.filter(pk__in=queryset.order_by().values("pk")).order_by("pk")
        name = filename(str(self.opts.verbose_name_plural), {which: "all-statuses"})
        return csv_response(request, self.csv_export(rows).chunks(), name)
