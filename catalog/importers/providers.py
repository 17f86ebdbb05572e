"""What a new provider file and its logo are made from when the source does not say: where
well-known providers are based, the source's logo only when it is an SVG the site may publish,
and otherwise a monogram of our own.
"""

from __future__ import annotations

from catalog.importers.ids import digest
from catalog.importers.report import LOGO_REFUSED, Report
from catalog.importers.source import SourceProvider
from catalog.read.svg import logo_errors

# Where providers are based, for the providers whose headquarters are well known; the sources
# do not say. Any other provider's is left out, and reported, for a person to add in provider.yaml.
HEADQUARTERS: dict[str, str] = {
    **dict.fromkeys(
        [
            "openai", "anthropic", "google", "google-vertex", "google-vertex-anthropic",
            "gemini", "vertex_ai", "azure", "azure-cognitive-services", "azure_ai",
            "amazon-bedrock", "bedrock", "bedrock_converse", "nova", "xai", "groq",
            "cerebras", "togetherai", "together_ai", "fireworks-ai", "fireworks_ai",
            "deepinfra", "perplexity", "perplexity-agent", "openrouter", "huggingface",
            "github-copilot", "github-models", "gitlab", "cloudflare-ai-gateway",
            "cloudflare-workers-ai", "cloudflare", "databricks", "snowflake-cortex",
            "snowflake", "nvidia", "nvidia_nim", "vercel", "v0", "baseten", "digitalocean",
            "vultr", "wandb", "clarifai", "ollama-cloud", "ollama", "lmstudio", "venice",
            "helicone", "llama", "meta_llama", "inception", "poe", "replicate", "sambanova",
            "lambda_ai", "io-net", "tinfoil", "anyscale", "abacus", "opencode", "opencode-go",
            "gmicloud",
        ],
        "US",
    ),
    **dict.fromkeys(
        [
            "deepseek", "alibaba", "alibaba-cn", "alibaba-coding-plan", "alibaba-coding-plan-cn",
            "alibaba-token-plan", "alibaba-token-plan-cn", "dashscope", "moonshotai",
            "moonshotai-cn", "moonshot", "kimi-for-coding", "minimax", "minimax-cn",
            "minimax-coding-plan", "minimax-cn-coding-plan", "zhipuai", "zhipuai-coding-plan",
            "zai", "zai-coding-plan", "xiaomi", "xiaomi-token-plan-ams", "xiaomi-token-plan-cn",
            "xiaomi-token-plan-sgp", "stepfun", "stepfun-ai", "tencent-coding-plan",
            "tencent-tokenhub", "siliconflow", "siliconflow-cn", "modelscope", "qiniu-ai",
            "volcengine", "iflowcn", "bailing", "kuae-cloud-coding-plan", "drun", "302ai", "moark",
        ],
        "CN",
    ),
    **dict.fromkeys(["mistral", "scaleway", "ovhcloud"], "FR"),
    **dict.fromkeys(["cohere", "cohere_chat"], "CA"),
    **dict.fromkeys(["stackit", "sap-ai-core", "privatemode-ai"], "DE"),
    **dict.fromkeys(["berget", "evroc"], "SE"),
    "nebius": "NL",
    "regolo-ai": "IT",
    "cloudferro-sherlock": "PL",
    "upstage": "KR",
    "sarvam": "IN",
    "sakana": "JP",
}  # fmt: skip

_MONOGRAM_COLOURS = ("#8c3f1f", "#0a66c2", "#3b2fa0", "#1a4fb5", "#b3370a", "#0d6b4f", "#18181b")


def monogram_svg(provider_id: str, name: str) -> bytes:
    """Our own logo for a provider the source has none for: its first two letters on a colour
    picked from the provider id (the starter catalog's style; white on each has ≥ 4.5:1)."""
    letters = "".join(ch for ch in name if ch.isalnum())[:2] or provider_id[:2]
    letters = letters.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    colour = _MONOGRAM_COLOURS[int(digest(provider_id), 16) % len(_MONOGRAM_COLOURS)]
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" role="img">'
        f'<rect width="64" height="64" rx="14" fill="{colour}"/>'
        '<text x="32" y="42" text-anchor="middle" font-family="system-ui,sans-serif" '
        f'font-size="28" font-weight="700" fill="#fff">{letters}</text></svg>\n'
    ).encode()


def logo_for(provider: SourceProvider, report: Report) -> bytes:
    """The ``logo.svg`` of a new provider folder: the source's logo when it is an SVG the site
    may publish, else (none, or one refused and reported) our monogram."""
    if provider.logo is not None:
        where = provider.logo_origin or provider.origin
        errors = logo_errors(provider.logo, where)
        if not errors:
            return provider.logo or monogram_svg(provider.id, provider.name)
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        report.normalize(LOGO_REFUSED, f"{where}:{first.line}:{first.col}: {first.message}{more}")
    return monogram_svg(provider.id, provider.name)
