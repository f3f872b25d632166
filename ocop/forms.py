"""Forms of the OCOP pages. Forms only validate; the services decide and save."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import limit_owner_field
from accounts.models import Membership, Unit
from common.forms import DateInput, SpreadsheetField, VndField
from ventures.models import Entrepreneur, Venture

from .models import CandidateList, Cycle, Participation, Product, PromotionEvent, Rating
from .services.lists import communes_for
from .services.pipeline import allowed_moves, rating_preview


def _helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    if layout:
        helper.layout = Layout(*layout)
    return helper


class CycleForm(forms.ModelForm):
    class Meta:
        model = Cycle
        fields = ["owner", "year", "name", "status", "list_deadline", "target_per_unit", "description"]
        widgets = {"list_deadline": DateInput(), "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        limit_owner_field(self, user=user)
        self.helper = _helper(
            "owner",
            Row(Column("year", css_class="col-md-3"), Column("name", css_class="col-md-9")),
            Row(
                Column("status", css_class="col-md-4"),
                Column("list_deadline", css_class="col-md-4"),
                Column("target_per_unit", css_class="col-md-4"),
            ),
            "description",
        )


class ExtensionForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none())
    until = forms.DateField(label=_("Gia hạn đến ngày"), widget=DateInput())
    reason = forms.CharField(label=_("Lý do"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.helper = _helper(
            Row(Column("unit", css_class="col-md-7"), Column("until", css_class="col-md-5")), "reason"
        )


class StartListForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none(), empty_label=None)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class CommuneAddForm(forms.Form):
    commune = forms.ModelChoiceField(label=_("Xã, phường"), queryset=Unit.objects.none())
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)

    def __init__(self, *args, candidate_list: CandidateList, **kwargs):
        super().__init__(*args, **kwargs)
        taken = candidate_list.communes.values_list("commune_id", flat=True)
        self.fields["commune"].queryset = communes_for(candidate_list.unit).active().exclude(pk__in=taken)
        self.helper = _helper(Row(Column("commune", css_class="col-md-6"), Column("note", css_class="col-md-6")))


class VentureChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Venture) -> str:
        return f"{obj.name} ({obj.get_kind_display()})"


class ProductForm(forms.ModelForm):
    venture = VentureChoiceField(label=_("Chủ thể sản xuất (từ danh sách mô hình của đơn vị)"), queryset=None)
    owner = forms.ModelChoiceField(
        label=_("Thanh niên chủ thể"),
        queryset=Entrepreneur.objects.none(),
        required=False,
        help_text=_("Để trống nếu mô hình chỉ có một chủ."),
    )

    class Meta:
        model = Product
        fields = [
            "name",
            "group",
            "venture",
            "owner",
            "initial_stars",
            "target_stars",
            "description",
            "public_contact",
            *Product.DOSSIER_FIELDS,
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, candidate_list: CandidateList, **kwargs):
        super().__init__(*args, **kwargs)
        unit = candidate_list.unit
        self.fields["venture"].queryset = (
            Venture.objects.filter(unit__path__startswith=unit.path)
            .exclude(status=Venture.Status.CLOSED)
            .exclude(kind=Venture.Kind.IDEA)
            .order_by("name")
        )
        self.fields["owner"].queryset = Entrepreneur.objects.filter(
            Q(unit__path__startswith=unit.path) | Q(ventures__unit__path__startswith=unit.path)
        ).distinct()
        self.fields["initial_stars"].widget = forms.Select(
            choices=[("", _("Chưa phân hạng"))] + [(n, f"{n} ★") for n in range(1, 6)]
        )
        self.fields["target_stars"].widget = forms.Select(choices=[(n, f"{n} ★") for n in range(3, 6)])
        self.helper = _helper(
            Fieldset(
                _("Sản phẩm"),
                Row(Column("name", css_class="col-md-7"), Column("group", css_class="col-md-5")),
                Row(Column("venture", css_class="col-md-7"), Column("owner", css_class="col-md-5")),
                Row(Column("initial_stars", css_class="col-md-6"), Column("target_stars", css_class="col-md-6")),
                "description",
                "public_contact",
            ),
            Fieldset(_("Hồ sơ đã có"), *Product.DOSSIER_FIELDS),
        )

    def clean(self):
        cleaned = super().clean()
        venture, owner = cleaned.get("venture"), cleaned.get("owner")
        if venture is not None and owner is None:
            owners = list(venture.owners.all()[:2])
            if len(owners) == 1:
                cleaned["owner"] = owners[0]
                self.instance.owner = owners[0]
            else:
                self.add_error("owner", _("Chọn thanh niên chủ thể của mô hình."))
        return cleaned

    def _post_clean(self):
        # The service runs the model validation once the list context is set.
        opts = self._meta
        try:
            self.instance = forms.models.construct_instance(self, self.instance, opts.fields, opts.exclude)
        except forms.ValidationError as e:
            self._update_errors(e)


class ResponsibleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


def responsible_users(product: Product):
    """Officers of the product's unit or the units above it, and provincial staff."""
    unit_ids = [*product.unit.ancestor_ids, product.unit_id]
    return (
        get_user_model()
        .objects.filter(
            Q(memberships__unit_id__in=unit_ids, memberships__role=Membership.Role.OFFICER)
            | Q(memberships__role=Membership.Role.STAFF),
            is_active=True,
        )
        .distinct()
        .order_by("full_name", "username")
    )


class AdvanceForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("Chuyển sang"))
    on = forms.DateField(label=_("Ngày"), widget=DateInput())
    responsible = ResponsibleChoiceField(label=_("Cán bộ phụ trách"), queryset=None, required=False)
    note = forms.CharField(
        label=_("Ghi chú"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, product: Product, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_stage"].choices = [(s, Product.Stage(s).label) for s in allowed_moves(product)]
        self.fields["on"].initial = timezone.localdate()
        self.fields["responsible"].queryset = responsible_users(product)
        self.fields["responsible"].initial = product.responsible_id
        self.helper = _helper(
            Row(
                Column("to_stage", css_class="col-md-4"),
                Column("on", css_class="col-md-3"),
                Column("responsible", css_class="col-md-5"),
            ),
            "note",
        )


class RatingForm(forms.Form):
    rated_on = forms.DateField(label=_("Ngày đánh giá"), widget=DateInput())
    level = forms.ChoiceField(label=_("Cấp đánh giá"), choices=Rating.Level.choices)
    score_a = forms.DecimalField(
        label=_("Phần A: sản phẩm và sức mạnh cộng đồng (tối đa 40)"), max_digits=5, decimal_places=2
    )
    score_b = forms.DecimalField(label=_("Phần B: khả năng tiếp thị (tối đa 25)"), max_digits=5, decimal_places=2)
    score_c = forms.DecimalField(label=_("Phần C: chất lượng sản phẩm (tối đa 35)"), max_digits=5, decimal_places=2)
    note = forms.CharField(
        label=_("Ghi chú"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rated_on"].initial = timezone.localdate()
        for name in ("score_a", "score_b", "score_c"):
            self.fields[name].widget.attrs.update({"step": "0.5", "min": "0", "data-ocop-score": name})
        self.helper = _helper(
            Row(Column("rated_on", css_class="col-md-6"), Column("level", css_class="col-md-6")),
            Row(
                Column("score_a", css_class="col-md-4"),
                Column("score_b", css_class="col-md-4"),
                Column("score_c", css_class="col-md-4"),
            ),
            "note",
        )

    def clean(self):
        cleaned = super().clean()
        if all(cleaned.get(k) is not None for k in ("score_a", "score_b", "score_c")):
            preview = rating_preview(
                score_a=cleaned["score_a"],
                score_b=cleaned["score_b"],
                score_c=cleaned["score_c"],
                level=cleaned.get("level") or Rating.Level.PROVINCIAL,
            )
            for field, messages in preview.errors.items():
                self.add_error(None if field == "__all__" else field, messages)
            self.preview = preview
        return cleaned


class CertifyForm(forms.Form):
    """The certificate as issued. Its expiry is not asked: it is 36 months after the issue date."""

    certificate_number = forms.CharField(label=_("Số giấy chứng nhận"), max_length=100)
    decision_number = forms.CharField(label=_("Số quyết định công nhận"), max_length=100, required=False)
    issued_on = forms.DateField(
        label=_("Ngày cấp"),
        widget=DateInput(),
        help_text=_("Giấy chứng nhận có hiệu lực 36 tháng kể từ ngày cấp; ngày hết hạn được tự tính."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(Column("certificate_number", css_class="col-md-6"), Column("decision_number", css_class="col-md-6")),
            Row(Column("issued_on", css_class="col-md-6")),
        )


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("Ảnh (JPEG, PNG, WebP; tối đa 5 MB)"))
    caption = forms.CharField(label=_("Chú thích"), max_length=255, required=False)


class ImportForm(forms.Form):
    file = SpreadsheetField(label=_("Tệp Excel theo mẫu (.xlsx, .xls, .ods)"))


class EventForm(forms.ModelForm):
    link = forms.URLField(label=_("Đường dẫn"), required=False, assume_scheme="https")

    class Meta:
        model = PromotionEvent
        fields = ["name", "kind", "cycle", "starts_on", "ends_on", "location", "link", "note"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, cycles, **kwargs):
        """`cycles`: the cycles the user runs, the only ones an event may belong to."""
        super().__init__(*args, **kwargs)
        self.fields["cycle"].queryset = cycles
        self.helper = _helper(
            Row(Column("name", css_class="col-md-8"), Column("kind", css_class="col-md-4")),
            Row(
                Column("cycle", css_class="col-md-4"),
                Column("starts_on", css_class="col-md-4"),
                Column("ends_on", css_class="col-md-4"),
            ),
            Row(Column("location", css_class="col-md-6"), Column("link", css_class="col-md-6")),
            "note",
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("Ngày kết thúc không được trước ngày bắt đầu."))
        return cleaned


class ProductChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Product) -> str:
        return f"{obj.name} · {obj.venture.name} ({obj.commune.name})"


class ParticipationForm(forms.ModelForm):
    product = ProductChoiceField(label=_("Sản phẩm"), queryset=Product.objects.none())
    sales = VndField(label=_("Doanh số (đồng)"), min_value=0, initial=0)

    class Meta:
        model = Participation
        fields = ["product", "sales", "orders", "note"]

    def __init__(self, *args, event: PromotionEvent, user, **kwargs):
        super().__init__(*args, **kwargs)
        taken = event.participations.values_list("product_id", flat=True)
        products = Product.objects.visible_to(user).certified().exclude(pk__in=taken)
        if event.cycle_id is not None:
            # The products of the event's cycle; those of another unit's cycle are not offered.
            products = products.filter(cycle_id=event.cycle_id)
        self.fields["product"].queryset = products.select_related("venture", "commune").order_by("name")
        self.fields["orders"].widget.attrs["min"] = 0
        self.helper = _helper(
            Row(
                Column("product", css_class="col-md-6"),
                Column("sales", css_class="col-md-3"),
                Column("orders", css_class="col-md-3"),
            ),
            "note",
        )

    def _post_clean(self):
        pass  # the service validates and saves
