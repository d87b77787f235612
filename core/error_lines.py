"""A service's refusal (a ValidationError) as the lines a page shows: each problem with the name of its field."""

from django.contrib import messages
from django.core.exceptions import ValidationError


def error_lines(error: ValidationError, labels) -> list[str]:
    """ "field：problem" for each problem; `labels` maps a field's name to its label (a dict or a model, whose
    fields' verbose names are used). A refusal of the whole step has no field and shows alone."""
    if hasattr(labels, "_meta"):
        model = labels
        labels = {
            field.name: field.verbose_name
            for field in model._meta.get_fields()
            if hasattr(field, "verbose_name")
        }
    by_field = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
    lines = []
    for field, problems in by_field.items():
        label = labels.get(field, "") if field != "__all__" else ""
        lines += [f"{label}：{problem}" if label else problem for problem in problems]
    return lines


def report_errors(request, error: ValidationError, labels) -> None:
    """Each problem of `error` as an error message of the next page."""
    for line in error_lines(error, labels):
        messages.error(request, line)
