"""Importing the ledger from spreadsheet files: all rows or none.

A file's first row names its columns (the English names of ``contracts.md`` or their
Chinese names); every other non-blank row is one record. Each cell is read with the
domain's own rules (:func:`~arddesk.domain.money.parse_amount`,
:func:`~arddesk.domain.dates.parse_date`), the records are posted with the
``services.ledger.post_*`` functions in one transaction, and any problem anywhere, in a
cell or against the books, rolls everything back and is reported with the row number
the spreadsheet shows and the column name as written in the file.
"""

from __future__ import annotations

import gc
import hashlib
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import partial
from pathlib import Path

from arddesk.domain.dates import DATE_ORDERS, parse_date
from arddesk.domain.money import from_minor, parse_amount
from arddesk.domain.problems import R_, Code, InvalidValue, Problem
from arddesk.domain.terms import Terms, TermsKind
from arddesk.services.errors import Rejected
from arddesk.services.ledger import (
    CustomerInput,
    DeliveryInput,
    MoneyInput,
    StaffInput,
    post_adjustments,
    post_customers,
    post_deliveries,
    post_payments,
    post_staff,
    post_terms,
    probable_duplicates,
)
from arddesk.services.plan import TargetInput, post_targets
from arddesk.services.spreadsheet import MAX_PROBLEMS, CellError, Row, capped, read_sheet
from arddesk.services.workbook_check import column_letters
from arddesk.store import audit
from arddesk.store import ledger as store
from arddesk.store.db import Database, UnitOfWork

# In the order a whole company imports: each kind refers only to kinds before it.
KINDS = ("terms", "staff", "customers", "deliveries", "payments", "adjustments", "targets")

ERROR_REASON = R_("the cell shows an error; correct its formula or clear it")


@dataclass(frozen=True, slots=True)
class Column:
    """One column of an import file.

    Attributes:
        name: the English name, as exported.
        chinese: the Chinese name, accepted in the header too.
        required: whether the column must be in the file (and its cells filled).
    """

    name: str
    chinese: str
    required: bool = False


# The columns of each kind, in the order of contracts.md; exporting writes the English names.
COLUMNS: dict[str, tuple[Column, ...]] = {
    "terms": (
        Column("code", "编码", True),
        Column("kind", "类型", True),
        Column("days", "天数"),
        Column("day_of_month", "日"),
        Column("months", "月数"),
        Column("cutoff_day", "截止日"),
        Column("discount_percent", "折扣率"),
        Column("discount_days", "折扣天数"),
    ),
    "staff": (
        Column("code", "编码", True),
        Column("name", "姓名", True),
        Column("department", "部门", True),
        Column("role", "角色"),
        Column("phone", "电话"),
        Column("active", "在职"),
        Column("department_name", "部门名称"),
    ),
    "customers": (
        Column("code", "编码", True),
        Column("name", "名称", True),
        Column("terms", "结算方式", True),
        Column("credit_limit", "信用额度"),
        Column("rep", "业务员"),
        Column("department", "部门"),
        Column("grade", "等级"),
        Column("phone", "电话"),
        Column("address", "地址"),
        Column("language", "语言"),
        Column("settlement_days", "结算日"),
        Column("distance_km", "距离"),
        Column("procedure", "付款流程"),
        Column("hold", "停供状态"),
        Column("hold_reason", "停供原因"),
        Column("avoid_days", "避开日"),
        # How the customer pays (seed 001 §4) and a restricted customer's cap per delivery (§8).
        Column("delivery_cap", "每单上限"),
        Column("pay_method", "付款方式"),
        Column("approver", "审批人"),
        Column("signer", "签字人"),
        Column("reconciles", "对账"),
        Column("invoice", "发票"),
        Column("pay_note", "付款备注"),
    ),
    "deliveries": (
        Column("number", "单号", True),
        Column("customer", "客户", True),
        Column("date", "日期", True),
        Column("amount", "金额", True),
        Column("due_date", "到期日"),
        Column("rep", "业务员"),
        Column("category", "类别"),
        Column("model", "型号"),
        Column("note", "备注"),
    ),
    "payments": (
        Column("number", "单号"),
        Column("customer", "客户", True),
        Column("date", "日期", True),
        Column("amount", "金额", True),
        Column("kind", "类型"),
        Column("method", "方式"),
        Column("applies_to", "核销"),
        Column("note", "备注"),
    ),
    "adjustments": (
        Column("number", "单号"),
        Column("customer", "客户", True),
        Column("date", "日期", True),
        Column("amount", "金额", True),
        Column("kind", "类型"),
        Column("applies_to", "核销"),
        Column("reason", "原因"),
    ),
    "targets": (
        Column("period", "期间", True),
        Column("rep", "业务员", True),
        Column("customer", "客户"),
        Column("kind", "类型"),
        Column("origin_year", "年份"),
        Column("amount", "金额", True),
    ),
}


