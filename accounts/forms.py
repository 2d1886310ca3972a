from __future__ import annotations

from django import forms
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Duty, User
from accounts.selectors import grantable_users


class StyledFormMixin:
    """Bootstrap classes on every widget, and `is-invalid` on fields with errors, so templates stay plain."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            existing = field.widget.attrs.get("class", "")
            if css not in existing.split():
                field.widget.attrs["class"] = f"{css} {existing}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-describedby"] = f"{self[name].auto_id}_error"


class LoginForm(StyledFormMixin, forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True, "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class OtpTokenForm(StyledFormMixin, forms.Form):
    token = forms.CharField(
        label=_("Code"),
        min_length=6,
        max_length=6,
        validators=[RegexValidator(r"^\d{6}$", _("Enter the 6 digits shown in your authenticator app."))],
        error_messages={
            "required": _("Enter the 6 digits shown in your authenticator app."),
            "min_length": _("Enter the 6 digits shown in your authenticator app."),
            "max_length": _("Enter the 6 digits shown in your authenticator app."),
        },
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": r"\d{6}",
                "autofocus": True,
                "class": "form-control-lg text-center otp-input",
            }
        ),
    )

    def clean_token(self) -> str:
        return self.cleaned_data["token"].strip()


class PasswordChangeForm(StyledFormMixin, DjangoPasswordChangeForm):
    """Django's form (old password, the validators' messages) plus: the new password must differ from the old."""

    def clean(self):
        cleaned = super().clean()
        new = cleaned.get("new_password1")
        if new and self.user.check_password(new):
            self.add_error("new_password1", _("The new password must differ from the current one."))
        return cleaned


class AccountSearchForm(StyledFormMixin, forms.Form):
    STATUS_CHOICES = [
        ("", _("All")),
        ("active", pgettext_lazy("account status", "Active")),
        ("disabled", pgettext_lazy("account status", "Disabled")),
        ("must_change", _("Must change password")),
    ]
    q = forms.CharField(label=_("Name or username"), required=False, max_length=50)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)


class GrantUserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        staff = obj.staff
        where = staff.section.name if staff.section_id else staff.unit.short_name
        return f"{obj.full_name}（{where}）"


class DutyGrantForm(StyledFormMixin, forms.Form):
    user = GrantUserChoiceField(
        label=_("Staff member"),
        queryset=grantable_users(),
        error_messages={"invalid_choice": _("Choose a staff member from the list.")},
    )
    duty = forms.ChoiceField(label=_("Duty"), choices=[("", "---------"), *Duty.choices])


class GrantFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=50)
    duty = forms.ChoiceField(label=_("Duty"), choices=[("", _("All duties")), *Duty.choices], required=False)


class UnitTotpForm(forms.Form):
    required = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1")
