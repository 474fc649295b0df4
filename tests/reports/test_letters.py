"""The reconciliation letter PDF: what it says, in which language, and that hostile text stays text."""

from __future__ import annotations

import html
import re
import unicodedata
from datetime import date
from pathlib import Path

import pypdf
import pytest

from arddesk.domain.dates import Period
from arddesk.reports import letters as letters_module
from arddesk.reports.letters import COMBINED_NAME, markup, write_letters
from arddesk.services.aging import aging_report
from arddesk.services.letters import register
from arddesk.services.settings import update_settings
from arddesk.text.formats import money
from tests.conftest import Books

Q3 = Period.parse("2026Q3")
LETTER_DAY = date(2026, 10, 5)
HOSTILE = 'Acme <b>Stores</b> & Sons <font color="red">X</font> "quoted" \'single\' 😀 𠀀𠀁'


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def company(books: Books) -> Books:
    update_settings(
        books.db,
        company_name="Hengda Trading 恒达商贸",
        company_address="88 Jiefang Road, Hangzhou",
        company_phone="+86 571 8888 0000",
        bank_details="Bank of Hangzhou 1234 5678",
    )
    books.customer("EN1", name="Leeds Wholesale Ltd", address="1 High Street, Leeds", language="en")
    books.customer("ZH1", name="上海华联超市有限公司", address="上海市浦东新区世纪大道100号", language="zh")
    books.customer("IDLE", name="Idle Customer", language="en")
    for code in ("EN1", "ZH1"):
        books.delivery(f"OLD-{code}", code, on="2026-05-10", amount="1000.00")
        books.delivery(f"JUL-{code}", code, on="2026-07-05", amount="500.00")
        books.payment(code, on="2026-07-20", amount="300.00")
        books.adjustment(code, on="2026-08-02", amount="50.00", kind="rebate", reason="Q2 rebate")
    return books


def test_english_letter_says_everything_issue_5_lists(company: Books, tmp_path: Path) -> None:
    paths = write_letters(company.db, Q3, tmp_path, letter_date=LETTER_DAY).paths
    assert [p.name for p in paths] == ["EN1.pdf", "ZH1.pdf", COMBINED_NAME]  # IDLE: no activity, zero balance
    text = _text(tmp_path / "EN1.pdf")
    for expected in [
        "Hengda Trading 恒达商贸",  # letterhead
        "88 Jiefang Road, Hangzhou",
        "+86 571 8888 0000",
        "Bank of Hangzhou 1234 5678",
        "Leeds Wholesale Ltd",  # the customer
        "1 High Street, Leeds",
        "5 October 2026",  # date and reference
        "RC-2026Q3-EN1",
        "Statement of account and balance confirmation",
        "Opening balance at 2026-06-30",
        "Closing balance at 2026-09-30",
        "Age of the closing balance",
        "How payments and credits were applied in the period",
        "26 October 2026",  # return-by: 21 days after the letter
        "Reply slip",
        "Balance agreed",
        "Our balance at 30 September 2026 is CNY",
        "Authorised signature",
        "Company stamp",
        "Page 1 of",
    ]:
        assert expected in text, expected
    # Opening 1,000.00; +500 = 1,500.00; -300 = 1,200.00; -50 = 1,150.00 closing.
    flat = _flat(text)
    assert "2026-07-05DeliveryJUL-EN1" in flat
    assert "500.001,500.00" in flat
    assert "300.001,200.00" in flat
    assert "50.001,150.00" in flat
    assert "owedbyus" in flat and "CNY1,150.00" in flat
    # Payments were applied to the old delivery first: that is why it is still open.
    assert "OLD-EN12026-05-10300.00" in flat
    assert "上海" not in text and "往来" not in text  # no Chinese fixed text in an English letter


def test_chinese_letter_has_chinese_fixed_texts(company: Books, tmp_path: Path) -> None:
    write_letters(company.db, Q3, tmp_path, letter_date=LETTER_DAY)
    text = _text(tmp_path / "ZH1.pdf")
    for expected in ["往来账款对账函", "上海华联超市有限公司", "2026年10月5日", "期初余额", "期末余额", "期末余额账龄",
                     "回执", "余额相符", "公司盖章", "授权签字", "第 1 页，共", "2026年10月26日"]:
        assert expected in text, expected
    for english in ("Reply slip", "Balance agreed", "Opening balance", "Page 1 of"):
        assert english not in text


