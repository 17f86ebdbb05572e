"""Both importers against hostile and broken sources (issue 12): ids that would be the catalog's
own files or that `catalog check` refuses, control characters, links out of the tree, dangling
links, pipes and folders where files belong, and numbers and nesting that blow up parsers.

Whatever the source holds, the import ends with exit 0 or 1 and a summary (never exit 70 or a
traceback), reads nothing outside the tree it imports, overwrites no hand-written file, and
writes only what `catalog check` accepts."""

from __future__ import annotations

import json
import os
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from catalog.cli import make_parser
from catalog.errors import CatalogError, UsageError
from catalog.importers.ids import allocate_ids, normalize_id
from catalog.importers.providers import monogram_svg
from catalog.importers.report import CONTROL_DROPPED, Report
from catalog.importers.values import clean_text
from catalog.read import gate, load
from catalog.write.pipeline import check
from tests.test_cli import run

PROVIDER_YAML = b"""\
name: Acme AI
logo: logo.svg
website: https://acme.example
headquarters: US
about: Written by hand; the importer must keep it.
regions:
  eu-west: {name: EU West, country: IE, geography: EU}
"""
LOGO = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8"/></svg>\n'
# Every kind of id `catalog check` refuses, and the names of the catalog's own files.
REFUSED_IDS = [
    "provider", "site", "benchmarks", "capabilities", "index", "con", "nul", "lpt1.v2",
    "com0.tar.gz", "page.html", "data.json", "x.",
]  # fmt: skip
# Text a terminal would obey: clear the screen, colour, a forged summary line, a NUL.
FORGERY = "evil\x1b[2J\x1b[31m\n    forged: line\x00\r\x07\x85\u2028"
# The control characters `catalog check` refuses in a value (line breaks and tabs are text in a
# Markdown block, nowhere else).
_TEXT_KEYS = {"description", "about", "answer"}


def _control(ch: str, key: object) -> bool:
    if ch in "\n\t" and key in _TEXT_KEYS:
        return False
    return unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp")


def assert_check_passes(out: Path, cwd: Path) -> None:
    """`catalog check` accepts what was written, and no string of it holds a control character
    (which the check refuses too; line breaks and tabs only inside text)."""
    result = run("check", "--models", str(out), cwd=cwd)
    assert result.returncode == 0, result.stdout + result.stderr
    assert_control_free(out)


def assert_control_free(out: Path) -> None:
    for path in sorted(out.rglob("*.yaml")):
        stack: list[tuple[object, Any]] = [(None, load.read(path).data)]
        while stack:
            key, value = stack.pop()
            if isinstance(value, dict):
                stack += [(k, k) for k in value] + list(value.items())
            elif isinstance(value, list):
                stack += [(key, v) for v in value]
            elif isinstance(value, str):
                bad = [c for c in value if _control(c, key)]
                assert not bad, f"{path}: {key}: {value!r}"


def assert_no_crash(result: Any) -> None:
    assert result.returncode in (0, 1), result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr


def litellm_file(
    path: Path, entries: dict[str, dict[str, Any]], raw: dict[str, str] | None = None
) -> Path:
    """A LiteLLM price list; each ``"@NAME@"`` string in it is replaced by ``raw[NAME]`` as
    written, for numbers json.dumps cannot write."""
    text = json.dumps(entries, indent=1)
    for name, written in (raw or {}).items():
        text = text.replace(f'"@{name}@"', written)
    path.write_text(text, encoding="utf-8")
    return path


def chat(provider: str = "acme", **extra: Any) -> dict[str, Any]:
    return {
        "litellm_provider": provider,
        "mode": "chat",
        "input_cost_per_token": 1e-06,
        "output_cost_per_token": 2e-06,
        "max_input_tokens": 128000,
        **extra,
    }


def hand_written_acme(out: Path) -> Path:
    (out / "acme").mkdir(parents=True)
    (out / "acme/provider.yaml").write_bytes(PROVIDER_YAML)
    (out / "acme/logo.svg").write_bytes(LOGO)
    return out / "acme/provider.yaml"


