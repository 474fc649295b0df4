"""The layers below ``text`` make no sentences: every reason they give is a literal marked with ``R_``.

A reason built with an f-string, ``+`` or ``", ".join`` could not be found by the catalogue, so it would
reach a Chinese clerk in English; one marked but filled in place could not be translated at all. The
check reads the source (no import): for each ``Problem(...)``, ``InvalidValue(...)``, ``refuse(...)``,
``DatabaseRefused(...)`` and ``Message(...)`` the reason must be ``R_("literal")`` or a name standing for one
(a constant, a parameter), and where the figures are written beside it, they must be the literal's placeholders.
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[1] / "src" / "arddesk"
LAYERS = ("domain", "store", "services")
# callee: (position of the reason, its keyword, where the figures are: a positional index or "**")
REASON_AT: dict[str, tuple[int, str, int | str]] = {
    "Problem": (3, "reason", 4),
    "InvalidValue": (0, "reason", "**"),
    "refuse": (0, "reason", "**"),
    "Message": (0, "text", 1),
    "DatabaseRefused": (0, "reason", "**"),
}


def _name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def _marked(node: ast.expr) -> str | None:
    """The literal of ``R_("…")``, or None when the node is not one."""
    if (
        isinstance(node, ast.Call)
        and _name(node) == "R_"
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ):
        return node.args[0].value
    return None


def _reason_problem(node: ast.expr) -> str | None:
    """Why a reason expression is not a marked literal (None when it is fine)."""
    if _marked(node) is not None or isinstance(node, ast.Name | ast.Attribute):
        return None
    if isinstance(node, ast.IfExp):
        return _reason_problem(node.body) or _reason_problem(node.orelse)
    if isinstance(node, ast.JoinedStr):
        return "an f-string"
    if isinstance(node, ast.Constant):
        return "a literal not marked with R_"
    return f"built at run time ({type(node).__name__})"


def _figures(call: ast.Call, where: int | str, reason: str) -> set[str] | None:
    """The names of the figures written beside the reason, when they are written out (None: not known)."""
    if where == "**":
        if any(keyword.arg is None for keyword in call.keywords):
            return None
        return {keyword.arg for keyword in call.keywords if keyword.arg != reason}
    assert isinstance(where, int)
    given = (
        call.args[where]
        if len(call.args) > where
        else next((keyword.value for keyword in call.keywords if keyword.arg == "params"), None)
    )
    if given is None:
        return set()
    if isinstance(given, ast.Dict) and all(isinstance(key, ast.Constant) for key in given.keys):
        return {str(key.value) for key in given.keys if isinstance(key, ast.Constant)}
    return None


def findings(source: str, filename: str = "<source>") -> list[str]:
    """Every reason in ``source`` that is not a marked literal, or whose figures do not match it."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call) or _name(node) not in REASON_AT:
            continue
        at, keyword, where = REASON_AT[_name(node)]
        reason = (
            node.args[at] if len(node.args) > at else next((k.value for k in node.keywords if k.arg == keyword), None)
        )
        if reason is None:
            continue
        if why := _reason_problem(reason):
            found.append(f"{filename}:{node.lineno}: {_name(node)}(…) reason is {why}")
            continue
        literal = _marked(reason)
        figures = _figures(node, where, keyword)
        if literal is not None and figures is not None and figures != _placeholders(literal):
            found.append(f"{filename}:{node.lineno}: {_name(node)}(…) fills {sorted(figures)} into {literal!r}")
    return found


def test_every_reason_below_text_is_a_marked_literal_with_its_figures() -> None:
    files = sorted(path for layer in LAYERS for path in (SOURCE / layer).rglob("*.py"))
    assert len(files) > 50
    found = [line for path in files for line in findings(path.read_text("utf-8"), str(path.relative_to(SOURCE)))]
    assert found == []


@pytest.mark.parametrize(
    ("source", "said"),
    [
        ('Problem(1, "code", code, f"at most {n} characters")', "reason is an f-string"),
        ('Problem(1, "code", code, "required")', "reason is a literal not marked with R_"),
        ('Problem(1, "kind", kind, "must be " + ", ".join(KINDS))', "reason is built at run time (BinOp)"),
        ('Problem(None, "period", text, str(exc))', "reason is built at run time (Call)"),
        ('raise InvalidValue(R_("no such {kind}"), what=kind)', "fills ['what'] into 'no such {kind}'"),
        ('Problem(1, "n", n, R_("at most {count} characters"))', "fills [] into 'at most {count} characters'"),
        ('refuse(R_("the file is {size} MB") if big else f"{x}")', "reason is an f-string"),
        ('raise DatabaseRefused(f"{path} is a folder, not a database file.")', "reason is an f-string"),
        ('raise DatabaseRefused(R_("{path} is a folder"), file=path)', "fills ['file'] into '{path} is a folder'"),
    ],
)
def test_the_check_finds_a_sentence_made_in_place(source: str, said: str) -> None:
    [finding] = findings(source)
    assert finding.endswith(said)


def test_the_check_lets_marked_reasons_and_names_of_them_pass() -> None:
    source = (
        'Problem(1, "code", code, R_("at most {count} characters"), {"count": 32})\n'
        'raise InvalidValue(R_("no such {kind}"), kind=Code(kind))\n'
        "Problem(row, column, value, problem.reason, problem.params)\n"
        "Problem(1, column, value, TOO_LARGE)\n"
    )
    assert findings(source) == []
