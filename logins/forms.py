from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from logins.throttling import lockout_message


class AdminLoginForm(AdminAuthenticationForm):
    """The admin's login form, saying so when django-axes refused the login, and refusing over-long usernames.

    Django sets the username field's max_length after building it, so no validator checks it: a 10,000-character
    username would reach authentication, and axes' record of the failure (a 255-character column) would fail.
    """

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].validators.append(MaxLengthValidator(self.fields["username"].max_length))

    def get_invalid_login_error(self):
        if getattr(self.request, "axes_locked_out", False):
            return ValidationError(lockout_message(self.request, self.cleaned_data["username"]), code="locked_out")
        return super().get_invalid_login_error()
