import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from accounts.widgets import UnitPicker
from common.choices import Ethnicity, Gender
from common.search import search

from .models import Entrepreneur, Venture


class UnitSubtreeFilter(django_filters.ModelChoiceFilter):
    """Filter by a unit and everything below it (a search box when the user reaches many)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", UnitPicker)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__path__startswith": value.path})


class ScopedFilterSet(django_filters.FilterSet):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["unit"].queryset = Unit.objects.visible_to(user)


class EntrepreneurFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Tìm kiếm"), method="search")
    unit = UnitSubtreeFilter(label=_("Đơn vị"), queryset=Unit.objects.none(), field_name="unit")
    gender = django_filters.ChoiceFilter(label=_("Giới tính"), choices=Gender.choices)
    ethnicity = django_filters.ChoiceFilter(label=_("Dân tộc"), choices=Ethnicity.choices)

    class Meta:
        model = Entrepreneur
        fields = ["q", "unit", "gender", "ethnicity"]

    def search(self, queryset, name, value):
        # Name, phone and email whatever the diacritics (common.search); the citizen id typed whole.
        return search(queryset, value, also=Q(citizen_id=value.strip()))


class VentureFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Tìm kiếm"), method="search")
    unit = UnitSubtreeFilter(label=_("Đơn vị"), queryset=Unit.objects.none(), field_name="unit")
    kind = django_filters.ChoiceFilter(label=_("Loại hình"), choices=Venture.Kind.choices)
    sector = django_filters.ChoiceFilter(label=_("Lĩnh vực"), choices=Venture.Sector.choices)
    status = django_filters.ChoiceFilter(label=_("Tình trạng"), choices=Venture.Status.choices)

    class Meta:
        model = Venture
        fields = ["q", "unit", "kind", "sector", "status"]

    def search(self, queryset, name, value):
        # The venture's or an owner's name whatever the diacritics; the tax code typed whole.
        return search(queryset, value, paths=["search_text", "owners__search_text"], also=Q(tax_code=value.strip()))