def column_names(kind: str) -> list[str]:
    """The English column names of a kind, in file order."""
    return [column.name for column in _columns(kind)]


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What an import did.

    Attributes:
        kind: which kind of records (``deliveries``, ...).
        count: how many records were imported (terms and customers: created or updated).
        unapplied: for payments and adjustments, how much was left as unapplied credit.
    """

    kind: str
    count: int
    unapplied: Decimal = Decimal("0.00")


# ---------------------------------------------------------------- reading cells

Parser = Callable[[object], object]


def _text(value: object) -> str:
    """Free text: kept as written, a number cell as its digits."""
    if value is None:
        return ""
    if type(value) is str:
        return "" if value.isspace() else value
    return _cell_text(value)


def _code(value: object) -> str:
    """A code or a number: no surrounding spaces; a number cell (``1001``) as its digits."""
    if type(value) is str:
        return value.strip()
    if value is None:
        return ""
    return _cell_text(value)


def _cell_text(value: object) -> str:
    if isinstance(value, bool | CellError):
        raise InvalidValue(R_("not text"))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    raise InvalidValue(R_("not text ({kind})"), kind=type(value).__name__)


def _required(parse: Parser) -> Parser:
    def parse_required(value: object) -> object:
        if value is None or (type(value) is str and (not value or value.isspace())):
            raise InvalidValue(R_("required"))
        return parse(value)

    return parse_required


def _optional(parse: Parser) -> Parser:
    def parse_optional(value: object) -> object:
        if value is None or (type(value) is str and (not value or value.isspace())):
            return None
        return parse(value)

    return parse_optional


def _required_code(value: object) -> str:
    text = _code(value)
    if not text:
        raise InvalidValue(R_("required"))
    return text


def _choice(default: str) -> Parser:
    def parse_choice(value: object) -> str:
        return _code(value).lower() or default

    return parse_choice


_WHOLE = re.compile(r"^[+-]?\d+$")


def _whole(value: object) -> int:
    if isinstance(value, bool):
        raise InvalidValue(R_("must be a whole number"))
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and _WHOLE.match(value.strip()):
        return int(value.strip())
    raise InvalidValue(R_("must be a whole number"))


def _terms_kind(value: object) -> TermsKind:
    try:
        return TermsKind(_code(value).lower())
    except ValueError:
        raise InvalidValue(R_("must be {choices}"), choices=", ".join(kind.value for kind in TermsKind)) from None


def _amount(value: object) -> Decimal:
    return parse_amount(value)


_DATE = _required(parse_date)
_OPTIONAL_DATE = _optional(parse_date)
_AMOUNT = _required(_amount)
_OPTIONAL_AMOUNT = _optional(_amount)
_OPTIONAL_WHOLE = _optional(_whole)


_ROLES = {"rep": "rep", "head": "head", "业务员": "rep", "部门经理": "head", "经理": "head", "主管": "head"}


def _role(value: object) -> str:
    text = _code(value)
    return _ROLES.get(text.lower(), text.lower()) if text else "rep"


_YES = frozenset({"yes", "y", "true", "1", "是", "在职"})
_NO = frozenset({"no", "n", "false", "0", "否", "离职"})


def _yes_no(value: object) -> bool:
    """``yes``/``no`` (also 是/否, 在职/离职, true/false, 1/0); blank is yes."""
    if isinstance(value, bool):
        return value
    text = _code(value).lower()
    if not text or text in _YES:
        return True
    if text in _NO:
        return False
    raise InvalidValue(R_("must be yes or no"))


def _reconciles(value: object) -> str:
    """Whether the customer reconciles: blank (not known), or yes/no as :func:`_yes_no` reads them."""
    if not _code(value):
        return ""
    return "yes" if _yes_no(value) else "no"


_PAY_METHODS = {"现金": "cash", "转账": "transfer", "其他": "other"}


def _pay_method(value: object) -> str:
    """How the customer pays: blank, ``cash`` (现金), ``transfer`` (转账) or ``other`` (其他)."""
    text = _code(value).lower()
    return _PAY_METHODS.get(text, text)


_INVOICES = {
    "vat": "vat", "增值税": "vat", "专票": "vat", "ordinary": "ordinary", "普通": "ordinary", "普票": "ordinary",
}  # fmt: skip


def _invoice(value: object) -> str:
    """The invoice the customer needs: blank, ``ordinary`` (普通, 普票) or ``vat`` (增值税, 专票)."""
    text = _code(value).lower()
    if not text:
        return ""
    if text not in _INVOICES:
        raise InvalidValue(R_("must be ordinary or vat"))
    return _INVOICES[text]


def _build_terms(v: list[object]) -> Terms:
    return Terms(*v)  # type: ignore[arg-type]


def _build_customer(v: list[object]) -> CustomerInput:
    return CustomerInput(*v)  # type: ignore[arg-type]


def _build_staff(v: list[object]) -> StaffInput:
    return StaffInput(*v)  # type: ignore[arg-type]


def _build_target(v: list[object]) -> TargetInput:
    return TargetInput(*v)  # type: ignore[arg-type]


def _build_delivery(v: list[object]) -> DeliveryInput:
    return DeliveryInput(*v)  # type: ignore[arg-type]


def _build_money(v: list[object]) -> MoneyInput:
    # Files have number first; MoneyInput has it after the required fields.
    return MoneyInput(v[1], v[2], v[3], v[4], v[0], v[5], v[6])  # type: ignore[arg-type]


def _build_payment(v: list[object]) -> MoneyInput:
    # A payments file has the kind (payment or refund) before the method.
    return MoneyInput(v[1], v[2], v[3], v[5], v[0], v[6], v[7], refund=v[4] == "refund")  # type: ignore[arg-type]


_PAYMENT_KINDS = {"": "payment", "payment": "payment", "回款": "payment", "refund": "refund", "退款": "refund"}


def _payment_kind(value: object) -> str:
    """``payment`` (回款; the default) or ``refund`` (退款): money paid back out of the customer's credit."""
    text = _code(value).lower()
    if text not in _PAYMENT_KINDS:
        raise InvalidValue(R_("must be payment or refund"))
    return _PAYMENT_KINDS[text]


