"""Public pages, no login: the honour rolls, honourees' photos, certificate verification.

A programme's honour roll is public once staff publish it (`honour_roll_published_at`).
The pages show each honouree's name, unit, category, venture, short story and
photo: never a phone number, a date of birth, a citizen id, revenue or evidence.
Only approved nominations appear, and only their photos are served; anything else
is a 404, so nobody learns that a draft or an unpublished programme exists.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from common.uploads import private_file_response

from .. import selectors
from ..models import AwardProgramme, Nomination

APPROVED = Nomination.Status.APPROVED


def _published_programmes():
    return AwardProgramme.objects.filter(honour_roll_published_at__isnull=False)


def honour_roll_list(request):
    """Every published honour roll, newest first, with its number of honourees; one query."""
    programmes = (
        _published_programmes()
        .annotate(honouree_count=Count("nominations", filter=Q(nominations__status=APPROVED)))
        .order_by("-year", "name")
        .values("name", "slug", "year", "ceremony_date", "ceremony_place", "honouree_count")
    )
    return render(request, "awards/public_honour_roll_list.html", {"programmes": list(programmes)})


def honour_roll(request, slug: str):
    """A published honour roll by category; two queries whatever the number of honourees.

    The template receives plain rows holding only what may be published.
    """
    programme = get_object_or_404(_published_programmes(), slug=slug)
    honourees = [
        {
            "pk": nomination.pk,
            "full_name": nomination.entrepreneur.full_name,
            "unit_name": nomination.unit.name,
            "category_name": nomination.category.name,
            "venture_name": nomination.venture.name if nomination.venture else "",
            "story": nomination.story,
            "has_photo": bool(nomination.photo),
        }
        for nomination in selectors.honour_roll(programme=programme)
    ]
    return render(request, "awards/public_honour_roll.html", {"programme": programme, "honourees": honourees})


def honouree_photo(request, pk: int):
    """The photo of an approved nomination in a published programme; a 404 for any other."""
    nomination = get_object_or_404(
        Nomination.objects.filter(status=APPROVED, programme__honour_roll_published_at__isnull=False).exclude(
            photo=""
        ),
        pk=pk,
    )
    try:
        return private_file_response(nomination.photo, inline=True)
    except FileNotFoundError as error:
        raise Http404 from error


def certificate_verify(request, code: str):
    """Confirms a certificate by the code printed on it (and in its QR code); a 404 page when no
    published certificate has it."""
    certificate = selectors.verified_certificate(code=code)
    context = {"code": code, "certificate": certificate}
    return render(request, "common/certificate_verify.html", context, status=200 if certificate else 404)
