"""Every fixed text of the reconciliation letter, in English and Chinese.

Texts are plain (no Paragraph markup); ``{name}`` placeholders are filled by the writer
with values it has escaped. Both languages must have the same keys (tested).
"""

from __future__ import annotations

from datetime import date

LANGUAGES = ("en", "zh")

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Statement of account and balance confirmation",
        "to": "To",
        "letter_date": "Date",
        "reference": "Reference",
        "period": "Period",
        "customer_code": "Customer code",
        "phone": "Tel.",
        "intro": (
            "Dear customer, below is your account with {company} for the period {start} to {end}. "
            "Please check it against your records. If the closing balance agrees, tick \u201cbalance agreed\u201d "
            "on the reply slip at the foot of this letter, sign and stamp it and return it to us by {return_by}. "
            "If it does not agree, write the balance in your books and the reason on the slip."
        ),
        "handover": (
            "Your contact person with us has changed: this letter also serves to confirm the balance at the handover. "
            "Please have it signed and stamped by your company."
        ),
        "statement": "Statement of account",
        "amounts_in": "Amounts in {currency}",
        "col_date": "Date",
        "col_type": "Type",
        "col_number": "Number",
        "col_details": "Details",
        "col_debit": "Charged",
        "col_credit": "Paid / credited",
        "col_balance": "Balance",
        "opening": "Opening balance at {day}",
        "closing": "Closing balance at {day}",
        "totals": "Totals of the period",
        "no_activity": "No deliveries, payments or adjustments in this period.",
        "kind_delivery": "Delivery",
        "kind_payment": "Payment",
        "kind_adjustment": "Adjustment",
        "kind_refund": "Refund",
        "void_of": "Void: {kind}",
        "sub_cash": "cash",
        "sub_transfer": "bank transfer",
        "sub_other": "other",
        "sub_return": "return of goods",
        "sub_discount": "discount",
        "sub_rebate": "rebate",
        "sub_write_off": "write-off",
        "sub_normal": "",
        "sub_abnormal": "",
        "sub_out_of_stock": "",
        "due_on": "due {day}",
        "balance_owed": "Balance owed to {company} at {end}: {currency} {amount}",
        "balance_credit": "Balance in your favour at {end}: {currency} {amount}",
        "balance_nil": "Balance at {end}: nil",
        "aging": "Age of the closing balance",
        "not_due": "Not yet due",
        "bucket_range": "{low}\u2013{high} days overdue",
        "bucket_over": "Over {low} days overdue",
        "unapplied": "Unapplied credit",
        "total": "Total",
        "open_items": "Deliveries still open at {end}",
        "col_due": "Due date",
        "col_days_overdue": "Days overdue",
        "col_open": "Open amount",
        "applied": "How payments and credits were applied in the period",
        "col_paid_by": "Payment / credit",
        "col_applied_to": "Applied to delivery",
        "col_delivery_date": "Delivery date",
        "col_amount": "Amount applied",
        "nothing_applied": "No payment or credit was applied to a delivery in this period.",
        "bank": "Please pay to",
        "questions": "Questions about this statement: {company}, tel. {phone}.",
        "cut_here": "cut here and return the slip below",
        "slip_title": "Reply slip \u2014 balance confirmation",
        "slip_to": "To {company}, reference {reference}, to be returned by {return_by}",
        "slip_from": "From: {customer} (customer code {code})",
        "slip_agreed": "Balance agreed: we confirm that at {end} the balance is {currency} {amount}{side}.",
        "slip_side_owed": " owed by us",
        "slip_side_credit": " in our favour",
        "slip_side_nil": "",
        "slip_differs": "Our balance at {end} is {currency} ______________________ because:",
        "signature": "Authorised signature",
        "stamp": "Company stamp",
        "slip_date": "Date",
        "page": "Page {n} of {m}",
    },
    "zh": {
        "title": "往来账款对账函（余额确认书）",
        "to": "致",
        "letter_date": "日期",
        "reference": "编号",
        "period": "对账期间",
        "customer_code": "客户编号",
        "phone": "电话",
        "intro": (
            "尊敬的客户：现将贵公司与{company}在{start}至{end}期间的往来账目列示如下，请与贵公司账目核对。"
            "如期末余额相符，请在本函下方回执中勾选\u201c余额相符\u201d，签字并加盖公章后于{return_by}前寄回我公司；"
            "如有不符，请在回执中注明贵公司账面余额及差异原因。"
        ),
        "handover": "因贵公司与我公司的对接人已变更，本函同时作为交接时的余额确认，请由贵公司签字盖章确认。",
        "statement": "往来明细",
        "amounts_in": "金额单位：{currency}",
        "col_date": "日期",
        "col_type": "类型",
        "col_number": "单号",
        "col_details": "摘要",
        "col_debit": "应收（发货）",
        "col_credit": "已收 / 冲减",
        "col_balance": "余额",
        "opening": "期初余额（{day}）",
        "closing": "期末余额（{day}）",
        "totals": "本期合计",
        "no_activity": "本期无发货、回款或调整。",
        "kind_delivery": "发货",
        "kind_payment": "回款",
        "kind_adjustment": "调整",
        "kind_refund": "退款",
        "void_of": "作废：{kind}",
        "sub_cash": "现金",
        "sub_transfer": "转账",
        "sub_other": "其他",
        "sub_return": "退货",
        "sub_discount": "折扣",
        "sub_rebate": "返利",
        "sub_write_off": "核销",
        "sub_normal": "",
        "sub_abnormal": "",
        "sub_out_of_stock": "",
        "due_on": "到期日 {day}",
        "balance_owed": "截至{end}，贵公司尚欠{company}：{currency} {amount}",
        "balance_credit": "截至{end}，贵公司预付（贷方）余额：{currency} {amount}",
        "balance_nil": "截至{end}，余额为零",
        "aging": "期末余额账龄",
        "not_due": "未到期",
        "bucket_range": "逾期{low}\u2013{high}天",
        "bucket_over": "逾期{low}天以上",
        "unapplied": "未核销回款",
        "total": "合计",
        "open_items": "截至{end}尚未结清的发货",
        "col_due": "到期日",
        "col_days_overdue": "逾期天数",
        "col_open": "未结金额",
        "applied": "本期回款及冲减的核销情况",
        "col_paid_by": "回款 / 冲减单号",
        "col_applied_to": "核销的发货单",
        "col_delivery_date": "发货日期",
        "col_amount": "核销金额",
        "nothing_applied": "本期没有回款或冲减核销到发货单。",
        "bank": "付款账户",
        "questions": "如对本函有疑问，请联系{company}，电话 {phone}。",
        "cut_here": "沿此线剪下，寄回下方回执",
        "slip_title": "回执（余额确认）",
        "slip_to": "致{company}，编号 {reference}，请于{return_by}前寄回",
        "slip_from": "客户：{customer}（客户编号 {code}）",
        "slip_agreed": "余额相符：截至{end}，{side}余额为 {currency} {amount}。",
        "slip_side_owed": "我公司应付",
        "slip_side_credit": "我公司预付",
        "slip_side_nil": "",
        "slip_differs": "余额不符：截至{end}，我公司账面余额为 {currency} ______________________，原因如下：",
        "signature": "授权签字",
        "stamp": "公司盖章",
        "slip_date": "日期",
        "page": "第 {n} 页，共 {m} 页",
    },
}


def texts_for(language: str) -> dict[str, str]:
    """The fixed texts in a language; anything but ``en`` gets Chinese (the default of customers)."""
    return TEXTS["en"] if language == "en" else TEXTS["zh"]


_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def long_date(day: date, language: str) -> str:
    """A date in running text: ``5 October 2026`` or ``2026年10月5日``."""
    if language == "en":
        return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    return f"{day.year}年{day.month}月{day.day}日"


def bucket_label(label: str, language: str) -> str:
    """A bucket column of the aging (``1-30``, ``over_365``, ``not_due``) in words."""
    texts = texts_for(language)
    if label == "not_due":
        return texts["not_due"]
    if label.startswith("over_"):
        return texts["bucket_over"].format(low=label.removeprefix("over_"))
    low, _, high = label.partition("-")
    return texts["bucket_range"].format(low=low, high=high)