@dataclass(frozen=True, slots=True)
class _Kind:
    parsers: tuple[Parser, ...]
    build: Callable[[list[object]], object]


_KINDS: dict[str, _Kind] = {
    "terms": _Kind(
        (_required_code, _required(_terms_kind), *[_OPTIONAL_WHOLE] * 4, _OPTIONAL_AMOUNT, _OPTIONAL_WHOLE),
        _build_terms,
    ),
    "staff": _Kind(
        (_required_code, _required(_text), _code, _role, _code, _yes_no, _text),
        _build_staff,
    ),
    "customers": _Kind(
        (
            _required_code, _required(_text), _required_code, _OPTIONAL_AMOUNT, _code, _code, _code,
            _code, _text, _choice("zh"), _code, _OPTIONAL_WHOLE, _choice("normal"),
            _optional(_choice("normal")), _text, _optional(_text),
            _OPTIONAL_AMOUNT, _pay_method, _text, _text, _reconciles, _invoice, _text,
        ),
        _build_customer,
    ),
    "deliveries": _Kind(
        (_required_code, _required_code, _DATE, _AMOUNT, _OPTIONAL_DATE, _code, _choice("normal"), _choice(""), _text),
        _build_delivery,
    ),
    "payments": _Kind(
        (_code, _required_code, _DATE, _AMOUNT, _payment_kind, _choice("transfer"), _code, _text),
        _build_payment,
    ),
    "adjustments": _Kind(
        (_code, _required_code, _DATE, _AMOUNT, _required(_choice("")), _code, _text),
        _build_money,
    ),
    "targets": _Kind(
        (_required_code, _required_code, _code, _choice("normal"), _OPTIONAL_WHOLE, _AMOUNT),
        _build_target,
    ),
}


def _columns(kind: str) -> tuple[Column, ...]:
    try:
        return COLUMNS[kind]
    except KeyError:
        raise ValueError(f"unknown kind {kind!r}; one of {', '.join(KINDS)}") from None


def _shown(value: object) -> str:
    """A cell's value as text, for a problem report."""
    if value is None:
        return ""
    if isinstance(value, CellError):
        return value.text
    try:
        return _cell_text(value)
    except InvalidValue:
        return str(value)


# ---------------------------------------------------------------- the header


