"""The admin site over the demo park: every record it lists is read-only there (no add,
no change, no delete, no revert), its lists, search, filters, pages and history answer,
and a confidential project keeps its real name from an outsider."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.files.base import ContentFile
from django.forms.models import model_to_dict
from django.urls import reverse

from parkbase.core.admin import ReadOnlyAdmin, ServiceAdmin
from parkbase.core.choices import Role
from parkbase.core.models import User
from parkbase.enterprises.models import ReportingCalendar
from parkbase.evaluation.models import Objection, Run
from parkbase.imports.models import ImportJob, MappingProfile
from parkbase.projects.models import Project
from parkbase.reports.models import DraftSecret, DraftVersion, ReportDraft
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

READ_ONLY = sorted(
    model._meta.label
    for model, model_admin in admin.site._registry.items()
    if model.__module__.startswith("parkbase.") and isinstance(model_admin, ReadOnlyAdmin)
)


@pytest.fixture(scope="module")
def demo(demo_once):
    return demo_once


@pytest.fixture
def rows(demo):
    """One record of every read-only model: the demo park's, and the few kinds the demo
    does not make."""
    run = Run.objects.order_by("pk").first()
    result = run.results.order_by("pk").first()
    Objection.objects.create(run=run, enterprise=result.enterprise, claim="面积有误")
    park = run.park
    job = ImportJob(park=park, kind="enterprises", original_name="企业名录.xlsx")
    job.file.save("企业名录.xlsx", ContentFile(b"x"), save=False)
    job.save()
    MappingProfile.objects.create(park=park, kind="enterprises", signature="abc")
    ReportingCalendar.objects.create(park=park, data_by=15, checked_by=18, reported_by=22)
    # a saved report draft for everyone with its version, and one for the insiders of
    # the confidential project (which the administrator here is not one of)
    for audience in ("outsiders", "insiders"):
        draft = ReportDraft.objects.create(park=park, year=2019, language="zh-hans", title="稿")
        draft.audience = audience
        draft.save()
        DraftVersion.objects.create(draft=draft, number=1, kind="drafted", content={})
    secret = Project.objects.filter(park=park, confidential=True).first()
    DraftSecret.objects.create(draft=draft, project=secret, code_name=secret.code_name)


@pytest.fixture
def admin_client(client, demo):
    user = UserFactory(username="site-admin", role=Role.ADMIN, is_superuser=True, is_staff=True)
    client.force_login(user)
    return client


def urls(model, obj=None):
    info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    if obj is None:
        return reverse(f"{info}_changelist"), reverse(f"{info}_add")
    return {
        "change": reverse(f"{info}_change", args=[obj.pk]),
        "delete": reverse(f"{info}_delete", args=[obj.pk]),
        "history": reverse(f"{info}_history", args=[obj.pk]),
    }


def model_of(label):
    return apps.get_model(label)


def test_the_bases_are_cores():
    """Every admin of the project is read-only but users, phases and departments, which
    are edited through their services."""
    editable = set()
    for model, model_admin in admin.site._registry.items():
        if not model.__module__.startswith("parkbase."):
            continue
        assert isinstance(model_admin, ReadOnlyAdmin | ServiceAdmin), model
        if isinstance(model_admin, ServiceAdmin):
            editable.add(model._meta.label)
    assert editable == {"core.User", "core.Phase", "core.Department"}
    assert len(READ_ONLY) > 30


@pytest.mark.parametrize("label", READ_ONLY)
def test_read_only_everywhere(admin_client, rows, label):
    model = model_of(label)
    model_admin = admin.site._registry[model]
    obj = model._base_manager.order_by("pk").first()
    assert obj is not None, f"no {label} to look at"
    changelist, add = urls(model)

    listing = admin_client.get(changelist, {"q": "a"} if model_admin.search_fields else {})
    assert listing.status_code == 200
    assert admin_client.get(changelist, {"o": "1"}).status_code == 200
    assert admin_client.get(add).status_code == 403

    pages = urls(model, obj)
    page = admin_client.get(pages["change"])
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="_save"' not in html and 'name="_continue"' not in html
    assert admin_client.get(pages["history"]).status_code == 200
    assert admin_client.get(pages["delete"]).status_code == 403

    before = model_to_dict(model._base_manager.get(pk=obj.pk))
    forged = {k: v for k, v in before.items() if isinstance(v, str | int) and v is not True}
    forged = {k: f"{v}9" if isinstance(v, str) else v + 1 for k, v in forged.items()}
    assert admin_client.post(pages["change"], forged).status_code == 403
    assert admin_client.post(pages["delete"], {"post": "yes"}).status_code == 403
    assert model_to_dict(model._base_manager.get(pk=obj.pk)) == before


@pytest.mark.parametrize(
    "label", ["surveys.Campaign", "evaluation.Run", "land.Parcel", "enterprises.Enterprise"]
)
def test_a_past_version_cannot_be_posted_back(admin_client, demo, label):
    """The history page shows past versions; posting one back (revert) is refused: it
    would write the record past its service."""
    model = model_of(label)
    obj = model._base_manager.order_by("pk").first()
    record = obj.history.order_by("history_id").first()
    info = f"admin:{model._meta.app_label}_{model._meta.model_name}_simple_history"
    url = reverse(info, args=[obj.pk, record.history_id])
    assert admin_client.get(url).status_code == 200
    before = model_to_dict(model._base_manager.get(pk=obj.pk))
    count = obj.history.count()
    assert admin_client.post(url, {"_change_history": "1"}).status_code == 403
    assert model_to_dict(model._base_manager.get(pk=obj.pk)) == before
    assert obj.history.count() == count


def test_columns_are_named_in_the_users_language(admin_client, demo):
    changelist, _add = urls(model_of("enterprises.Enterprise"))
    html = admin_client.get(changelist).content.decode()
    assert ">统一社会信用代码</a>" in html and "期次" in html
    assert ">uscc<" not in html


def test_filters_offer_only_what_the_rows_point_at(admin_client, demo):
    changelist, _add = urls(model_of("enterprises.Enterprise"))
    page = admin_client.get(changelist)
    assert page.status_code == 200
    spec = next(s for s in page.context["cl"].filter_specs if s.field_path == "phase")
    assert isinstance(spec, admin.RelatedOnlyFieldListFilter)


def test_a_confidential_project_keeps_its_name_from_an_outsider(admin_client, demo):
    project = Project.objects.filter(confidential=True).exclude(code_name="").first()
    assert project is not None and project.name not in project.code_name
    changelist, _add = urls(Project)
    listing = admin_client.get(changelist).content.decode()
    assert project.code_name in listing and project.name not in listing
    assert admin_client.get(changelist, {"q": project.name}).context["cl"].result_count == 0
    found = admin_client.get(changelist, {"q": project.code_name}).context["cl"]
    assert [p.pk for p in found.result_list] == [project.pk]
    pages = urls(Project, project)
    page = admin_client.get(pages["change"]).content.decode()
    assert project.code_name in page and project.name not in page
    assert project.description and project.description not in page
    old_name = project.name
    project.name = "改名后的真实名称"
    project.save()  # a change of the real name, in the history
    history = admin_client.get(pages["history"]).content.decode()
    assert project.code_name in history
    assert old_name not in history and project.name not in history
    # an insider sees it
    project.insiders.add(User.objects.get(username="site-admin"))
    page = admin_client.get(pages["change"]).content.decode()
    assert project.name in page and project.description in page
