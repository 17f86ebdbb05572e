"""Issue 12: the quickstart snippets pass every value from site.yaml or a card as data.

A visitor pastes a snippet into a terminal or an editor and runs it, so a quote, ``$(…)``, a
backtick, ``;`` or a line break in the base URL, the key placeholder, the prompt or the model id
must come out as that very value, and nothing else may run. Each language is checked by the
tool that would run it: bash (also as an interactive shell, with history expansion), Python's own
parser, and node. And site.yaml refuses a base URL a shell could take for more than a URL.
"""

from __future__ import annotations

import ast
import html
import json
import os
import re
import shlex
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest
import yaml

from catalog.derive.snippets import Snippet, quickstart
from catalog.errors import ValidationFailed
from catalog.read.schema import Settings
from tests.conftest import load_ok

# Each would run `touch pwned` (or end a literal) if spliced in raw, in at least one language.
NASTY = [
    "it's",
    'say "hi"',
    "$(touch pwned)",
    "`touch pwned`",
    "x; touch pwned; #",
    "a\\b\\",
    "!!; !touch",
    "'; touch pwned; echo '",
    '"; touch pwned; echo "',
    "\"+require('fs').writeFileSync('pwned','')+\"",
    '"); import os; os.system("touch pwned"); ("',
    "</script><script>alert(1)</script><!--",
    "line\u2028sep\u2029para",
    "bidi \u202etxt.exe",
    "é 😀 \x7f",
]
# The prompt may hold line breaks and tabs; the key placeholder and the URL may not (site.yaml).
PROMPTS = [*NASTY, "first line\nsecond line\ttab\r\n"]
# Never accepted by site.yaml, and still quoted if a Settings is made without it.
URLS = [
    "https://router.example/v1;touch pwned;#",
    "https://router.example/$(touch pwned)",
    "https://router.example/`touch pwned`",
    "https://router.example/v1' ; touch pwned ; '",
    'https://router.example/v1" ; touch pwned ; "',
    "https://router.example/v1&touch pwned&",
]
MODEL_IDS = ["acme/it's\"$(touch pwned)`touch pwned`", "acme/</script>;x"]

PLAIN = {
    "name": "Router",
    "url": "https://models.router.example/",
    "base_url": "https://router.example/v1",
    "api_key_placeholder": "YOUR_KEY",
    "pricing_note": "No markup.",
    "pricing_faq_note": "We add no markup.",
    "benchmark_note": "Scores come from public leaderboards.",
    "quickstart_prompt": "Say hello.",
    "cost_scenarios": [{"input_tokens": 1, "output_tokens": 1}],
    "cta": {"text": "One key.", "label": "Sign up", "url": "https://router.example/sign-up"},
}


def make_site(**values: str) -> Settings:
    # model_copy does not validate: the snippets must be safe even for a Settings that bypassed
    # site.yaml's checks (the URLS above).
    return Settings.model_validate(PLAIN).model_copy(update=values)


class Case(NamedTuple):
    url: str
    key: str
    prompt: str
    model: str


def cases() -> list[Case]:
    """Every nasty value in every position, the others plain."""
    url, key, prompt = PLAIN["base_url"], PLAIN["api_key_placeholder"], PLAIN["quickstart_prompt"]
    out = [Case(url, nasty, prompt, "acme/rocket") for nasty in NASTY]
    out += [Case(url, key, nasty, "acme/rocket") for nasty in PROMPTS]
    out += [Case(nasty, key, prompt, "acme/rocket") for nasty in URLS]
    out += [Case(url, NASTY[0], NASTY[2], nasty) for nasty in MODEL_IDS]
    return out


CASES = cases()


def each_case(tmp_path: Path, check: Callable[[Case, Path], None]) -> None:
    """Run ``check`` on every case, each in an empty folder of its own; report every case that
    fails, not only the first."""
    failures = []
    for number, case in enumerate(CASES):
        folder = tmp_path / f"case{number}"
        folder.mkdir()
        try:
            check(case, folder)
        except AssertionError as exc:
            failures.append(f"{case!r}:\n  {exc}")
    assert not failures, "\n".join(failures)


def snippet(lang: str, case: Case) -> Snippet:
    site = make_site(base_url=case.url, api_key_placeholder=case.key, quickstart_prompt=case.prompt)
    (found,) = [s for s in quickstart(site, case.model) if s.lang == lang]
    # What the page shows is the code, HTML-escaped inside the highlighting's spans.
    assert "<script" not in found.html and "<!--" not in found.html
    shown = html.unescape(re.sub(r"<[^>]*>", "", found.html))
    assert shown == found.code.rstrip("\n") + "\n", "the highlighted code is not the code"
    return found


def expected_body(case: Case) -> dict[str, object]:
    return {"model": case.model, "messages": [{"role": "user", "content": case.prompt}]}