def test_the_chinese_company_name_heads_chinese_letters_only(company: Books, tmp_path: Path) -> None:
    update_settings(company.db, company_name="Hengda Trading", company_name_zh="恒达商贸有限公司")
    write_letters(company.db, Q3, tmp_path, letter_date=LETTER_DAY)
    chinese, english = _text(tmp_path / "ZH1.pdf"), _text(tmp_path / "EN1.pdf")
    assert "恒达商贸有限公司" in chinese and "Hengda Trading" not in chinese
    assert "Hengda Trading" in english and "恒达商贸有限公司" not in english


def test_closing_printed_is_the_aging_total(company: Books, tmp_path: Path) -> None:
    write_letters(company.db, Q3, tmp_path, letter_date=LETTER_DAY)
    total = {line.key: line.total for line in aging_report(company.db, Q3.end).lines}["EN1"]
    flat = _flat(_text(tmp_path / "EN1.pdf"))
    assert f"Closingbalanceat2026-09-30{money(total)}" in flat


def test_fonts_are_embedded(company: Books, tmp_path: Path) -> None:
    write_letters(company.db, Q3, tmp_path / "out", customer="ZH1", letter_date=LETTER_DAY)
    reader = pypdf.PdfReader(tmp_path / "out" / "ZH1.pdf")
    used = set()
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        content = page.get_contents().get_data()
        for name in set(re.findall(rb"/(F[\w+.]+) [\d.]+ Tf", content)):
            font = fonts["/" + name.decode()].get_object()
            used.add(str(font["/BaseFont"]))
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, font["/BaseFont"]
    assert any("WenQuanYi" in name for name in used)


def test_hostile_text_prints_literally(books: Books, tmp_path: Path) -> None:
    long_name = "Very Long Name Trading Company " * 12 + "End"
    books.customer("H&<1>", name=HOSTILE, address='<br/>Line & "two"\n<font size=40>big</font>', language="en")
    books.customer("LONG", name=long_name, language="zh")
    for code in ("H&<1>", "LONG"):
        books.delivery(f"<D&{code}>", code, on="2026-07-05", amount="10.00", note="<i>note</i> & 😀")
    paths = write_letters(books.db, Q3, tmp_path, letter_date=LETTER_DAY).paths
    assert all(p.parent == tmp_path for p in paths)
    hostile = next(p for p in paths if p.name.startswith("H_1"))
    text = _text(hostile)
    flat = _flat(text)
    assert _flat(HOSTILE) in flat
    assert _flat('<br/>Line & "two"') in flat and _flat("<font size=40>big</font>") in flat
    assert "<D&H&<1>>" in text and _flat("<i>note</i> & 😀") in flat
    assert _flat(long_name) in _flat(_text(tmp_path / "LONG.pdf"))


def test_a_very_long_word_wraps_in_an_english_letter(books: Books, tmp_path: Path) -> None:
    word = "Supercalifragilistic" * 25
    books.customer("W", name=word, address=word, language="en")
    books.delivery("W" * 64, "W", on="2026-07-05", amount="10.00", note=word)
    write_letters(books.db, Q3, tmp_path, letter_date=LETTER_DAY)
    flat = _flat(_text(tmp_path / "W.pdf"))
    assert flat.count(word) >= 4  # name, address, slip, note: each whole, split over lines
    assert "W" * 64 in flat


def test_a_character_no_font_has_does_not_break_the_letter(books: Books, tmp_path: Path) -> None:
    books.customer("C1", name="Unicode 14 ideograph \u9fff and private use \ue000", language="en")
    books.delivery("D1", "C1", on="2026-07-05", amount="10.00")
    write_letters(books.db, Q3, tmp_path, letter_date=LETTER_DAY)
    assert "Unicode 14 ideograph" in _text(tmp_path / "C1.pdf")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a<b>&c", "a&lt;b&gt;&amp;c"),
        ('say "hi"', "say &quot;hi&quot;"),
        ("one\ntwo", "one<br/>two"),
        ("ok 😀", 'ok <font name="ArdSymbols">😀</font>'),
        ("𠀀", '<font name="ArdHanB">𠀀</font>'),
        ("👍\ufe0f", '<font name="ArdSymbols">👍</font>'),  # the invisible variation selector is dropped
    ],
)
def test_markup_escapes_and_picks_fallback_fonts(text: str, expected: str) -> None:
    assert markup(text) == expected


