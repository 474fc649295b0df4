"""Codes from the layers below in words, in both languages."""

from __future__ import annotations

import sqlite3
from datetime import date

from sqlalchemy.exc import OperationalError

from arddesk import text
from arddesk.domain.aging import DebtClass
from arddesk.domain.problems import R_, Amount, Code, InvalidValue, Message, Problem
from arddesk.domain.warnings import over_limit
from arddesk.services.errors import Rejected
from arddesk.store.audit import Finding
from arddesk.store.db import DatabaseRefused
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


def test_a_problem_is_translated_first_and_filled_after() -> None:
    problem = Problem(3, "approver", "Zhang San the…", R_("at most {count} characters"), {"count": 128})
    assert messages.problem_text(problem) == "row 3, column approver: 'Zhang San the…' at most 128 characters"
    assert str(problem) == "row 3, column approver: 'Zhang San the…' at most 128 characters"  # the log's words
    text.use_language("zh_CN")
    assert messages.problem_text(problem) == "第 3 行，列 approver：'Zhang San the…' 最多 128 个字符"
    assert messages.problem_text(Problem(None, "", "", R_("the file is empty"))) == "文件：文件是空的"


def test_money_and_dates_in_a_message_are_formatted_where_it_is_shown() -> None:
    reason = R_("refunds more than the customer's unapplied credit of {available} on {day}")
    refund = Problem(2, "amount", "600.00", reason, {"available": Amount(1_234_505), "day": date(2026, 3, 5)})
    assert messages.reason_text(refund) == (
        "refunds more than the customer's unapplied credit of 12,345.05 on 2026-03-05"
    )
    text.use_language("zh_CN")
    assert messages.reason_text(refund) == "退款超过客户在 2026-03-05 的预收款 12,345.05"


def test_a_nested_message_codes_and_a_list_of_messages() -> None:
    breaches = (
        Message(R_("this delivery of {amount} is over its cap of {cap} per delivery by {over}"),
                {"amount": Amount(250_000), "cap": Amount(200_000), "over": Amount(50_000)}),
        Message(R_("the customer is on stop supply: no deliveries until paid")),
    )  # fmt: skip
    restricted = Message(R_("the customer is restricted: {breaches}"), {"breaches": breaches})
    assert messages.message_text(restricted) == (
        "the customer is restricted: this delivery of 2,500.00 is over its cap of 2,000.00 per delivery by 500.00; "
        "the customer is on stop supply: no deliveries until paid"
    )
    text.use_language("zh_CN")
    assert messages.message_text(restricted) == (
        "该客户为限制供货：本次发货 2,500.00 超过单次上限 2,000.00，超出 500.00；该客户已停止供货：付款前不得发货"
    )
    assert messages.message_text(Message(R_("a {what} with this number already exists"), {"what": Code("refund")})) == (
        "已有相同编号的退款"
    )
    assert messages.message_text(None) == ""


def test_an_error_shown_to_the_clerk_lists_each_problem() -> None:
    refused = Rejected(
        [Problem(None, "credit_limit", "-5", R_("must not be negative")), Problem(None, "", "", R_("required"))]
    )
    assert messages.error_text(refused) == "Nothing was saved:\n• credit_limit: must not be negative (-5)\n• required"
    text.use_language("zh_CN")
    assert messages.error_text(refused) == "未保存任何内容：\n• credit_limit: 不能为负数 (-5)\n• 必填"
    assert messages.error_text(InvalidValue(R_("no such date"))) == "没有这个日期"


def test_a_refused_file_and_a_database_error_are_told_in_the_language_in_use() -> None:
    refused = DatabaseRefused(R_("{path} is a folder, not a database file."), path="/tmp/books")
    locked = OperationalError("INSERT …", {}, sqlite3.OperationalError("database is locked"))
    assert str(refused) == "/tmp/books is a folder, not a database file."  # for logs: English always
    assert messages.error_text(refused) == "/tmp/books is a folder, not a database file."
    assert messages.error_text(locked).startswith("The company file is locked by another program")
    text.use_language("zh_CN")
    assert str(refused) == "/tmp/books is a folder, not a database file."
    assert messages.error_text(refused) == "/tmp/books 是文件夹，不是数据库文件。"
    assert messages.error_text(locked) == (
        "公司文件被另一个程序（另一个 arddesk、备份或同步工具）锁定。请关闭该程序后重试；未保存任何内容。"
    )


def test_a_finding_of_the_check_in_words_with_its_money_formatted() -> None:
    finding = Finding(
        "delivery",
        "D1",
        "amount",
        Message(
            R_("changed outside arddesk: the audit trail says {recorded}, the file has {found}"),
            {"recorded": Amount(532200), "found": Amount(10532200)},
        ),
    )
    assert messages.message_text(finding.message) == (
        "delivery D1, amount: changed outside arddesk: the audit trail says 5,322.00, the file has 105,322.00"
    )
    text.use_language("zh_CN")
    assert messages.message_text(finding.message) == (
        "delivery D1, amount：在 arddesk 之外被修改：审计记录为 5,322.00，文件中为 105,322.00"
    )