def _normal(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def _header_names(columns: Sequence[Column]) -> dict[str, int]:
    names: dict[str, int] = {}
    for index, column in enumerate(columns):
        both = (f"{column.name} [{column.chinese}]", f"{column.chinese} [{column.name}]")
        for alias in (column.name, column.chinese, *both):
            names[_normal(alias)] = index
    return names


@dataclass(frozen=True, slots=True)
class _Header:
    positions: dict[int, int]  # column index in the kind -> cell index in the file
    written: dict[int, str]  # column index in the kind -> name as written in the file
    width: int
    unnamed: frozenset[int]  # cell indexes with no name in the header


def _read_header(kind: str, rows: Sequence[Row]) -> _Header:
    columns = _columns(kind)
    names = _header_names(columns)
    required = ", ".join(column.name for column in columns if column.required)
    if not rows:
        raise Rejected([Problem(None, "", "", R_("the file is empty"))])

    def known(values: Sequence[object]) -> int:
        return sum(1 for value in values if isinstance(value, str) and _normal(value) in names)

    number, cells = rows[0]
    if number != 1 or known(cells) == 0:
        for later_number, later_cells in rows[:20]:
            if known(later_cells) >= min(2, len(columns)):
                raise Rejected(
                    [Problem(None, "", "", R_("the header must be on row 1; it seems to be on row {row}"),
                             {"row": later_number})]
                )
        separator = next((sep for sep in (";", "\t") if len(cells) == 1 and sep in str(cells[0])), None)
        if separator is not None:
            reason = (
                R_("the columns are separated by semicolons; save the file as CSV with commas")
                if separator == ";"
                else R_("the columns are separated by tabs; save the file as CSV with commas")
            )
            params: dict[str, object] = {}
        elif number != 1:
            reason = R_("row 1 is empty; the column names must be on row 1 (required: {required})")
            params = {"required": required}
        else:
            found = ", ".join(repr(_shown(value)) for value in cells if value is not None)
            reason = R_("row 1 must hold the column names (required: {required}); found {found}")
            params = {"required": required, "found": found}
        raise Rejected([Problem(None, "", "", reason, params)])

    problems: list[Problem] = []
    positions: dict[int, int] = {}
    written: dict[int, str] = {}
    unknown: list[str] = []
    unnamed: set[int] = set()
    for cell_index, value in enumerate(cells):
        if value is None or (isinstance(value, str) and not value.strip()):
            unnamed.add(cell_index)
            continue
        text = _shown(value).strip()
        column_index = names.get(_normal(text))
        if column_index is None:
            unknown.append(text)
        elif column_index in positions:
            problems.append(Problem(None, text, text, R_("the column {column} appears twice"),
                                    {"column": columns[column_index].name}))
        else:
            positions[column_index] = cell_index
            written[column_index] = text
    if unknown:
        listed = ", ".join(repr(name) for name in unknown)
        allowed = ", ".join(column.name for column in columns)
        problems.append(Problem(None, "", "", R_("unknown columns {listed}; the columns of {kind} are: {allowed}"),
                                {"listed": listed, "kind": kind, "allowed": allowed}))
    missing = [column.name for index, column in enumerate(columns) if column.required and index not in positions]
    if missing:
        problems.append(Problem(None, "", "", R_("missing required columns: {columns}"),
                                {"columns": ", ".join(missing)}))
    if problems:
        raise Rejected(problems)
    return _Header(positions, written, len(cells), frozenset(unnamed))


# ---------------------------------------------------------------- importing


@dataclass(slots=True)
class _Parsed:
    items: list[object]  # the records of the good rows
    numbers: list[int]  # their row numbers
    problems: list[Problem]  # of the cells of the bad rows, the first MAX_PROBLEMS of them
    failed: list[tuple[int, list[object]]]  # row number and what could be read of each bad row
    unlisted: int = 0  # problems found beyond those kept

    def note(self, problems: list[Problem]) -> None:
        room = MAX_PROBLEMS - len(self.problems)
        self.problems += problems[:room]
        self.unlisted += max(0, len(problems) - room)


def _constant(value: object) -> Parser:
    def parse_absent(_cell: object) -> object:
        return value

    return parse_absent


def _plan(kind: str, header: _Header, read_date: Parser) -> tuple[list[tuple[int, Parser]], list[str]]:
    """One (cell index, parser) per column of the kind, in its order, and the names as written.

    A column the file does not have reads nothing and gives its default (required ones are
    always there); its name is "".
    """
    dated = {_DATE: _required(read_date), _OPTIONAL_DATE: _optional(read_date)}
    plan: list[tuple[int, Parser]] = []
    names: list[str] = []
    parsers = [dated.get(p, p) for p in _KINDS[kind].parsers]
    for index, (column, parse) in enumerate(zip(_columns(kind), parsers, strict=True)):
        if index in header.positions:
            plan.append((header.positions[index], parse))
            names.append(header.written[index])
        else:
            plan.append((0, _constant(None if column.required else parse(None))))
            names.append("")
    return plan, names


def _parse_rows(kind: str, header: _Header, rows: Sequence[Row], read_date: Parser = parse_date) -> _Parsed:
    """Read the cells of the data rows into records, the dates with ``read_date``."""
    plan, names = _plan(kind, header, read_date)
    result = _Parsed([], [], [], [])
    build = _KINDS[kind].build
    width = header.width
    padding = (None,) * width
    unnamed = header.unnamed
    for number, values in rows:
        size = len(values)
        if size < width:
            values = values + padding[size:]
        try:
            parsed = [parse(values[cell_index]) for cell_index, parse in plan]
            failed = False
        except InvalidValue:
            parsed, problems = _cell_problems(number, values, plan, names)
            result.note(problems)
            failed = True
        if size > width or unnamed:
            for cell_index, value in enumerate(values):
                if (cell_index >= width or cell_index in unnamed) and _shown(value).strip():
                    reason = R_("a value in column {letter}, which has no name in row 1")
                    result.note([Problem(number, "", _shown(value), reason,
                                         {"letter": column_letters(cell_index + 1)})])
                    failed = True
        if failed:
            result.failed.append((number, parsed))
        else:
            result.items.append(build(parsed))
            result.numbers.append(number)
    return result


def _cell_problems(
    number: int, values: Sequence[object], plan: Sequence[tuple[int, Parser]], names: Sequence[str]
) -> tuple[list[object], list[Problem]]:
    """What can be read of a bad row (None where a cell is bad) and the problem of each bad cell."""
    parsed: list[object] = []
    problems: list[Problem] = []
    for (cell_index, parse), name in zip(plan, names, strict=True):
        value = values[cell_index]
        try:
            parsed.append(parse(value))
        except InvalidValue as exc:
            problem = exc.problem(number, name, _shown(value))
            if isinstance(value, CellError):
                problem = Problem(number, name, _shown(value), ERROR_REASON)
            problems.append(problem)
            parsed.append(None)
    return parsed, problems


# The code each kind refers to: (its column's index, the table it names, the reason).
_REFERENCES = {
    "customers": (2, "terms", R_("no such terms code (import the terms first)")),
    "deliveries": (1, "customer", R_("no such customer")),
    "payments": (1, "customer", R_("no such customer")),
    "adjustments": (1, "customer", R_("no such customer")),
    "targets": (1, "rep", R_("no such rep (import the staff first)")),
}


def _reference_problems(session: UnitOfWork, kind: str, header: _Header, parsed: _Parsed) -> list[Problem]:
    """Unknown codes in the rows that could not be posted, so that one report names them all."""
    if kind not in _REFERENCES or not parsed.failed:
        return []
    slot, table, reason = _REFERENCES[kind]
    if slot not in header.positions:
        return []
    known = store.code_ids(session, table)
    column = header.written[slot]
    return [
        Problem(number, column, str(values[slot]), reason)
        for number, values in parsed.failed
        if values[slot] is not None and values[slot] not in known
    ]


class ProbableDuplicates(Rejected):
    """An import refused, among other problems perhaps, for probable duplicates.

    ``duplicates`` are those of ``problems`` that importing with ``allow_duplicates=True``
    lets through: the file was imported before, or unnumbered rows look like documents
    already in the books or like other rows of the file.
    """

    def __init__(self, problems: Sequence[Problem], duplicates: Sequence[Problem]) -> None:
        super().__init__(problems)
        self.duplicates = list(duplicates)


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """How one column of a kind was found in a file.

    Attributes:
        name: the English name, as exported.
        chinese: the Chinese name.
        required: whether the file must have it.
        written: the name as written in the file's first row ("" when the file has no such column:
            its cells take the default).
        letter: the file's column letter (``C``), "" when the file has no such column.
    """

    name: str
    chinese: str
    required: bool
    written: str
    letter: str


@dataclass(frozen=True, slots=True)
class PreviewRow:
    """One data row of a file as it was read.

    Attributes:
        row: the row number as the spreadsheet shows it (the header is row 1).
        values: one text per column of the kind (see :attr:`ImportPreview.columns`): dates as
            ``2026-03-31``, amounts as ``1234.50``, a default for a column the file lacks,
            and a bad cell as written.
        bad: the row has a problem and would stop the import.
        duplicate: the row is a probable duplicate.
    """

    row: int
    values: tuple[str, ...]
    bad: bool
    duplicate: bool


@dataclass(frozen=True, slots=True)
class ImportPreview:
    """What importing a file would do, found without writing anything.

    Attributes:
        kind: which kind of records.
        name: the file's name.
        columns: each column of the kind and where the file has it.
        first_rows: the first data rows as read (at most the number asked for).
        rows: how many data rows the file has (wholly blank rows are not counted).
        new: how many rows would be imported as they are (not bad, not a probable duplicate).
        duplicates: the probable duplicates, which only an import with ``allow_duplicates``
            takes: the file imported before (``row`` None), unnumbered rows like a document
            in the books or another row of the file; the first
            :data:`~arddesk.services.spreadsheet.MAX_PROBLEMS` of them.
        duplicate_rows: how many rows are probable duplicates.
        problems: the problems of the bad rows (row, column as written, value, why), or of the
            file as a whole (``row`` None), in file order; the first
            :data:`~arddesk.services.spreadsheet.MAX_PROBLEMS` of them.
        bad_rows: how many rows are bad.
        unlisted: how many problems were found beyond those in ``problems``.
    """

    kind: str
    name: str
    columns: tuple[ColumnMapping, ...]
    first_rows: tuple[PreviewRow, ...]
    rows: int
    new: int
    duplicates: tuple[Problem, ...]
    duplicate_rows: int
    problems: tuple[Problem, ...]
    bad_rows: int
    unlisted: int


PREVIEW_ROWS = 20
"""How many data rows a preview shows by default."""


def preview_file(
    db: Database,
    kind: str,
    path: Path,
    *,
    encoding: str | None = None,
    date_order: str | None = None,
    rows: int = PREVIEW_ROWS,
) -> ImportPreview:
    """Read a file as :func:`import_file` would and check it against the books, writing nothing.

    Args:
        db: the company.
        kind: one of :data:`KINDS`.
        path: an ``.xlsx`` or ``.csv`` file whose first row names the columns.
        encoding: as for :func:`import_file`.
        date_order: as for :func:`import_file`.
        rows: how many data rows to show in :attr:`ImportPreview.first_rows`.

    Returns:
        What was read, and what importing it would do.

    Raises:
        Rejected: when the file cannot be read at all (missing, hostile, of an unknown type,
            no header, unknown or missing columns): nothing to preview.
        ValueError: for an unknown ``kind`` or ``date_order`` (a programming error).
    """
    _check_arguments(kind, date_order)
    with _collector_paused():
        read = _read(kind, path, encoding, date_order)
        with db.reading() as session:
            outcome = _post(session, kind, read, check_only=True, progress=None)
    bad = _bad_rows(read, outcome.problems)
    doubled = {problem.row for problem in outcome.duplicates if problem.row is not None} - bad
    header = read.header
    columns = tuple(
        ColumnMapping(
            column.name,
            column.chinese,
            column.required,
            header.written.get(index, ""),
            column_letters(header.positions[index] + 1) if index in header.positions else "",
        )
        for index, column in enumerate(_columns(kind))
    )
    plan, names = _plan(kind, header, read.read_date)
    first_rows = []
    for number, values in read.data_rows[:rows]:
        padded = tuple(values) + (None,) * max(0, header.width - len(values))
        parsed, _problems = _cell_problems(number, padded, plan, names)
        shown = tuple(
            _preview_text(value) if value is not None or not names[i] else _shown(padded[plan[i][0]])
            for i, value in enumerate(parsed)
        )
        first_rows.append(PreviewRow(number, shown, number in bad, number in doubled))
    problems = _in_file_order(kind, header, outcome.problems)
    return ImportPreview(
        kind,
        path.name,
        columns,
        tuple(first_rows),
        len(read.data_rows),
        len(read.data_rows) - len(bad) - len(doubled),
        tuple(_in_file_order(kind, header, outcome.duplicates)[:MAX_PROBLEMS]),
        len(doubled),
        tuple(problems[:MAX_PROBLEMS]),
        len(bad),
        max(0, len(problems) - MAX_PROBLEMS) + read.parsed.unlisted,
    )


def _preview_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, TermsKind):
        return value.value
    return _shown(value)


