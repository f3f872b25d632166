"""The consolidated report's PDF read back: numbering, charts whose labels never run over
their figures (with the longest real union names), and computed against reported figures."""

import datetime
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import Unit
from common.indicators import Measure, Period
from reports.models import ReportingPeriod, ReportValue, UnitReport
from reports.planning.consolidated import consolidated_data
from reports.planning.pdf import consolidated_pdf
from tests.factories import UnitFactory
from tests.pdfs import flat, pdf_pages
from tests.reports.periodic.factories import FieldFactory

from .factories import PlanFactory, TargetFactory

pytestmark = pytest.mark.django_db

PDFTOTEXT = "/usr/bin/pdftotext"
YEAR = Period(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
# The longest names of unions in the tree: a ward of Hà Nội (the longest of the 3,321 wards
# since July 2025), a college and a bloc union.
LONG_NAMES = [
    ("Đoàn phường Văn Miếu - Quốc Tử Giám", Unit.Kind.COMMUNE, 987),
    ("Đoàn Thanh niên Trường Cao đẳng Kinh tế - Kỹ thuật Sơn La", Unit.Kind.SCHOOL, 654),
    ("Đoàn Khối các cơ quan và doanh nghiệp tỉnh Sơn La", Unit.Kind.BLOC, 321),
    ("Đoàn xã Mường Lạn", Unit.Kind.COMMUNE, 12),
]


def _report(unit, values: dict):
    """The unit's accepted report of the first quarter, with these numbers by field."""
    schedule = next(iter(values)).schedule
    period, _created = ReportingPeriod.objects.get_or_create(
        schedule=schedule,
        start=datetime.date(2026, 1, 1),
        defaults={"end": datetime.date(2026, 3, 31), "due": datetime.date(2026, 3, 31), "label": "Quý I/2026"},
    )
    report = UnitReport.objects.create(
        period=period, unit=unit, status=UnitReport.Status.ACCEPTED, submitted_at=timezone.now()
    )
    for field, number in values.items():
        ReportValue.objects.create(report=report, field=field, number=Decimal(number))


@pytest.fixture
def long_units(province, fake_indicators):
    units = {}
    for n, (name, kind, value) in enumerate(LONG_NAMES):
        unit = UnitFactory(name=name, code=f"long-{n}", kind=kind, parent=province)
        units[name] = unit
        fake_indicators["test.count"][unit.pk] = Measure(value)
        fake_indicators["test.ratio"][unit.pk] = Measure(value % 10, 10)
    return units


@pytest.fixture
def with_reports(long_units):
    """The units also report the ideas they supported (the portal counts them too), and their fanpage."""
    ideas = FieldFactory(
        code="y_tuong_khoi_nghiep",
        label="Ý tưởng khởi nghiệp đã hỗ trợ",
        unit_label="ý tưởng",
        indicator_code="test.count",
    )
    fanpage = FieldFactory(code="fanpage", label="Có bài đăng trên fanpage", schedule=ideas.schedule)
    for name, number in [("Đoàn phường Văn Miếu - Quốc Tử Giám", 990), ("Đoàn xã Mường Lạn", 15)]:
        _report(long_units[name], {ideas: number, fanpage: 1})
    return long_units


def _pdf(province, *, targets: bool = True) -> bytes:
    if targets:
        plan = PlanFactory(issuer=province, number="12-KH/TĐTN-PT")
        TargetFactory(plan=plan, indicator_code="test.count", label="Mỗi đơn vị ít nhất 05 ý tưởng", value=5)
    data = consolidated_data(period=YEAR, owner=province, now=timezone.make_aware(datetime.datetime(2027, 1, 5, 8)))
    return consolidated_pdf(data)


def _words(content: bytes) -> list[list[tuple[float, float, float, float, str]]]:
    """Each page's words with their boxes (xMin, yMin, xMax, yMax, text), through poppler."""
    if not shutil.which(PDFTOTEXT):
        pytest.skip("poppler-utils (pdftotext) is not installed; the words' places cannot be read")
    html = subprocess.run(  # noqa: S603
        [PDFTOTEXT, "-bbox", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    pages = []
    for page in html.split("<page")[1:]:
        pages.append(
            [
                (float(a), float(b), float(c), float(d), text)
                for a, b, c, d, text in re.findall(
                    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page
                )
            ]
        )
    return pages


def test_sections_and_tables_are_numbered_in_one_sequence_each_table_under_its_caption(province, with_reports):
    text = "\n".join(pdf_pages(_pdf(province)))

    sections = re.findall(r"^(I|II|III|IV|V|VI)\. ", text, flags=re.MULTILINE)
    tables = [int(n) for n in re.findall(r"^Bảng (\d+)\. ", text, flags=re.MULTILINE)]
    assert sections == ["I", "II", "III", "IV"]
    assert tables == list(range(1, len(tables) + 1))
    assert len(tables) == 1 + 1 + 1 + 2 + 2 + 1 + 1  # figures, pairs, other reported; targets and their chart;
    # two unit charts; the table by unit and the comparison by unit


def test_without_targets_the_numbering_does_not_skip(province, long_units):
    text = "\n".join(pdf_pages(_pdf(province, targets=False)))

    assert re.findall(r"^(I|II|III|IV|V|VI)\. ", text, flags=re.MULTILINE) == ["I", "II", "III"]
    assert "III. Số liệu theo đơn vị" in text
    tables = [int(n) for n in re.findall(r"^Bảng (\d+)\. ", text, flags=re.MULTILINE)]
    assert tables == list(range(1, len(tables) + 1))


def test_unit_charts_print_the_longest_names_whole_and_never_over_a_figure(province, long_units):
    content = _pdf(province)

    text = flat("".join(pdf_pages(content)))
    for name, _kind, _value in LONG_NAMES:
        assert flat(name) in text  # whole, not cut to fit
    for words in _words(content):
        for i, first in enumerate(words):
            for second in words[i + 1 :]:
                overlap_x = min(first[2], second[2]) - max(first[0], second[0])
                overlap_y = min(first[3], second[3]) - max(first[1], second[1])
                assert overlap_x <= 0.5 or overlap_y <= 0.5, f"{first[4]!r} runs over {second[4]!r}"
    # Each figure stands right of its unit's name, on the name's line, in every chart and table.
    for words in _words(content):
        for name, _kind, value in LONG_NAMES:
            name_words = [w for w in words if w[4] == name.split()[0] or w[4] == name.split()[-1]]
            for figure in (w for w in words if w[4] == str(value)):
                same_line = [w for w in name_words if abs(w[1] - figure[1]) < 2]
                assert all(w[2] < figure[0] for w in same_line)


def test_computed_and_reported_figures_of_one_concept_are_labelled_with_a_note(province, with_reports):
    pages = pdf_pages(_pdf(province))
    text = "\n".join(pages)

    assert "Đối chiếu số liệu cổng ghi nhận và số liệu đơn vị báo cáo" in text
    assert flat("Cổng ghi nhận Đơn vị báo cáo Chênh lệch") in flat(text)
    row = re.search(r"1 Ý tưởng khởi nghiệp đã\s+hỗ trợ\s+(?:ý tưởng\s+)?([\d.]+)\s+([\d.]+)\s+([+\-\d.]+)", text)
    assert row is not None, text
    assert row.groups() == ("1.974", "1.005", "-969")  # the portal counts 987+654+321+12; units reported 990+15
    assert flat("Cổng ghi nhận: số liệu cổng tự đếm từ hồ sơ đã ghi trên cổng") in flat(text)
    assert "Số liệu khác do đơn vị báo cáo" in text  # the fanpage figure has no computed twin
    assert "Đối chiếu theo đơn vị: cổng ghi nhận và đơn vị báo cáo" in text
