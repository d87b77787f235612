"""The Django admin's change forms under the one rule of core.versions: the form carries the version of the
object it showed (a hidden field), the save locks the row, checks it and bumps it. A stale save is refused
on the form, naming what the other person changed, instead of silently putting back their change."""

from django import forms
from django.contrib.admin.utils import flatten_fieldsets

from . import versions

LOADED = "loaded_version"


def _form_with_version(base: type[forms.ModelForm]) -> type[forms.ModelForm]:
    class VersionedForm(base):
        loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if self.instance.pk is not None:
                # The stored version, not the instance's: simple-history's revert form shows an old copy.
                stored = type(self.instance)._default_manager.filter(pk=self.instance.pk)
                self.fields[LOADED].initial = stored.values_list("version", flat=True).first()

        def _shown(self) -> list[str]:
            """The model fields of the form, named with their stored values when the history cannot say
            what changed (a model without one)."""
            names = {field.name for field in self.instance._meta.concrete_fields}
            return [name for name in self.fields if name in names]

        def clean(self):
            cleaned = super().clean()
            if self.instance.pk is None:
                return cleaned
            # The admin's change view runs in one transaction: the lock holds until the object is saved.
            stored = type(self.instance)._default_manager.select_for_update().get(pk=self.instance.pk)
            expected = cleaned.get(LOADED)
            try:
                versions.check_version(
                    stored=stored.version,
                    expected=expected,
                    conflict_message=lambda: versions.stale_message(stored, expected, fields=self._shown()),
                )
            except versions.ConflictError:
                # The form now carries the other person's version: saving again overwrites knowingly.
                self.data = self.data.copy()
                self.data[self.add_prefix(LOADED)] = stored.version
                raise
            self.next_version = stored.version + 1
            return cleaned

    VersionedForm.__name__ = base.__name__
    return VersionedForm


class VersionedAdminMixin:
    """For a ModelAdmin of a model with a `version` field (put it before the ModelAdmin in the bases)."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            kwargs["form"] = _form_with_version(kwargs.get("form", self.form))
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and LOADED not in flatten_fieldsets(fieldsets):
            fieldsets = [*fieldsets, (None, {"fields": [LOADED]})]
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        return tuple(dict.fromkeys((*super().get_readonly_fields(request, obj), "version")))

    def save_model(self, request, obj, form, change):
        if change:
            obj.version = form.next_version
        super().save_model(request, obj, form, change)
