"""What an administrator manages on the administration pages: the users, phases and
departments of their park (a superuser, or an administrator of no park: of every park).
Superusers are managed by superusers only. Everyone else manages nothing (404)."""

from __future__ import annotations

from parkbase.core.choices import Role
from parkbase.core.models import Department, Park, Phase, User


def is_administrator(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and (user.is_superuser or user.role == Role.ADMIN)
    )


def managed_parks(user):
    parks = Park.objects.visible_to(user)
    if not is_administrator(user):
        return parks.none()
    if user.is_superuser or not user.park_id:
        return parks
    return parks.filter(pk=user.park_id)


def managed_users(user):
    users = User.objects.visible_to(user)
    if not is_administrator(user):
        return users.none()
    if user.is_superuser:
        return users
    users = users.filter(is_superuser=False)
    return users.filter(park_id=user.park_id) if user.park_id else users


def managed(model, user):
    """The phases or departments (``model``) the user manages."""
    assert model in (Phase, Department)
    rows = model.objects.visible_to(user)
    if not is_administrator(user):
        return rows.none()
    if user.is_superuser or not user.park_id:
        return rows
    return rows.filter(park_id=user.park_id)


def managed_enterprises(user):
    """The enterprises an enterprise user of the user's parks may be given (core names
    enterprises only through ``User.enterprise``)."""
    model = User._meta.get_field("enterprise").related_model
    return model.objects.visible_to(user).filter(park__in=managed_parks(user).values("pk"))
