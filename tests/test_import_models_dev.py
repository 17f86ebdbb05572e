"""`catalog import models-dev`: the committed tiny tree (tests/fixtures/import/models-dev) in, a
models folder that passes `catalog check` out; re-imports keep what a person wrote."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest

from catalog.authoring.cardtext import format_card, price_text
from catalog.cli import make_parser
from catalog.errors import UsageError
from catalog.importers import models_dev
from catalog.importers.ids import allocate_ids, normalize_id
from catalog.importers.models_dev import named_lab_model
from catalog.importers.report import FLOAT_NOISE, ID_COLLISION, Report
from catalog.importers.values import denoise
from catalog.read import gate, load
from catalog.read.schema import Card
from catalog.write.pipeline import build, check
from tests.conftest import PROJECT
from tests.test_cli import run

FIXTURE = Path(__file__).parent / "fixtures/import/models-dev"

IDS = [
    "acme/acme-large",
    "acme/acme-small",
    "acme/gpt-4.1-mini",
    "azure/gpt-4.1-mini",
    "azure/org-model-free",
    "azure/org-model-free-826c99",
    "openai/gpt-3.5-turbo-0301",
    "openai/gpt-4.1-mini",
]

# What the importer writes for azure/gpt-4.1-mini: an offer of the model card it names
# (base_model), stating what differs at Azure: no structured output or PDF (base_model_omit, its
# own modalities), prompt caching, its prices (without their float noise). The rest it inherits.
AZURE_GPT_41_MINI = """\
model: openai/gpt-4.1-mini
api: chat
capabilities: [vision, tool_calling, caching]
modalities:
  input: [text, image]
  output: [text]
added: 2025-04-14
pricing:
  input: 0.40
  output: 1.60
  cache_read: 0.10
"""

# The model card: the lab model's facts (models/openai/gpt-4.1-mini.toml), one SWE-Bench Pro
# score of two, the unknown benchmark left out, the lab named as the tree's OpenAI provider.
MODEL_GPT_41_MINI = """\
name: GPT-4.1 mini
description: >-
  GPT-4.1 mini is a model made by OpenAI. It accepts text, image and PDF input and returns text. It
  supports tool calling and structured output.
capabilities: [vision, tool_calling, structured_output, pdf]
context_window: 1047576
max_output: 32768
modalities:
  input: [text, image, pdf]
  output: [text]