def test_long_period_flows_onto_pages_with_header_repeated(books: Books, tmp_path: Path) -> None:
    books.customer("BIG", language="en")
    for index in range(120):
        books.delivery(f"N{index:03d}", "BIG", on=f"2026-{7 + index // 45:02d}-{index % 28 + 1:02d}", amount="1.00")
    write_letters(books.db, Q3, tmp_path, letter_date=LETTER_DAY)
    reader = pypdf.PdfReader(tmp_path / "BIG.pdf")
    pages = [page.extract_text() for page in reader.pages]
    count = len(pages)
    assert count >= 3
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {count}" in page
    assert "Charged" in pages[1] and "Balance" in pages[1]  # the table header again on the next page
    assert "120.00" in _flat(pages[-2] + pages[-1])  # the running balance reaches 120 × 1.00


def test_combined_file_numbers_pages_per_letter(company: Books, tmp_path: Path) -> None:
    write_letters(company.db, Q3, tmp_path, letter_date=LETTER_DAY)
    separate = sum(len(pypdf.PdfReader(tmp_path / name).pages) for name in ("EN1.pdf", "ZH1.pdf"))
    combined = pypdf.PdfReader(tmp_path / COMBINED_NAME)
    assert len(combined.pages) == separate
    first_pages = [page.extract_text() for page in combined.pages]
    assert sum("Page 1 of" in page for page in first_pages) == 1
    assert sum("第 1 页" in page for page in first_pages) == 1


def test_rerun_skips_what_is_done_and_redoes_what_changed(company: Books, tmp_path: Path) -> None:
    write_letters(company.db, Q3, tmp_path, letter_date=LETTER_DAY)
    stamps = {p.name: p.stat().st_mtime_ns for p in tmp_path.glob("*.pdf")}
    calls: list[tuple[int, int]] = []
    write_letters(company.db, Q3, tmp_path, letter_date=LETTER_DAY, progress=lambda d, t: calls.append((d, t)))
    assert {p.name: p.stat().st_mtime_ns for p in tmp_path.glob("*.pdf")} == stamps
    assert calls[-1] == (4, 4)
    company.payment("ZH1", on="2026-09-01", amount="10.00")
    write_letters(company.db, Q3, tmp_path, letter_date=LETTER_DAY)
    after = {p.name: p.stat().st_mtime_ns for p in tmp_path.glob("*.pdf")}
    assert after["EN1.pdf"] == stamps["EN1.pdf"]
    assert after["ZH1.pdf"] != stamps["ZH1.pdf"] and after[COMBINED_NAME] != stamps[COMBINED_NAME]
    update_settings(company.db, company_name="Hengda Trading Group")  # a new letterhead: every letter again
    write_letters(company.db, Q3, tmp_path, letter_date=LETTER_DAY)
    assert "Hengda Trading Group" in _text(tmp_path / "EN1.pdf")


def test_cancel_keeps_finished_letters_and_leaves_no_partial_file(company: Books, tmp_path: Path) -> None:
    out = tmp_path / "letters"
    stopped = write_letters(company.db, Q3, out, letter_date=LETTER_DAY, progress=lambda done, total: done < 1)
    assert ([p.name for p in stopped.paths], stopped.written, stopped.remaining) == (["EN1.pdf"], 1, 1)
    assert sorted(p.name for p in out.iterdir()) == ["EN1.pdf"]
    assert [row.customer for row in register(company.db, period=Q3)] == ["EN1"]  # only the letter written
    again = write_letters(company.db, Q3, out, letter_date=LETTER_DAY)
    assert [p.name for p in again.paths] == ["EN1.pdf", "ZH1.pdf", COMBINED_NAME]
    assert (again.written, again.kept, again.remaining) == (1, 1, 0)
    assert [row.customer for row in register(company.db, period=Q3)] == ["EN1", "ZH1"]


