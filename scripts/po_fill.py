#!/usr/bin/env python3
"""Fill translations into the zh-Hans catalogue from a JSON object {"English msgid": "中文"}.

    make translations                      # refresh the catalogue from the source
    .venv/bin/python scripts/po_fill.py new-strings.json
    make translations                      # compile

Plural entries take a list of forms. Entries already translated are overwritten only when the JSON says so;
the fuzzy flag is removed from every entry it fills. Prints the msgids still untranslated.
"""

import json
import sys
from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def main(paths: list[str]) -> int:
    translations = {}
    for path in paths:
        translations.update(json.loads(Path(path).read_text(encoding="utf-8")))
    po = polib.pofile(str(CATALOGUE), wrapwidth=0)
    for entry in po:
        if entry.msgid not in translations:
            continue
        value = translations[entry.msgid]
        if entry.msgid_plural:
            forms = value if isinstance(value, list) else [value]
            entry.msgstr_plural = dict(enumerate(forms))
        else:
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
    po.save(str(CATALOGUE))
    missing = [e.msgid for e in po.untranslated_entries() if not e.obsolete]
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