released: 2025-04-14
knowledge_cutoff: 2024-04
benchmarks:
  aider-polyglot: {score: 32.4, source: https://aider.chat/docs/leaderboards/}
  swe-bench-pro: {score: 20.1, source: https://labs.scale.com/leaderboard/swe_bench_pro_public}
open_weights: false
"""


def run_import(capsys: pytest.CaptureFixture[str], source: Path, out: Path, *extra: str) -> str:
    args = make_parser().parse_args(
        ["import", "models-dev", str(source), "--out", str(out), *extra]
    )
    assert args.func(args) == 0
    return capsys.readouterr().out


def card(out: Path, model_id: str) -> dict:
    return load.read(out / f"{model_id}.yaml").data


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """A copy of the fixture tree, to change between imports."""
    return Path(shutil.copytree(FIXTURE, tmp_path / "models.dev"))


def test_import_passes_check_and_builds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "models"
    text = run_import(capsys, FIXTURE, out)
    assert "3 providers, 8 models imported" in text
    assert "added 8, changed 0, gone 0" in text
    catalog = check(out)
    assert [m.id for m in catalog.models] == IDS
    assert sorted(catalog.providers) == ["acme", "azure", "openai"]
    assert sorted(catalog.benchmarks) == ["aider-polyglot", "swe-bench-pro"]
    assert catalog.benchmarks["swe-bench-pro"].name == "SWE-Bench Pro (public)"
    assert "open_weights" in catalog.capabilities and "video" not in catalog.capabilities
    result = build(out, tmp_path / "site")
    assert result.pages == 8
    assert (tmp_path / "site/models/azure/gpt-4.1-mini.html").is_file()


def test_card_text_is_exactly_as_expected(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "models"
    run_import(capsys, FIXTURE, out)
    assert (out / "azure/gpt-4.1-mini.yaml").read_text() == AZURE_GPT_41_MINI
    assert (out / "labs/openai/gpt-4.1-mini.yaml").read_text() == MODEL_GPT_41_MINI
    assert (out / "labs/openai/lab.yaml").read_text() == (
        "name: OpenAI\nwebsite: https://platform.openai.com/docs/models\n"
    )
    # OpenAI's own offer of its own model, and Acme's (a link to OpenAI's file), name it too.
    assert card(out, "openai/gpt-4.1-mini")["model"] == "openai/gpt-4.1-mini"
    assert card(out, "acme/gpt-4.1-mini")["model"] == "openai/gpt-4.1-mini"
    # experimental.modes.fast sent as service_tier = "priority": the priority tier's prices.
    assert card(out, "openai/gpt-4.1-mini")["pricing"]["priority"] == {
        "input": Decimal("0.70"), "output": Decimal("2.80"), "cache_read": Decimal("0.175"),
    }  # fmt: skip
    assert (out / "openai/provider.yaml").read_text() == (
        "name: OpenAI\nlogo: logo.svg\nwebsite: https://platform.openai.com/docs/models\n"
        "headquarters: US\n"
    )
    # The source's logo is copied as it is; a provider without one gets a monogram of our own.
    logo = FIXTURE / "providers/openai/logo.svg"
    assert (out / "openai/logo.svg").read_bytes() == logo.read_bytes()
    monogram = ET.fromstring((out / "azure/logo.svg").read_bytes())
    assert monogram.tag == "{http://www.w3.org/2000/svg}svg"
    assert monogram.find("{http://www.w3.org/2000/svg}text").text == "Az"
    # The lab serves it with structured output; Azure's file omits that (base_model_omit).
    assert card(out, "openai/gpt-4.1-mini")["capabilities"] == [
        "vision", "tool_calling", "caching", "structured_output", "pdf",
    ]  # fmt: skip


def test_what_the_source_gets_wrong_is_normalized_and_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "models"
    text = run_import(capsys, FIXTURE, out, "--verbose")
    lines = text.splitlines()
    # Float noise: rounded to what a double really holds, and said.
    assert "    azure/gpt-4.1-mini: pricing.input: 0.39999999999999997 → 0.4" in lines
    assert "    acme/acme-large: pricing.output: 8.000000000000002 → 8" in lines
    assert card(out, "acme/acme-large")["pricing"]["output"] == 8
    # A knowledge cutoff after the release is left out.
    assert "    acme/acme-large: cutoff 2025-03, released 2025-01-10" in lines
    assert "knowledge_cutoff" not in card(out, "acme/acme-large")
    # A date that is not real is left out; added falls back to last_updated.
    assert "    openai/gpt-3.5-turbo-0301: release_date 2023-02-30" in lines
    legacy = card(out, "openai/gpt-3.5-turbo-0301")
    assert "released" not in legacy and legacy["added"] == "2023-03-01"
    assert legacy["status"] == "deprecated"
    # A month-only release date: no released, added on the first of the month.
    small = card(out, "acme/acme-small")
    assert "released" not in small and small["added"] == "2025-06-01"
    assert "max_output" not in small  # 256,000 above a 128,000 context window
    # The same model with a different release date at Azure: the lab's date wins.
    assert (
        "    azure/gpt-4.1-mini: release_date 2025-04-15 → 2025-04-14 "
        "(as models/openai/gpt-4.1-mini)" in lines
    )
    # The long-context tier is kept as stated (the rest of it follows from the billing rules),
    # the audio price (models.dev's input_audio) too; facts our schema cannot hold are counted.
    large = card(out, "acme/acme-large")
    assert large["pricing"] == {
        "input": 2, "output": 8, "cache_read": Decimal("0.50"), "audio_input": 4,
        "tiers": [{"above": 200000, "input": 4, "output": 16}],
    }  # fmt: skip
    assert large["status"] == "preview" and large["context_window"] == 400000
    assert "context-tier prices" not in "\n".join(lines)
    assert large["max_input"] == 272000  # limit.input, below the context window
    assert "input limit" not in "\n".join(lines)
    for line in (
        "  scores of benchmarks the importer does not know: 3",
        "    azure/gpt-4.1-mini: SWE-Bench Pro Codex",
        "    acme/acme-large: cost.cache_input → cache_read",
        "    acme/acme-large: experimental.modes.fast",  # a fast mode that is not priority
        "    providers/acme/models/gpt-4.1-mini.toml → providers/openai/models/gpt-4.1-mini.toml",
        "    providers/acme/models/broken-link.toml → ../../nowhere/models/gone.toml",
        "    acme/acme-image: text → image",
        "    azure/Org/Model-Free → org-model-free-826c99 "
        "(org-model-free stays with azure/org-model-free)",
        "    acme",  # headquarters unknown
    ):
        assert line in lines, line
    assert card(out, "acme/acme-large")["capabilities"] == [
        "tool_calling", "caching", "reasoning", "audio", "open_weights",
    ]  # fmt: skip
    assert "headquarters" not in (out / "acme/provider.yaml").read_text()  # unknown: left out


def test_reimport_keeps_what_a_person_wrote_and_reports_changes(
    tmp_path: Path, source: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "models"
    run_import(capsys, source, out)
    path = out / "azure/gpt-4.1-mini.yaml"
    # A person gives the offer words of its own (over the model's) and a FAQ, and comments.
    edited = "# Checked by hand.\n" + path.read_text().replace(
        "api: chat\n",
        "description: Our own words about **GPT-4.1 mini** on Azure.\napi: chat  # docs\n",
    )
    edited += "faq:\n  - question: Is it fast?\n    answer: |-\n      Yes.\n\n      Very.\n"
    path.write_text(edited)
    azure = source / "providers/azure/models/gpt-4.1-mini.toml"
    azure.write_text(azure.read_text().replace("0.39999999999999997", "0.45"))

    text = run_import(capsys, source, out)
    assert "added 0, changed 1, gone 0" in text
    assert "  azure/gpt-4.1-mini: pricing.input: 0.40 → 0.45" in text.splitlines()
    data = card(out, "azure/gpt-4.1-mini")
    assert data["description"] == "Our own words about **GPT-4.1 mini** on Azure."
    assert data["faq"] == [{"question": "Is it fast?", "answer": "Yes.\n\nVery."}]
    assert data["pricing"]["input"] == Decimal("0.45")
    # Only the changed field is written anew: comments and the person's text stay as they were.
    assert path.read_text() == edited.replace("  input: 0.40\n", "  input: 0.45\n")
    check(out)


def test_a_generated_description_follows_the_facts(
    tmp_path: Path, source: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "models"
    run_import(capsys, source, out)
    small = source / "providers/acme/models/acme-small.toml"
    small.write_text(small.read_text().replace("tool_call = true", "tool_call = false"))
    lines = run_import(capsys, source, out).splitlines()
    assert "  acme/acme-small: capabilities: [tool_calling] → —" in lines
    assert (
        "  acme/acme-small: description: remade from the new facts (it was the generated one)"
        in lines
    )
    assert card(out, "acme/acme-small")["description"] == (
        "Acme Small is a model served by Acme AI. It accepts text input and returns text."
    )


def test_reimporting_the_same_source_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "models"
    run_import(capsys, FIXTURE, out)
    before = snapshot(out)
    text = run_import(capsys, FIXTURE, out)
    assert "added 0, changed 0, gone 0" in text
    assert "wrote 0 files" in text
    assert snapshot(out) == before


def test_gone_models_are_listed_not_deleted(
    tmp_path: Path, source: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "models"
    run_import(capsys, source, out)
    (source / "providers/acme/models/acme-small.toml").unlink()
    lines = run_import(capsys, source, out).splitlines()
    assert "added 0, changed 0, gone 1 (listed, not deleted)" in lines
    assert (
        lines[lines.index("gone from the source (listed, not deleted):") + 1] == "  acme/acme-small"
    )
    assert (out / "acme/acme-small.yaml").is_file()
    check(out)


def test_dry_run_writes_nothing(
    tmp_path: Path, source: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "models"
    text = run_import(capsys, source, out, "--dry-run")
    assert "added 8, changed 0, gone 0" in text
    assert "dry run: nothing was written (19 files would be)" in text  # a model card, a lab
    assert not out.exists()

    run_import(capsys, source, out)
    before = snapshot(out)
    azure = source / "providers/azure/models/gpt-4.1-mini.toml"
    azure.write_text(azure.read_text().replace("output = 1.6", "output = 1.8"))
    text = run_import(capsys, source, out, "--dry-run")
    assert "  azure/gpt-4.1-mini: pricing.output: 1.60 → 1.80" in text.splitlines()
    assert snapshot(out) == before


def test_provider_filter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "models"
    text = run_import(capsys, FIXTURE, out, "--provider", "azure")
    assert "1 providers, 3 models imported" in text
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["azure", "labs"]
    check(out)
    with pytest.raises(
        UsageError, match=r"--provider azur: no such provider .*did you mean 'azure'"
    ):
        run_import(capsys, FIXTURE, out, "--provider", "azur")


def test_import_into_a_catalog_with_registries_appends_only_what_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = Path(shutil.copytree(PROJECT / "models", tmp_path / "models"))
    site = (out / "site.yaml").read_bytes()
    registry = (out / "capabilities.yaml").read_text()
    text = run_import(capsys, FIXTURE, out, "--provider", "azure", "acme")
    assert "site.yaml" not in text  # it exists: left as it is
    assert (out / "site.yaml").read_bytes() == site
    assert (out / "capabilities.yaml").read_text() == registry  # every id used is there
    # The hand-written provider file stays; its display name is the one the description uses.
    assert (out / "azure/provider.yaml").read_text().startswith("name: Microsoft Azure AI\n")
    assert "served by Microsoft Azure AI" in card(out, "azure/org-model-free")["description"]
    check(out)


def test_ids_are_normalized_deterministically() -> None:
    assert normalize_id("Org/Model:Free") == "org-model-free"
    assert normalize_id("@cf/meta/llama-3.1-8b-instruct") == "cf-meta-llama-3.1-8b-instruct"
    assert normalize_id("~google/gemini-flash-latest") == "google-gemini-flash-latest"
    assert normalize_id("us.anthropic.claude-v1:0") == "us.anthropic.claude-v1-0"
    assert normalize_id("a..b") == "a.b"
    long_id = normalize_id("x" * 120)
    assert len(long_id) == 80 and gate.is_valid_id(long_id)
    assert long_id == normalize_id("x" * 120)
    report = Report()
    ids = allocate_ids(["B/c", "b-c", "b/c"], report, "p")
    assert ids["b-c"] == "b-c"  # already valid: keeps its id
    assert ids["B/c"] != ids["b/c"] and all(gate.is_valid_id(i) for i in ids.values())
    assert len(report.normalized[ID_COLLISION]) == 2


def test_float_noise_is_rounded_to_what_a_double_holds() -> None:
    report = Report()
    cases = {
        "0.39999999999999997": "0.4",
        "2.9000000000000004": "2.9",
        "0.08333333333333334": "0.0833333333333333",
        "0.375": "0.375",
        "0.40": "0.40",
    }
    for text, expected in cases.items():
        assert str(denoise(Decimal(text), report, text)) == expected
    assert len(report.normalized[FLOAT_NOISE]) == 3
    assert [price_text(Decimal(t)) for t in ("4E-1", "15", "1.5", "0.375", "1E+2")] == [
        "0.40", "15", "1.50", "0.375", "100",
    ]  # fmt: skip


def test_the_yaml_writer_reads_back_exactly() -> None:
    data = {
        "name": "Google: Gemini #1",
        "description": "First paragraph with **Markdown**.\n\n- a list\n- of things\n",
        "api": "chat",
        "capabilities": ["vision"],
        "released": "2025-01-02",
        "added": "2025-01-02",
        "knowledge_cutoff": "2024-12",
        "benchmarks": {
            "gpqa-diamond": {"score": Decimal("64.8"), "source": "https://x.example/a,b"}
        },
        "pricing": {"input": Decimal("0.4"), "output": 3, "cache_read": Decimal("0.000001")},
        "regions": {
            "eu": None,
            "us": {"pricing": {"input": Decimal("0.44")}, "added": "2025-02-01"},
        },
        "faq": [
            {"question": "yes", "answer": "  leading spaces\ttab"},
            {"question": "Quote \" and ' and ’ and \u00a0?", "answer": "123"},
        ],
        "status": "preview",
    }
    text = format_card(data)
    assert load.parse(text, "card.yaml") == data
    Card.model_validate(load.parse(text, "card.yaml"))
    assert "  input: 0.40\n" in text and "  cache_read: 0.000001\n" in text


def test_errors_are_one_line_and_no_traceback(tmp_path: Path) -> None:
    result = run("import", "models-dev", str(tmp_path / "nowhere"), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"catalog: {tmp_path / 'nowhere'}: no such folder (expected a models.dev tree)"
    ]
    assert not (tmp_path / "models").exists()


def test_odd_values_are_left_out_or_skipped_never_a_traceback(
    tmp_path: Path, source: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    models = source / "providers/acme/models"
    (models / "odd.toml").write_text(
        'name = 42\nrelease_date = 2025-01-02\nlast_updated = "soon"\n'
        'tool_call = { supported = true }\nbase_model_omit = "structured_output"\n'
        '[cost]\ninput = "cheap"\noutput = -1\n'
        "[limit]\ncontext = true\noutput = 1.5\n"
        '[modalities]\ninput = "text"\n'
        '[[benchmarks]]\nname = "SWE-Bench Verified"\nscore = 250\nsource = "https://x.example"\n'
        '[[benchmarks]]\nname = "Aider Polyglot"\nscore = 10\nsource = "http://x.example"\n'
    )
    (models / "broken.toml").write_text("name = \n")
    (models / "latin1.toml").write_bytes(b'name = "caf\xe9"\n')
    out = tmp_path / "models"
    lines = run_import(capsys, source, out).splitlines()
    check(out)
    odd = card(out, "acme/odd")
    assert odd["name"] == "odd" and odd["released"] == "2025-01-02"
    assert odd["capabilities"] == ["tool_calling"]
    assert not {"pricing", "context_window", "max_output", "benchmarks"} & odd.keys()
    assert "    acme/odd: last_updated soon" in lines
    assert "    acme/odd: SWE-Bench Verified: 250" in lines  # off the 0–100 scale
    assert "    acme/odd: Aider Polyglot: http://x.example" in lines  # not https
    assert any(line.startswith("    providers/acme/models/broken.toml: ") for line in lines)
    assert "    providers/acme/models/latin1.toml: not UTF-8 (invalid continuation byte)" in lines


AUDIO_TOO = 'input = ["text", "image", "audio"]'


def test_an_offer_that_states_a_higher_limit_inherits_the_models(
    tmp_path: Path, source: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Azure states a larger output than the lab model: still an offer of it, at the lab's limit.
    azure = source / "providers/azure/models/gpt-4.1-mini.toml"
    azure.write_text(azure.read_text() + "\n[limit]\ncontext = 1047576\noutput = 65536\n")
    out = tmp_path / "models"
    lines = run_import(capsys, source, out, "--verbose").splitlines()
    data = card(out, "azure/gpt-4.1-mini")
    assert data["model"] == "openai/gpt-4.1-mini" and "max_output" not in data
    assert "    azure/gpt-4.1-mini: max_output 65,536 > 32,768 (openai/gpt-4.1-mini)" in lines
    check(out)


def test_an_offer_that_says_more_than_its_model_is_a_card_of_its_own(
    tmp_path: Path, source: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Azure states an input kind the lab model lacks: written whole, without `model:`.
    azure = source / "providers/azure/models/gpt-4.1-mini.toml"
    azure.write_text(azure.read_text().replace('input = ["text", "image"]', AUDIO_TOO))
    out = tmp_path / "models"
    lines = run_import(capsys, source, out, "--verbose").splitlines()
    data = card(out, "azure/gpt-4.1-mini")
    assert "model" not in data and data["name"] == "GPT-4.1 mini"
    assert "audio" in data["modalities"]["input"]
    assert "    azure/gpt-4.1-mini: modalities.input ['audio'] (openai/gpt-4.1-mini)" in lines
    # The other offers still name the model card.
    assert card(out, "openai/gpt-4.1-mini")["model"] == "openai/gpt-4.1-mini"
    check(out)


def test_scores_on_an_offer_move_to_its_model_card(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "models"
    run_import(capsys, FIXTURE, out)
    # A person's score on the offer, of a benchmark the lab's data lacks (as the starter cards
    # had before model cards): kept, on the model card.
    path = out / "azure/gpt-4.1-mini.yaml"
    path.write_text(
        path.read_text() + "benchmarks:\n  aider-polyglot: {score: 99, source: https://y.example}\n"
        "  swe-bench-verified: {score: 55.1, source: https://x.example}\n"
    )
    (out / "benchmarks.yaml").write_text(
        (out / "benchmarks.yaml").read_text()
        + "swe-bench-verified:\n  name: SWE-Bench Verified\n  category: coding\n"
        "  description: Real GitHub issues, verified solvable.\n"
    )
    lines = run_import(capsys, FIXTURE, out, "--verbose").splitlines()
    assert "benchmarks" not in card(out, "azure/gpt-4.1-mini")
    scores = card(out, "labs/openai/gpt-4.1-mini")["benchmarks"]
    assert scores["swe-bench-verified"] == {"score": Decimal("55.1"), "source": "https://x.example"}
    assert scores["aider-polyglot"]["score"] == Decimal("32.4")  # the lab's own score stays
    assert "    azure/gpt-4.1-mini: swe-bench-verified → gpt-4.1-mini" in lines
    check(out)


def test_a_model_card_no_offer_names_is_not_written(
    tmp_path: Path, source: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Every offer of the model says more than it: no model card (a page of no offer) is made.
    for path in source.glob("providers/*/models/gpt-4.1-mini.toml"):
        if path.is_symlink():
            continue
        text = path.read_text()
        if 'input = ["text", "image"]' in text:
            path.write_text(text.replace('input = ["text", "image"]', AUDIO_TOO))
        else:
            path.write_text(text + '\n[modalities]\ninput = ["text", "audio"]\noutput = ["text"]\n')
    out = tmp_path / "models"
    text = run_import(capsys, source, out)
    assert not (out / "labs").exists()
    assert "model cards added" not in text
    check(out)


LABS = {
    key: {}
    for key in (
        "openai/gpt-4.1-mini", "openai/gpt-oss-120b", "deepseek/deepseek-v4-pro",
        "zhipuai/glm-5.2", "anthropic/claude-opus-4-5-20251101", "meta/llama-3.3-70b",
        "other/llama-3.3-70b",
    )
}  # fmt: skip


@pytest.mark.parametrize(
    ("provider", "source_id", "expected"),
    [
        ("azure", "gpt-4.1-mini", "openai/gpt-4.1-mini"),  # a bare id one lab has
        ("togetherai", "openai/gpt-oss-120b", "openai/gpt-oss-120b"),  # lab/model
        ("deepinfra", "deepseek-ai/DeepSeek-V4-Pro", "deepseek/deepseek-v4-pro"),  # Hub org
        ("togetherai", "zai-org/GLM-5.2", "zhipuai/glm-5.2"),
        ("amazon-bedrock", "eu.anthropic.claude-opus-4-5-20251101-v1:0",
         "anthropic/claude-opus-4-5-20251101"),  # a Bedrock inference profile and version
        ("amazon-bedrock", "anthropic.claude-opus-4-5-20251101-v1:0",
         "anthropic/claude-opus-4-5-20251101"),
        ("amazon-bedrock", "zai.glm-5.2", "zhipuai/glm-5.2"),
        ("amazon-bedrock", "openai.gpt-oss-120b-1:0", "openai/gpt-oss-120b"),  # a bare version
        ("azure", "llama-3.3-70b", None),  # two labs have that id: not guessed
        ("google-vertex", "openai-gpt-oss-120b-maas", None),  # a suffix: another offer
        ("fireworks-ai", "accounts/fireworks/models/glm-5p2", None),
        ("azure", "eu.anthropic.claude-opus-4-5-20251101-v1:0", None),  # Bedrock's ids only
    ],
)  # fmt: skip
def test_an_offer_without_base_model_is_linked_by_the_id_it_is_served_under(
    provider: str, source_id: str, expected: str | None
) -> None:
    assert named_lab_model(provider, source_id, LABS) == expected


@pytest.mark.parametrize(
    ("provider", "source_id", "geography"),
    [
        ("amazon-bedrock", "eu.anthropic.claude-opus-4-5-20251101-v1:0", "EU"),
        ("amazon-bedrock", "us-gov.anthropic.claude-sonnet-4-5-20250929-v1:0", "US"),
        ("amazon-bedrock", "apac.amazon.nova-pro-v1:0", "APAC"),
        ("amazon-bedrock", "global.anthropic.claude-opus-4-6-v1", "GLOBAL"),
        ("amazon-bedrock", "anthropic.claude-opus-4-5-20251101-v1:0", None),  # one region's
        ("azure", "eu.anthropic.claude-opus-4-5-20251101-v1:0", None),  # Bedrock's ids only
    ],
)  # fmt: skip
def test_a_bedrock_inference_profile_gets_its_geography(
    provider: str, source_id: str, geography: str | None
) -> None:
    data = {
        "name": "Claude", "release_date": "2025-11-01", "last_updated": "2025-11-01",
        "cost": {"input": 5, "output": 25},
    }  # fmt: skip
    facts = models_dev.convert(data, provider, source_id, Report())
    assert facts is not None
    assert facts.get("geography") == geography


def test_a_linked_offer_is_written_over_its_model_and_reported(
    tmp_path: Path, source: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    azure = source / "providers/azure/models/gpt-4.1-mini.toml"
    azure.write_text(azure.read_text().replace('base_model = "openai/gpt-4.1-mini"\n', ""))
    out = tmp_path / "models"
    lines = run_import(capsys, source, out, "--verbose").splitlines()
    assert card(out, "azure/gpt-4.1-mini")["model"] == "openai/gpt-4.1-mini"
    assert "    azure/gpt-4.1-mini → models/openai/gpt-4.1-mini.toml" in lines, (
        "the link is reported, for a reviewer to confirm"
    )
    check(out)


def test_an_offer_limit_above_its_models_is_left_out_and_reported() -> None:
    """A host of an open model states more output than the lab: the offer is still an offer of
    the model (a visitor asks where it runs), inheriting the lab's limit; the report says so."""
    from catalog.importers import merge
    from catalog.importers.report import OFFER_ABOVE_MODEL, OFFER_LIMIT_ABOVE_MODEL

    model = {
        "name": "GPT OSS 120B", "context_window": 131072, "max_output": 32768,
        "modalities": {"input": ["text"], "output": ["text"]},
    }  # fmt: skip
    offer = {
        "name": "OpenAI GPT 120B", "context_window": 128072, "max_output": 128072,
        "modalities": {"input": ["text"], "output": ["text"]},
        "pricing": {"input": Decimal("0.10"), "output": Decimal("0.50")},
    }  # fmt: skip
    report = Report()
    out = merge.factor(offer, model, "openai/gpt-oss-120b", "", "baseten/gpt-oss-120b", report)
    assert out is not None and out["model"] == "openai/gpt-oss-120b"
    assert "max_output" not in out  # inherits 32,768
    assert out["context_window"] == 128072  # its own, below the model's
    assert report.normalized == {
        OFFER_LIMIT_ABOVE_MODEL: [
            "baseten/gpt-oss-120b: max_output 128,072 > 32,768 (openai/gpt-oss-120b)"
        ]
    }
    # Another modality is still more than the model: a card of its own.
    vision = {**offer, "modalities": {"input": ["text", "image"], "output": ["text"]}}
    report = Report()
    assert merge.factor(vision, model, "openai/gpt-oss-120b", "", "x", report) is None
    assert list(report.normalized) == [OFFER_LIMIT_ABOVE_MODEL, OFFER_ABOVE_MODEL]
