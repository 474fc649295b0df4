"""The first start, when there is no company yet: the language, then a demo, an empty company or Excel."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from arddesk.text import _, language
from arddesk.ui import plain
from arddesk.ui.widgets.form import ERROR_STYLE

LANGUAGE_SETTING = "ui/language"
# Each language is named in itself, so that a clerk who reads only one of them finds it.
LANGUAGES = (("en", "English"), ("zh_CN", "中文（简体）"))
CURRENCIES = ("CNY", "HKD", "USD", "EUR")


class WelcomeDialog(QDialog):
    """Asks the language (kept in the settings at once), then what to start with.

    After ``accepted``, :attr:`choice` is ``"demo"``, ``"empty"`` or ``"excel"``; for the last two,
    :meth:`company_settings` gives the company's settings as typed (for ``update_settings``).
    """

    DEMO = "demo"
    EMPTY = "empty"
    EXCEL = "excel"

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.choice = ""
        self.setObjectName("welcomeDialog")
        self.setWindowTitle(_("Welcome to arddesk"))
        self.pages = QStackedWidget()
        self.pages.addWidget(self._language_page())
        self.pages.addWidget(self._start_page())
        self.pages.addWidget(self._company_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)

    # ---------------------------------------------------------------- the three steps
    def _language_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(plain.label("arddesk", bold=True, scale=1.4))
        layout.addWidget(plain.label("Choose your language · 请选择语言"))
        self.language_group = QButtonGroup(self)
        current = str(self.settings.value(LANGUAGE_SETTING, "") or "") or language()
        for number, (code, name) in enumerate(LANGUAGES):
            button = QRadioButton(name)
            button.setObjectName(f"language_{code}")
            button.setChecked(code == current or (not current and number == 0))
            self.language_group.addButton(button, number)
            layout.addWidget(button)
        self.language_next = QPushButton("Next · 下一步")
        self.language_next.setObjectName("languageNext")
        self.language_next.setDefault(True)
        self.language_next.clicked.connect(self.choose_language)
        layout.addStretch(1)
        layout.addWidget(self.language_next)
        return page

    def _start_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(plain.label(_("There is no company yet. How would you like to start?"), bold=True))
        for name, text, explanation, slot in (
            (
                "openDemo",
                _("Open the demo company"),
                _(
                    "A made-up distributor with a year of deliveries and "
                    "payments, to look around. Nothing you do there touches your own books."
                ),
                self.choose_demo,
            ),
            (
                "createEmpty",
                _("Create an empty company"),
                _("Your company's names, address and bank details, then type in the customers and deliveries."),
                self.choose_empty,
            ),
            (
                "startFromExcel",
                _("Start from Excel"),
                _(
                    "Fill in the import templates (payment terms, staff, "
                    "customers, deliveries, payments) and import them in that order."
                ),
                self.choose_excel,
            ),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            note = plain.label(explanation)
            note.setWordWrap(True)
            layout.addWidget(button)
            layout.addWidget(note)
        layout.addStretch(1)
        return page

    def _company_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(plain.label(_("Your company, as the reconciliation letters print it"), bold=True))
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setObjectName("companyName")
        self.name_zh = QLineEdit()
        self.name_zh.setObjectName("companyNameZh")
        self.address = QPlainTextEdit()
        self.address.setObjectName("companyAddress")
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(60)
        self.phone = QLineEdit()
        self.phone.setObjectName("companyPhone")
        self.bank = QPlainTextEdit()
        self.bank.setObjectName("bankDetails")
        self.bank.setTabChangesFocus(True)
        self.bank.setFixedHeight(60)
        self.currency = QComboBox()
        self.currency.setObjectName("currency")
        self.currency.setEditable(True)
        self.currency.addItems(CURRENCIES)
        form.addRow(_("Company name (English)"), self.name)
        form.addRow(_("Company name (Chinese)"), self.name_zh)
        form.addRow(_("Address"), self.address)
        form.addRow(_("Phone"), self.phone)
        form.addRow(_("Bank details for the letters"), self.bank)
        form.addRow(_("Currency"), self.currency)
        layout.addLayout(form)
        self.company_error = plain.label(name="companyError")
        self.company_error.setStyleSheet(ERROR_STYLE)
        layout.addWidget(self.company_error)
        buttons = QHBoxLayout()
        back = QPushButton(_("Back"))
        back.setObjectName("companyBack")
        back.clicked.connect(lambda: self.pages.setCurrentIndex(1))
        self.create_button = QPushButton(_("Create the company"))
        self.create_button.setObjectName("createCompany")
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.create_company)
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)
        layout.addLayout(buttons)
        return page

    # ---------------------------------------------------------------- choices
    @property
    def language(self) -> str:
        """The language code chosen on the first step."""
        return LANGUAGES[max(self.language_group.checkedId(), 0)][0]

    def choose_language(self) -> None:
        """Keep the language in the settings (the window speaks it from the next start) and go on."""
        self.settings.setValue(LANGUAGE_SETTING, self.language)
        self.pages.setCurrentIndex(1)

    def choose_demo(self) -> None:
        """Open the demo company."""
        self.choice = self.DEMO
        self.accept()

    def choose_empty(self) -> None:
        """Go to the company's details, for an empty company."""
        self._company_details(self.EMPTY)

    def choose_excel(self) -> None:
        """Go to the company's details, then the Excel import."""
        self._company_details(self.EXCEL)

    def _company_details(self, choice: str) -> None:
        self.choice = choice
        self.pages.setCurrentIndex(2)
        self.name.setFocus()

    def company_settings(self) -> dict[str, str]:
        """The company's settings as typed (a name in one language serves for both)."""
        english, chinese = self.name.text().strip(), self.name_zh.text().strip()
        return {
            "company_name": english or chinese,
            "company_name_zh": chinese,
            "company_address": self.address.toPlainText().strip(),
            "company_phone": self.phone.text().strip(),
            "bank_details": self.bank.toPlainText().strip(),
            "currency": self.currency.currentText().strip().upper() or CURRENCIES[0],
        }

    def create_company(self) -> None:
        """Accept when the company has a name."""
        if not self.company_settings()["company_name"]:
            self.company_error.setText(_("Type the company's name, in English or in Chinese."))
            self.name.setFocus()
            return
        self.accept()
