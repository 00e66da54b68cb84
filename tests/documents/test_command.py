"""`parkbase documents add`: several files and folders, JSON, exit codes."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from parkbase.documents.models import Document
from tests.documents.files import docx_bytes, pdf_bytes

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[int, list | str]:
    import io

    out = io.StringIO()
    try:
        call_command("documents", *args, stdout=out, stderr=io.StringIO())
        code = 0
    except SystemExit as exc:
        code = exc.code
    text = out.getvalue()
    return code, json.loads(text) if "--json" in args and text.strip() else text


def test_files_and_folders_are_kept_with_their_links_and_category(world, tmp_path, no_converters):
    from parkbase.documents.services import categories_ensure

    categories_ensure(world.parks[0])
    folder = tmp_path / "收文"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.pdf").write_bytes(pdf_bytes(["one"]))
    (folder / "sub" / "b.docx").write_bytes(docx_bytes(["二"]))
    (folder / ".hidden").write_bytes(b"secret")
    single = tmp_path / "c.txt"
    single.write_text("通知", encoding="utf-8")
    ent = world.enterprises[0]
    code, rows = run(
        "add",
        str(folder),
        str(single),
        "--park",
        "a",
        "--year",
        "2019",
        "--category",
        "管理文书/通知",
        "--link",
        f"enterprise:{ent.uscc}",
        "--json",
    )
    assert code == 0
    assert [r["status"] for r in rows] == ["created", "created", "created"]
    assert [r["kind"] for r in rows] == ["pdf", "docx", "txt"]
    documents = Document.objects.filter(pk__in=[r["id"] for r in rows])
    assert {d.category.name for d in documents} == {"通知"} and {d.year for d in documents} == {
        2019
    }
    assert all(d.links.get().enterprise_id == ent.pk for d in documents)
    code, rows = run("add", str(single), "--park", "a", "--json")
    assert code == 0 and rows[0]["status"] == "existing"


def test_a_refused_file_exits_1_and_says_why_in_both_languages(world, tmp_path, no_converters):
    bad = tmp_path / "report.pdf"
    bad.write_bytes(b"MZ" + b"\0" * 100)
    good = tmp_path / "ok.txt"
    good.write_text("ok")
    code, rows = run("add", str(bad), str(good), "--park", "a", "--json")
    assert code == 1
    assert rows[0]["status"] == "refused" and rows[0]["code"] == "program"
    assert "程序" in rows[0]["message"]["zh"] and "program" in rows[0]["message"]["en"]
    assert rows[1]["status"] == "created"


@pytest.mark.parametrize(
    "args",
    [("missing.pdf",), ("{ok}", "--link", "enterprise:NOPE"), ("{ok}", "--category", "无此分类")],
)
def test_unusable_input_exits_2_and_keeps_nothing(world, tmp_path, args):
    ok = tmp_path / "ok.txt"
    ok.write_text("ok")
    code, _out = run("add", *[a.format(ok=ok) for a in args], "--park", "a")
    assert code == 2
    assert Document.objects.count() == 0
