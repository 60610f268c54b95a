"""``--format report``: a Markdown performance review ranked by impact, the shape a
performance engineer hands over: a summary table, then one "Bottleneck #N" entry per rule
and function, with where it is, what the code does now, why it is slow, the fix, and the
rule's page. Findings about perflint's own input (PFL0xx) are listed apart."""

from __future__ import annotations

from collections import Counter
from itertools import groupby

from perflint.findings import Finding
from perflint.fingerprint import project_path
from perflint.registry import ENGINE_CODES
from perflint.report.context import ReportContext
from perflint.rule import IMPACTS
from perflint.rule_docs import read, url

_RANK = {impact: rank for rank, impact in enumerate(IMPACTS)}


def _code(text: str) -> str:
    """`text` as an inline code span, even when it holds backticks."""
    fence = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _top_level(message: str, separator: str) -> list[int]:
    """Where `separator` occurs outside code spans and parentheses."""
    found, code, depth = [], False, 0
    for i, char in enumerate(message):
        if char == "`":
            code = not code
        elif not code and char in "()":
            depth += 1 if char == "(" else -1
        elif not code and depth == 0 and message.startswith(separator, i):
            found.append(i)
    return found


def problem_and_fix(message: str) -> tuple[str, str]:
    """A finding message's halves. Messages read "what is wrong: why; what to do" or
    "what is wrong: what to do": the first colon (after more than a code span) ends the
    problem, and a last semicolon after it starts the fix."""
    for colon in _top_level(message, ": "):
        head = message[:colon].strip()
        if head.startswith("`") and head.endswith("`") and head.count("`") == 2:
            continue  # "`x NOT IN (...)`: ..." names the code, it states no problem
        semicolons = [i for i in _top_level(message, "; ") if i > colon]
        cut = semicolons[-1] if semicolons else colon
        return message[:cut].strip(), message[cut + 2 :].strip()
    return message, ""


def _summary(findings: list[Finding]) -> list[str]:
    counts = Counter((f.impact, f.code, f.name) for f in findings)
    rows = sorted(counts.items(), key=lambda item: (_RANK[item[0][0]], item[0][1]))
    lines = ["| Impact | Rule | Findings |", "|---|---|---:|"]
    lines += [f"| {impact.upper()} | {code} {name} | {n} |" for (impact, code, name), n in rows]
    lines.append(f"| | **Total** | **{len(findings)}** |")
    return lines


def _bottleneck(number: int, group: list[Finding], context: ReportContext) -> list[str]:
    first = group[0]
    path = project_path(first, context.root)
    where = _code(path) + (f", in {_code(first.scope)}" if first.scope else "")
    numbers = ", ".join(str(f.line) for f in group)
    lines = [
        f"## Bottleneck #{number} (Impact: {first.impact.upper()}): {first.code} {first.name}",
        "",
        f"**Where:** {where}, line{'s' if len(group) > 1 else ''} {numbers}",
        "",
        "**What the code does now:**",
        "",
        "```python",
    ]
    for f in group:
        lines += [f"# {path}:{f.line}", f.line_text.strip()]
    lines += ["```", ""]
    page = read(first.code)
    problems = dict.fromkeys(problem_and_fix(f.message)[0] for f in group)
    fixes = dict.fromkeys(fix for f in group if (fix := problem_and_fix(f.message)[1]))
    why = " ".join(f"{p}." if not p.endswith(".") else p for p in problems)
    if page is not None and page.first_paragraph("why is this bad?"):
        why += " " + page.first_paragraph("why is this bad?")
    lines += [f"**Why it is slow:** {why}", ""]
    fix = " ".join(f"{f[0].upper()}{f[1:]}" + ("" if f.endswith(".") else ".") for f in fixes)
    lines += [f"**The fix:** {fix or 'see the rule page.'}", ""]
    example = page.example("use instead") if page is not None else None
    if example:
        lines += ["For example:", "", "```python", example, "```", ""]
    link = url(first.code)
    reference = (
        f"[{first.code} {first.name}]({link})" if link else f"`perflint --explain {first.code}`"
    )
    lines += [f"**Rule:** {reference}", ""]
    return lines


def render(findings: list[Finding], context: ReportContext) -> str:
    perf = [f for f in findings if f.code not in ENGINE_CODES]
    other = [f for f in findings if f.code in ENGINE_CODES]
    files = len({f.path for f in findings})
    by_impact = Counter(f.impact for f in perf)
    lines = ["# perflint performance review", ""]
    if not findings:
        return "\n".join([*lines, "No findings.", ""])
    ranked = ", ".join(f"{by_impact[i]} {i}" for i in IMPACTS if by_impact[i])
    lines += [
        f"{len(perf)} performance findings in {files} files, ranked by impact"
        + (f" ({ranked})." if ranked else "."),
        "",
        *_summary(findings),
        "",
    ]

    def place(finding: Finding) -> tuple[str, str, str]:
        return finding.code, project_path(finding, context.root), finding.scope

    groups = [list(g) for _, g in groupby(sorted(perf, key=place), key=place)]
    groups.sort(key=lambda g: (_RANK[g[0].impact], -len(g), place(g[0]), g[0].line))
    for number, group in enumerate(groups, start=1):
        lines += _bottleneck(number, sorted(group), context)
    if other:
        lines += ["## Other findings", ""]
        lines += [
            f"- {_code(f'{project_path(f, context.root)}:{f.line}')} {f.code} {f.message}"
            for f in other
        ]
        lines.append("")
    return "\n".join(lines)
