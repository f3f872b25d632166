"""Factories shared by every app's tests: users, the unit tree, memberships."""

import datetime

import factory
from factory.django import DjangoModelFactory

from accounts.models import Membership, Unit, User
from accounts.services import membership_grant, unit_create
from common.history import system_actor


class UnitFactory(DjangoModelFactory):
    """A unit placed in the tree by `accounts.services.unit_create`, as the portal places
    one (its path); an existing code returns that unit."""

    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Đoàn xã Số {n}")
    code = factory.Sequence(lambda n: f"unit-{n}")
    kind = Unit.Kind.COMMUNE
    parent = None
    active_from = datetime.date(2025, 7, 1)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        existing = model_class.objects.filter(code=kwargs["code"]).first()
        return existing or unit_create(actor=system_actor(), **kwargs)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.vn")
    password = factory.PostGenerationMethodCall("set_password", "mat-khau-Thu-nghiem-1")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    role = Membership.Role.OFFICER


def user_with_role(role: str, unit: Unit, **kwargs) -> User:
    """A user holding `role` at `unit` (admin access synced like the admin does)."""
    user = UserFactory(**kwargs)
    membership_grant(user=user, unit=unit, role=role)
    return user


def province_unit() -> Unit:
    """The province of the `province` fixture (code tinh-doan), the default owner of the
    programme objects the factories make; created when a test has not asked for it."""
    return UnitFactory(name="Tỉnh đoàn Sơn La", code="tinh-doan", kind=Unit.Kind.PROVINCE)
