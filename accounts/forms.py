from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, UsernameField
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from core.validators import limit_text_fields, validate_one_line
from plan.models import Department

from .models import AccountState, User


class AccountSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100, validators=[validate_one_line])
    role = forms.ChoiceField(
        label=_("role"), required=False, choices=[("", _("All roles")), *User.Role.choices]
    )
    department = forms.ModelChoiceField(
        label=_("department"),
        required=False,
        queryset=Department.objects.all(),
        to_field_name="code",
        empty_label=_("All departments"),
    )
    state = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *AccountState.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("role", "department", "state"):
            self.fields[name].widget.attrs["class"] = "form-select"
        limit_text_fields(self)


class AccountForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["username", "display_name", "email", "role", "department"]
        # NFKC-normalised like the log-in form's, so "ｚｈａｎｇ" is stored as "zhang" and can log in.
        field_classes = {"username": UsernameField}
        help_texts = {"username": _("Letters, digits and @ . + - _ only; used to log in.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"].validators.append(validate_one_line)
        self.fields["username"].validators.append(validate_one_line)
        limit_text_fields(self)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == User.Role.STAFF and not cleaned.get("department"):
            self.add_error("department", _("A staff account needs a department."))
        return cleaned


class DepartmentForm(forms.ModelForm):
    class Meta:
        model = Department
        fields = ["code", "name", "order"]
        help_texts = {"code": _("Lower-case letters, digits, - and _; files and addresses use it.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].validators.append(validate_one_line)
        if self.instance.pk:
            # Codes are stable: files, addresses and accounts refer to them.
            self.fields["code"].disabled = True
        limit_text_fields(self)

    def clean_code(self):
        code = self.cleaned_data["code"]
        if code == "new":
            # /manage/departments/new/ is the address of the form for a new department.
            raise forms.ValidationError(_("This code is reserved; choose another."))
        return code

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Enter the department's name."))
        return name


class DeadlineForm(forms.Form):
    due_on = forms.DateField(
        label=_("reporting deadline"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    reason = forms.CharField(label=_("Reason for the change"), max_length=200, validators=[validate_one_line])

    def __init__(self, *args, year, month, **kwargs):
        super().__init__(*args, **kwargs)
        self.year, self.month = year, month
        limit_text_fields(self)

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why the deadline changes."))
        return reason

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if (due_on.year, due_on.month) <= (self.year, self.month):
            raise forms.ValidationError(
                _("The deadline of %(year)s-%(month)02d must fall after that month.")
                % {"year": self.year, "month": self.month}
            )
        if due_on.year > self.year + 1:
            raise forms.ValidationError(_("The deadline is too far after the month."))
        return due_on


class NewPasswordForm(PasswordChangeForm):
    """Django's form; the new password must differ from the temporary one."""

    def clean_new_password1(self):
        password = self.cleaned_data.get("new_password1")
        if password and self.user.check_password(password):
            raise forms.ValidationError(_("Choose a password different from the current one."))
        return password

    def save(self, commit=True):
        # The account history keeps no hash; it says what happened (simple-history reads _change_reason).
        self.user._change_reason = str(_("Password changed by its owner"))
        return super().save(commit)


class LoginForm(AuthenticationForm):
    """Django's log-in form, refusing an over-long user name before authenticating: Django only sets the
    field's max_length after it is built, so without this a 100,000-character name reaches django-axes, whose
    255-character column breaks on PostgreSQL (found by tests/security/test_fuzz_forms.py)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))