def curl_args(code: str, folder: Path, *, interactive: bool) -> list[str]:
    """The arguments bash passes to curl for the snippet, curl being a function that prints them
    (NUL-separated). Interactive: fed on stdin to ``bash -i``, as a paste into a terminal is,
    with history expansion on."""
    define = "curl() { printf '%s\\0' \"$@\"; }\n"
    env = {"PATH": os.environ["PATH"], "HISTFILE": "/dev/null", "LC_ALL": "C.UTF-8"}
    if interactive:
        command, stdin = ["bash", "--norc", "--noprofile", "-i"], define + code
    else:
        command, stdin = ["bash", "--norc", "--noprofile", "-c", define + code], ""
    result = subprocess.run(
        command, input=stdin, capture_output=True, text=True, cwd=folder, timeout=30,
        check=False, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout.split("\0")[:-1]


def test_curl_snippet_passes_each_value_as_one_argument(tmp_path: Path) -> None:
    def check(case: Case, folder: Path) -> None:
        code = snippet("curl", case).code
        syntax = subprocess.run(["bash", "-n"], input=code, text=True, capture_output=True)
        assert syntax.returncode == 0, syntax.stderr
        want = [f"{case.url}/chat/completions", "-H", f"Authorization: Bearer {case.key}", "-H",
                "Content-Type: application/json", "-d"]  # fmt: skip
        if "$'" not in code:  # shlex knows no ANSI-C quoting, used only for unprintable values
            # shlex reads the line as a POSIX shell would (line continuations joined first).
            words = shlex.split(code.replace("\\\n", " "))
            assert words[0] == "curl"
            assert words[1:-1] == want
            assert json.loads(words[-1]) == expected_body(case)
        for interactive in (False, True):
            args = curl_args(code, folder, interactive=interactive)
            assert args[:-1] == want, f"interactive={interactive}"
            assert json.loads(args[-1]) == expected_body(case)
            assert list(folder.iterdir()) == [], "the snippet ran something besides curl"

    each_case(tmp_path, check)


def _string_value(node: ast.expr | None) -> str:
    assert isinstance(node, ast.Constant), ast.dump(node) if node else None
    assert isinstance(node.value, str)
    return node.value


def test_python_snippet_holds_each_value_as_a_string_constant(tmp_path: Path) -> None:
    def check(case: Case, _: Path) -> None:
        tree = ast.parse(snippet("python", case).code)
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
        names = [ast.unparse(c.func).rpartition(".")[2] for c in calls]
        assert sorted(names) == ["OpenAI", "create", "print"]  # nothing else is called
        imports = [n for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)]
        assert len(imports) == 1
        keywords = {k.arg: k.value for c in calls for k in c.keywords}
        assert _string_value(keywords["api_key"]) == case.key
        assert _string_value(keywords["base_url"]) == case.url
        assert _string_value(keywords["model"]) == case.model
        messages = keywords["messages"]
        assert isinstance(messages, ast.List)
        (message,) = messages.elts
        assert isinstance(message, ast.Dict)
        assert [_string_value(k) for k in message.keys] == ["role", "content"]
        assert [_string_value(v) for v in message.values] == ["user", case.prompt]

    each_case(tmp_path, check)


