"""The eligibility rules of an award programme, each at its boundaries, with no database."""

import datetime

import pytest

from awards.eligibility import Check, eligibility_checks
from awards.models import AwardProgramme
from ventures.models import Entrepreneur, Venture

REFERENCE = datetime.date(2021, 8, 30)


def _programme(**rules) -> AwardProgramme:
    values = {
        "min_age": 18,
        "max_age": 35,
        "age_reference_date": REFERENCE,
        "min_years_in_operation": None,
        "min_annual_revenue": None,
        "min_jobs": None,
        "require_no_violations": False,
    }
    values.update(rules)
    return AwardProgramme(**values)


def _checks(programme, *, born=datetime.date(1995, 1, 1), founded=None, venture=True, **facts) -> list[Check]:
    values = {"no_violations_declared": True, "annual_revenue": 0, "jobs_created": 0}
    values.update(facts)
    return eligibility_checks(
        programme=programme,
        entrepreneur=Entrepreneur(full_name="Lò Văn Thắng", date_of_birth=born),
        venture=Venture(name="Cà phê Thắng Hôm", founded_on=founded) if venture else None,
        **values,
    )


def _by_code(checks: list[Check]) -> dict[str, Check]:
    return {check.code: check for check in checks}


def test_eligibility_checks_only_the_age_when_no_other_rule_is_set():
    # No database in this module: a query would fail the test, so the checks are pure.
    checks = _checks(_programme())

    assert checks == [Check("age", "Độ tuổi 18–35 vào ngày 30/08/2021", True, "")]


def test_eligibility_checks_every_rule_set_in_a_fixed_order():
    programme = _programme(min_years_in_operation=2, min_annual_revenue=500_000_000, min_jobs=5)
    programme.require_no_violations = True

    checks = _checks(programme, founded=datetime.date(2018, 1, 1), annual_revenue=500_000_000, jobs_created=5)

    assert [(c.code, c.passed) for c in checks] == [
        ("age", True),
        ("years_in_operation", True),
        ("annual_revenue", True),
        ("jobs", True),
        ("no_violations", True),
    ]
    assert [c.label for c in checks] == [
        "Độ tuổi 18–35 vào ngày 30/08/2021",
        "Mô hình hoạt động từ 2 năm trở lên (tính đến ngày 30/08/2021)",
        "Doanh thu năm từ 500.000.000\u00a0₫ trở lên",
        "Tạo việc làm cho từ 5 lao động trở lên",
        "Cam kết chấp hành tốt pháp luật, không vi phạm",
    ]


@pytest.mark.parametrize(
    ("born", "passed", "reason"),
    [
        (datetime.date(1985, 8, 31), True, ""),  # 35 until the day after the reference date
        (datetime.date(1985, 8, 30), False, "36 tuổi vào ngày 30/08/2021, quá 35."),  # 36th birthday that day
        (datetime.date(2003, 8, 30), True, ""),  # 18 that very day
        (datetime.date(2003, 8, 31), False, "17 tuổi vào ngày 30/08/2021, chưa đủ 18."),
    ],
)
def test_eligibility_age_on_the_reference_date(born, passed, reason):
    check = _by_code(_checks(_programme(), born=born))["age"]

    assert (check.passed, check.reason) == (passed, reason)


def test_eligibility_age_on_29_february_birthday():
    programme = _programme(age_reference_date=datetime.date(2022, 2, 28), max_age=17, min_age=0)

    check = _by_code(_checks(programme, born=datetime.date(2004, 2, 29)))["age"]

    assert (check.passed, check.reason) == (True, "")  # turns 18 only on 1 March in a common year


def test_eligibility_age_fails_without_a_nominee():
    checks = eligibility_checks(
        programme=_programme(),
        entrepreneur=None,
        venture=None,
        no_violations_declared=True,
        annual_revenue=0,
        jobs_created=0,
    )

    assert (checks[0].passed, checks[0].reason) == (False, "Chưa chọn người được đề nghị.")


@pytest.mark.parametrize(
    ("founded", "passed", "reason"),
    [
        (datetime.date(2019, 8, 30), True, ""),
        (
            datetime.date(2019, 8, 31),
            False,
            "Mô hình thành lập ngày 31/08/2019, mới hoạt động 1 năm, chưa đủ 2 năm.",
        ),
        (
            datetime.date(2021, 9, 1),
            False,
            "Mô hình thành lập ngày 01/09/2021, mới hoạt động 0 năm, chưa đủ 2 năm.",
        ),
    ],
)
def test_eligibility_years_in_operation_to_the_reference_date(founded, passed, reason):
    check = _by_code(_checks(_programme(min_years_in_operation=2), founded=founded))["years_in_operation"]

    assert (check.passed, check.reason) == (passed, reason)


@pytest.mark.parametrize(
    ("venture", "reason"),
    [
        (False, "Chưa chọn mô hình kinh tế của người được đề nghị."),
        (True, "Mô hình chưa ghi ngày thành lập."),
    ],
)
def test_eligibility_years_in_operation_fails_without_venture_or_founding_date(venture, reason):
    check = _by_code(_checks(_programme(min_years_in_operation=1), venture=venture))["years_in_operation"]

    assert (check.passed, check.reason) == (False, reason)


@pytest.mark.parametrize(
    ("revenue", "passed", "reason"),
    [
        (300_000_000, True, ""),
        (299_999_999, False, "Doanh thu năm 299.999.999\u00a0₫, thấp hơn mức 300.000.000\u00a0₫."),
    ],
)
def test_eligibility_annual_revenue_minimum_inclusive(revenue, passed, reason):
    check = _by_code(_checks(_programme(min_annual_revenue=300_000_000), annual_revenue=revenue))["annual_revenue"]

    assert (check.passed, check.reason) == (passed, reason)


@pytest.mark.parametrize(
    ("jobs", "passed", "reason"),
    [(5, True, ""), (4, False, "Tạo việc làm cho 4 lao động, ít hơn 5.")],
)
def test_eligibility_jobs_minimum_inclusive(jobs, passed, reason):
    check = _by_code(_checks(_programme(min_jobs=5), jobs_created=jobs))["jobs"]

    assert (check.passed, check.reason) == (passed, reason)


def test_eligibility_zero_minimums_are_rules_that_always_pass():
    checks = _by_code(_checks(_programme(min_annual_revenue=0, min_jobs=0)))

    assert (checks["annual_revenue"].passed, checks["jobs"].passed) == (True, True)


@pytest.mark.parametrize(
    ("declared", "passed", "reason"),
    [
        (True, True, ""),
        (False, False, "Đơn vị chưa xác nhận người được đề nghị chấp hành tốt chủ trương, chính sách, pháp luật."),
    ],
)
def test_eligibility_no_violations_declaration_when_required(declared, passed, reason):
    check = _by_code(_checks(_programme(require_no_violations=True), no_violations_declared=declared))["no_violations"]

    assert (check.passed, check.reason) == (passed, reason)


def test_eligibility_no_violations_not_checked_unless_required():
    checks = _by_code(_checks(_programme(require_no_violations=False), no_violations_declared=False))

    assert "no_violations" not in checks
