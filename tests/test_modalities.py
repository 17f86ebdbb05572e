"""What a model reads and writes, and the largest prompt it takes: checked against the card's
capabilities and context window, shown on the page and in the JSON, and respected by the cost
table (GPT-5: 400K context, 272K input, 128K output; models.dev providers/openai/models)."""

from __future__ import annotations

import json
from pathlib import Path

from catalog.derive.site import derive
from catalog.write.pipeline import check
from tests.conftest import PROJECT, errors_of
from tests.test_validation import ROCKET, replace


def test_gpt5_shows_its_input_limit_and_modalities() -> None:
    page = next(p for p in derive(check(PROJECT / "models")).pages if p.id == "openai/gpt-5")
    specs = {fact.label: fact.value for fact in page.specs}
    assert specs["Context window"] == "400K tokens"
    assert specs["Max input"] == "272K tokens"
    assert specs["Accepts"] == "Text, image" and specs["Returns"] == "Text"
    assert "and a maximum prompt of 272K tokens" in page.faq[1].answer
    # 1M input is over the 272K maximum prompt: four requests of 250K, not three of 333K.
    assert page.costs[1].label == (
        "1M input + 100K output (as 4 requests of 250K input + 25K output tokens)"
    )


def test_the_json_says_what_it_reads_and_writes(starter_site: Path) -> None:
    record = json.loads((starter_site / "api/models/openai/gpt-5.json").read_text())
    assert record["modalities"] == {"input": ["text", "image"], "output": ["text"]}
    assert record["max_input"] == 272000
    gemini = json.loads((starter_site / "api/models/google/gemini-2.5-pro.json").read_text())
    assert gemini["modalities"]["input"] == ["text", "image", "audio", "video", "pdf"]
    assert gemini["max_input"] is None  # the context window is the limit


def test_modalities_and_input_capabilities_must_agree(catalog_dir: Path) -> None:
    replace(
        catalog_dir / "acme/rocket.yaml",
        "max_output: 16384\n",
        "max_output: 16384\nmax_input: 200000\nmodalities:\n  input: [text, pdf]\n"
        "  output: [text]\n",
    )
    assert errors_of(catalog_dir) == [
        f"{ROCKET}:3:16: capabilities[0]: 'vision' without image among modalities.input "
        "(expected image input, or not 'vision')",
        f"{ROCKET}:6:12: max_input: 200,000 is above the context window of 128,000 "
        "(expected at most the context window)",
        f"{ROCKET}:8:17: modalities.input[1]: pdf input without the 'pdf' capability "
        "(expected 'pdf' in capabilities)",
    ]


def test_an_unknown_modality_is_refused(catalog_dir: Path) -> None:
    replace(
        catalog_dir / "acme/rocket.yaml",
        "max_output: 16384\n",
        "max_output: 16384\nmodalities:\n  input: [text, image, smell]\n  output: [text]\n",
    )
    errors = errors_of(catalog_dir)
    assert len(errors) == 1
    assert errors[0].startswith(f"{ROCKET}:7:24: modalities.input[2]: ")
    assert "'text', 'image', 'audio', 'video' or 'pdf'" in errors[0]
