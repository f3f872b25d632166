"""Young-entrepreneur awards: nominations by units, verification, the council, the public."""

from ..matrix import LAI_CHAU_READ, LAI_CHAU_RUN, NOBODY, OFFICERS, OK, PUBLIC, STAFF, UNIT, Row, expect, post_only

# The demo's two programmes by what they are, never by a year: this year's call takes
# nominations (named after the year the demo is loaded in), the 2021 one is decided.
CURRENT = {"programme__status": "nominating", "programme__owner__code": "tinh-doan-son-la"}
PAST = {"programme__year": 2021}


def _programme(w):
    return {"programme_pk": w.pk("awards.AwardProgramme", status="nominating", owner__code="tinh-doan-son-la")}


def _past_programme(w):
    return {"programme_pk": w.pk("awards.AwardProgramme", year=2021)}


def _submitted(w):
    return {"pk": w.pk("awards.Nomination", unit__code="to-hieu", status="submitted", **CURRENT)}


def _draft(w):
    return {"pk": w.pk("awards.Nomination", unit__code="to-hieu", status="draft", **CURRENT)}


# Programmes are read by officers and the council alike.
READERS = expect(OFFICERS, council=OK)
COUNCIL = expect(NOBODY, council=OK)

ROWS = {
    "awards:programme-list": Row(READERS),
    "awards:programme-detail": Row(READERS, kwargs=lambda w: {"pk": _programme(w)["programme_pk"]}),
    "awards:programme-guideline": Row(READERS, kwargs=lambda w: {"pk": _programme(w)["programme_pk"]}),
    "awards:nomination-create": Row(OFFICERS, kwargs=_programme),
    "awards:nomination-eligibility": Row(post_only(OFFICERS), kwargs=_programme),
    # The council reads the nominations sent to it.
    "awards:nomination-detail": Row(expect(UNIT, council=OK), kwargs=_submitted),
    "awards:nomination-update": Row(UNIT, kwargs=_draft),
    "awards:nomination-submit": Row(post_only(UNIT), kwargs=_draft),
    "awards:nomination-withdraw": Row(post_only(UNIT), kwargs=_submitted),
    "awards:nomination-override": Row(post_only(STAFF), kwargs=_draft),
    "awards:nomination-photo": Row(expect(UNIT, council=OK), kwargs=_submitted),
    "awards:verification-assign": Row(STAFF, kwargs=_submitted),
    "awards:nomination-evidence-download": Row(expect(UNIT, council=OK), kwargs=lambda w: {"pk": w.made["evidence"]}),
    "awards:verification-record": Row(
        expect(STAFF, council=OK, national=OK), kwargs=lambda w: {"pk": w.pk("awards.FieldVerification")}
    ),
    "awards:verification-photo": Row(
        expect(STAFF, council=OK, national=OK), kwargs=lambda w: {"pk": w.made["verification_photo"]}
    ),
    "awards:council-ballot": Row(COUNCIL, kwargs=_programme),
    "awards:nominations-close": Row(STAFF, kwargs=_programme),
    "awards:council-open": Row(post_only(STAFF), kwargs=_programme),
    "awards:council-close": Row(post_only(STAFF), kwargs=_programme),
    "awards:council-tally": Row(STAFF, kwargs=_programme),
    "awards:programme-decision": Row(STAFF, kwargs=_programme),
    "awards:honour-roll-publish": Row(post_only(STAFF), kwargs=_programme),
    "awards:council-vote": Row(post_only(COUNCIL), kwargs=_submitted),
    "awards:honour-list-export": Row(STAFF, kwargs=_past_programme),
    "awards:honour-list-pdf": Row(STAFF, kwargs=_past_programme),
    "awards:certificates-pdf": Row(STAFF, kwargs=_past_programme),
    "awards:honour-roll-list": Row(PUBLIC),
    "awards:honouree-photo": Row(
        PUBLIC, kwargs=lambda w: {"pk": w.pk("awards.Nomination", status="approved", **PAST)}
    ),
    "awards:honour-roll": Row(PUBLIC, kwargs=lambda w: {"slug": "tuyen-duong-thanh-nien-lam-kinh-te-gioi-2021"}),
    "awards:certificate-verify": Row(
        PUBLIC, kwargs=lambda w: {"code": w.model("awards.Nomination", status="approved", **PAST).verification_code}
    ),
}


# Lai Châu's own call for nominations: Sơn La's staff and officers neither read nor run it.
def _lai_chau_programme(w):
    return {"pk": w.lai_chau("awards.AwardProgramme")}


LAI_CHAU_ROWS = {
    "awards:programme-detail": Row(LAI_CHAU_READ, kwargs=_lai_chau_programme),
    "awards:council-tally": Row(LAI_CHAU_RUN, kwargs=lambda w: {"programme_pk": _lai_chau_programme(w)["pk"]}),
}


def prepare(world) -> None:
    from django.core.files.base import ContentFile

    from awards.models import AwardProgramme, FieldVerification, Nomination, NominationEvidence, VerificationPhoto

    pdf = ContentFile(b"%PDF-1.4\n%matrix\n", name="minh-chung.pdf")
    world.made["evidence"] = NominationEvidence.objects.create(
        nomination_id=_submitted(world)["pk"], title="Giấy chứng nhận", file=pdf
    ).pk
    png = ContentFile(PNG, name="anh.png")
    verification = FieldVerification.objects.get(pk=world.pk("awards.FieldVerification"))
    world.made["verification_photo"] = VerificationPhoto.objects.create(verification=verification, file=png).pk
    programme = AwardProgramme.objects.get(pk=_programme(world)["programme_pk"])
    programme.guideline_document = ContentFile(b"%PDF-1.4\n%matrix\n", name="huong-dan.pdf")
    programme.save()
    for pk in (_submitted(world)["pk"], world.pk("awards.Nomination", status="approved", **PAST)):
        nomination = Nomination.objects.get(pk=pk)
        nomination.photo = ContentFile(PNG, name="chan-dung.png")
        nomination.save()


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
