from django.db import models


class DataVersion(models.Model):
    """One row holding a token per table that the progress computation reads, changed by every write to it.

    Database triggers (plan.cache) replace a table's token with a fresh random one on every INSERT, UPDATE and
    DELETE (and TRUNCATE on PostgreSQL) of that table, with the write itself, so that a result cached under the
    tokens of the tables it reads can only be served while those tables are what it was computed from. A table
    without a token has no triggers: nothing that reads it is cached.
    """

    tokens = models.JSONField(default=dict)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="data_version_single_row")]

    def __str__(self):
        return ", ".join(sorted(self.tokens))
