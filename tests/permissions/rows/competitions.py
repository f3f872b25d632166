"""The startup idea contest: units' entries, judges, mentors, staff, the public."""

from ..matrix import DENY, NOBODY, OFFICERS, OK, PUBLIC, SIGNED_IN, STAFF, UNIT, Row, expect, post_only

# The demo's two contests by what they are, never by a year: this year's edition is the one
# open for entries (named after the year the demo is loaded in), the 2021 one is finished.
OPEN = {"contest__status": "open", "contest__owner__code": "tinh-doan-son-la"}
PAST = {"contest__year": 2021}


def _contest(w):
    return {"contest_pk": w.pk("competitions.Contest", status="open", owner__code="tinh-doan-son-la")}


def _draft_entry(w):
    return {"pk": w.pk("competitions.Entry", unit__code="to-hieu", status="draft", **OPEN)}


def _submitted_entry(w):
    return {"pk": w.pk("competitions.Entry", unit__code="to-hieu", status="submitted", **OPEN)}


def _scoring_round(w):
    return {"pk": w.pk("competitions.Round", kind="scoring", **PAST)}


def _coaching_round(w):
    return {"pk": w.pk("competitions.Round", kind="coaching", **PAST)}


def _assignment(w):
    return {"pk": w.pk("competitions.Assignment", judge__user__username="giamkhao")}


def _open_slug(w):
    return {"slug": w.model("competitions.Contest", status="open", owner__code="tinh-doan-son-la").slug}


def _application(w):
    """A young person's idea sent to Tô Hiệu (made by `prepare`): only its author, who is none of
    the roles, opens its pages; Tô Hiệu's officer and the staff above answer it."""
    return {"pk": w.made["application"]}


JUDGE_ONLY = expect(NOBODY, judge=OK)
# Staff see judges' pages too (to follow a round), but never score in a judge's place.
JUDGING = expect(JUDGE_ONLY, staff=OK)