# The OpenAI client replaced by one that prints what it was given.
_FAKE_OPENAI = """class OpenAI {
  constructor(options) {
    this.chat = { completions: { create: async (request) => {
      process.stdout.write(JSON.stringify([options, request]) + "\\0");
      return { choices: [{ message: { content: "" } }] };
    } } };
  }
}
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_javascript_snippet_holds_each_value_as_a_string_literal(tmp_path: Path) -> None:
    def check(case: Case, folder: Path) -> None:
        code = snippet("javascript", case).code
        script = folder / "snippet.mjs"
        script.write_text(code, encoding="utf-8")
        syntax = subprocess.run(["node", "--check", str(script)], capture_output=True, text=True)
        assert syntax.returncode == 0, syntax.stderr
        # Could it close a <script> element or open an HTML comment, if it were ever inlined?
        assert "</" not in code and "<!--" not in code
        first, rest = code.split("\n", 1)
        assert first == 'import OpenAI from "openai";'
        script.write_text(_FAKE_OPENAI + rest, encoding="utf-8")
        run = subprocess.run(
            ["node", str(script)], capture_output=True, text=True, cwd=folder, timeout=30
        )
        assert run.returncode == 0, run.stderr
        options, request = json.loads(run.stdout.split("\0")[0])
        assert options == {"apiKey": case.key, "baseURL": case.url}
        assert request == expected_body(case)
        assert [p.name for p in folder.iterdir()] == ["snippet.mjs"]

    each_case(tmp_path, check)


# --------------------------------------------------------------------------- site.yaml


def _site_yaml_errors(catalog_dir: Path, key: str, yaml_value: str) -> list[str]:
    """The errors of the catalog with ``key`` of site.yaml set to ``yaml_value`` (as written in
    YAML), [] if it is valid and reads ``key`` back as written; site.yaml is restored after."""
    path = catalog_dir / "site.yaml"
    original = path.read_text()
    lines = original.splitlines(keepends=True)
    (index,) = [i for i, line in enumerate(lines) if line.startswith(f"{key}:")]
    lines[index] = f"{key}: {yaml_value}\n"
    path.write_text("".join(lines))
    try:
        site = load_ok(catalog_dir).settings
    except ValidationFailed as exc:
        return [str(e) for e in exc.errors]
    finally:
        path.write_text(original)
    assert yaml.safe_load(f"v: {yaml_value}")["v"] == getattr(site, key)
    return []


BASE_URL_EXPECTED = (
    "(expected the router's OpenAI-compatible base URL, https:// without spaces, quotes, "
    "backslashes or shell metacharacters)"
)
# (base_url as written in site.yaml, the message; None: accepted)
BASE_URLS = [
    ("'https://router.example/v1;touch x;#'", "contains a space"),
    ("https://router.example/v1;touch", "contains ';', a shell metacharacter"),
    ("'https://router.example/$(id)'", "contains '$', a shell metacharacter"),
    ("'https://router.example/`id`'", "contains '`', a shell metacharacter"),
    ("https://router.example/v1|sh", "contains '|', a shell metacharacter"),
    ("https://router.example/v1&x", "contains '&', a shell metacharacter"),
    ("https://router.example/v1>x", "contains '>', a shell metacharacter"),
    ("https://router.example/v1<x", "contains '<', a shell metacharacter"),
    ("https://router.example/v1!x", "contains '!', a shell metacharacter"),
    ("https://router.example/v1?x", "contains '?', a shell metacharacter"),
    ("https://router.example/v*", "contains '*', a shell metacharacter"),
    ("https://router.example/{a,b}", "contains '{', a shell metacharacter"),
    ("https://router.example/(v1)", "contains '(', a shell metacharacter"),
    ("https://router.example/[v1]", "contains '[', a shell metacharacter"),
    ("https://router.example/it's", 'contains "\'", a quote'),
    ("'https://router.example/\"v1'", "contains '\"', a quote"),
    ("https://router.example\\v1", "contains '\\\\', a backslash"),
    ('"https://router.example/v1\\ntouch x"', "contains the line break U+000A"),
    ('"https://router.example/v1\\t"', "contains the control character U+0009"),
    ('"https://router.example/\\u00a0v1"', "contains the space U+00A0"),
    ("http://router.example/v1", "is not an https:// URL"),
    ("router.example/v1", "is not an https:// URL"),
    ("https:///v1", "has no host name"),
    ("https://router.example:99999/v1", "is not a valid URL"),
    # A URL needs none of those: these stay valid.
    ("https://router.example/v1", None),
    ("https://router.example:8443/openai/v1", None),
    ("https://router.example/v1/", None),
    ("https://router.example/~team/v1%20x,y=z@w", None),
    ("https://роутер.example/v1", None),
]


def test_base_url_that_a_shell_would_read_as_more_is_a_located_error(catalog_dir: Path) -> None:
    failures = []
    for yaml_value, message in BASE_URLS:
        got = _site_yaml_errors(catalog_dir, "base_url", yaml_value)
        if message is None:
            ok = got == []
        else:
            ok = (
                len(got) == 1
                and got[0].startswith("models/site.yaml:3:11: base_url: ")
                and got[0].endswith(f" {message} {BASE_URL_EXPECTED}")
            )
        if not ok:
            failures.append(f"{yaml_value}: {got}")
    assert not failures, "\n".join(failures)
    # A bidirectional override is refused by the loader, in every value of every file, first.
    got = _site_yaml_errors(catalog_dir, "base_url", '"https://router.example/\\u202ev1"')
    assert len(got) == 1 and got[0].startswith("models/site.yaml:3:11: base_url: character 24 ")
    assert "U+202E" in got[0]


def test_key_placeholder_on_more_than_one_line_is_a_located_error(catalog_dir: Path) -> None:
    expected = "(expected the placeholder shown for the API key, one line of printable characters)"
    for yaml_value, message in [
        ('"KEY\\nHost: evil"', "'KEY\\nHost: evil' contains the line break U+000A"),
    ]:
        assert _site_yaml_errors(catalog_dir, "api_key_placeholder", yaml_value) == [
            f"models/site.yaml:4:22: api_key_placeholder: {message} {expected}"
        ]
    # What the loader refuses in every value never gets as far as the schema.
    for yaml_value, code in [('"KEY\\u2028"', "U+2028"), ('"KEY\\u202e"', "U+202E")]:
        got = _site_yaml_errors(catalog_dir, "api_key_placeholder", yaml_value)
        assert len(got) == 1 and got[0].startswith("models/site.yaml:4:22: api_key_placeholder: ")
        assert f"character 4 of the value is {code}" in got[0]
    # Quotes and shell syntax are fine in a placeholder: the snippets quote it.
    assert _site_yaml_errors(catalog_dir, "api_key_placeholder", "'<your \"key\" $(x)>'") == []
