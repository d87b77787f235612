"""One app server's share of concurrent saves of a department's monthly note (the note of its first target of
the year, plan.cycle.report_save_notes), through plan.cycle.

Run as a separate process (as another app server would be): appends N lines "<tag>-<i>" to the note, each
save based on the version it read, and retries when another writer saved in between (ConflictError), as a
person reloading would. Prints the number of conflicts it met. Starts
saving at the time START_AT (seconds since the epoch), so that both writers overlap.
"""

import os
import sys
import time

import django

sys.path.insert(0, os.getcwd())
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402

from plan import cycle  # noqa: E402
from plan.models import Department, MonthlyReport, TargetNote  # noqa: E402


def main(username, department_code, year, month, count, tag, start_at):
    user = get_user_model().objects.get(username=username)
    department = Department.objects.get(code=department_code)
    target = cycle.note_targets(department=department, year=year)[0]
    conflicts = 0
    # Both writers start together, once both have set up Django.
    time.sleep(max(0.0, start_at - time.time()))
    for i in range(count):
        while True:
            report = MonthlyReport.objects.filter(department=department, year=year, month=month).first()
            stored = TargetNote.objects.filter(target=target, month=month).first()
            # The note keeps its last 100 lines: a note has a length limit (core.validators) like any text.
            lines = [*(stored.text.splitlines() if stored and stored.text else []), f"{tag}-{i}"]
            note = "\n".join(lines[-100:])
            try:
                cycle.report_save_notes(
                    user=user,
                    department=department,
                    year=year,
                    month=month,
                    notes={target.code: note},
                    expected_version=report.version if report else 0,
                )
                break
            except cycle.ConflictError:
                conflicts += 1
    print(conflicts)


if __name__ == "__main__":
    username, code, year, month, count, tag, start_at = sys.argv[1:]
    main(username, code, int(year), int(month), int(count), tag, float(start_at))
