"""The plan app's models, a module for each thing they hold; every name is importable from plan.models."""

from .data_version import DataVersion
from .departments import Department
from .measure_progress import MeasureEvidence, MeasureUpdate, Milestone
from .plans import Measure, Plan, PlanQuerySet, Section, Target
from .reports import MonthlyReport, ReportingDeadline, TargetNote

__all__ = [
    "DataVersion",
    "Department",
    "Measure",
    "MeasureEvidence",
    "MeasureUpdate",
    "Milestone",
    "MonthlyReport",
    "Plan",
    "PlanQuerySet",
    "ReportingDeadline",
    "Section",
    "Target",
    "TargetNote",
]
