"""The old home of the figures' writes, kept so that `plan.figures.services.<name>` still imports: it only
re-exports. The month page's save and a month's warnings live in plan.figures.month, the import from a file in
the package plan.figures.importing (parse, authorise, check, write), the rule that a warning needs a note in
plan.figures.checks."""

from .checks import unexplained_warnings
from .files import ImportRow
from .importing import ImportOutcome, ImportResult, figures_import, may_import
from .importing.parse import SOURCE_MAX
from .importing.write import FIGURE_FIELDS
from .month import (
    FigureCheckError,
    FigureEntry,
    WarnedFigure,
    figures_save_month,
    month_warnings,
    stored_cumulatives,
)

__all__ = [
    "FIGURE_FIELDS",
    "SOURCE_MAX",
    "FigureCheckError",
    "FigureEntry",
    "ImportOutcome",
    "ImportResult",
    "ImportRow",
    "WarnedFigure",
    "figures_import",
    "figures_save_month",
    "may_import",
    "month_warnings",
    "stored_cumulatives",
    "unexplained_warnings",
]
