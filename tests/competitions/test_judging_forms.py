"""The scorecard's points: typed "18,5" or "18.5", shown back "18,5", refused outside 0..max."""

from decimal import Decimal

import pytest
from django.utils import translation

from competitions.forms.judging import ScorecardForm, points_field_name
from tests.competitions.factories import CriterionFactory, RoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def criteria():
    round_ = RoundFactory(name="Vòng sơ tuyển")
    return [
        CriterionFactory(round=round_, name="Tính sáng tạo", max_points=Decimal("20"), order=1),
        CriterionFactory(round=round_, name="Tính khả thi", max_points=Decimal("30"), weight=Decimal("2"), order=2),
    ]


def bound(criteria, first: str, second: str = "") -> ScorecardForm:
    data = {"version": "0", points_field_name(criteria[0].pk): first, points_field_name(criteria[1].pk): second}
    return ScorecardForm(data, criteria=criteria)


@pytest.mark.parametrize(
    ("typed", "points"),
    [
        ("18,5", Decimal("18.5")),
        ("18.5", Decimal("18.5")),
        (" 18,50 ", Decimal("18.5")),
        ("0", Decimal("0")),
        ("20", Decimal("20")),
        ("20,00", Decimal("20")),
        (",5", Decimal("0.5")),
        ("", None),
    ],
    ids=["comma", "dot", "spaces-and-zeros", "zero", "the-maximum", "the-maximum-with-decimals", "no-units", "empty"],
)
@pytest.mark.parametrize("language", ["vi", "en"])
def test_points_typed_with_a_comma_or_a_dot_are_read_alike(criteria, typed, points, language):
    with translation.override(language):
        form = bound(criteria, typed)

        assert form.is_valid(), form.errors
    assert form.cleaned_data[points_field_name(criteria[0].pk)] == points


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("20,5", "Điểm “Tính sáng tạo” phải từ 0 đến 20."),
        ("20.01", "Điểm “Tính sáng tạo” phải từ 0 đến 20."),
        ("-1", "Điểm “Tính sáng tạo” phải từ 0 đến 20."),
        ("-0,5", "Điểm “Tính sáng tạo” phải từ 0 đến 20."),
        ("mười", "Nhập một số, ví dụ 18,5."),
        ("1.234,5", "Nhập một số, ví dụ 18,5."),
        ("18,5.0", "Nhập một số, ví dụ 18,5."),
        ("18,555", "Chỉ ghi tối đa 2 chữ số sau dấu phẩy."),
    ],
    ids=["over-max-comma", "over-max-dot", "negative", "negative-comma", "words", "grouped", "two-separators", "3dp"],
)
def test_points_outside_zero_to_max_or_unreadable_are_refused_with_a_message(criteria, typed, message):
    form = bound(criteria, typed, "10")

    assert not form.is_valid()
    assert form.errors == {points_field_name(criteria[0].pk): [message]}


def test_points_over_the_weighted_criterions_own_maximum_are_refused(criteria):
    form = bound(criteria, "10", "30,5")  # the weight multiplies the total, not the maximum

    assert not form.is_valid()
    assert form.errors == {points_field_name(criteria[1].pk): ["Điểm “Tính khả thi” phải từ 0 đến 30."]}


@pytest.mark.parametrize(
    ("typed", "shown"),
    [("18.5", "18,5"), ("18,50", "18,5"), ("25", "25"), ("7.25", "7,25"), ("mười", "mười"), ("", "")],
)
def test_points_are_shown_back_with_a_comma(criteria, typed, shown):
    form = bound(criteria, typed)
    form.is_valid()

    assert form.rows[0].points_value == shown


def test_saved_points_are_shown_with_a_comma_in_vietnamese_and_a_dot_in_english(criteria):
    initial = {
        "version": 1,
        points_field_name(criteria[0].pk): Decimal("18.50"),
        points_field_name(criteria[1].pk): Decimal("30.00"),
    }

    shown = {}
    for language in ("vi", "en"):
        with translation.override(language):
            form = ScorecardForm(initial=initial, criteria=criteria)
            shown[language] = [row.points_value for row in form.rows]

    assert shown == {"vi": ["18,5", "30"], "en": ["18.5", "30"]}


def test_the_first_refused_row_takes_the_focus(criteria):
    form = bound(criteria, "10", "31")
    form.is_valid()

    assert [row.autofocus for row in form.rows] == [False, True]
    assert [row.autofocus for row in ScorecardForm(criteria=criteria).rows] == [False, False]
