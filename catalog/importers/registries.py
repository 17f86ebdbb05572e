"""What the importers know that the sources do not say, for the registries of a models folder:
the capabilities they derive and the benchmarks they recognize (the entries of
``capabilities.yaml`` and ``benchmarks.yaml``), the neutral settings of a new ``site.yaml``, and
the text of those files.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from catalog.authoring.cardtext import block
from catalog.read import gate

# The capabilities the importers can derive, in the order cards list them.
CAPABILITIES: dict[str, dict[str, str]] = {
    "vision": {"label": "Vision", "icon": "👁", "phrase": "vision input"},
    "tool_calling": {"label": "Tool calling", "icon": "🔧", "phrase": "tool calling"},
    "caching": {"label": "Caching", "icon": "⚡", "phrase": "prompt caching"},
    "reasoning": {"label": "Reasoning", "icon": "🧠", "phrase": "step-by-step reasoning"},
    "structured_output": {
        "label": "Structured output",
        "icon": "{}",
        "phrase": "structured (JSON schema) output",
    },
    "pdf": {"label": "PDF input", "icon": "📄", "phrase": "PDF input"},
    "audio": {"label": "Audio input", "icon": "🎧", "phrase": "audio input"},
    "video": {"label": "Video input", "icon": "🎬", "phrase": "video input"},
    "image_output": {"label": "Image output", "icon": "🖼", "phrase": "image output"},
    "audio_output": {"label": "Audio output", "icon": "🔊", "phrase": "audio output"},
    "open_weights": {"label": "Open weights", "icon": "🔓", "phrase": "open weights"},
}


def ordered_capabilities(ids: Iterable[str]) -> list[str]:
    wanted = set(ids)
    return [c for c in CAPABILITIES if c in wanted]


@dataclass(frozen=True)
class BenchmarkInfo:
    id: str
    name: str
    category: str
    description: str
    unit: str = "%"


# Benchmarks the importers know, by id. Ids and names match models/benchmarks.yaml where the
# starter catalog already has the benchmark. A score of an unknown benchmark is reported, never
# given an invented category or description.
BENCHMARKS: dict[str, BenchmarkInfo] = {
    b.id: b
    for b in [
        BenchmarkInfo(
            "swe-bench-verified",
            "SWE-Bench Verified",
            "coding",
            "Resolving real GitHub issues from 12 popular Python repositories.",
        ),
        BenchmarkInfo(
            "swe-bench-pro",
            "SWE-Bench Pro (public)",
            "coding",
            "Resolving long-horizon software engineering tasks from real repositories "
            "(Scale AI's public set).",
        ),
        BenchmarkInfo(
            "swe-bench-pro-hard-aa",
            "SWE-Bench Pro (hard subset, Artificial Analysis)",
            "coding",
            "A hard subset of SWE-Bench Pro tasks, run by Artificial Analysis with coding agents.",
        ),
        BenchmarkInfo(
            "swe-bench-multilingual",
            "SWE-Bench Multilingual",
            "coding",
            "Resolving real GitHub issues in repositories written in several programming "
            "languages.",
        ),
        BenchmarkInfo(
            "aider-polyglot",
            "Aider Polyglot",
            "coding",
            "Solving hard Exercism exercises in C++, Go, Java, JavaScript, Python and Rust by "
            "editing code.",
        ),
        BenchmarkInfo(
            "scicode",
            "SciCode",
            "coding",
            "Writing code to solve research-level problems from the natural sciences.",
        ),
        BenchmarkInfo(
            "livecodebench",
            "LiveCodeBench",
            "coding",
            "Competitive-programming problems collected continuously from recent contests.",
        ),
        BenchmarkInfo(
            "livecodebench-pro",
            "LiveCodeBench Pro",
            "coding",
            "Hard competitive-programming problems from recent top-level contests.",
        ),
        BenchmarkInfo(
            "nl2repo",
            "NL2Repo",
            "coding",
            "Building a whole code repository from a natural-language specification.",
        ),
        BenchmarkInfo(
            "swe-atlas-qna",
            "SWE-Atlas Codebase QnA",
            "coding",
            "Answering questions about large real-world codebases (Scale AI's SWE-Atlas).",
        ),
        BenchmarkInfo(
            "swe-atlas-refactoring",
            "SWE-Atlas Refactoring",
            "coding",
            "Refactoring code in real-world repositories (Scale AI's SWE-Atlas).",
        ),
        BenchmarkInfo(
            "swe-atlas-test-writing",
            "SWE-Atlas Test Writing",
            "coding",
            "Writing tests for real-world repositories (Scale AI's SWE-Atlas).",
        ),
        BenchmarkInfo(
            "terminal-bench",
            "Terminal-Bench 2.1",
            "agentic",
            "Completing real-world tasks in a command-line terminal as an agent.",
        ),
        BenchmarkInfo(
            "terminal-bench-2.0",
            "Terminal-Bench 2.0",
            "agentic",
            "Completing real-world tasks in a command-line terminal as an agent (version 2.0).",
        ),
        BenchmarkInfo(
            "terminal-bench-hard",
            "Terminal-Bench Hard",
            "agentic",
            "A subset of hard Terminal-Bench command-line agent tasks, as run by Artificial "
            "Analysis.",
        ),
        BenchmarkInfo(
            "claw-eval",
            "Claw-eval",
            "agentic",
            "Multi-step tasks carried out by an autonomous agent with tools.",
        ),
        BenchmarkInfo(
            "tau3-banking",
            "τ3 Banking",
            "agentic",
            "Customer-service conversations in a banking domain, solved with tools "
            "(τ-bench family).",
        ),
        BenchmarkInfo(
            "cti-realm",
            "CTI-REALM",
            "agentic",
            "Cyber-threat-intelligence tasks carried out by an agent.",
        ),
        BenchmarkInfo(
            "gpqa-diamond",
            "GPQA Diamond",
            "reasoning",
            "Graduate-level physics, chemistry & biology questions designed to resist Googling.",
        ),
        BenchmarkInfo(
            "hle",
            "Humanity’s Last Exam",
            "knowledge",
            "Expert-written questions at the frontier of human knowledge, across many subjects.",
        ),
        BenchmarkInfo(
            "charxiv-reasoning",
            "CharXiv Reasoning",
            "multimodal",
            "Reasoning questions about charts taken from arXiv papers.",
        ),
        BenchmarkInfo(
            "long-context-reasoning",
            "Long Context Reasoning",
            "long-context",
            "Reasoning over long inputs.",
        ),
        BenchmarkInfo(
            "mrcr-v2",
            "MRCR v2",
            "long-context",
            "Multi-round coreference resolution: finding one of several similar requests in a "
            "long conversation.",
        ),
        BenchmarkInfo(
            "aa-coding-index",
            "Artificial Analysis Coding Index",
            "composite",
            "Artificial Analysis's composite score over its coding evaluations, on a 0–100 scale.",
            unit="",
        ),
        BenchmarkInfo(
            "aa-coding-agent-index",
            "Artificial Analysis Coding Agent Index",
            "composite",
            "Artificial Analysis's composite score for coding agents (model and harness "
            "together), on a 0–100 scale.",
            unit="",
        ),
    ]
}


# A new site.yaml: settings that pass the check and say nothing of any one router, to edit.
SITE_SETTINGS: dict[str, Any] = {
    "name": "Model catalog",
    "url": "https://catalog.example.com/",
    "base_url": "https://api.example.com/v1",
    "api_key_placeholder": "YOUR_API_KEY",
    "pricing_note": "Prices are the providers' list prices in USD per 1M tokens.",
    "pricing_faq_note": "Prices are the providers' list prices.",
    "benchmark_note": (
        "Scores come from the imported data set and the sources it cites. Benchmarks measure "
        "specific skills; test on your own workload."
    ),
    "quickstart_prompt": "Explain quantum computing in one paragraph.",
    "cost_scenarios": [
        {"input_tokens": 100000, "output_tokens": 10000},
        {"input_tokens": 1000000, "output_tokens": 100000},
        {"input_tokens": 10000000, "output_tokens": 1000000},
    ],
    "other_models_limit": 8,
    "cta": {
        "text": "Call every model in this catalog through one API.",
        "label": "Get started",
        "url": "https://catalog.example.com/",
    },
}

# The first lines of each registry file the import creates: what the file is.
REGISTRY_HEADERS = {
    gate.BENCHMARKS_FILE: (
        "# Benchmarks a card can score, by id. Scores are on the scale [min, max] "
        "(default 0–100, in %).\n"
    ),
    gate.CAPABILITIES_FILE: (
        "# Capabilities a card can list, by id. `phrase` is how the FAQ names it in a sentence.\n"
    ),
    gate.SITE_FILE: (
        "# Site settings: what every page says about the router that serves the models.\n"
        "# Neutral values written by `catalog import`: edit them.\n"
    ),
}


def _registry_entry(kind: str, entry_id: str) -> dict[str, Any]:
    if kind == gate.CAPABILITIES_FILE:
        return dict(CAPABILITIES[entry_id])
    info = BENCHMARKS[entry_id]
    entry: dict[str, Any] = {
        "name": info.name,
        "category": info.category,
        "description": info.description,
    }
    if info.unit != "%":
        entry["unit"] = info.unit
    return entry


def registry_text(kind: str, ids: Iterable[str]) -> str:
    """The entries ``ids`` of the registry ``kind`` (a file name) as YAML text, in that order."""
    lines = []
    for entry_id in ids:
        lines.append(f"{entry_id}:")
        for key, value in _registry_entry(kind, entry_id).items():
            lines += block(key, value, 2)
    return "\n".join(lines) + "\n" if lines else "{}\n"
