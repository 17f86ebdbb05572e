"""`catalog import litellm`: LiteLLM's price list (a committed fixture written from its documented
format, tests/fixtures/import/litellm) in, chat-model cards with exact per-1M prices out."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from catalog.authoring.cardtext import plain
from catalog.cli import make_parser
from catalog.importers import litellm
from catalog.importers.report import FLOAT_NOISE, Report
from catalog.read import load
from catalog.write.pipeline import build, check
from tests.test_cli import run

FIXTURE = Path(__file__).parent / "fixtures/import/litellm/model_prices_and_context_window.json"

# *_batches and *_priority prices become pricing.batch and pricing.priority, exact per 1M tokens;
# supported_modalities and supported_output_modalities, agreeing with the flags, modalities.
OPENAI_GPT_41_MINI = """\
name: gpt-4.1-mini
description: >-
  gpt-4.1-mini is a model served by OpenAI. It accepts text, image and PDF input and returns text.
  It supports tool calling, structured output and prompt caching.
api: chat
capabilities: [vision, tool_calling, caching, structured_output, pdf]
context_window: 1047576
max_output: 32768
modalities:
  input: [text, image, pdf]
  output: [text]
added: 2026-07-01
pricing:
  input: 0.40
  output: 1.60
  cache_read: 0.10
  batch: {input: 0.20, output: 0.80}
  priority: {input: 0.70, output: 2.80, cache_read: 0.175}
