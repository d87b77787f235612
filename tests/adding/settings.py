"""The test settings with the throwaway app installed and a 2007 plan that has one target more: the plan's
data file copied to a folder of its own, with 外商直接投资实际到位 added (settings.PLAN_DATA_DIR)."""

import atexit
import json
import shutil
import tempfile
from pathlib import Path

from config.test_settings import *  # noqa: F403
from config.test_settings import DATABASES, INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.adding"]
# On a database server, a test database of its own beside the one of the run that started this one.
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_adding"}

FDI_TARGET = {
    "code": "fdi_actual",
    "name": "外商直接投资实际到位",
    "kind": "amount",
    "value": "30000",
    "unit": "万美元",
    "display_unit": "亿美元",
    "display_factor": 10000,
    "growth_target_pct": "10",
    "section": "1",
    "department": "outreach",
    "quote": "保持出口和利用外资合理增长",
}


def _plan_with_one_target_more() -> Path:
    source = Path(__file__).resolve().parents[2] / "plan" / "data"
    folder = Path(tempfile.mkdtemp(prefix="plan-data-adding-"))
    shutil.copy(source / "plan_2007_source.txt", folder)
    data = json.loads((source / "plan_2007.json").read_text(encoding="utf-8"))
    data["targets"].append({**FDI_TARGET, "order": len(data["targets"]) + 1})
    (folder / "plan_2007.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


PLAN_DATA_DIR = _plan_with_one_target_more()