def import_file(
    db: Database,
    kind: str,
    path: Path,
    progress: Callable[[int, int], object] | None = None,
    *,
    encoding: str | None = None,
    date_order: str | None = None,
    allow_duplicates: bool = False,
) -> ImportSummary:
    """Import one file of terms, staff, customers, deliveries, payments, adjustments or targets.

    A file whose content was imported before (as the same kind) is refused, and so are
    unnumbered payments and adjustments with the same customer, date, amount and method
    or kind as one in the books or another row of the file, unless ``allow_duplicates``.
    Every import is remembered (the file's SHA-256 digest, name, rows, when, by whom) and
    noted in the audit trail.

    Args:
        db: the company.
        kind: one of :data:`KINDS`.
        path: an ``.xlsx`` or ``.csv`` file whose first row names the columns.
        progress: told ``(done, total)`` in rows: ``(0, total)`` once the file is read and
            its cells checked, then as rows are posted, and ``(total, total)`` last, just
            before the import is saved; it may raise to stop the import, which then writes
            nothing.
        encoding: a CSV file's encoding, when the clerk names it (``cp1252``); by default
            it is found (see :func:`arddesk.services.spreadsheet.read_sheet`).
        date_order: ``"dmy"`` or ``"mdy"`` to read dates written ``03/04/2026`` day-first
            or month-first; by default such dates are refused as ambiguous.
        allow_duplicates: import the file even if it was imported before or holds probable
            duplicates (the clerk checked them).

    Returns:
        What was imported.

    Raises:
        ProbableDuplicates: when there are probable duplicates (and perhaps other problems);
            nothing is written then.
        Rejected: naming every bad row (the spreadsheet's row number, the column as
            written in the file, the cell and the reason; the first
            :data:`~arddesk.services.spreadsheet.MAX_PROBLEMS`, then how many more) or
            the file's own problem; nothing is written then.
        ValueError: for an unknown ``kind`` or ``date_order`` (a programming error).
    """
    _check_arguments(kind, date_order)
    report = progress or (lambda _done, _total: None)
    with _collector_paused():
        read = _read(kind, path, encoding, date_order)
        total = len(read.data_rows)
        report(0, total)
        with db.transaction() as session:
            outcome = _post(session, kind, read, check_only=False, progress=report, allow_duplicates=allow_duplicates)
            duplicates = [] if allow_duplicates else outcome.duplicates
            if outcome.problems or duplicates:
                problems = _in_file_order(kind, read.header, [*outcome.problems, *duplicates])
                listed = capped(problems, len(problems) + read.parsed.unlisted)
                if duplicates:
                    raise ProbableDuplicates(listed, _in_file_order(kind, read.header, duplicates))
                raise Rejected(listed)
            count = len(read.parsed.items)
            store.log_import(
                session, digest=read.digest, kind=kind, name=path.name, rows=count, user=audit.operator(session)
            )
            audit.note(session, "import", "imported_file", path.name, new=f"{count} rows")
            # The last chance to stop: raising here rolls the whole file back.
            report(total, total)
    return ImportSummary(kind, count, from_minor(outcome.unapplied))