ROWS = {
    "competitions:contest-list": Row(OFFICERS),
    "competitions:contest-detail": Row(OFFICERS, kwargs=lambda w: {"pk": _contest(w)["contest_pk"]}),
    "competitions:contest-rules": Row(PUBLIC, kwargs=lambda w: {"pk": _contest(w)["contest_pk"]}),
    "competitions:entry-create": Row(OFFICERS, kwargs=_contest),
    "competitions:entry-detail": Row(UNIT, kwargs=_submitted_entry),
    "competitions:entry-update": Row(UNIT, kwargs=_draft_entry),
    "competitions:entry-submit": Row(post_only(UNIT), kwargs=_draft_entry),
    "competitions:entry-withdraw": Row(post_only(UNIT), kwargs=_submitted_entry),
    "competitions:entry-reopen": Row(post_only(UNIT), kwargs=_submitted_entry),
    "competitions:entry-attachment-create": Row(UNIT, kwargs=_draft_entry),
    "competitions:entry-attachment-download": Row(UNIT, kwargs=lambda w: {"pk": w.made["entry_attachment"]}),
    "competitions:entry-attachment-delete": Row(post_only(UNIT), kwargs=lambda w: {"pk": w.made["entry_attachment"]}),
    "competitions:judge-home": Row(JUDGING),
    "competitions:judge-round": Row(JUDGE_ONLY, kwargs=lambda w: {"round_pk": _scoring_round(w)["pk"]}),
    "competitions:judge-scorecard": Row(JUDGE_ONLY, kwargs=_assignment),
    "competitions:judge-abstain": Row(post_only(JUDGE_ONLY), kwargs=_assignment),
    # The demo judge's assignments are in the 2021 round, closed: its files are shut too.
    "competitions:judge-attachment-download": Row(
        NOBODY, kwargs=lambda w: {"pk": _assignment(w)["pk"], "attachment_pk": w.made["judged_attachment"]}
    ),
    # Judges invited, not created by hand: the contest's staff invite and follow; the invitee's
    # link opens for whoever holds it; a judge's own pages of a contest they judge.
    "competitions:judge-invite": Row(STAFF, kwargs=_contest),
    "competitions:judge-invitation-resend": Row(post_only(STAFF), kwargs=lambda w: {"pk": w.made["invitation"]}),
    "competitions:judge-invitation-revoke": Row(post_only(STAFF), kwargs=lambda w: {"pk": w.made["invitation"]}),
    "competitions:judge-invitation-accept": Row(PUBLIC, kwargs=lambda w: {"token": w.made["invitation_token"]}),
    "competitions:judge-contest": Row(JUDGE_ONLY, kwargs=_contest),
    "competitions:judge-pledge": Row(JUDGE_ONLY, kwargs=_contest),
    "competitions:judge-conflicts": Row(JUDGE_ONLY, kwargs=_contest),
    "competitions:judge-conflicts-none": Row(post_only(JUDGE_ONLY), kwargs=_contest),
    "competitions:mentor-round": Row(STAFF, kwargs=_coaching_round),
    "competitions:mentor-feedback-create": Row(
        post_only(STAFF),
        kwargs=lambda w: {"pk": _coaching_round(w)["pk"], "entry_pk": w.pk("competitions.Entry", **PAST)},
    ),
    "competitions:screening-list": Row(STAFF, kwargs=_contest),
    "competitions:entry-screen": Row(post_only(STAFF), kwargs=_submitted_entry),
    "competitions:extension-create": Row(STAFF, kwargs=_contest),
    "competitions:round-detail": Row(STAFF, kwargs=_scoring_round),
    "competitions:round-assign": Row(post_only(STAFF), kwargs=_scoring_round),
    "competitions:round-assignment-create": Row(STAFF, kwargs=_scoring_round),
    "competitions:assignment-reopen": Row(post_only(STAFF), kwargs=_assignment),
    "competitions:round-open": Row(post_only(STAFF), kwargs=_scoring_round),
    "competitions:round-move-window": Row(post_only(STAFF), kwargs=_scoring_round),
    "competitions:round-advance": Row(post_only(STAFF), kwargs=_scoring_round),
    "competitions:round-complete-coaching": Row(post_only(STAFF), kwargs=_coaching_round),
    "competitions:round-live": Row(STAFF, kwargs=_scoring_round),
    "competitions:round-live-status": Row(STAFF, kwargs=_scoring_round),
    "competitions:round-stage": Row(post_only(STAFF), kwargs=_scoring_round),
    "competitions:round-reveal": Row(post_only(STAFF), kwargs=_scoring_round),
    "competitions:contest-entries-export": Row(STAFF, kwargs=_contest),
    "competitions:prize-certificates-pdf": Row(
        STAFF, kwargs=lambda w: {"contest_pk": w.pk("competitions.Contest", slug="y-tuong-khoi-nghiep-2021")}
    ),
    "competitions:round-matrix-export": Row(STAFF, kwargs=_scoring_round),
    "competitions:round-ranking-export": Row(STAFF, kwargs=_scoring_round),
    "competitions:round-ranking-pdf": Row(STAFF, kwargs=_scoring_round),
    "competitions:round-scoresheets-pdf": Row(STAFF, kwargs=_scoring_round),
    "competitions:scoresheet-pdf": Row(expect(STAFF, judge=OK), kwargs=_assignment),
    "competitions:prize-assign": Row(expect(STAFF, anonymous=DENY), kwargs=_contest),
    "competitions:contest-publish": Row(post_only(STAFF), kwargs=_contest),
    "competitions:contest-no-prizes": Row(post_only(STAFF), kwargs=_contest),
    # Staff who run the contest take their units' winners; the national round's page refuses
    # Sơn La's staff (tests/competitions/test_promotion.py).
    "competitions:contest-promotions": Row(STAFF, kwargs=_contest),
    # The guided set-up: staff of the unit running the contest only (the open demo contest's
    # steps show read-only; the criteria page of the 2021 final likewise).
    "competitions:contest-setup-start": Row(STAFF),
    "competitions:contest-setup-copy": Row(post_only(STAFF)),
    "competitions:contest-setup": Row(STAFF, kwargs=_contest),
    "competitions:contest-setup-basics": Row(STAFF, kwargs=_contest),
    "competitions:contest-setup-categories": Row(STAFF, kwargs=_contest),
    "competitions:contest-setup-submission": Row(STAFF, kwargs=_contest),
    "competitions:contest-setup-eligibility": Row(STAFF, kwargs=_contest),
    "competitions:contest-setup-team": Row(STAFF, kwargs=_contest),
    "competitions:contest-setup-prizes": Row(STAFF, kwargs=_contest),
    "competitions:contest-setup-rounds": Row(STAFF, kwargs=_contest),
    "competitions:round-setup-criteria": Row(STAFF, kwargs=_scoring_round),
    "competitions:contest-setup-judges": Row(STAFF, kwargs=_contest),
    "competitions:contest-setup-preview": Row(STAFF, kwargs=_contest),
    "competitions:contest-setup-open": Row(STAFF, kwargs=_contest),
    "competitions:contest-close-submission": Row(STAFF, kwargs=_contest),
    "competitions:public-contest-list": Row(PUBLIC),
    # Young people apply themselves: the sign-up and code pages are public; the idea's form sends
    # a visitor to sign up and a person with a unit role home (both redirects, not the login).
    "competitions:applicant-sign-up": Row(PUBLIC, kwargs=_open_slug),
    "competitions:applicant-verify": Row(PUBLIC),
    "competitions:application-create": Row(PUBLIC, kwargs=_open_slug),
    "competitions:application-list": Row(SIGNED_IN),
    "competitions:application-detail": Row(NOBODY, kwargs=_application),
    "competitions:application-update": Row(NOBODY, kwargs=_application),
    "competitions:application-send": Row(NOBODY, kwargs=_application),
    "competitions:application-attachment-create": Row(NOBODY, kwargs=_application),
    "competitions:application-attachment-download": Row(
        NOBODY, kwargs=lambda w: {"pk": w.made["application_attachment"]}
    ),
    "competitions:unit-applications": Row(OFFICERS, kwargs=_contest),
    "competitions:application-endorse": Row(post_only(UNIT), kwargs=_application),
    "competitions:application-return": Row(post_only(UNIT), kwargs=_application),
    "competitions:public-results": Row(PUBLIC, kwargs=lambda w: {"slug": "y-tuong-khoi-nghiep-2021"}),
    # A prize certificate's page, by the code printed on it (and in its QR code).
    "competitions:certificate-verify": Row(
        PUBLIC,
        kwargs=lambda w: {
            "code": w.model(
                "competitions.Award", tier__contest__slug="y-tuong-khoi-nghiep-2021", certificate_serial__isnull=False
            ).verification_code
        },
    ),
}


