"""Sample village stores and market-regulation records for `manage.py demo`, marked as sample data (示例数据).

Idempotent: records are found by name, so running demo again adds nothing.
"""

import datetime

from django.core.files.base import ContentFile

from .models import (
    County,
    FuelOutlet,
    LiquorFiling,
    MonitoringReport,
    PawnAuctionFirm,
    SlaughterCase,
    Slaughterhouse,
    StoreInspection,
    UsedCarMarket,
    VillageStore,
)

D = datetime.date

# (county, how many stores, of which farm-supply)
STORE_PLAN = [
    ("赛罕区", 14, 2),
    ("土默特左旗", 16, 3),
    ("托克托县", 12, 2),
    ("和林格尔县", 12, 2),
    ("清水河县", 8, 1),
    ("武川县", 10, 2),
    ("回民区", 3, 0),
    ("玉泉区", 3, 0),
    ("新城区", 2, 0),
]


def _sample(model, name, **fields):
    record, created = model.objects.get_or_create(name=name, defaults={**fields, "is_sample": True})
    return created


def load_registers(stdout) -> None:
    counties = {c.name: c for c in County.objects.all()}
    created = 0
    for county_index, (county, count, farm) in enumerate(STORE_PLAN):
        for i in range(count):
            # Built from January to September; the first three of every four accepted about six weeks later.
            built = D(2007, 1 + (i + county_index) % 9, 5 + i % 20)
            accepted = built + datetime.timedelta(days=45) if i % 4 != 3 else None
            created += _sample(
                VillageStore,
                f"{county}{'农资' if i < farm else ''}农家店{i + 1:02d}号",
                county=counties[county],
                township=f"{county[:2]}镇",
                village=f"第{i + 1}村",
                operator="维多利超市连锁" if i % 2 else "供销社连锁",
                kind=VillageStore.Kind.RENOVATED if i % 3 == 0 else VillageStore.Kind.NEW,
                category=VillageStore.Category.FARM_SUPPLY if i < farm else VillageStore.Category.GENERAL,
                built_on=built,
                accepted_on=accepted,
                subsidy=2 if i % 3 else 3,
            )
    created += _sample(
        VillageStore,
        "赛罕区专营药店01号",
        county=counties["赛罕区"],
        category=VillageStore.Category.SINGLE,
        built_on=D(2007, 3, 1),
        accepted_on=D(2007, 4, 10),
    )
    first = VillageStore.objects.filter(is_sample=True, accepted_on__isnull=False).order_by("pk").first()
    if first and not first.inspections.exists():
        StoreInspection.objects.create(
            store=first,
            inspected_on=D(2007, 6, 20),
            result=StoreInspection.Result.RECTIFY,
            problems="示例数据：部分商品未明码标价。",
            inspector="市场体系建设科",
        )
    created += _regulation(counties)
    stdout.write(f"markets registers: {created} sample records")


def _regulation(counties) -> int:
    created = 0
    created += _sample(LiquorFiling, "塞外酒业批发有限公司", kind="wholesale", filing_no="150100-0001",
                       county=counties["新城区"], filed_on=D(2007, 3, 12))  # fmt: skip
    created += _sample(LiquorFiling, "青城名酒专卖店", kind="retail", filing_no="150100-0107",
                       county=counties["回民区"], filed_on=D(2007, 4, 3))  # fmt: skip
    created += _sample(Slaughterhouse, "呼和浩特市肉联厂", county=counties["赛罕区"], livestock="生猪",
                       licence_no="A15010001", designated_on=D(1998, 6, 1), daily_capacity=800)  # fmt: skip
    created += _sample(SlaughterCase, "示例：城郊私屠滥宰窝点案", county=counties["玉泉区"], found_on=D(2007, 5, 18),
                       place="城郊某村", meat_seized_kg=350, penalty="0.50", status="closed")  # fmt: skip
    created += _sample(UsedCarMarket, "北方二手车交易市场", operator="北方汽车贸易公司", county=counties["赛罕区"],
                       filed_on=D(2007, 7, 2))  # fmt: skip
    created += _sample(PawnAuctionFirm, "青城典当有限责任公司", kind="pawn", licence_no="15001",
                       registered_capital=500, approved_on=D(2005, 9, 1))  # fmt: skip
    created += _sample(PawnAuctionFirm, "昭君拍卖有限公司", kind="auction", licence_no="PM15002",
                       registered_capital=100, approved_on=D(2006, 4, 1))  # fmt: skip
    created += _sample(
        FuelOutlet, "金桥加油站", operator="中石油", county=counties["赛罕区"], approved_on=D(2007, 2, 1)
    )
    created += _sample(FuelOutlet, "托县城关加油站", operator="中石化", county=counties["托克托县"],
                       approved_on=D(2007, 6, 1))  # fmt: skip
    if not MonitoringReport.objects.filter(name="示例：2007年上半年市场运行分析").exists():
        report = MonitoringReport(
            name="示例：2007年上半年市场运行分析",
            period="2007年1–6月",
            published_on=D(2007, 7, 10),
            is_sample=True,
        )
        report.file.save(
            "2007-h1.txt", ContentFile("示例数据：上半年全市市场运行平稳。".encode()), save=False
        )
        report.save()
        created += 1
    return created
