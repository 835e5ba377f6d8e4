from axes.admin import AccessAttemptAdmin as AxesAccessAttemptAdmin
from axes.conf import settings
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.contrib import admin
from django.utils.timezone import now

from logins.forms import AdminLoginForm

admin.site.login_form = AdminLoginForm

# axes registers its own admin for failed logins (this app comes after it in INSTALLED_APPS); this one says
# which logins are locked and until when, and adds the action that unlocks them.
admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class AccessAttemptAdmin(AxesAccessAttemptAdmin):
    """Failed logins per username, address and browser. Deleting a row unlocks that login: "Unlock" does it."""

    list_display = ["username", "ip_address", "failures_since_start", "locked_until", "attempt_time", "user_agent"]
    actions = ["unlock"]

    def get_actions(self, request, action_location=admin.ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        actions.pop("delete_selected", None)  # "Unlock" is the same deletion, named for what it does
        return actions

    @admin.display(description="locked until")
    def locked_until(self, attempt):
        if attempt.failures_since_start < settings.AXES_FAILURE_LIMIT:
            return "not locked"
        until = attempt.attempt_time + get_cool_off()
        return until if until > now() else "lifted"

    @admin.action(permissions=["delete"], description="Unlock the selected logins")
    def unlock(self, request, queryset):
        count, _ = queryset.delete()
        self.message_user(request, f"Unlocked {count} login(s): they can log in again now.")