def _check_arguments(kind: str, date_order: str | None) -> None:
    _columns(kind)
    if date_order is not None and date_order not in DATE_ORDERS:
        raise ValueError(f"unknown date order {date_order!r}; one of {', '.join(DATE_ORDERS)}")


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a file is read and posted.

    A big file keeps hundreds of thousands of rows alive at once, and the collector would
    walk all of them again and again: that took a third of the time of reading the file.
    The few cycles made here are collected once it runs again.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass(frozen=True, slots=True)
class _Read:
    """A file read and its cells checked."""

    digest: str  # SHA-256 of the file's bytes
    header: _Header
    data_rows: list[Row]
    parsed: _Parsed
    read_date: Parser


def _read(kind: str, path: Path, encoding: str | None, date_order: str | None) -> _Read:
    sheet = read_sheet(path, encoding=encoding)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    header = _read_header(kind, sheet.rows)
    data_rows = sheet.rows[1:]
    read_date = partial(parse_date, order=date_order, date1904=sheet.date1904)
    return _Read(digest, header, data_rows, _parse_rows(kind, header, data_rows, read_date), read_date)


@dataclass(frozen=True, slots=True)
class _Outcome:
    """What posting a file found: problems and probable duplicates (located as the file shows
    them, unsorted), and the credit left unapplied."""

    problems: list[Problem]
    duplicates: list[Problem]
    unapplied: int = 0


