"""``--lang zh_CN``: argparse's own words (usage, options, errors) come out in Chinese; English stays English."""

from __future__ import annotations

import gettext
import os
import re

import pytest

from arddesk.cli import main

ARGPARSE_ENGLISH = re.compile(
    r"usage:|options:|positional arguments|error:|show this help|required:|invalid choice|unrecognized|argument --"
)


def said(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int | str | None, str]:
    """What the command line printed (stdout and stderr) before it stopped, and its exit status."""
    with pytest.raises(SystemExit) as stopped:
        main(list(argv))
    out, err = capsys.readouterr()
    return stopped.value.code, out + err


def test_a_commands_help_in_chinese_has_no_english_argparse_words(capsys: pytest.CaptureFixture[str]) -> None:
    code, shown = said(capsys, "--lang", "zh_CN", "aging", "--help")

    assert code == 0
    assert shown.startswith("用法：arddesk aging [-h]")
    assert "选项:\n  -h, --help            显示此帮助并退出\n" in shown
    assert "*.csv 或 *.xlsx" in shown
    assert ARGPARSE_ENGLISH.findall(shown) == []


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["aging"], "arddesk aging：错误：缺少以下必需参数：--as-of\n"),
        (
            ["aging", "--as-of", "2026-09-30", "--by", "week"],
            "arddesk aging：错误：参数 --by：无效的选择：'week'（可选：'customer', 'rep', 'department'）\n",
        ),
        (["aging", "--as-of", "2026-09-30", "--bogus"], "arddesk：错误：无法识别的参数：--bogus\n"),
        (["aging", "--as-of"], "arddesk aging：错误：参数 --as-of：需要一个参数值\n"),
        (["nonsense"], "arddesk：错误：参数 COMMAND：无效的选择："),
    ],
)
def test_a_wrong_command_line_is_refused_in_chinese(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    code, shown = said(capsys, "--lang", "zh_CN", *argv)

    assert code == 2
    assert shown.startswith("用法：arddesk")
    assert expected in shown
    assert ARGPARSE_ENGLISH.findall(shown) == []


def test_english_stays_english_even_on_a_chinese_system(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANGUAGE", "zh_CN")

    code, shown = said(capsys, "--lang", "en", "aging", "--by", "week")

    assert code == 2
    assert shown.startswith("usage: arddesk aging [-h]")
    assert "arddesk aging: error: argument --by: invalid choice: 'week'" in shown


def test_the_standard_library_is_put_back_after_a_run(capsys: pytest.CaptureFixture[str]) -> None:
    before = (gettext.textdomain(), os.environ.get("LANGUAGE"))

    said(capsys, "--lang", "zh_CN", "aging", "--help")

    assert (gettext.textdomain(), os.environ.get("LANGUAGE")) == before
    assert gettext.gettext("usage: ") == "usage: "
