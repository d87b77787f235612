"""What supervision tells the apps above it (the robots of broadcast) without knowing who listens.

`instruction_event` is sent (sender=Instruction) with `instruction`, `event` and `kind`:
- after every step (`kind` is the event's kind: "assign", "sign", "reply", "report", "accept", "return",
  "extend", "approve_extension", "refuse_extension", "remind", "stop"), inside the step's transaction, once
  the event is saved — a listener that pushes should wait for the commit (transaction.on_commit);
- by the daily `sendreminders`, once per 批示 and due date, with `kind` "due_soon" (即将逾期) or "overdue"
  (逾期) and `event` None.
"""

from django.dispatch import Signal

instruction_event = Signal()
