"""Fixtures of the library's tests: files go to a directory of the test's own, and
``library`` is park A's documents of every kind of scope (see ``Library``)."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from parkbase.core.choices import Role
from parkbase.documents.services import categories_ensure, document_upload
from tests.documents.files import pdf_bytes
from tests.land.conftest import make_parcel  # noqa: F401 (the land tests' parcels)
from tests.projects.conftest import make_project, pipeline  # noqa: F401


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "files")},
        },
    }
    return tmp_path / "files"


@pytest.fixture
def no_converters(settings):
    """A machine without LibreOffice and Tesseract (the settings name no program)."""
    settings.PARKBASE_DOCUMENT_SOFFICE = ""
    settings.PARKBASE_DOCUMENT_TESSERACT = ""


@pytest.fixture
def upload(world):
    def send(data: bytes, name: str, user=None, park=None, read_now=True, **values):
        user = user if user is not None else world.users[Role.STAFF]
        return document_upload(
            user=user,
            park=park or world.parks[0],
            upload=ContentFile(data, name=name),
            read_now=read_now,
            **values,
        )

    return send


class Library:
    """Park A's documents: ``own`` linked to nothing; ``d1`` linked to an enterprise of
    department D1 in phase 1; ``mine`` to the enterprise user's enterprise (phase 2,
    the survey team's); ``public`` to a project; ``secret`` to a confidential project
    staff recorded (so staff is its insider, the leader and the administrator are
    not); ``parcel`` to a parcel; ``other`` is park B's own."""


@pytest.fixture
def library(world, upload, make_project, make_parcel, no_converters):  # noqa: F811
    for park in world.parks:
        categories_ensure(park)
    lib = Library()
    ents = world.enterprises
    lib.project = make_project(name="公开项目")
    lib.secret_project = make_project(name="飞机基地", confidential=True, code_name="雏鹰项目")
    lib.parcel_record = make_parcel()
    made = {
        "own": ([], "own.pdf"),
        "d1": ([ents[0]], "d1.pdf"),
        "mine": ([ents[3]], "mine.pdf"),
        "public": ([lib.project], "public.pdf"),
        "secret": ([lib.secret_project], "secret.pdf"),
        "parcel": ([lib.parcel_record], "parcel.pdf"),
    }
    for key, (links, name) in made.items():
        data = pdf_bytes([f"{key} page one", f"{key} page two"])
        setattr(lib, key, upload(data, name, links=links, year=2019).document)
    other_staff = world.users[Role.STAFF].__class__.objects.create(
        username="other-staff", role=Role.STAFF, park=world.parks[1]
    )
    lib.other = upload(
        pdf_bytes(["other park"]), "other.pdf", user=other_staff, park=world.parks[1]
    ).document
    lib.sees = {
        Role.ADMIN: {"own", "d1", "mine", "public", "parcel", "other"},
        Role.LEADER: {"own", "d1", "mine", "public", "parcel"},
        Role.STAFF: {"own", "d1", "mine", "public", "secret", "parcel"},
        Role.DEPARTMENT: {"d1"},
        Role.ENTERPRISE: {"mine"},
        Role.SURVEY: {"mine"},
    }
    lib.all = {
        k: getattr(lib, k) for k in ("own", "d1", "mine", "public", "secret", "parcel", "other")
    }
    return lib
