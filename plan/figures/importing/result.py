"""What an import answers, whether it stored or only previewed: per row what it does or would do, and the
lines of what refused or warned, each naming its row and column as the file's reader sees them."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from ... import registry
from ..files import ImportRow, column_name


@dataclass
class ImportOutcome:
    number: int
    indicator: registry.Indicator
    year: int
    month: int
    old: Decimal | None
    new: Decimal
    status: str  # new / changed / unchanged / refused
    # What the row warns of (a fall, an outlier) and the note that explains it, if any.
    warnings: list[str] = field(default_factory=list)
    note: str = ""
    # Refused only because it warns without a note: a note typed in the preview mends it.
    needs_note: bool = False


@dataclass
class ImportResult:
    outcomes: list[ImportOutcome] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # Warnings of rows that carry a note (stored with it), one line each.
    warnings: list[str] = field(default_factory=list)
    # The lines of rows refused only for a warning without a note; they are in `errors` too (the file is
    # refused), and the upload's preview asks for the note on each row.
    note_errors: list[str] = field(default_factory=list)
    # The rows refused before they could be read as a figure (a bad indicator, year or number, a duplicate):
    # they have no outcome, and count as refused all the same.
    unread: set[int] = field(default_factory=set)
    stored: bool = False

    @property
    def other_errors(self) -> list[str]:
        """The errors a note cannot mend."""
        return [line for line in self.errors if line not in self.note_errors]

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def count_refused(self) -> int:
        """The rows refused for something a note cannot mend, each once: those that could not be read, and
        those read but refused (another department's, a locked month, a failed check)."""
        read = sum(1 for o in self.outcomes if o.status == "refused" and not o.needs_note)
        return len(self.unread) + read

    @property
    def count_needs_note(self) -> int:
        """The rows that warn and wait only for their note."""
        return sum(1 for o in self.outcomes if o.needs_note)

    @property
    def count_warned(self) -> int:
        """The rows that warn and carry their note: stored with it."""
        return sum(1 for o in self.outcomes if o.warnings and not o.needs_note and o.status != "refused")

    # For templates, which cannot pass arguments.
    count_new = property(lambda self: self.count("new"))
    count_changed = property(lambda self: self.count("changed"))
    count_unchanged = property(lambda self: self.count("unchanged"))


def row_error(row: ImportRow, column: str, message: str) -> str:
    """One line of the result's errors or warnings: "row 3: cumulative: is empty"."""
    return _("row %(number)s: %(column)s: %(message)s") % {
        "number": row.number,
        "column": column_name(column),
        "message": message,
    }
