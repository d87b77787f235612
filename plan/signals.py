"""What `plan` tells the rest of the project when someone's work is reviewed, without knowing who listens.

`plan` may not import `accounts`, which holds the notices; `accounts` connects to these signals in its
AppConfig.ready() and tells the people concerned. Each is sent inside the step's transaction, once the change
is saved, so a listener's writes commit or roll back with the step.
"""

from django.dispatch import Signal

# A leader approved or returned a department's month, or an admin unlocked it.
# Arguments: report (the MonthlyReport as saved), action ("approved", "returned" or "unlocked"), by (who), and
# message (the return message or the unlock reason; empty for an approval).
report_reviewed = Signal()

# A leader refused to close (销号) a measure its lead department marked done.
# Arguments: measure (as saved), by (the leader), reason.
measure_sent_back = Signal()