def _post(
    session: UnitOfWork,
    kind: str,
    read: _Read,
    *,
    check_only: bool,
    progress: Callable[[int, int], object] | None,
    allow_duplicates: bool = False,
) -> _Outcome:
    """Post the good rows of a file (or, with ``check_only``, only check them)."""
    items, numbers, header = read.parsed.items, read.parsed.numbers, read.header
    duplicates = [] if allow_duplicates else _duplicate_problems(session, kind, read)
    problems = list(read.parsed.problems)
    # Once anything is wrong nothing will be written: the rest is only checked, for one full report.
    check_only = check_only or bool(problems or duplicates)
    posted: list[Problem]
    unapplied = 0
    if kind == "terms":
        posted = post_terms(session, items, check_only=check_only)  # type: ignore[arg-type]
    elif kind == "staff":
        # A preview's session is never committed, so staff and targets are checked by posting them there.
        posted = post_staff(session, items, "import")  # type: ignore[arg-type]
    elif kind == "targets":
        posted = post_targets(session, items)  # type: ignore[arg-type]
    elif kind == "customers":
        posted = post_customers(session, items, check_only=check_only)  # type: ignore[arg-type]
    elif kind == "deliveries":
        posted = post_deliveries(session, items, check_only=check_only)  # type: ignore[arg-type]
    else:
        poster = post_payments if kind == "payments" else post_adjustments
        rows = len(read.data_rows)
        report = None if progress is None else (lambda done, _items: progress(done, rows))
        posted, done = poster(session, items, check_only=check_only, progress=report)  # type: ignore[arg-type]
        unapplied = sum(entry.unapplied for entry in done)
    if posted:
        problems.extend(_located(kind, header, numbers, dict(read.data_rows), posted))
    problems.extend(_reference_problems(session, kind, header, read.parsed))
    return _Outcome(problems, duplicates, unapplied)


