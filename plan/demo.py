"""Sample progress on the plan's measures for `manage.py demo` (marked 示例数据): August and September 2007
updates from the lead departments, a measure behind schedule, one done and awaiting 销号, and one closed."""

from django.contrib.auth import get_user_model

from .measure_updates import measure_close, measure_update_save
from .models import Measure, MeasureUpdate

# code: [(month, 形象进度 %, status, text), ...]
UPDATES = {
    "3.1.1": [
        (8, 60, "in_progress", "走访重点外贸企业12家，协调解决出口退税和通关问题5件。"),
        (9, 70, "in_progress", "新增有进出口实绩企业8家，组织外贸政策培训会1次，参训企业46家。"),
    ],
    "3.1.2": [(9, 55, "in_progress", "建立贸易摩擦预警联络员制度，覆盖重点出口企业20家。")],
    "3.1.5": [
        (8, 80, "in_progress", "完成参展企业征集，确定参展企业31家、展位48个。"),
        (9, 100, "done", "交易会已闭幕，我市企业签约项目9个，成交额1,860万美元。"),
    ],
    "3.2.1": [
        (8, 50, "in_progress", "完成土默特左旗、托克托县农家店验收，合格率92%。"),
        (9, 60, "behind", "武川县、清水河县验收因资金拨付滞后推迟，已督促旗县于10月底前完成。"),
    ],
    "3.3.3": [(9, 75, "in_progress", "完成酒类批发企业备案登记63家、零售企业备案登记410家。")],
    "3.3.4": [(9, 70, "in_progress", "联合执法检查定点屠宰厂9家，查处私屠滥宰案件4起。")],
    "3.3.8": [(9, 75, "in_progress", "按月发布市场运行监测分析报告，已发布8期。")],
    "3.4.2": [(9, 40, "behind", "俄方活动场地尚未落实，已与驻俄使馆经商处沟通。")],
    "3.4.3": [(9, 65, "in_progress", "项目可研报告已报自治区商务厅，正在办理核准手续。")],
    "3.5.2": [(9, 100, "done", "商务局门户网站改版上线，开通网上办事栏目6项。")],
    "3.5.6": [(9, 70, "in_progress", "组织WTO规则和商务业务培训3期，参训120人次。")],
}
CLOSED = ["3.5.2"]  # done and closed (销号) by the leader


def load(stdout):
    if MeasureUpdate.objects.filter(is_sample=True).exists():
        stdout.write("Sample measure progress is already loaded.")
        return
    User = get_user_model()
    measures = {m.code: m for m in Measure.objects.filter(plan__year=2007).select_related("lead")}
    count = 0
    for code, updates in UPDATES.items():
        measure = measures[code]
        staff = User.objects.get(username=measure.lead.code)
        for month, pct, status, text in updates:
            measure_update_save(
                user=staff,
                measure=measure,
                year=2007,
                month=month,
                text=text,
                progress_pct=pct,
                status=status,
                expected_version=0,  # a new month's update
                sample=True,
            )
            count += 1
    leader = User.objects.get(username="leader")
    for code in CLOSED:
        measure = Measure.objects.get(pk=measures[code].pk)  # as its updates left it
        measure_close(
            user=leader, measure=measure, note="经核查已完成，予以销号。", expected_version=measure.version
        )
    stdout.write(f"Sample measure progress: {count} updates, {len(CLOSED)} closed (示例数据).")
