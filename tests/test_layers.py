"""Apps depend in one direction (docs/architecture.md): a module of an app imports
nothing of an app of a higher layer, and apps of one layer use each other one way only.

Every module under src/parkbase is parsed (not imported): ``import`` and ``from …
import`` anywhere in it (inside functions too, relative ones resolved), and a model's
relation named by string (``ForeignKey("projects.Project")``) count. Migrations are
left out: they follow the models, which are read. Templates count too: a template of
an app that includes or extends another app's template (``{% include "projects/…" %}``)
depends on that app. The project's wiring at the top of
the package (settings, urls, api_urls, cli, wsgi, env) names every app and stands
outside the layers."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import parkbase

# lowest first; apps of one entry form one layer
LAYERS = (
    ("core",),
    ("imports",),
    ("enterprises", "land"),  # the registries
    ("surveys", "evaluation", "projects"),  # the work
    ("indicators",),
    ("reports", "documents"),
    ("demo",),
)
LAYER = {app: level for level, apps in enumerate(LAYERS) for app in apps}
RELATIONS = {"ForeignKey", "OneToOneField", "ManyToManyField"}
TEMPLATE_USE = re.compile(r"""{%\s*(?:include|extends)\s+["']([a-z_]+)/""")
ROOT = Path(parkbase.__file__).resolve().parent

# (module, app it may import although it lies above) -> why. Each must still be needed.
EXCEPTIONS: dict[tuple[str, str], str] = {
    # An enterprise user sees its own enterprise's records: the user names it
    # (User.enterprise, by string), and scoping reads it as an id. Only the relation
    # crosses; core imports no module of enterprises.
    ("core/models.py", "enterprises"): "User.enterprise",
}


def _package(rel: Path) -> list[str]:
    """The package a relative import in the module at ``rel`` starts from."""
    return ["parkbase", *rel.parent.parts]


def imported_apps(source: str, rel: Path) -> set[str]:
    """The parkbase apps the module at ``rel`` (relative to the package) names."""
    found = set()
    package = _package(rel)
    for node in ast.walk(ast.parse(source)):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = [*base, *(node.module or "").split(".")] if node.module else base
            names = [".".join(module)]
            if module == ["parkbase"]:
                names = [f"parkbase.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            target = node.args[0] if node.args else None
            target = next((k.value for k in node.keywords if k.arg == "to"), target)
            if name in RELATIONS and isinstance(target, ast.Constant):
                label = target.value
                if isinstance(label, str) and "." in label:
                    names = [f"parkbase.{label.split('.')[0]}"]
        for name in names:
            parts = name.split(".")
            if parts[0] == "parkbase" and len(parts) > 1 and parts[1] in LAYER:
                found.add(parts[1])
    return found


def app_modules():
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if len(rel.parts) > 1 and "migrations" not in rel.parts:
            yield rel


def templated_apps(source: str) -> set[str]:
    """The apps whose templates a template includes or extends."""
    return {app for app in TEMPLATE_USE.findall(source) if app in LAYER}


def app_templates():
    for path in sorted(ROOT.rglob("*.html")):
        rel = path.relative_to(ROOT)
        if len(rel.parts) > 1 and rel.parts[0] in LAYER:
            yield rel


def dependencies() -> dict[tuple[str, str], str]:
    """{(module or template, app it uses): its own app} for every use of another app."""
    found = {}
    for rel in app_modules():
        app = rel.parts[0]
        for other in imported_apps((ROOT / rel).read_text(encoding="utf-8"), rel) - {app}:
            found[(rel.as_posix(), other)] = app
    for rel in app_templates():
        app = rel.parts[0]
        for other in templated_apps((ROOT / rel).read_text(encoding="utf-8")) - {app}:
            found[(rel.as_posix(), other)] = app
    return found


def test_every_app_has_its_layer():
    apps = {rel.parts[0] for rel in app_modules()}
    assert sorted(apps - set(LAYER)) == []


def test_no_module_imports_an_app_of_a_higher_layer():
    upward = {
        (module, other)
        for (module, other), app in dependencies().items()
        if LAYER[other] > LAYER[app]
    }
    assert sorted(upward - set(EXCEPTIONS)) == []
    # an exception no longer needed goes from the list
    assert sorted(set(EXCEPTIONS) - upward) == []
    assert all(reason.strip() for reason in EXCEPTIONS.values())


def test_apps_of_one_layer_use_each_other_one_way_only():
    edges = {(app, other) for (_m, other), app in dependencies().items()}
    same = {(a, b) for a, b in edges if LAYER[a] == LAYER[b]}
    assert sorted((a, b) for a, b in same if (b, a) in same) == []


def test_the_scan_sees_imports_in_functions_relative_imports_and_named_relations():
    source = (
        "from parkbase.core.models import Park\n"
        "from .. import choices\n"
        "from ...evaluation import selectors\n"
        "def f():\n"
        "    import parkbase.projects.models\n"
        "    from parkbase import surveys, demo\n"
        "class M:\n"
        '    run = models.ForeignKey("indicators.Target", models.CASCADE)\n'
        '    park = models.ForeignKey(to="core.Park", on_delete=models.CASCADE)\n'
        '    same = models.ForeignKey("Parcel", models.CASCADE)\n'
    )
    found = imported_apps(source, Path("land/views/map.py"))
    assert found == {"core", "land", "evaluation", "projects", "surveys", "demo", "indicators"}
    assert imported_apps("from . import models\n", Path("land/api/__init__.py")) == {"land"}


def test_the_scan_sees_templates_an_app_template_includes_or_extends():
    source = (
        '{% extends "base.html" %}{% include "projects/_panel.html" with x=1 %}'
        "{% include 'surveys/_list.html' %}{% include \"_form_field.html\" %}"
    )
    assert templated_apps(source) == {"projects", "surveys"}