def _duplicate_problems(session: UnitOfWork, kind: str, read: _Read) -> list[Problem]:
    """The file imported before, and rows like documents in the books or other rows, as problems."""
    problems = []
    before = store.imported_before(session, kind, read.digest)
    if before is not None:
        at, user = before
        problems.append(Problem(None, "", "", R_("already imported on {at} by {user}"),
                                {"at": f"{at:%Y-%m-%d %H:%M}", "user": user}))
    if kind in _MONEY:
        table, field = _MONEY[kind]
        rows = read.parsed.numbers
        for duplicate in probable_duplicates(session, table, read.parsed.items):  # type: ignore[arg-type]
            if duplicate.other is None:
                reason = R_("probably a duplicate: {table} {number} in the books has the same customer, "
                            "date, amount and {field}")
            else:
                reason = R_("probably a duplicate of row {row}: the same customer, date, amount and {field}")
            params = {"table": Code(table), "number": duplicate.number, "field": field,
                      "row": None if duplicate.other is None else rows[duplicate.other]}
            problems.append(Problem(rows[duplicate.index], "", "", reason, params))
    return problems


# The table of each kind of money, and the column that with customer, date and amount tells documents apart.
_MONEY = {"payments": ("payment", "method"), "adjustments": ("adjustment", "kind")}


def _bad_rows(read: _Read, problems: Sequence[Problem]) -> set[int]:
    """The row numbers of the bad rows (all of them, also those past the problems listed)."""
    return {number for number, _values in read.parsed.failed} | {p.row for p in problems if p.row is not None}


def _in_file_order(kind: str, header: _Header, problems: Sequence[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.row or 0, _column_order(kind, header, p.column)))


def _located(
    kind: str,
    header: _Header,
    numbers: Sequence[int],
    by_row: dict[int, tuple[object, ...]],
    problems: Sequence[Problem],
) -> list[Problem]:
    """The ledger's problems (row = item index, column = field) as the file shows them."""
    columns = _columns(kind)
    index_of = {column.name: index for index, column in enumerate(columns)}
    located = []
    for problem in problems:
        row = None if problem.row is None else numbers[problem.row]
        column_index = index_of.get(problem.column)
        column = problem.column
        value = problem.value
        if column_index is not None and column_index in header.positions:
            column = header.written[column_index]
            if row is not None:
                # The cell as written ("0", " D1 "), not the ledger's reading of it ("0.00", "D1").
                cells = by_row[row]
                cell_index = header.positions[column_index]
                value = _shown(cells[cell_index]) if cell_index < len(cells) else ""
        located.append(Problem(row, column, value, problem.reason, problem.params))
    return located


def _column_order(kind: str, header: _Header, column: str) -> int:
    for index, written in header.written.items():
        if written == column:
            return header.positions[index]
    return len(_columns(kind)) + header.width
