"""A product: the form on a commune entry, its page with the pipeline, ratings,
certificate and photos."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from common.forms import add_service_error
from common.uploads import private_file_response

from .. import services
from ..forms import AdvanceForm, CertifyForm, PhotoForm, ProductForm, RatingForm
from ..models import CERTIFIABLE_STARS, CandidateCommune, Product, ProductPhoto, Rating
from ..services.pipeline import allowed_moves, rating_preview
from .base import message_of, product_or_404, require


def _product_form_page(request, *, form, entry, product=None):
    return render(
        request,
        "ocop/product_form.html",
        {"form": form, "entry": entry, "candidate_list": entry.candidate_list, "product": product},
    )


@login_required
def product_create(request, pk: int):
    """Add a product under a commune of the list, made by a venture of the unit's registry."""
    entry = get_object_or_404(
        CandidateCommune.objects.visible_to(request.user).select_related(
            "commune", "candidate_list__cycle", "candidate_list__unit"
        ),
        pk=pk,
    )
    candidate_list = entry.candidate_list
    require(request.user, "ocop.change_list", candidate_list)
    product = Product(entry=entry)
    form = ProductForm(request.POST or None, instance=product, candidate_list=candidate_list)
    if request.method == "POST" and form.is_valid():
        product = form.save(commit=False)
        product.entry = entry
        product.responsible = request.user
        try:
            services.product_save(product=product, actor=request.user)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Đã thêm sản phẩm %(name)s.") % {"name": product.name})
            return redirect(candidate_list)
    return _product_form_page(request, form=form, entry=entry)


@login_required
def product_update(request, pk: int):
    product = product_or_404(request.user, pk)
    require(request.user, "ocop.change_product", product)
    entry = product.entry
    form = ProductForm(request.POST or None, instance=product, candidate_list=entry.candidate_list)
    if request.method == "POST" and form.is_valid():
        try:
            services.product_save(product=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Đã lưu sản phẩm."))
            return redirect(product)
    return _product_form_page(request, form=form, entry=entry, product=product)


@login_required
@require_POST
def product_delete(request, pk: int):
    product = product_or_404(request.user, pk)
    candidate_list = product.entry.candidate_list
    require(request.user, "ocop.change_list", candidate_list)
    try:
        services.product_delete(product=product, actor=request.user)
    except ValidationError as error:
        messages.error(request, message_of(error))
        return redirect(product)
    messages.success(request, _("Đã xoá sản phẩm khỏi danh sách."))
    return redirect(candidate_list)


def _detail_context(request, product: Product, **forms) -> dict:
    user = request.user
    can_change = user.has_perm("ocop.change_product", product)
    can_rate = user.has_perm("ocop.rate_product", product)
    rating = product.current_rating
    context = {
        "product": product,
        "cycle": product.cycle,
        "candidate_list": product.entry.candidate_list,
        "changes": product.stage_changes.select_related("changed_by", "responsible"),
        "ratings": product.ratings.select_related("rated_by"),
        "photos": product.photos.all(),
        "participations": product.participations.select_related("event"),
        "can_change": can_change,
        "can_rate": can_rate and Product.Stage.RATED in services.TRANSITIONS.get(product.stage, ()),
        "can_certify": can_rate
        and product.stage == Product.Stage.RATED
        and rating is not None
        and rating.stars >= CERTIFIABLE_STARS,
        "advance_form": None,
        "rating_form": None,
        "certify_form": None,
        "photo_form": PhotoForm() if can_change else None,
    }
    if can_change and allowed_moves(product):
        context["advance_form"] = AdvanceForm(product=product)
    if context["can_rate"]:
        context["rating_form"] = RatingForm()
    if context["can_certify"]:
        context["certify_form"] = CertifyForm()
    context.update({k: v for k, v in forms.items() if v is not None})
    return context


@login_required
def product_detail(request, pk: int):
    product = product_or_404(request.user, pk)
    require(request.user, "ocop.view_product", product)
    return render(request, "ocop/product_detail.html", _detail_context(request, product))


def _submit_on_product_page(request, product: Product, *, form, form_name: str, service, success) -> HttpResponse:
    """A form posted from the product page: `service` is called with the form's data; on
    success the message (a text, or a function of the service's result) and back to the
    page, otherwise the page again with the form and its errors."""
    if form.is_valid():
        try:
            result = service(product=product, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, success(result) if callable(success) else success)
            return redirect(product)
    return render(request, "ocop/product_detail.html", _detail_context(request, product, **{form_name: form}))


@login_required
@require_POST
def product_advance(request, pk: int):
    product = product_or_404(request.user, pk)
    require(request.user, "ocop.change_product", product)
    return _submit_on_product_page(
        request,
        product,
        form=AdvanceForm(request.POST, product=product),
        form_name="advance_form",
        service=services.product_advance,
        success=_("Đã chuyển giai đoạn sản phẩm."),
    )


@login_required
@require_POST
def product_rate(request, pk: int):
    """Staff record a rating on the 100-point form; the stars follow from the score."""
    product = product_or_404(request.user, pk)
    require(request.user, "ocop.rate_product", product)
    return _submit_on_product_page(
        request,
        product,
        form=RatingForm(request.POST),
        form_name="rating_form",
        service=services.product_rate,
        success=lambda rating: (
            _("Đã ghi kết quả: %(total)s điểm, %(stars)d sao.") % {"total": rating.total, "stars": rating.stars}
        ),
    )


@login_required
@require_GET
def rating_preview_view(request):
    """The live total and stars under the rating form (htmx)."""
    require(request.user, "ocop.rate_product")
    preview = rating_preview(
        score_a=request.GET.get("score_a"),
        score_b=request.GET.get("score_b"),
        score_c=request.GET.get("score_c"),
        level=request.GET.get("level") or Rating.Level.PROVINCIAL,
    )
    return render(request, "ocop/_rating_preview.html", {"preview": preview})


@login_required
@require_POST
def product_certify(request, pk: int):
    product = product_or_404(request.user, pk)
    require(request.user, "ocop.rate_product", product)
    return _submit_on_product_page(
        request,
        product,
        form=CertifyForm(request.POST),
        form_name="certify_form",
        service=services.product_certify,
        success=_("Đã ghi công nhận sản phẩm OCOP."),
    )


@login_required
@require_POST
def photo_add(request, pk: int):
    product = product_or_404(request.user, pk)
    require(request.user, "ocop.change_product", product)
    return _submit_on_product_page(
        request,
        product,
        form=PhotoForm(request.POST, request.FILES),
        form_name="photo_form",
        service=services.photo_add,
        success=_("Đã tải ảnh lên."),
    )


@login_required
def photo_view(request, pk: int):
    """A product photo for anyone who may see the product."""
    photo = get_object_or_404(ProductPhoto.objects.visible_to(request.user), pk=pk)
    return private_file_response(photo.image, inline=True)


@login_required
@require_POST
def photo_delete(request, pk: int):
    photo = get_object_or_404(ProductPhoto.objects.visible_to(request.user).select_related("product__unit"), pk=pk)
    require(request.user, "ocop.change_product", photo.product)
    product = photo.product
    services.photo_remove(photo=photo, actor=request.user)
    messages.success(request, _("Đã xoá ảnh."))
    return redirect(product)