def test_many_letters_are_written_by_worker_processes_and_entered_once_written(books: Books, tmp_path: Path) -> None:
    for number in range(letters_module.POOL_FROM):
        books.customer(f"C{number:02}", name=f"Customer {number}")
        books.delivery(f"D{number:02}", f"C{number:02}", on="2026-08-01", amount=f"{100 + number}.00")
    books.customer("EMPTY", name="Nothing this quarter")
    run = write_letters(books.db, Q3, tmp_path, letter_date=LETTER_DAY)
    codes = [f"C{number:02}" for number in range(letters_module.POOL_FROM)]
    assert (run.written, run.kept, run.remaining) == (len(codes), 0, 0)
    assert [p.name for p in run.letters] == [f"{code}.pdf" for code in codes]
    assert "123.00" in _text(tmp_path / "C23.pdf")
    assert [row.customer for row in register(books.db, period=Q3)] == codes
    combined = pypdf.PdfReader(tmp_path / COMBINED_NAME)
    assert run.combined == tmp_path / COMBINED_NAME
    assert len(combined.pages) == sum(len(pypdf.PdfReader(path).pages) for path in run.letters)
    assert "Customer 0" in combined.pages[0].extract_text() and "Customer 23" in combined.pages[-1].extract_text()
    stamp = (tmp_path / COMBINED_NAME).stat().st_mtime_ns
    again = write_letters(books.db, Q3, tmp_path, letter_date=LETTER_DAY)
    assert (again.written, again.kept, again.combined) == (0, len(codes), run.combined)
    assert (tmp_path / COMBINED_NAME).stat().st_mtime_ns == stamp
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".")]  # no parts left behind


def test_a_run_stopped_on_the_pool_enters_only_the_letters_written(books: Books, tmp_path: Path) -> None:
    for number in range(letters_module.POOL_FROM * 2):
        books.customer(f"C{number:02}", name=f"Customer {number}")
        books.delivery(f"D{number:02}", f"C{number:02}", on="2026-08-01", amount="100.00")
    run = write_letters(books.db, Q3, tmp_path, letter_date=LETTER_DAY, progress=lambda done, total: done < 10)
    on_disk = sorted(path.stem for path in tmp_path.glob("C*.pdf"))
    assert run.remaining > 0 and run.written == len(on_disk) and run.combined is None
    assert [row.customer for row in register(books.db, period=Q3)] == on_disk
    rest = write_letters(books.db, Q3, tmp_path, letter_date=LETTER_DAY)
    assert (rest.written, rest.kept, rest.remaining) == (run.remaining, run.written, 0)
    assert len(register(books.db, period=Q3)) == letters_module.POOL_FROM * 2


def test_zero_customers_only_when_asked(company: Books, tmp_path: Path) -> None:
    paths = write_letters(company.db, Q3, tmp_path, include_zero=True, letter_date=LETTER_DAY).paths
    assert "IDLE.pdf" in [p.name for p in paths]
    text = _text(tmp_path / "IDLE.pdf")
    assert _flat("No deliveries, payments or adjustments in this period.") in _flat(text)
    assert "Balance at 30 September 2026: nil" in text


def test_one_customer(company: Books, tmp_path: Path) -> None:
    paths = write_letters(company.db, Q3, tmp_path, customer="ZH1", letter_date=LETTER_DAY).paths
    assert [p.name for p in paths] == ["ZH1.pdf", COMBINED_NAME]


def test_english_letters_carry_the_english_letterhead(company: Books, tmp_path: Path) -> None:
    update_settings(
        company.db,
        company_name="恒达商贸有限公司",
        company_name_en="Hengda Trading Co., Ltd.",
        company_address_en="88 Liberation Road, Hangzhou",
        bank_details_en="Bank of Hangzhou, account 1234 5678",
    )
    write_letters(company.db, Q3, tmp_path, letter_date=LETTER_DAY)
    english, chinese = _text(tmp_path / "EN1.pdf"), _text(tmp_path / "ZH1.pdf")
    assert "恒达" not in english
    assert english.count("Hengda Trading Co., Ltd.") >= 4  # letterhead, text, footer, slip
    assert "88 Liberation Road" in english and "account 1234 5678" in english
    assert "恒达商贸有限公司" in chinese and "Hengda" not in chinese


def test_every_fixed_text_exists_in_both_languages() -> None:
    from arddesk.reports.letter_texts import texts_for

    english, chinese = texts_for("en"), texts_for("zh")
    assert set(english) == set(chinese)
    placeholders = re.compile(r"\{(\w+)\}")
    for key, text in english.items():
        assert set(placeholders.findall(text)) == set(placeholders.findall(chinese[key])), key
        assert not text or chinese[key] != text, f"{key} is not translated"


