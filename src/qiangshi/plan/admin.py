from django.contrib import admin

from qiangshi.plan.models import (
    Alert,
    DeadlineRule,
    Indicator,
    Observation,
    Plan,
    Submission,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown for inspection only: these rows change through the platform's own services,
    which keep revisions and audit entries that a plain admin form would bypass."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin):
    list_display = ("frequency", "days_after_period")


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ("code", "title", "version_label", "revision", "is_current", "loaded_at",
                    "loaded_by")
    list_filter = ("is_current",)


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "kind", "comparator", "target_value", "unit", "target_year",
                    "plan")
    list_filter = ("plan", "kind", "frequency", "source")
    search_fields = ("code", "name")


@admin.register(Observation)
class ObservationAdmin(ReadOnlyAdmin):
    list_display = ("indicator", "region", "year", "month", "period_type", "value", "status",
                    "source_kind", "updated_at")
    list_filter = ("source_kind", "status", "period_type")
    search_fields = ("indicator__code", "indicator__name")


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    list_display = ("unit", "frequency", "year", "month", "status", "submitted_at", "reviewed_at")
    list_filter = ("status", "frequency")


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "kind", "unit", "indicator_code", "message", "resolved_at")
    list_filter = ("kind",)