def toml_tree(root: Path, models: dict[str, str], provider: str = "acme") -> Path:
    """A models.dev tree with one provider and the given model files (path → text)."""
    folder = root / "providers" / provider
    (folder / "models").mkdir(parents=True, exist_ok=True)
    (folder / "provider.toml").write_text('name = "Acme AI"\ndoc = "https://acme.example"\n')
    for rel, text in models.items():
        path = folder / "models" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def model_toml(name: str = "Model", **lines: str) -> str:
    body = f'name = "{name}"\nrelease_date = "2025-01-02"\n[modalities]\ninput = ["text"]\n'
    body += 'output = ["text"]\n[cost]\ninput = 1\noutput = 2\n[limit]\ncontext = 1000\n'
    return body + "".join(f"{line}\n" for line in lines.values())


def written_cards(out: Path, provider: str) -> list[str]:
    return sorted(p.stem for p in (out / provider).glob("*.yaml") if p.name != "provider.yaml")


# --------------------------------------------------------------------------- ids


def test_litellm_ids_never_overwrite_a_file_of_the_catalog_or_fail_check(tmp_path: Path) -> None:
    out = tmp_path / "models"
    provider_file = hand_written_acme(out)
    entries = {f"acme/{model}": chat() for model in REFUSED_IDS}
    # Provider ids too: a provider called `site` or `con` must not become models/site/.
    entries |= {"site/m": chat("site"), "con/m": chat("con"), "index/m": chat("index")}
    source = litellm_file(tmp_path / "prices.json", entries)

    argv = ["import", "litellm", str(source), "--out", str(out), "--verbose"]
    result = run(*argv, cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert provider_file.read_bytes() == PROVIDER_YAML
    assert (out / "acme/logo.svg").read_bytes() == LOGO
    cards = written_cards(out, "acme")
    assert len(cards) == len(REFUSED_IDS)  # every model became a card, none was lost
    assert all(gate.is_valid_id(card) for card in cards)
    folders = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert "site" not in folders and "con" not in folders and "index" not in folders
    assert all(gate.is_valid_id(folder) for folder in folders)
    assert "    acme/provider → provider-" in result.stdout
    assert_check_passes(out, tmp_path)


def test_models_dev_ids_never_overwrite_a_file_of_the_catalog_or_fail_check(
    tmp_path: Path,
) -> None:
    root = toml_tree(tmp_path / "src", {f"{model}.toml": model_toml() for model in REFUSED_IDS})
    toml_tree(root, {"m.toml": model_toml()}, provider="capabilities")
    out = tmp_path / "models"
    provider_file = hand_written_acme(out)

    result = run("import", "models-dev", str(root), "--out", str(out), cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert provider_file.read_bytes() == PROVIDER_YAML
    cards = written_cards(out, "acme")
    assert len(cards) == len(REFUSED_IDS) and all(map(gate.is_valid_id, cards))
    assert not (out / "capabilities").is_dir()  # the registry's name, not a provider folder
    assert (out / "capabilities.yaml").is_file()
    assert_check_passes(out, tmp_path)


def test_every_normalized_id_is_one_check_accepts() -> None:
    hostile = [*REFUSED_IDS, "PROVIDER", "Con.Html", "lpt9..x", "a" * 200 + ".json", "\x1b\x00"]
    for source_id in hostile + [s.upper() + ".yaml" for s in REFUSED_IDS]:
        assert gate.is_valid_id(normalize_id(source_id)), source_id
    ids = allocate_ids(["con", "CON", "con-x", "provider", "Provider"], Report())
    assert len(set(ids.values())) == 5 and all(map(gate.is_valid_id, ids.values()))


# --------------------------------------------------------------------------- control characters


def test_control_characters_forge_no_summary_line_and_reach_no_card(tmp_path: Path) -> None:
    source = litellm_file(
        tmp_path / "prices.json",
        {
            f"acme/{FORGERY}": chat(),
            f"\x1b]0;title\x07{FORGERY}": chat(f"prov{FORGERY}"),
            "acme/plain": chat(mode=f"chat{FORGERY}"),  # a mode that is not chat, echoed
        },
    )
    out = tmp_path / "models"
    result = run("import", "litellm", str(source), "--out", str(out), "--verbose", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    for bad in ("\x1b", "\x00", "\r", "\x07", "\x85", "\u2028"):
        assert bad not in result.stdout
    assert not any(line.lstrip().startswith("forged") for line in result.stdout.splitlines())
    assert "\\x1b[2J" in result.stdout  # shown escaped, so a reviewer sees it
    assert "control characters" in result.stdout  # and reported as normalized
    assert_check_passes(out, tmp_path)
    names = [load.read(p).data["name"] for p in (out / "acme").glob("evil*.yaml")]
    assert names == ["evil[2J[31m    forged: line"]


def test_models_dev_control_characters_are_dropped_from_names_urls_and_summary(
    tmp_path: Path,
) -> None:
    root = toml_tree(
        tmp_path / "src",
        {
            "rocket.toml": model_toml(
                "Roc\\u0001ket\\u001b[31m\\u0000",
                b1="[[benchmarks]]",
                b2='name = "GPQA Diamond"',
                b3="score = 50",
                b4='source = "https://x.example/\\u001b[31m"',
            ),
        },
    )
    (root / "providers/acme/provider.toml").write_text(
        'name = "Acme\\n    forged: line\\u001b"\ndoc = "https://acme.example/\\u0007"\n'
    )
    (root / f"providers/acme/models/{FORGERY.replace(chr(0), '')}.toml").write_text(model_toml())
    out = tmp_path / "models"
    result = run("import", "models-dev", str(root), "--out", str(out), cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert not any(line.lstrip().startswith("forged") for line in result.stdout.splitlines())
    assert_check_passes(out, tmp_path)
    rocket = load.read(out / "acme/rocket.yaml").data
    assert rocket["name"] == "Rocket[31m" and "benchmarks" not in rocket
    provider = load.read(out / "acme/provider.yaml").data
    assert provider["name"] == "Acme    forged: line"
    assert provider["website"] == "https://models.dev"  # the doc link with a BEL was refused


def test_multi_line_text_keeps_line_breaks_and_tabs_only() -> None:
    report = Report()
    text = "One\tline\r\nand \x1b[31manother\x00\u2028line\x85."
    assert clean_text(text, "m: description", report, multiline=True) == (
        "One\tline\nand [31manotherline."
    )
    assert clean_text(text, "m: name", report) == "Onelineand [31manotherline."
    assert clean_text("fine\ttext", "m: description", report, multiline=True) == ("fine\ttext")
    assert len(report.normalized[CONTROL_DROPPED]) == 2


# --------------------------------------------------------------------------- links and files


def test_models_dev_reads_nothing_outside_the_tree_and_skips_what_is_not_a_file(
    tmp_path: Path,
) -> None:
    root = toml_tree(
        tmp_path / "src", {"own.toml": model_toml("Own"), "beta-only.toml": model_toml("Shared")}
    )
    models = root / "providers/acme/models"
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "logo.svg").write_text("<svg>SECRET</svg>")
    (secret / "leak.toml").write_text(model_toml("SECRET"))
    (secret / "provider.toml").write_text('name = "SECRET"\n')
    (secret / "models").mkdir()
    (secret / "models/leak.toml").write_text(model_toml("SECRET"))
    os.symlink(secret / "logo.svg", root / "providers/acme/logo.svg")  # out of the tree
    os.symlink(secret / "leak.toml", models / "leak.toml")
    os.symlink("../../../../secret/models", models / "linked-folder")
    os.symlink(secret, root / "providers/evil")  # a whole provider outside
    # Links inside the tree are how models.dev shares files between providers: followed.
    (models / "shared.toml").symlink_to("beta-only.toml")
    (root / "models/lab").mkdir(parents=True)
    (root / "models/lab/own.toml").symlink_to("../../providers/acme/models/own.toml")
    (models / "inherits.toml").write_text('base_model = "lab/own"\n')
    (models / "Qwen").mkdir()
    # A link that dangles, as models.dev's providers/siliconflow-cn/models/Qwen/*.toml do.
    (models / "Qwen/QwQ-32B.toml").symlink_to("../../../siliconflow/models/Qwen/QwQ-32B.toml")
    os.mkfifo(models / "pipe.toml")
    (models / "folder.toml").mkdir()
    out = tmp_path / "models"

    result = run("import", "models-dev", str(root), "--out", str(out), cwd=tmp_path)

    assert_no_crash(result)
    assert result.returncode == 0, result.stderr
    assert written_cards(out, "acme") == ["beta-only", "inherits", "own", "shared"]
    # An offer of the lab model it names, whose card holds the name.
    assert load.read(out / "acme/inherits.yaml").data["model"] == "lab/own"
    assert load.read(out / "labs/lab/own.yaml").data["name"] == "Own"
    assert load.read(out / "acme/shared.yaml").data["name"] == "Shared"
    assert not (out / "evil").exists()
    written = b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file())
    assert b"SECRET" not in written
    assert (out / "acme/logo.svg").read_bytes() == monogram_svg("acme", "Acme AI")
    for skipped in (
        "providers/acme/logo.svg",
        "providers/acme/models/leak.toml",
        "providers/acme/models/linked-folder",
        "providers/evil",
        "providers/acme/models/Qwen/QwQ-32B.toml",
        "providers/acme/models/pipe.toml",
        "providers/acme/models/folder.toml",
    ):
        assert f"    {skipped}" in result.stdout, skipped
    assert_check_passes(out, tmp_path)


def test_a_source_logo_that_runs_script_is_not_written(tmp_path: Path) -> None:
    root = toml_tree(tmp_path / "src", {"m.toml": model_toml()})
    toml_tree(root, {"m.toml": model_toml()}, provider="beta")
    (root / "providers/acme/logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script>'
        "</svg>\n"
    )
    (root / "providers/beta/logo.svg").write_bytes(LOGO)
    out = tmp_path / "models"
    result = run("import", "models-dev", str(root), "--out", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (out / "acme/logo.svg").read_bytes() == monogram_svg("acme", "Acme AI")
    assert (out / "beta/logo.svg").read_bytes() == LOGO  # a safe logo is the source's own
    assert "    providers/acme/logo.svg:1:" in result.stdout
    assert_check_passes(out, tmp_path)


def test_an_import_never_writes_through_a_link_in_the_models_folder(tmp_path: Path) -> None:
    out = tmp_path / "models"
    outside = tmp_path / "outside"
    outside.mkdir()
    (out / "acme").mkdir(parents=True)
    (out / "acme/logo.svg").symlink_to(outside / "logo.svg")  # dangling: is_file() is False
    (out / "acme/m.yaml").symlink_to(outside / "m.yaml")
    source = litellm_file(tmp_path / "prices.json", {"acme/m": chat()})
    result = run("import", "litellm", str(source), "--out", str(out), cwd=tmp_path)
    assert_no_crash(result)
    assert list(outside.iterdir()) == []
    assert "acme/m.yaml" in result.stdout


# --------------------------------------------------------------------------- inputs that blow up


def test_litellm_numbers_and_text_that_blow_up_skip_one_field_or_model(tmp_path: Path) -> None:
    entries = {
        "acme/huge-int": chat(max_input_tokens="@INT5000@"),
        "acme/wide-context": chat(max_input_tokens="@INT200@", max_output_tokens=1000),
        "acme/inf-price": chat(input_cost_per_token="@E400@"),
        "acme/nan-price": chat(output_cost_per_token="@NAN@"),
        "acme/far-exponent": chat(input_cost_per_token="@EXP@"),
        "acme/many-places": chat(input_cost_per_token="@PLACES@"),
        "acme/surrogate\ud800": chat(),
        "acme/surrogate-value": chat(deprecation_date="\ud800"),
        "acme/fine": chat(),
    }
    raw = {
        "INT5000": "9" * 5000,
        "INT200": "1" * 200,
        "E400": "1e400",
        "NAN": "NaN",
        "EXP": "1e-99999999999999999999",
        "PLACES": "1.234567891e-07",
    }
    source = litellm_file(tmp_path / "prices.json", entries, raw)
    out = tmp_path / "models"
    result = run("import", "litellm", str(source), "--out", str(out), "--verbose", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert_check_passes(out, tmp_path)
    cards = written_cards(out, "acme")
    assert cards == sorted(k.split("/")[1] for k in entries if "surrogate" not in k)
    assert (
        "    acme/surrogate\\ud800" in result.stdout and "    acme/surrogate-value" in result.stdout
    )
    wide = load.read(out / "acme/wide-context.yaml").data
    assert "context_window" not in wide and wide["max_output"] == 1000
    assert "input" not in load.read(out / "acme/inf-price.yaml").data["pricing"]
    assert load.read(out / "acme/many-places.yaml").data["pricing"]["input"] == load.parse(
        "0.123457", "x"
    )
    for where in ("acme/huge-int: max_input_tokens", "acme/inf-price: input_cost_per_token"):
        assert f"    {where}" in result.stdout, where


@pytest.mark.parametrize(
    "text",
    ["[" * 100_000 + "]" * 100_000, '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}"],
    ids=["array", "object"],
)
def test_json_nested_100000_deep_is_one_located_error(tmp_path: Path, text: str) -> None:
    (tmp_path / "prices.json").write_text(text)
    result = run("import", "litellm", "prices.json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines()[0].startswith("prices.json:1:1: ")
    assert "nested" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "models").exists()


def test_models_dev_files_that_blow_up_are_skipped_files(tmp_path: Path) -> None:
    deep_table = "a" + ".b" * 5000 + " = 1\n"
    root = toml_tree(
        tmp_path / "src",
        {
            "deep-array.toml": model_toml(x="x = " + "[" * 5000 + "]" * 5000),
            "deep-table.toml": model_toml() + deep_table,
            "huge-int.toml": model_toml(x="[benchmarks.x]\nscore = " + "9" * 5000),
            "surrogate.toml": model_toml("\\ud800"),
            "far-exponent.toml": model_toml().replace(
                "input = 1", "input = 1e-9999999999999999999999"
            ),
            "inherits-deep.toml": 'base_model = "lab/deep"\n',
            "wide-context.toml": model_toml().replace("context = 1000", "context = " + "1" * 200),
            "inf-price.toml": model_toml().replace("input = 1", "input = 1e400"),
            "nan-price.toml": model_toml().replace("input = 1", "input = nan"),
            "nan-score.toml": model_toml(
                b1="[[benchmarks]]",
                b2='name = "GPQA Diamond"',
                b3="score = nan",
                b4='source = "https://x.example/"',
            ),
            "places.toml": model_toml().replace("input = 1", "input = 0.0833333333"),
            "fine.toml": model_toml(),
        },
    )
    (root / "models/lab").mkdir(parents=True)
    (root / "models/lab/deep.toml").write_text(model_toml() + deep_table)
    out = tmp_path / "models"
    result = run("import", "models-dev", str(root), "--out", str(out), "--verbose", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert_check_passes(out, tmp_path)
    skipped = ["deep-array", "deep-table", "huge-int", "surrogate", "far-exponent"]
    for name in skipped:
        assert f"    providers/acme/models/{name}.toml: " in result.stdout, name
    assert "    models/lab/deep.toml: " in result.stdout
    assert written_cards(out, "acme") == [
        "fine", "inf-price", "nan-price", "nan-score", "places", "wide-context",
    ]  # fmt: skip
    assert "context_window" not in load.read(out / "acme/wide-context.yaml").data
    assert "input" not in load.read(out / "acme/inf-price.yaml").data["pricing"]
    assert "input" not in load.read(out / "acme/nan-price.yaml").data["pricing"]
    assert str(load.read(out / "acme/places.yaml").data["pricing"]["input"]) == "0.083333"
    assert "    acme/wide-context: limit.context" in result.stdout


# --------------------------------------------------------------------------- the invariant


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


HOSTILE_TREES: dict[str, dict[str, str]] = {
    "reserved ids": {f"{m}.toml": model_toml() for m in REFUSED_IDS},
    "control characters": {"c.toml": model_toml("a\\u001b\\u0000\\n\\u2028b")},
    "numbers": {
        "n.toml": model_toml().replace("context = 1000", "context = " + "9" * 4000)
        + "[[benchmarks]]\nname = 'GPQA Diamond'\nscore = 1e999999\nsource = 'https://x.example'\n"
    },
    "nesting": {"d.toml": model_toml(x="x = " + _deep(3000))},
    "not TOML": {
        "t.toml": "\x00\xff = [",
        "u.toml": "name = 1\nname = 2\n",
        "v.toml": "x = " + "9" * 5000,
    },
}


@pytest.mark.parametrize("kind", list(HOSTILE_TREES))
def test_any_models_dev_tree_imports_to_exit_0_or_1_and_a_catalog_check_accepts(
    tmp_path: Path, kind: str
) -> None:
    root = toml_tree(tmp_path / "src", HOSTILE_TREES[kind])
    out = tmp_path / "models"
    result = run("import", "models-dev", str(root), "--out", str(out), cwd=tmp_path)
    assert_no_crash(result)
    if out.exists():
        assert_check_passes(out, tmp_path)


# Fragments a generated LiteLLM list is made of: ids check refuses, control characters, lone
# surrogates, and numbers that are too long, too large, not finite or too precise.
_CHARACTERS = [
    *"aZ09.-_/ :", "\x1b", "\x00", "\n", "\t", "\x85", "\u2028", "\u202e", "\ufdd0", "\U0001fffe",
    "\ud800", "é", "\u00a0",
]  # fmt: skip
_TEXT = st.text(st.sampled_from(_CHARACTERS), max_size=12)
_ID = st.one_of(st.sampled_from(REFUSED_IDS), _TEXT)
_NUMBER = st.sampled_from(
    ["1e400", "-1e400", "NaN", "Infinity", "1e-400", "-0.0", "0", "4e-07", "1.234567891e-07",
     "9" * 200, "9" * 5000, "1e-99999999999999999999", "999999999999", "1000000000000",
     "0.000000000000001", "3", "true", '"12"', "null", _deep(50), '{"a": ' + _deep(2000) + "}"]
)  # fmt: skip
_FIELDS = [
    "input_cost_per_token", "output_cost_per_token", "cache_read_input_token_cost",
    "max_input_tokens", "max_output_tokens", "deprecation_date",
]  # fmt: skip


@st.composite
def litellm_lists(draw: st.DrawFn) -> str:
    entries = []
    for _ in range(draw(st.integers(1, 5))):
        provider = draw(_ID)
        key = f"{provider}/{draw(_ID)}" if draw(st.booleans()) else draw(_ID)
        fields = [
            f'"litellm_provider": {json.dumps(provider)}',
            '"mode": "chat"',
            *(
                f"{json.dumps(field)}: {draw(_NUMBER)}"
                for field in draw(st.lists(st.sampled_from(_FIELDS), max_size=4, unique=True))
            ),
        ]
        entries.append(f"{json.dumps(key)}: {{{', '.join(fields)}}}")
    return "{" + ",\n".join(entries) + "}"


def _import(argv: list[str]) -> int:
    """The import as `catalog import` runs it; the exceptions the command line turns into exit 1
    are exit 1 here too, and any other one (exit 70 there) fails the test."""
    args = make_parser().parse_args(argv)
    try:
        return args.func(args)
    except (CatalogError, UsageError):
        return 1


@settings(
    max_examples=150,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(text=litellm_lists())
def test_any_litellm_list_imports_to_exit_0_or_1_and_a_catalog_check_accepts(
    text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source, out = Path(folder) / "prices.json", Path(folder) / "models"
        source.write_text(text, encoding="utf-8")
        status = _import(["import", "litellm", str(source), "--out", str(out)])
        printed = capsys.readouterr().out
        event(f"exit {status}")
        assert status in (0, 1)
        assert not any(not line.isprintable() for line in printed.splitlines())
        if status == 0:
            check(out)
            assert_control_free(out)


_TOML_NUMBER = st.sampled_from(
    ["1e400", "-1e400", "nan", "inf", "-0.0", "0", "0.0833333333", "9" * 200, "9" * 5000,
     "1e-99999999999999999999", "999999999999", "1000000000000", "3", "true", '"12"',
     _deep(40), _deep(3000)]
)  # fmt: skip
_TOML_FIELDS = ["cost.input", "cost.output", "cost.cache_read", "limit.context", "limit.output"]


def _file_name(text: str) -> str:
    # A file name holds no '/' or NUL; a lone surrogate stands for a byte that is not UTF-8
    # (the name b"\xff" reads as "\udcff"), as a checkout made elsewhere may have.
    return text.replace("/", "-").replace("\x00", "").replace("\ud800", "\udcff")


@st.composite
def models_dev_files(draw: st.DrawFn) -> dict[str, str]:
    files = {}
    for _ in range(draw(st.integers(1, 4))):
        stem = _file_name(draw(_ID)) or "m"
        numbers = draw(st.lists(st.sampled_from(_TOML_FIELDS), max_size=4, unique=True))
        text = f"name = {json.dumps(draw(_TEXT))}\nrelease_date = 2025-01-02\n"
        text += "".join(f"{field} = {draw(_TOML_NUMBER)}\n" for field in numbers)
        if draw(st.booleans()):
            text += '[[benchmarks]]\nname = "GPQA Diamond"\n'
            text += (
                f"score = {draw(_TOML_NUMBER)}\nsource = {json.dumps('https://' + draw(_TEXT))}\n"
            )
        files[f"{stem}.toml"] = text
    return files


@settings(
    max_examples=100,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(files=models_dev_files(), provider=_ID)
def test_any_models_dev_tree_of_generated_files_imports_and_checks(
    files: dict[str, str], provider: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        name = _file_name(provider) or "p"
        root = toml_tree(Path(folder) / "src", files, provider=name)
        out = Path(folder) / "models"
        status = _import(["import", "models-dev", str(root), "--out", str(out)])
        printed = capsys.readouterr().out
        event(f"exit {status}")
        assert status in (0, 1)
        assert not any(not line.isprintable() for line in printed.splitlines())
        if status == 0:
            check(out)
            assert_control_free(out)
