"""The plan's measures as the dashboard lists and counts them."""

import datetime
from dataclasses import dataclass, field

from django.urls import reverse

from ..models import Department, Measure


@dataclass
class MeasureRow:
    """A measure as the dashboard reads it: plain values rather than a model instance, since a plan may have
    hundreds and the dashboard only counts and lists them."""

    pk: int
    code: str
    title: str
    status: str
    progress_pct: int
    due: datetime.date
    section_id: int
    lead: Department
    year: int
    overdue: bool

    @property
    def lead_id(self) -> int:
        return self.lead.pk

    def get_status_display(self):
        return Measure.Status(self.status).label

    def get_absolute_url(self) -> str:
        return reverse("plan:measure", args=[self.year, self.code])


@dataclass
class SectionMeasures:
    section: object
    counts: dict[str, int]
    measures: list[MeasureRow] = field(default_factory=list)

    @property
    def count_list(self) -> list[int]:
        return [self.counts[value] for value in Measure.Status.values]