def prepare(world) -> None:
    from django.core.files.base import ContentFile

    from accounts.models import User
    from competitions.models import Assignment, Contest, EntryAttachment
    from competitions.selectors.invitations import invitation_token
    from competitions.services import judge_invite

    def attach(entry_pk):
        pdf = ContentFile(b"%PDF-1.4\n%matrix\n", name="ke-hoach.pdf")
        return EntryAttachment.objects.create(entry_id=entry_pk, kind=EntryAttachment.Kind.BUSINESS_PLAN, file=pdf).pk

    contest = Contest.objects.get(pk=_contest(world)["contest_pk"])
    contest.rules_document = ContentFile(b"%PDF-1.4\n%matrix\n", name="the-le.pdf")
    contest.save()
    world.made["entry_attachment"] = attach(_draft_entry(world)["pk"])
    world.made["application"] = _make_application(contest)
    world.made["application_attachment"] = attach(world.made["application"])
    world.made["judged_attachment"] = attach(Assignment.objects.get(pk=_assignment(world)["pk"]).entry_id)
    invitation = judge_invite(
        contest=contest,
        email="giamkhao.moi@example.vn",
        full_name="Giám khảo Mới",
        rounds=list(contest.rounds.filter(kind="scoring")[:1]),
        actor=User.objects.get(username="tinhdoan"),
    )
    world.made["invitation"] = invitation.pk
    world.made["invitation_token"] = invitation_token(invitation)


def _make_application(contest) -> int:
    import datetime

    from django.utils import timezone

    from accounts.models import Unit, User
    from competitions.models import Applicant, Entry

    user = User.objects.create_user(username="mai@example.vn", email="mai@example.vn", password="x-Mat-khau-1")
    Applicant.objects.create(
        user=user,
        full_name="Lò Thị Mai",
        date_of_birth=datetime.date(1999, 3, 4),
        gender="female",
        consent_text="…",
        consented_at=timezone.now(),
        verified_at=timezone.now(),
    )
    entry = Entry.objects.create(
        contest=contest,
        unit=Unit.objects.get(code="to-hieu"),
        category=contest.categories.first(),
        title="Trà shan tuyết Tà Xùa",
        summary="Chế biến trà shan tuyết.",
        applicant=user,
        applicant_team=[
            {
                "full_name": "Lò Thị Mai",
                "date_of_birth": "1999-03-04",
                "gender": "female",
                "ethnicity": "01",
                "phone": "",
                "is_lead": True,
                "responsibility": "",
            }
        ],
        status=Entry.Status.SENT_TO_UNIT,
        sent_to_unit_at=timezone.now(),
    )
    return entry.pk
