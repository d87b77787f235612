"""The trade department's cross-checks of a month's figures (docs/rules.md, monthly statistics)."""

from django.utils.translation import gettext as _

from plan.formatting import number


def cross_check(values: dict) -> dict[str, list[str]]:
    """Errors of a month's trade figures: the de-duplicated union of 机电 and 高新技术 exports lies between the
    larger of the two and their sum, and is not above exports."""
    errors: dict[str, list[str]] = {}
    union = values.get("export_hitech_mech_union")
    mech = values.get("export_mech_elec")
    hitech = values.get("export_hitech")
    export = values.get("export")
    if union is None:
        return errors
    if mech is not None and hitech is not None:
        if union < max(mech, hitech):
            errors.setdefault("export_hitech_mech_union", []).append(
                _("the union %(union)s is below the larger of its two parts (%(larger)s)")
                % {"union": number(union), "larger": number(max(mech, hitech))}
            )
        if union > mech + hitech:
            errors.setdefault("export_hitech_mech_union", []).append(
                _("the union %(union)s is above the sum of its two parts (%(sum)s)")
                % {"union": number(union), "sum": number(mech + hitech)}
            )
    if export is not None and union > export:
        errors.setdefault("export_hitech_mech_union", []).append(
            _("the union %(union)s is above exports (%(export)s)")
            % {"union": number(union), "export": number(export)}
        )
    return errors
