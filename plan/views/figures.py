"""Figures files on the web: upload with a preview before anything is stored, the Excel template, export."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import params, tables

from .. import registry
from ..figures import files
from ..figures.files import ImportRow
from ..figures.forms import UploadForm
from ..figures.importing import figures_import, may_import
from ..figures.pending import pending_keep, pending_take

SESSION_KEY = "figures_upload"


def _ensure_can_import(user):
    if not may_import(user):
        raise PermissionDenied(_("Only staff and administrators import figures."))


@login_required
def figures_upload(request):
    """Step 1: choose a file; step 2 (same page): the preview of every row, new / changed / unchanged /
    refused, with a button that stores them, all or none."""
    _ensure_can_import(request.user)
    result, filename = None, ""
    if request.method == "POST":
        # A new upload replaces whatever this browser's earlier preview left waiting.
        earlier = request.session.pop(SESSION_KEY, None)
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            filename = upload.name
            try:
                rows = files.rows_from_table(tables.read_upload(upload, max_rows=settings.FIGURES_MAX_ROWS))
            except tables.TableError as error:
                form.add_error("file", str(error))
            else:
                result = figures_import(rows=rows, user=request.user, dry_run=True, label=filename)
                if not result.other_errors:
                    # The rows wait on the server (a warning's note may still be asked for in the preview);
                    # the session holds only where.
                    pending = pending_keep(user=request.user, filename=filename, rows=rows, replaces=earlier)
                    request.session[SESSION_KEY] = pending.pk
    else:
        form = UploadForm()
    return render(
        request,
        "plan/figures_upload.html",
        {"form": form, "result": result, "filename": filename},
    )


def _with_notes(rows: list[ImportRow], post) -> list[ImportRow]:
    """The rows with the notes typed in the preview (`note-<row number>`), for the rows that warn; a note
    typed there replaces the file's."""
    for row in rows:
        typed = post.get(f"note-{row.number}")
        if typed is not None and typed.strip():
            row.note = typed.strip()
    return rows


@login_required
@require_POST
def figures_upload_confirm(request):
    _ensure_can_import(request.user)
    pending = pending_take(user=request.user, pk=request.session.pop(SESSION_KEY, None))
    if pending is None:
        messages.error(request, _("Nothing to import: choose the file again."))
        return redirect("plan:figures_upload")
    filename, rows = pending
    rows = _with_notes(rows, request.POST)
    result = figures_import(rows=rows, user=request.user, label=filename)
    if result.errors:
        # A warning still without its note, or something changed since the preview (a month was locked,
        # say): show why, store nothing, and keep the rows (with the notes typed) for another try.
        if not result.other_errors:
            request.session[SESSION_KEY] = pending_keep(user=request.user, filename=filename, rows=rows).pk
        return render(
            request,
            "plan/figures_upload.html",
            {"form": UploadForm(), "result": result, "filename": filename},
        )
    messages.success(
        request,
        _("Imported %(file)s: %(new)s new, %(changed)s changed, %(unchanged)s unchanged.")
        % {
            "file": filename,
            "new": result.count("new"),
            "changed": result.count("changed"),
            "unchanged": result.count("unchanged"),
        },
    )
    return redirect("plan:figures_upload")


def _attachment(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=tables.CONTENT_TYPES[filename.rsplit(".", 1)[1]])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def figures_template(request):
    """An empty workbook with the Chinese headers and one example row per indicator of the user's department."""
    user = request.user
    codes = [
        ind.code
        for ind in registry.all_indicators()
        if user.sees_everything or ind.department == user.department.code
    ]
    table = [[zh for _name, zh in files.COLUMNS]]
    table += [
        [files.indicator_word(code, chinese=True), "", "", "", "", files.RELEASE_WORDS["final"], "", "", ""]
        for code in codes
    ]
    return _attachment(tables.write_table(files.figure_sheet(table), "xlsx"), "figures-template.xlsx")


@login_required
def figures_export(request):
    """A year's figures as XLSX or CSV, in the format of `exportfigures --chinese-headers` (Chinese headers,
    indicator names and release words; the import reads it back): every department's for leaders and admins,
    the staff's own department's for staff."""
    year = params.year_param(request.GET)
    kind = request.GET.get("format", "xlsx")
    if year is None or kind not in tables.CONTENT_TYPES:
        raise Http404
    user = request.user
    departments = None if user.sees_everything else [getattr(user.department, "code", "")]
    table = files.figure_table(year=year, chinese=True, departments=departments)
    filename = f"figures-{year}.{kind}"
    return _attachment(files.write(table, filename), filename)
