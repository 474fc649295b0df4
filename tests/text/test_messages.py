"""Codes from the layers below in words, in both languages."""

from __future__ import annotations

from datetime import date

from arddesk import text
from arddesk.domain.aging import DebtClass
from arddesk.domain.warnings import over_limit
from arddesk.text import messages


def test_codes_in_words() -> None:
    codes = ("over_limit", "not_due", "old_model", "1-30", "over_365")
    assert [messages.code_text(code) for code in (*codes, "C007")] == [
        "over the credit limit",
        "not yet due",
        "old model",
        "1–30 days",
        "over 365 days",
        "C007",
    ]
    text.use_language("zh_CN")
    assert [messages.code_text(code) for code in (*codes, "stop")] == [
        "超出信用额度",
        "未到期",
        "旧型号",
        "1–30 天",
        "超过 365 天",
        "停止供货",
    ]
    assert [messages.class_name(c) for c in DebtClass] == ["未到期", "催收款", "准呆账", "呆账", "死账"]


def test_a_warning_in_words() -> None:
    warning = over_limit("C1", date(2026, 8, 20), 1_250_000, 1_200_000)
    assert warning is not None
    assert messages.warning_text(warning) == "balance 12,500.00 over the limit 12,000.00 by 500.00"
    text.use_language("zh_CN")
    assert messages.warning_title(warning.kind) == "超出信用额度"
    assert messages.warning_text(warning) == "余额 12,500.00 超出信用额度 12,000.00，超出 500.00"


def test_every_excuse_and_channel_has_words_in_both_languages() -> None:
    from arddesk.domain.promises import Channel, Excuse

    excuses = [messages.excuse_name(excuse) for excuse in Excuse if excuse]
    assert excuses[1] == "No money in the account" and all(excuses)
    text.use_language("zh_CN")
    assert [messages.excuse_name(excuse) for excuse in Excuse] == [
        "", "负责人不在", "账上没钱", "还没到付款日", "货没卖出去", "质量投诉", "返利没兑现", "其他",
    ]  # fmt: skip
    assert [messages.channel_name(channel) for channel in Channel] == ["拜访", "电话", "微信/短信", "邮件", "其他"]
