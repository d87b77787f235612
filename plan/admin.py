from django.contrib import admin
from django.db.models import F
from simple_history.admin import SimpleHistoryAdmin

from core.versioned_admin import VersionedAdminMixin

from .figures.models import PendingImport
from .models import (
    Department,
    Measure,
    MeasureEvidence,
    MeasureUpdate,
    Milestone,
    MonthlyReport,
    Plan,
    ReportingDeadline,
    Section,
    Target,
    TargetNote,
)


@admin.register(Department)
class DepartmentAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "order"]
    search_fields = ["code", "name"]


@admin.register(Plan)
class PlanAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["year", "title", "status"]
    list_filter = ["status"]
    search_fields = ["title"]


@admin.register(Section)
class SectionAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "number", "title", "plan", "department"]
    list_filter = ["plan", "department"]
    list_select_related = ["plan", "department"]
    search_fields = ["code", "title", "text"]


@admin.register(Target)
class TargetAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "name", "plan", "kind", "value", "unit", "growth_target_pct", "department"]
    list_filter = ["plan", "kind", "department"]
    list_select_related = ["plan", "department"]
    search_fields = ["code", "name", "quote"]


@admin.register(Measure)
class MeasureAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "title", "plan", "kind", "lead", "due", "status", "progress_pct"]
    list_filter = ["plan", "kind", "lead", "status"]
    list_select_related = ["plan", "lead"]
    search_fields = ["code", "title", "quote"]
    filter_horizontal = ["co_departments"]


@admin.register(ReportingDeadline)
class ReportingDeadlineAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["year", "month", "due_on"]
    list_filter = ["year"]
    search_fields = ["year"]


@admin.register(MonthlyReport)
class MonthlyReportAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["department", "year", "month", "state", "submitted_at", "on_time", "reviewed_by"]
    list_filter = ["state", "year", "department", "on_time"]
    list_select_related = ["department", "reviewed_by"]
    search_fields = ["department__name", "review_message"]
    # The cycle's steps go through the app's pages, which enforce the rules and record the reasons.
    readonly_fields = [
        "state",
        "submitted_at",
        "submitted_by",
        "on_time",
        "reviewed_at",
        "reviewed_by",
    ]


@admin.register(TargetNote)
class TargetNoteAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["target", "month", "text"]
    list_filter = ["target__plan", "target__department", "month"]
    list_select_related = ["target"]
    search_fields = ["target__name", "text"]


@admin.register(MeasureUpdate)
class MeasureUpdateAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["measure", "department", "year", "month", "status", "progress_pct"]
    list_filter = ["department", "status", "year"]
    list_select_related = ["measure", "department"]
    search_fields = ["measure__code", "measure__title", "text"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # The measure's version counts its updates' changes too (plan.measure_updates).
        Measure.objects.filter(pk=obj.measure_id).update(version=F("version") + 1)


@admin.register(Milestone)
class MilestoneAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["measure", "title", "due", "done_on"]
    list_select_related = ["measure"]
    search_fields = ["measure__code", "title"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        Measure.objects.filter(pk=obj.measure_id).update(version=F("version") + 1)


@admin.register(MeasureEvidence)
class MeasureEvidenceAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "update", "uploaded_by", "uploaded_at"]
    list_filter = ["update__department"]
    list_select_related = ["update__measure", "update__department", "uploaded_by"]
    search_fields = ["name", "update__measure__code", "update__measure__title"]


@admin.register(PendingImport)
class PendingImportAdmin(VersionedAdminMixin, admin.ModelAdmin):
    """Figures files previewed and not yet confirmed; they expire by themselves (plan.figures.pending)."""

    list_display = ["filename", "user", "created_at"]
    list_select_related = ["user"]
    search_fields = ["filename", "user__username"]
    list_filter = ["created_at"]
    readonly_fields = ["user", "filename", "rows", "created_at"]

    def has_add_permission(self, request):
        return False