@pytest.mark.parametrize(
    ("label", "language", "expected"),
    [
        ("not_due", "en", "Not yet due"),
        ("1-30", "en", "1\u201330 days overdue"),
        ("over_365", "en", "Over 365 days overdue"),
        ("31-60", "zh", "逾期31\u201360天"),
        ("over_90", "zh", "逾期90天以上"),
    ],
)
def test_bucket_labels(label: str, language: str, expected: str) -> None:
    from arddesk.reports.letter_texts import bucket_label

    assert bucket_label(label, language) == expected


def test_handover_letter_says_so(company: Books, tmp_path: Path) -> None:
    from arddesk.services.letters import mark_handover

    mark_handover(company.db, "EN1", Q3)
    write_letters(company.db, Q3, tmp_path, customer="EN1", letter_date=LETTER_DAY)
    assert _flat("this letter also serves to confirm the balance at the handover") in _flat(_text(tmp_path / "EN1.pdf"))


def test_us_letter_paper_and_logo_from_settings(company: Books, tmp_path: Path) -> None:
    from PIL import Image as PILImage

    from arddesk.store.models import Setting

    logo = tmp_path / "logo.png"
    PILImage.new("RGB", (200, 80), "navy").save(logo)
    with company.db.transaction() as session:
        session.merge(Setting(key="letter_paper", value="letter"))
        session.merge(Setting(key="company_logo", value=str(logo)))
    write_letters(company.db, Q3, tmp_path / "out", customer="EN1", letter_date=LETTER_DAY)
    page = pypdf.PdfReader(tmp_path / "out" / "EN1.pdf").pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)
    assert len(page.images) == 1


# Right-to-left names. The PDF holds text in the order it is drawn (visual order, Arabic as its
# joined presentation forms); pypdf reads each run of right-to-left letters back reversed, i.e. in
# logical order, so every run of the name's letters is found as typed once NFKC undoes the forms.
HEBREW = 'שלום בע"מ'
ARABIC = "شركة الأمل"
HEBREW_ADDRESS = "רחוב הרצל 12, תל אביב 6100000"


def _rtl_runs(text: str) -> list[str]:
    return re.findall(r"[\u0590-\u05ff\u0600-\u06ff]+", text)


def _drawn(markup_text: str) -> str:
    """What markup() draws, left to right, without its font tags."""
    return html.unescape(re.sub(r"</?font[^>]*>", "", markup_text))


@pytest.mark.parametrize(
    ("text", "drawn"),
    [
        (HEBREW, 'מ"עב םולש'),  # drawn right to left
        ("ok שלום", "ok םולש"),  # a right-to-left run inside a left-to-right line
        ("רחוב 12", "12 בוחר"),  # a number after Hebrew ends up at the line's left end
        ("ok שלום 12", "ok 12 םולש"),  # ...and so it does inside a run (as browsers show it)
        ("ل", "ﻝ"),  # isolated form
        ("لا", "ﻻ"),  # lam-alef ligature
        ("بب", "ﺐﺑ"),  # initial + final forms, right to left
        ("\u202bשלום\u202c", "םולש"),  # embedding marks order the line, then go
        ("a\nשלום\nb", "a\nםולש\nb"),  # each line on its own
    ],
)
def test_markup_puts_right_to_left_text_in_drawing_order(text: str, drawn: str) -> None:
    assert _drawn(markup(text)).replace("<br/>", "\n") == drawn


def test_hebrew_and_arabic_letters_come_from_the_dejavu_font() -> None:
    assert markup("שלום") == '<font name="ArdDejaVu">םולש</font>'
    assert markup("شركة") == '<font name="ArdDejaVu">ﺔﻛﺮﺷ</font>'


def test_a_long_right_to_left_line_breaks_in_reading_order() -> None:
    words = [f"מילה{index}" for index in range(1, 9)]
    lines = [line.split(" ") for line in _drawn(markup(" ".join(words), width=120, size=9)).split("<br/>")]
    assert len(lines) > 1
    # Each printed line is read from the right: the first line holds the first words.
    assert [word[::-1] for line in lines for word in reversed(line)] == words


