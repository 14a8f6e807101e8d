"""Decks in and out on the command line: spreadsheets, JSON against the schema, Moodle XML,
paper printed to PDF, and hostile files refused in one line with nothing written."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from quizapp.cli.main import main
from quizapp.store.database import Store
from tests.helpers import ARTICLE, DECKS, dump


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_quizlet_tsv_converts_to_a_deck_that_lints(tmp_path: Path) -> None:
    # Quizlet's export: term<TAB>definition, no header; a definition may hold a quoted line break.
    Path("japan-korea.txt").write_text('chaebol\tfamily-owned conglomerate\nlittoral\t"on the coast;\nby the sea"\n'
                                       "Camp David\tU.S. presidential retreat\n", encoding="utf-8")
    code, out, err = run("convert", "japan-korea.txt", "--source", str(ARTICLE), "--title", "Terms")
    assert code == 0, err
    assert out.startswith("terms.yaml: 3 cards converted")
    assert "3 cards still need a quote" in out
    deck = yaml.safe_load(Path("terms.yaml").read_text(encoding="utf-8"))
    assert deck["cards"][1] == {"id": "littoral", "type": "basic", "front": "littoral", "back": "on the coast;\nby the sea"}
    code, lint_out, _ = run("lint", "terms.yaml")
    assert code == 1 and lint_out.count("has no quote") == 3 and "0 warnings" not in lint_out


def test_spreadsheet_with_header_extra_columns_and_semicolons(tmp_path: Path) -> None:
    Path("sheet.csv").write_text("Question;Answer;Accept;Tags;Quote;Explanation;Colour\n"
                                 "Who hosted the summit?;Biden;Joe Biden|President Biden;summit us;;At Camp David.;red\n"
                                 "Where?;Camp David;;;;;blue\n", encoding="utf-8")
    code, out, err = run("convert", "sheet.csv", "-o", "sheet.yaml")
    assert code == 0, err
    assert "columns not carried: colour" in out
    cards = yaml.safe_load(Path("sheet.yaml").read_text(encoding="utf-8"))["cards"]
    assert cards[0] == {"id": "who-hosted-the-summit", "type": "typed", "question": "Who hosted the summit?", "answer": "Biden",
                        "accept": ["Joe Biden", "President Biden"], "explanation": "At Camp David.", "tags": ["summit", "us"]}
    assert cards[1]["type"] == "basic"


def test_bundled_deck_out_to_tsv_and_back(tmp_path: Path) -> None:
    code, _, err = run("export", str(DECKS / "key-terms.yaml"), "--to", "tsv", "-o", "kt.tsv")
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(Path("kt.tsv").read_text(encoding="utf-8")), delimiter="\t"))
    assert rows[0] == ["term", "definition", "accept", "tags", "quote", "explanation"]
    cards = len(yaml.safe_load((DECKS / "key-terms.yaml").read_text(encoding="utf-8"))["cards"])
    assert len(rows) == cards + 1  # a header, then a row per card
    code, out, err = run("convert", "kt.tsv", "-o", "back.yaml")
    assert code == 0 and f"{cards} cards converted" in out, err


def test_json_export_validates_against_the_schema(tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    code, schema_text, _ = run("schema")
    assert code == 0
    schema = json.loads(schema_text)
    jsonschema.Draft202012Validator.check_schema(schema)
    code, _, err = run("export", "key-terms", "voices", "--to", "json", "-o", "out")
    assert code == 0, err
    for path in sorted(Path("out").glob("*.json")):
        jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), schema)
    wrong = json.loads(Path("out/voices.json").read_text(encoding="utf-8"))
    wrong["cards"][0]["id"] = "Not An Id"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(wrong, schema)


def test_yaml_export_from_the_database_lints_where_it_lands(tmp_path: Path) -> None:
    code, _, err = run("export", "key-terms", "--to", "yaml", "-o", "kt/key-terms.yaml")
    assert code == 0, err
    assert run("lint", "--strict", "kt/key-terms.yaml")[0] == 0


def test_moodle_xml_out(tmp_path: Path) -> None:
    code, _, err = run("export", *(str(p) for p in sorted(DECKS.glob("*.yaml"))), "--to", "moodle-xml", "-o", "bank.xml")
    assert code == 0, err
    quiz = ET.parse("bank.xml").getroot()
    types = {q.get("type") for q in quiz}
    assert {"category", "multichoice", "truefalse", "shortanswer", "matching", "cloze", "ordering"} <= types
    multi = next(q for q in quiz if q.get("type") == "multichoice" and q.findtext("single") == "false")
    fractions = [float(a.get("fraction", "0")) for a in multi.findall("answer")]
    assert sum(f for f in fractions if f > 0) == pytest.approx(100) and all(f >= -100 for f in fractions)
    cloze = next(q for q in quiz if q.get("type") == "cloze")
    assert "{1:SHORTANSWER:=" in (cloze.findtext("questiontext/text") or "")


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian's chromium prints the quiz to PDF (.ci/run installs it)")
def test_paper_quiz_prints_to_pdf_with_its_keys(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    code, _, err = run("print", "key-terms", "--questions", "12", "--copies", "2", "--seed", "3", "-o", "quiz.html")
    assert code == 0, err
    html = Path("quiz.html").read_text(encoding="utf-8")
    assert html.count('<section class="copy">') == 2 and html.count('<section class="key">') == 2
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={tmp_path / 'quiz.pdf'}", (tmp_path / "quiz.html").as_uri()],
                   check=True, capture_output=True, timeout=120)
    pages = [page.extract_text() for page in pypdf.PdfReader(tmp_path / "quiz.pdf").pages]
    starts = [n for n, text in enumerate(pages) if "Name:" in text or "Answer key" in text]
    assert len(starts) == 4  # copy A, copy B, key A, key B: each starts a page
    assert "Copy A" in pages[starts[0]] and "Copy B" in pages[starts[1]]
    assert "Answer key - Copy A" in pages[starts[2]]
    assert "Score: ____ / 12" in pages[0]


def _hostile_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    files: dict[str, tuple[Path, str]] = {}
    bomb = tmp_path / "bomb.apkg"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("collection.anki21", b"\0" * (64 * 1024 * 1024))
    files["zip bomb"] = (bomb, "zip bomb")
    traversal = tmp_path / "traversal.apkg"
    with zipfile.ZipFile(traversal, "w") as z:
        z.writestr("collection.anki2", b"x")
        z.writestr("../../evil.txt", b"x")
    files["path traversal"] = (traversal, "outside its folder")
    truncated = tmp_path / "truncated.apkg"
    truncated.write_bytes(bomb.read_bytes()[:2000])
    files["truncated zip"] = (truncated, "not an Anki package")
    huge = tmp_path / "huge.csv"
    huge.write_bytes(b"term,definition\nword," + b"x" * (100 * 1024 * 1024) + b"\n")
    files["100 MB field"] = (huge, "quizapp reads at most")
    latin = tmp_path / "latin1.csv"
    latin.write_bytes("term;definition\ncaf\xe9;coffee\n".encode("latin-1"))
    files["non-UTF-8 CSV"] = (latin, "not UTF-8 text")
    fake = tmp_path / "fake.apkg"
    fake.write_text("term\tdefinition\n", encoding="utf-8")
    files["not what its extension says"] = (fake, "not a zip file")
    zipped = tmp_path / "zipped.csv"
    zipped.write_bytes(traversal.read_bytes())
    files["a zip called .csv"] = (zipped, "not a text file")
    return files


def test_hostile_files_are_one_line_and_write_nothing(tmp_path: Path) -> None:
    db = str(tmp_path / "q.db")
    assert run("--db", db, "decks")[0] == 0
    store = Store.open(db)
    before = dump(store)
    for name, (path, message) in _hostile_files(tmp_path).items():
        for args in (["convert", str(path), "-o", "out.yaml"], ["--db", db, "import", str(path)]):
            code, out, err = run(*args)
            if args[0] == "--db" and path.suffix != ".apkg":  # read as a YAML deck, and refused as one
                assert code == 1 and "Traceback" not in err, (name, err)
                continue
            assert code == 1, (name, out, err)
            assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, (name, err)
            assert message in err, (name, err)
            assert not Path("out.yaml").exists(), name
    assert dump(store) == before
    store.close()
    assert not list((tmp_path / "data").glob("decks/*"))


def test_card_ids_take_the_lowest_free_suffix() -> None:
    from quizapp.interchange.common import Ids

    ids = Ids()
    wanted = ["Order these.", "order-these-3", "Order these.", "Order these.", "Order these.", "x", "X"]
    assert [ids.take(w) for w in wanted] == ["order-these", "order-these-3", "order-these-2", "order-these-4",
                                             "order-these-5", "x", "x-2"]


def test_the_schema_describes_fields_with_the_docstrings_under_them() -> None:
    # The descriptions come from the models' source when the schema is made (not at import).
    code, schema_text, _ = run("schema")
    assert code == 0
    schema = json.loads(schema_text)
    assert schema["properties"]["lint"]["description"].startswith("Lint warnings silenced for every card of the deck")
    assert schema["$defs"]["LintOptions"]["properties"]["ignore"]["description"].startswith("Warnings not to give")
    for card in ("BasicCard", "ClozeCard", "ChoiceCard", "TypedCard", "MatchCard", "OrderCard", "TrueFalseCard"):
        props = schema["$defs"][card]["properties"]
        assert props["quote"]["description"].startswith("The excerpt of the source the card tests, verbatim"), card
        assert props["lint"]["description"].startswith("Lint warnings silenced for this card"), card
