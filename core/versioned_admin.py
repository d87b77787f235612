"""The Django admin's change forms under the one rule of core.versions: the form carries the version of the
object it showed (a hidden field), the save locks the row, checks it and bumps it. A stale save is refused
on the form, naming what the other person changed, instead of silently putting back their change.

A model without a `version` field (the plan's own structure, counties, tokens, notices, figures, which the app's
pages do not edit) is held to the same rule by the fingerprint of its stored row in place of the version: what
the form showed must still be what is stored."""

import hashlib

from django import forms
from django.contrib.admin.utils import flatten_fieldsets

from . import uploads, versions

LOADED = "loaded_version"


def _has_version(model) -> bool:
    return any(field.name == "version" for field in model._meta.concrete_fields)


def fingerprint(instance) -> str:
    """The state of a stored row, as the text of every column: another save changes it, reading does not."""
    values = [(field.attname, field.value_to_string(instance)) for field in instance._meta.concrete_fields]
    return hashlib.sha256(repr(values).encode()).hexdigest()[:32]


def _state(instance):
    return instance.version if _has_version(type(instance)) else fingerprint(instance)


def _form_with_version(base: type[forms.ModelForm]) -> type[forms.ModelForm]:
    class VersionedForm(base):
        loaded_version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if self.instance.pk is not None:
                # The stored state, not the instance's: simple-history's revert form shows an old copy.
                stored = type(self.instance)._default_manager.filter(pk=self.instance.pk).first()
                self.fields[LOADED].initial = None if stored is None else _state(stored)

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
            versioned = _has_version(type(stored))
            expected = cleaned.get(LOADED) or None
            if versioned and expected is not None:
                expected = int(expected) if expected.isdigit() else -1
            try:
                versions.check_version(
                    stored=_state(stored),
                    expected=expected,
                    conflict_message=lambda: versions.stale_message(
                        stored, expected if versioned else None, fields=self._shown()
                    ),
                )
            except versions.ConflictError:
                # The form now carries the other person's version: saving again overwrites knowingly.
                self.data = self.data.copy()
                self.data[self.add_prefix(LOADED)] = _state(stored)
                raise
            if versioned:
                self.next_version = stored.version + 1
            return cleaned

    VersionedForm.__name__ = base.__name__
    return VersionedForm


class VersionedAdminMixin:
    """For every ModelAdmin whose change form edits something (put it before the ModelAdmin in the bases): by
    the model's `version` field when it has one, else by the fingerprint of the stored row."""

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
        readonly = super().get_readonly_fields(request, obj)
        return tuple(dict.fromkeys((*readonly, "version"))) if _has_version(self.model) else tuple(readonly)

    def changeform_view(self, *args, **kwargs):
        # A file uploaded on a form whose save fails is not left on disk without its row.
        with uploads.files_with_their_rows():
            return super().changeform_view(*args, **kwargs)

    def save_model(self, request, obj, form, change):
        if change and _has_version(type(obj)):
            obj.version = form.next_version
        super().save_model(request, obj, form, change)