"""


def run_import(
    capsys: pytest.CaptureFixture[str], out: Path, *extra: str, source: Path = FIXTURE
) -> str:
    argv = ["import", "litellm", str(source), "--out", str(out), "--added", "2026-07-01", *extra]
    args = make_parser().parse_args(argv)
    assert args.func(args) == 0
    return capsys.readouterr().out


def card(out: Path, model_id: str) -> dict:
    return load.read(out / f"{model_id}.yaml").data


def test_import_passes_check_and_builds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "models"
    text = run_import(capsys, out)
    assert "5 providers, 5 models imported" in text
    catalog = check(out)
    assert [m.id for m in catalog.models] == [
        "anthropic/claude-3-5-haiku-20241022",
        "azure/gpt-4o-2024-05-13",
        "groq/llama-3.1-8b-instant",
        "openai/gpt-4.1-mini",
        "somecloud/mystery-model",
    ]
    assert build(out, tmp_path / "site").pages == 5


def test_card_text_is_exactly_as_expected(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "models"
    run_import(capsys, out)
    assert (out / "openai/gpt-4.1-mini.yaml").read_text() == OPENAI_GPT_41_MINI


def test_per_token_prices_become_exact_prices_per_million(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = Report()
    cases = {
        "4e-07": "0.4",
        "1.6e-06": "1.6",
        "1.5e-05": "15",
        "8e-08": "0.08",
        "2.5e-09": "0.0025",
    }
    for per_token, per_million in cases.items():
        value = litellm._per_million(Decimal(per_token), per_token, report)
        assert plain(value) == per_million
    assert not report.normalized  # exact values are not noise
    noisy = litellm._per_million(Decimal("8.000000000000001e-08"), "noisy", report)
    assert noisy == Decimal("0.08") and len(report.normalized[FLOAT_NOISE]) == 1

    out = tmp_path / "models"
    text = run_import(capsys, out)
    haiku = card(out, "anthropic/claude-3-5-haiku-20241022")["pricing"]
    assert haiku == {"input": Decimal("0.80"), "output": 4, "cache_write": 1,
                     "cache_read": Decimal("0.08")}  # fmt: skip
    assert card(out, "groq/llama-3.1-8b-instant")["pricing"]["output"] == Decimal("0.08")
    assert "groq/llama-3.1-8b-instant: output_cost_per_token (per token)" in text
    assert "claude-3-5-haiku-20241022: input_cost_per_token_above_200k_tokens" in text


def test_only_chat_models_become_cards_and_other_modes_are_counted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "models"
    lines = run_import(capsys, out).splitlines()
    for mode in ("embedding", "image_generation", "audio_transcription", "audio_speech"):
        assert f"  entries that are not chat models: mode {mode}: 1" in lines
    assert "skipped: 4" in lines  # sample_spec documents the format: neither a card nor counted
    assert not list(out.rglob("*embedding*")) and not list(out.rglob("*sample*"))
    assert card(out, "groq/llama-3.1-8b-instant").keys() >= {"name", "pricing", "added"}
    assert "context_window" not in card(out, "groq/llama-3.1-8b-instant")  # max_tokens only
    assert "max_output" not in card(out, "somecloud/mystery-model")  # 0 is unknown, not zero
    assert (out / "somecloud/provider.yaml").read_text() == (
        "name: somecloud\nlogo: logo.svg\nwebsite: https://docs.litellm.ai/docs/providers\n"
    )  # headquarters unknown: left out, not invented


def test_deprecation_date_marks_the_model_deprecated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "models"
    text = run_import(capsys, out)
    azure = card(out, "azure/gpt-4o-2024-05-13")
    assert azure["status"] == "deprecated" and azure["retires"] == "2025-06-30"
    haiku = card(out, "anthropic/claude-3-5-haiku-20241022")
    assert haiku["status"] == "deprecated" and "retires" not in haiku
    assert "    claude-3-5-haiku-20241022: deprecation_date 2025-02-30" in text.splitlines()


def test_reimport_keeps_added_and_what_a_person_wrote(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "models"
    run_import(capsys, out)
    path = out / "openai/gpt-4.1-mini.yaml"
    text = path.read_text()
    path.write_text(text.replace(text.split("\napi:")[0], "name: GPT-4.1 mini\ndescription: Ours."))
    changed = FIXTURE.read_text().replace(
        '"input_cost_per_token": 4e-07', '"input_cost_per_token": 3.5e-07'
    )
    source = tmp_path / "prices.json"
    source.write_text(changed)
    args = ["import", "litellm", str(source), "--out", str(out), "--added", "2026-08-01"]
    parsed = make_parser().parse_args(args)
    assert parsed.func(parsed) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "added 0, changed 1, gone 0" in lines
    assert "  openai/gpt-4.1-mini: name: GPT-4.1 mini → gpt-4.1-mini" in lines
    assert "  openai/gpt-4.1-mini: pricing.input: 0.40 → 0.35" in lines
    data = card(out, "openai/gpt-4.1-mini")
    assert data["description"] == "Ours." and data["added"] == "2026-07-01"
    check(out)


def test_dry_run_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "models"
    text = run_import(capsys, out, "--dry-run")
    assert "added 5, changed 0, gone 0" in text and "dry run: nothing was written" in text
    assert not out.exists()


def test_a_broken_file_is_one_located_error(tmp_path: Path) -> None:
    broken = tmp_path / "prices.json"
    broken.write_text('{\n  "gpt-4": {"mode": "chat",}\n}\n')
    result = run("import", "litellm", "prices.json", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "prices.json:2:28: JSON syntax error: Expecting property name enclosed in double quotes "
        "(expected LiteLLM's model_prices_and_context_window.json)",
        "1 error; nothing was written",
    ]
    assert not (tmp_path / "models").exists()


def test_long_context_prices_become_tiers_the_window_can_reach() -> None:
    entry = {
        "litellm_provider": "gemini",
        "mode": "chat",
        "max_input_tokens": 1048576,
        # As the importer's JSON reader gives them: exact decimals, never floats.
        "input_cost_per_token": Decimal("1.25e-06"),
        "output_cost_per_token": Decimal("1e-05"),
        "input_cost_per_token_above_200k_tokens": Decimal("2.5e-06"),
        "output_cost_per_token_above_200k_tokens": Decimal("1.5e-05"),
    }
    report = Report()
    facts = litellm._convert("gemini/gemini-2.5-pro", entry, "2026-12-01", report)
    assert facts["pricing"]["tiers"] == [{"above": 200000, "input": Decimal("2.50"), "output": 15}]
    # A tier at the context window cannot be reached: reported, not kept.
    entry["max_input_tokens"] = 200000
    facts = litellm._convert("gemini/gemini-2.5-pro", entry, "2026-12-01", report)
    assert "tiers" not in facts["pricing"]


def test_one_hour_cache_reasoning_audio_and_image_prices_are_kept() -> None:
    # LiteLLM's names for them (its model_prices_and_context_window.json), per token.
    entry = {
        "litellm_provider": "anthropic",
        "mode": "chat",
        "input_cost_per_token": Decimal("3e-06"),
        "output_cost_per_token": Decimal("1.5e-05"),
        "cache_creation_input_token_cost": Decimal("3.75e-06"),
        "cache_creation_input_token_cost_above_1hr": Decimal("6e-06"),
        "output_cost_per_reasoning_token": Decimal("2e-05"),
        "input_cost_per_audio_token": Decimal("1e-04"),
        "output_cost_per_audio_token": Decimal("2e-04"),
        "input_cost_per_image_token": Decimal("5e-06"),
        "output_cost_per_image_token": Decimal("4e-05"),
        "search_context_cost_per_query": {"search_context_size_low": Decimal("0.01")},
    }
    report = Report()
    pricing = litellm._convert("claude-x", entry, "2026-12-01", report)["pricing"]
    assert pricing == {
        "input": 3, "output": 15, "cache_write": Decimal("3.75"), "cache_write_1h": 6,
        "reasoning": 20, "audio_input": 100, "audio_output": 200, "image_input": 5,
        "image_output": 40,
    }  # fmt: skip
    # a fee per search by context size has no field: counted, not guessed
    assert report.not_represented == {
        litellm.OTHER_PRICES: ["claude-x: search_context_cost_per_query"]
    }


def test_the_source_of_the_prices_is_kept_when_it_is_an_https_url() -> None:
    entry = {
        "litellm_provider": "gemini",
        "mode": "chat",
        "input_cost_per_token": Decimal("1.25e-06"),
        "output_cost_per_token": Decimal("1e-05"),
        "source": "https://ai.google.dev/gemini-api/docs/pricing",
    }
    report = Report()
    pricing = litellm._convert("gemini/gemini-2.5-pro", entry, "2026-12-01", report)["pricing"]
    assert pricing["source"] == "https://ai.google.dev/gemini-api/docs/pricing"
    assert report.normalized == {}
    for bad in ("http://example.com/pricing", "see the docs", "https://a b", 7):
        report = Report()
        pricing = litellm._convert("x", {**entry, "source": bad}, "2026-12-01", report)["pricing"]
        assert "source" not in pricing
        assert list(report.normalized) == [litellm.SOURCE_NOT_HTTPS]


def test_modalities_that_disagree_with_the_flags_are_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "prices.json"
    data = json.loads(FIXTURE.read_text())
    # Image input without supports_vision: which one is right is a person's call.
    data["gpt-4.1-mini"].pop("supports_vision")
    source.write_text(json.dumps(data))
    text = run_import(capsys, tmp_path / "models", "--verbose", source=source)
    assert "modalities" not in card(tmp_path / "models", "openai/gpt-4.1-mini")
    assert "    gpt-4.1-mini: image input and supports_vision" in text.splitlines()
    check(tmp_path / "models")