def test_hebrew_and_arabic_names_print_with_their_letters(books: Books, tmp_path: Path) -> None:
    books.customer("HE", name=HEBREW, address=HEBREW_ADDRESS + "\nקומה 3", language="en")
    books.customer("AR", name=ARABIC, address="شارع الملك فهد 45، الرياض", language="zh")
    books.customer("MIX", name="恒达 😀 " + HEBREW, language="zh")
    for code in ("HE", "AR", "MIX"):
        books.delivery(f"D-{code}", code, on="2026-07-05", amount="10.00", note="הערה: משלוח 5 ארגזים")
    write_letters(books.db, Q3, tmp_path, letter_date=LETTER_DAY)
    for code, typed in (("HE", [HEBREW, HEBREW_ADDRESS]), ("AR", [ARABIC]), ("MIX", [HEBREW])):
        read = unicodedata.normalize("NFKC", _text(tmp_path / f"{code}.pdf"))
        for run in _rtl_runs(" ".join(typed)):
            assert run in read, (code, run)
    assert "12" in _text(tmp_path / "HE.pdf") and "6100000" in _text(tmp_path / "HE.pdf")
    mixed = _text(tmp_path / "MIX.pdf")
    assert "恒达" in mixed and "😀" in mixed
    used = set()
    for page in pypdf.PdfReader(tmp_path / "HE.pdf").pages:
        used |= {str(font.get_object()["/BaseFont"]) for font in page["/Resources"]["/Font"].values()}
    assert any("DejaVuSans" in name for name in used)


def test_the_largest_amounts_print_whole(books: Books, tmp_path: Path) -> None:
    books.customer("BIG", language="en")
    for number in range(3):
        books.delivery(f"B{number}", "BIG", on="2026-07-05", amount="999999999999.99")
    write_letters(books.db, Q3, tmp_path, letter_date=LETTER_DAY)
    flat = _flat(_text(tmp_path / "BIG.pdf"))
    assert "999,999,999,999.99" in flat and "2,999,999,999,999.97" in flat


@pytest.mark.parametrize(
    ("room_mm", "pages", "drawn_mm"), [(150, 1, 120), (100, 1, 80), (70, 1, 60), (50, 2, 120), (20, 2, 120)]
)
def test_the_reply_slip_shrinks_to_share_the_last_page_else_takes_the_closing_lines_along(
    tmp_path: Path, room_mm: int, pages: int, drawn_mm: int
) -> None:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    # Closing lines 20 mm tall, then a slip of 100 mm, 60 mm or 40 mm, after a body that leaves room_mm.
    closing = [Paragraph("Closing lines", ParagraphStyle("p", leading=10)), Spacer(1, 20 * mm - 10)]
    slips = [100, 60, 40]
    slip = letters_module._FittedSlip(closing, lambda index: [Spacer(1, slips[index] * mm)], len(slips), 250 * mm)
    path = tmp_path / "slip.pdf"
    doc = SimpleDocTemplate(str(path), topMargin=0, bottomMargin=0, leftMargin=0, rightMargin=0)
    body = doc.height - room_mm * mm - 12  # the frame's own padding
    doc.build([Paragraph("Body", ParagraphStyle("p", leading=10)), Spacer(1, body - 10), slip])
    texts = [page.extract_text() for page in pypdf.PdfReader(path).pages]
    assert len(texts) == pages
    assert "Closing lines" in texts[-1]  # on the slip's page, whichever it is
    assert round(slip.height / mm) == drawn_mm


@pytest.mark.parametrize("language", ["en", "zh"])
def test_no_reply_slip_stands_alone_on_a_page_whatever_the_letters_length(
    books: Books, tmp_path: Path, language: str
) -> None:
    from arddesk.reports.letter_texts import texts_for

    update_settings(books.db, company_name="Hengda Trading", bank_details="Bank of Hangzhou 1234 5678",
                    company_phone="+86 571 8888 0000")
    # 0 to 9 deliveries: the last page of these runs from roomy to full (the slip is 80-120 mm tall).
    for count in range(10):
        code = f"L{count}"
        books.customer(code, language=language, address="1 High Street\nLeeds")
        books.delivery(f"OLD-{code}", code, on="2026-05-01", amount="100.00")
        for day in range(count):
            books.delivery(f"D{day}-{code}", code, on=f"2026-07-{day + 1:02}", amount="123.45")
    write_letters(books.db, Q3, tmp_path, letter_date=LETTER_DAY)
    cut = _flat(texts_for(language)["cut_here"])
    pages = {}
    for count in range(10):
        texts = [_flat(page.extract_text()) for page in pypdf.PdfReader(tmp_path / f"L{count}.pdf").pages]
        [on_page] = [text for text in texts if cut in text]
        assert on_page.index(cut) > 0, f"the slip of the letter with {count} deliveries starts a page alone"
        pages[count] = len(texts)
    assert set(pages.values()) == {1, 2}  # both sides of the page break were tried
