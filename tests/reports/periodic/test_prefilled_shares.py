"""A share the portal prefills in a unit's report is its percentage of the whole
population, with its base beside it."""

import pytest
from django.urls import reverse

from common.indicators import RATIO, Indicator, Measure
from reports.models import ReportField
from reports.periodic import selectors
from tests.reports.periodic.factories import FieldFactory

pytestmark = pytest.mark.django_db


def test_a_prefilled_share_is_a_percentage_of_every_group_with_its_base(
    client, officer, current, commune, branch, other_commune, monkeypatch
):
    def compute(period):
        return {
            commune.pk: Measure(1, 30, unknown=29),
            branch.pk: Measure(0, 10, unknown=10),
            other_commune.pk: Measure(20, 21, unknown=0),  # not the officer's subtree
        }

    fake = Indicator(
        code="loans.groups_good_grade",
        label="Tổ tiết kiệm và vay vốn xếp loại khá trở lên",
        kind=RATIO,
        unit_label="%",
        compute=compute,
        base_label="tổ",
        unknown_label="tổ chưa xếp loại",
    )
    monkeypatch.setattr(selectors, "indicator_catalogue", lambda: {fake.code: fake})
    FieldFactory(
        schedule=current.schedule,
        code="ty_le_to_kha",
        label="Tỉ lệ tổ TK&VV khá trở lên",
        kind=ReportField.Kind.NUMBER,
        indicator_code=fake.code,
        required=False,
    )
    client.force_login(officer)

    page = client.get(reverse("reports:periodic-fill", args=[current.pk, commune.pk])).content.decode()

    assert 'name="ty_le_to_kha" value="2.5"' in page  # 1 of 40 groups, not 1 of the 1 graded
    assert "Cổng đã ghi nhận: 2,5% (1/40 tổ · 39 tổ chưa xếp loại)" in page
