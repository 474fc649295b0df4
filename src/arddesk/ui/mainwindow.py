"""The main window: navigation on the left, one page at a time, menus, toolbar, status bar."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from arddesk import text
from arddesk.services import audit, backups, company, maintenance, servers
from arddesk.services.settings import load_settings
from arddesk.store.db import Database
from arddesk.text import N_, _, formats, ngettext
from arddesk.text.messages import message_text
from arddesk.ui import export, feedback, plain, printing, tasks, theme
from arddesk.ui.errors import reported, show_error
from arddesk.ui.kinds import kind_name
from arddesk.ui.pages.base import Page
from arddesk.ui.pages.imports.dialog import ImportDialog
from arddesk.ui.pages.welcome.page import LANGUAGE_SETTING
from arddesk.ui.server_dialog import ServerDialog
from arddesk.ui.tasks import Cancelled, run_in_background

MAX_RECENT = 8
LANGUAGE_NAMES = {text.ENGLISH: "English", text.CHINESE: "简体中文"}
"""Each language under its own name, so that a reader who cannot read the other finds theirs."""
CLERK_NAME_SETTING = "clerk/name"
CLERK_NAME_PROMPT = N_(
    "Your name, as the audit trail should show it beside your computer login (blank: the login alone):"
)
CLERK_NAME_SAVED = N_("Changes are now recorded as made by {who}.")
IMPORT_KINDS = {
    "terms": N_("Terms…"),
    "staff": N_("Staff…"),
    "customers": N_("Customers…"),
    "deliveries": N_("Deliveries…"),
    "payments": N_("Payments…"),
    "adjustments": N_("Adjustments…"),
    "targets": N_("Targets…"),
}


def page_factories() -> list[tuple[str, Callable[[date], Page]]]:
    """The pages in navigation order (imported here so that a broken view cannot stop the window)."""
    from arddesk.ui.pages.aging.page import AgingPage
    from arddesk.ui.pages.audit.page import AuditPage
    from arddesk.ui.pages.contacts.page import ContactsPage
    from arddesk.ui.pages.credit.page import CreditPage
    from arddesk.ui.pages.customers.page import CustomersPage
    from arddesk.ui.pages.dashboard.page import DashboardPage
    from arddesk.ui.pages.deliveries.page import DeliveriesPage
    from arddesk.ui.pages.incentives.page import IncentivesPage
    from arddesk.ui.pages.letters.page import LettersPage
    from arddesk.ui.pages.matrix.page import MatrixPage
    from arddesk.ui.pages.payments.page import PaymentsPage
    from arddesk.ui.pages.plan.page import PlanPage
    from arddesk.ui.pages.staff.page import StaffPage
    from arddesk.ui.pages.warnings.page import WarningsPage

    return [
        (N_("Customers"), CustomersPage),
        (N_("Credit limits"), CreditPage),
        (N_("Delivery log"), DeliveriesPage),
        (N_("Payments"), PaymentsPage),
        (N_("Staff"), StaffPage),
        (N_("Aging"), AgingPage),
        (N_("Dashboard"), DashboardPage),
        (N_("Warnings"), WarningsPage),
        (N_("Letters"), LettersPage),
        (N_("Collection plan"), PlanPage),
        (N_("Contact log"), ContactsPage),
        (N_("Incentives"), IncentivesPage),
        (N_("Sales/collection matrix"), MatrixPage),
        (N_("Audit"), AuditPage),
    ]


class MainWindow(QMainWindow):
    """The clerk's window onto one company."""

    company_opened = Signal(object)

    def __init__(self, *, today: date | None = None, settings: QSettings | None = None) -> None:
        super().__init__()
        self.today = today or date.today()
        self.settings = settings or QSettings()
        if stored_name := str(self.settings.value(CLERK_NAME_SETTING, "") or ""):
            self._use_clerk_name(stored_name)
        self.db: Database | None = None
        self.setWindowTitle("arddesk")
        self.setObjectName("mainWindow")

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setMinimumWidth(150)
        self.stack = QStackedWidget()
        self.pages: list[Page] = []
        self._pending_database: dict[Page, Database | None] = {}
        self._stale: set[Page] = set()
        self._seen_change = 0
        for title, factory in page_factories():
            page = factory(self.today)
            page.title = _(title)
            page.setObjectName(f"page_{title.lower().replace(' ', '_')}")
            self.pages.append(page)
            self.stack.addWidget(page)
            self.nav.addItem(QListWidgetItem(page.title))
            page.company_changed.connect(self.refresh_all)
            page.open_customer.connect(self.show_customer)
        self.nav.currentRowChanged.connect(self.show_page)

        self.splitter = QSplitter()
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)
        self.splitter.setSizes([170, 1110])
        self.read_only_banner = plain.label(name="readOnlyBanner")
        self.read_only_banner.setWordWrap(True)
        self.read_only_banner.setStyleSheet(theme.banner_style(theme.NOTICE_BACKGROUND, theme.NOTICE_TEXT))
        self.read_only_banner.hide()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.read_only_banner)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self.company_label = plain.label(_("No company open"), "companyLabel")
        self.statusBar().addPermanentWidget(self.company_label)
        self._build_actions()
        self._restore_layout()
        self.nav.setCurrentRow(0)

    # ---------------------------------------------------------------- actions and menus
    def _action(self, text: str, slot: Callable[[], Any], shortcut: Any = None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_actions(self) -> None:
        self.new_company_action = self._action(
            _("&New company…"), self.new_company_dialog, tip=_("Create an empty company file")
        )
        self.open_action = self._action(_("&Open company…"), self.open_dialog, QKeySequence.StandardKey.Open)
        self.backup_action = self._action(
            _("&Back up…"), self.backup_dialog, tip=_("Write a consistent copy of the company")
        )
        self.open_server_action = self._action(
            _("Open a company on a &server…"), self.open_server_dialog, tip=_("A shared company on a PostgreSQL server")
        )
        self.restore_action = self._action(
            _("&Restore from backup…"), self.restore_dialog, tip=_("Copy a backup into a new company file and open it")
        )
        self.export_table_action = self._action(
            _("Export table to &Excel…"),
            self.export_current,
            "Ctrl+E",
            _("The table on screen, as filtered, to .xlsx"),
        )
        self.print_action = self._action(
            _("&Print…"), self.print_current, QKeySequence.StandardKey.Print, _("Preview and print this page")
        )
        self.quit_action = self._action(_("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        self.new_item_action = self._action(
            _("&New…"), self.new_item, QKeySequence.StandardKey.New, _("New entry on this page")
        )
        self.find_action = self._action(
            _("&Find"), self.focus_search, QKeySequence.StandardKey.Find, _("Search this page")
        )
        self.refresh_action = self._action(_("&Refresh"), self.refresh_all, QKeySequence.StandardKey.Refresh)

        menu = self.menuBar().addMenu(_("&File"))
        menu.addAction(self.new_company_action)
        menu.addAction(self.open_action)
        menu.addAction(self.open_server_action)
        self.recent_menu = menu.addMenu(_("Open &recent"))
        menu.addSeparator()
        import_menu = menu.addMenu(_("&Import"))
        export_menu = menu.addMenu(_("E&xport"))
        for kind, label in IMPORT_KINDS.items():
            import_menu.addAction(self._action(_(label), partial(self.import_dialog, kind)))
            export_menu.addAction(self._action(_(label), partial(self.export_dialog, kind)))
        menu.addAction(self.export_table_action)
        menu.addAction(self.print_action)
        menu.addSeparator()
        menu.addAction(self.backup_action)
        menu.addAction(self.restore_action)
        menu.addSeparator()
        menu.addAction(self.quit_action)
        self._fill_recent()

        edit = self.menuBar().addMenu(_("&Edit"))
        edit.addAction(self.new_item_action)
        edit.addAction(self.find_action)
        edit.addAction(self.refresh_action)
        edit.addSeparator()
        edit.addAction(self._action(_("Your &name in the audit trail…"), self.ask_clerk_name))

        view = self.menuBar().addMenu(_("&View"))
        for number, page in enumerate(self.pages):
            view.addAction(self._action(page.title, partial(self.nav.setCurrentRow, number), f"Ctrl+{number + 1}"))

        view.addSeparator()
        self.language_menu = view.addMenu(_("&Language"))
        for code, name in LANGUAGE_NAMES.items():
            choice = self._action(name, partial(self.choose_language, code))
            choice.setCheckable(True)
            choice.setChecked(code == text.language())
            choice.setObjectName(f"language_{code}")
            self.language_menu.addAction(choice)
        help_menu = self.menuBar().addMenu(_("&Help"))
        help_menu.addAction(self._action(_("&User guide"), self.show_guide, QKeySequence.StandardKey.HelpContents))
        help_menu.addAction(self._action(_("&About arddesk"), self.about))

        toolbar = QToolBar(_("Main"))
        toolbar.setObjectName("mainToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (
            self.new_item_action,
            self.find_action,
            self.refresh_action,
            self.export_table_action,
            self.backup_action,
        ):
            toolbar.addAction(action)
        self.addToolBar(toolbar)
        self.toolbar = toolbar

    # ---------------------------------------------------------------- pages
    @property
    def current_page(self) -> Page:
        """The page on screen."""
        return self.pages[self.stack.currentIndex()]

    def show_page(self, number: int) -> None:
        """Bring page ``number`` to the front."""
        if 0 <= number < len(self.pages):
            page = self.pages[number]
            self._bring_up_to_date(page)
            self.stack.setCurrentIndex(number)
            self.new_item_action.setEnabled(type(page).new_item is not Page.new_item)

    def _bring_up_to_date(self, page: Page) -> None:
        # Pages read the company when first shown, so opening a big company costs one page, not all.
        with reported(self, page.title or "arddesk"):
            if page in self._pending_database:
                page.set_database(self._pending_database.pop(page))
                self._stale.discard(page)
            elif page in self._stale:
                self._stale.discard(page)
                page.refresh()

    def choose_language(self, code: str) -> None:
        """View → Language: remembered for the next start (the open window keeps its language)."""
        self.settings.setValue(LANGUAGE_SETTING, code)
        for choice in self.language_menu.actions():
            choice.setChecked(choice.objectName() == f"language_{code}")
        self.statusBar().showMessage(
            _("The window will speak {language} from the next start.").format(language=LANGUAGE_NAMES[code])
        )

    def page(self, title: str) -> Page:
        """The page with ``title``."""
        return next(page for page in self.pages if page.title == _(title))

    def go_to(self, title: str) -> Page:
        """Show the page with ``title`` and return it."""
        page = self.page(title)
        self.nav.setCurrentRow(self.pages.index(page))
        return page

    def show_customer(self, code: str) -> None:
        """Show the Customers page with ``code`` selected (a page asked, through its ``open_customer``)."""
        from arddesk.ui.pages.customers.page import CustomersPage

        page = next(page for page in self.pages if isinstance(page, CustomersPage))
        self.nav.setCurrentRow(self.pages.index(page))
        # After the page has read the company it was just brought up to date with.
        QTimer.singleShot(0, lambda: page.select_code(code))

    def new_item(self) -> None:
        """Ctrl+N on the current page."""
        if self.db is None:
            self.statusBar().showMessage(_("Open a company first (File → Open)."), 5000)
            return
        self.current_page.new_item()

    def focus_search(self) -> None:
        """Ctrl+F on the current page."""
        self.current_page.focus_search()

    def refresh_all(self) -> None:
        """Read every page again (after a change that others show)."""
        current = self.current_page
        for page in self.pages:
            if page is not current and page.db is not None:
                self._stale.add(page)
        if current.db is not None:
            with reported(self, _("Refresh")):
                current.refresh()

    # ---------------------------------------------------------------- company
    def open_company(self, target: str | Path, *, create: bool = False, read_only: bool = False) -> bool:
        """Open a company file (or URL); on failure say why and keep what was open.

        When another arddesk has the company open, the clerk is told who and may open it
        read-only instead. A company that cannot be changed shows a read-only banner.
        """
        with reported(self, _("Open company")) as attempt:
            try:
                opened = company.open_company(target, create=create, read_only=read_only)
            except company.CompanyInUse as busy:
                if not read_only and self._ask_read_only(busy):
                    return self.open_company(target, read_only=True)
                return False
        if attempt.failed:
            return False
        self.set_database(opened.db)
        self.read_only_banner.setText(
            _("Read-only: {read_only_because} Changes cannot be saved.").format(
                read_only_because=message_text(opened.read_only_because)
            )
            if opened.read_only_because
            else ""
        )
        self.read_only_banner.setVisible(bool(opened.read_only_because))
        if "://" not in str(target):
            self._remember_recent(str(Path(target).expanduser().resolve()))
        elif servers.is_server(str(target)):
            # Without its password: the next File → Open a company on a server… starts from it.
            self.settings.setValue("last_server", servers.shown_address(str(target)))
        for warning in opened.warnings:
            plain.warn(self, _("Where this company is kept"), message_text(warning))
        if not opened.read_only_because:
            self._daily_backup(opened.db)
        return True

    def _ask_read_only(self, busy: company.CompanyInUse) -> bool:
        return plain.choose(
            self, _("Company in use"), message_text(busy.message), _("Open read-only"), name="companyInUseBox"
        )

    def _daily_backup(self, db: Database) -> None:
        # The first open of a day copies the company into its backups folder, off the GUI thread.
        def done(path: Path | None) -> None:
            if path is not None:
                self.statusBar().showMessage(_("Today's backup: {path}").format(path=path), 8000)

        run_in_background(
            self,
            _("Backing up…"),
            lambda _progress: backups.daily_backup(db),
            on_done=done,
            on_error=lambda exc: show_error(self, _("Automatic backup"), exc),
            cancellable=False,
            show_progress=False,
        )

    def set_database(self, db: Database | None) -> None:
        """Show ``db`` in every page."""
        old = self.db
        self.db = db
        location = db.location if db is not None else ""
        self.company_label.setText(
            _("Company: {location}").format(location=location) if db is not None else _("No company open")
        )
        self.setWindowTitle(_("arddesk — {name}").format(name=Path(location).name) if db is not None else "arddesk")
        self.read_only_banner.hide()
        self._stale.clear()
        self._seen_change = audit.last_change(db) if db is not None and self._shared(db) else 0
        self._pending_database = {page: db for page in self.pages}
        self._bring_up_to_date(self.current_page)
        if old is not None and old is not db:
            old.close()
        self.company_opened.emit(db)

    @staticmethod
    def _shared(db: Database) -> bool:
        """Whether others may change the company while this window shows it (a server; a file opened read-only)."""
        return not db.is_sqlite or db.read_only

    def changeEvent(self, event: QEvent) -> None:
        """Coming back to the window shows what other clerks changed meanwhile, when they changed anything."""
        super().changeEvent(event)
        if event.type() != QEvent.Type.ActivationChange or not self.isActiveWindow():
            return
        if self.db is None or not self._shared(self.db):
            return
        latest = self._seen_change
        with reported(self, _("Refresh")) as attempt:
            latest = audit.last_change(self.db)
        if attempt.failed:
            return
        if latest != self._seen_change:
            self._seen_change = latest
            self.refresh_all()

    def open_dialog(self) -> None:
        """File → Open."""
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Open company"), self._last_folder(), _("arddesk company (*.sqlite *.db);;All files (*)")
        )
        if path:
            self.open_company(path)

    def open_server_dialog(self) -> None:
        """File → Open a company on a server…."""
        dialog = ServerDialog(self, str(self.settings.value("last_server", "") or ""))
        if dialog.exec() == ServerDialog.DialogCode.Accepted:
            self.open_company(dialog.target())

    def new_company_dialog(self) -> None:
        """File → New company: an empty company in a new file, then opened."""
        path, _filter = QFileDialog.getSaveFileName(
            self, _("New company"), self._last_folder(), _("arddesk company (*.sqlite)")
        )
        if path:
            self.new_company(Path(path))

    def new_company(self, path: Path) -> bool:
        """Create an empty company at ``path`` (refused if a file is there) and open it."""
        label = _("Creating the company…")
        if tasks.write(self, _("New company"), lambda: company.new_company(path), label=label) is None:
            return False
        return self.open_company(path)

    def backup_dialog(self) -> None:
        """File → Back up."""
        if self.db is None:
            return
        suggested = str(Path(self._last_folder()) / f"arddesk-backup-{datetime.now():%Y%m%d-%H%M}.sqlite")
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Back up company"), suggested, _("arddesk company (*.sqlite)")
        )
        if path:
            self.backup_to(Path(path))

    def backup_to(self, path: Path) -> None:
        """Write a backup copy off the GUI thread."""
        db = self.db
        assert db is not None
        run_in_background(
            self,
            _("Backing up…"),
            lambda progress: maintenance.backup(db, path, progress),
            on_done=lambda _result: feedback.announce(self, _("Backed up to {path}.").format(path=path), path),
            on_error=lambda exc: None if isinstance(exc, Cancelled) else show_error(self, _("Back up"), exc),
        )

    def restore_dialog(self) -> None:
        """File → Restore from backup: pick a backup, then a new file for it; the current company is kept."""
        current = self.db.path if self.db is not None else None
        folder = backups.backup_folder(current) if current is not None else Path(self._last_folder())
        backup, _chosen_filter = QFileDialog.getOpenFileName(
            self, _("Restore from backup"), str(folder), _("arddesk company (*.sqlite *.db *.bak);;All files (*)")
        )
        if not backup:
            return
        beside = current.parent if current is not None else Path(self._last_folder())
        suggested = beside / f"{Path(backup).stem}-restored-{datetime.now():%Y%m%d-%H%M}.sqlite"
        destination, _chosen_filter = QFileDialog.getSaveFileName(
            self, _("Restore into a new company file"), str(suggested), _("arddesk company (*.sqlite)")
        )
        if destination:
            self.restore_from(Path(backup), Path(destination))

    def restore_from(self, backup: Path, destination: Path) -> None:
        """Copy ``backup`` into the new file ``destination`` off the GUI thread, then open it."""

        def done(_result: None) -> None:
            self.open_company(destination)

        run_in_background(
            self,
            _("Restoring…"),
            lambda _progress: backups.restore_backup(backup, destination),
            on_done=done,
            on_error=lambda exc: show_error(self, _("Restore from backup"), exc),
            cancellable=False,
        )

    def import_dialog(self, kind: str) -> None:
        """File → Import → kind: the file's preview first, then the import (all rows or none)."""
        if self.db is None:
            return
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Import {kind}").format(kind=kind_name(kind)), self._last_folder(), _("Spreadsheets (*.xlsx *.csv)")
        )
        if path:
            self.preview_import(kind, Path(path))

    def preview_import(self, kind: str, path: Path) -> ImportDialog:
        """Show what ``path`` holds; the clerk imports it from there."""
        assert self.db is not None
        dialog = ImportDialog(self.db, kind, path, self)
        dialog.imported.connect(lambda summary: self._imported(summary, path))
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()
        dialog.read_file()
        return dialog

    def _imported(self, summary: Any, path: Path) -> None:
        feedback.announce(
            self,
            ngettext(
                "Imported {count} row of {kind} from {name}.", "Imported {count} rows of {kind} from {name}.",
                summary.count,
            ).format(count=formats.count(summary.count), kind=kind_name(summary.kind), name=path.name),
        )
        self.refresh_all()

    def export_dialog(self, kind: str) -> None:
        """File → Export → kind, re-importable."""
        if self.db is None:
            return
        path, _filter = QFileDialog.getSaveFileName(
            self,
            _("Export {kind}").format(kind=kind_name(kind)),
            str(Path(self._last_folder()) / f"{kind}.xlsx"),
            _("Excel (*.xlsx);;CSV (*.csv)"),
        )
        if path:
            export.export_kind(self, self.db, kind, Path(path))

    def export_current(self) -> None:
        """The table on screen, as filtered, to Excel."""
        page = self.current_page
        if self.db is None or type(page).export_table is Page.export_table:
            return
        path, _filter = QFileDialog.getSaveFileName(
            self,
            _("Export to Excel"),
            str(Path(self._last_folder()) / f"{page.title.lower().replace(' ', '-')}.xlsx"),
            _("Excel (*.xlsx)"),
        )
        if path:
            export.export_page(self, page, Path(path))

    def print_current(self) -> None:
        """File → Print: the page's documents (letters, call sheets, statements) or its table, through a preview."""
        if self.db is None:
            self.statusBar().showMessage(_("Open a company first (File → Open)."), 5000)
            return
        dialog = None
        with reported(self, _("Print")):
            dialog = self._print_preview(self.current_page, self.db)
        if dialog is not None:
            dialog.finished.connect(lambda _result: dialog.deleteLater())
            self.print_preview = dialog
            dialog.open()

    def _print_preview(self, page: Page, db: Database) -> QPrintPreviewDialog | None:
        documents = page.print_documents()
        if documents is not None:
            return printing.preview_pdfs(self, documents) if documents else None
        table = printing.shown_table(page)
        if table is None or not table[1]:
            self.statusBar().showMessage(_("Nothing to print on this page."), 5000)
            return None
        company = load_settings(db).company_name or Path(db.location).stem
        title = _("{view} — {company} — {day}").format(view=page.title, company=company, day=formats.day(self.today))
        return printing.preview_table(self, title, *table)

    def _use_clerk_name(self, name: str) -> None:
        # The audit trail reads the clerk's name from the environment of this process (store.audit.operator).
        if name.strip():
            os.environ[audit.CLERK_ENVIRONMENT] = name.strip()
        else:
            os.environ.pop(audit.CLERK_ENVIRONMENT, None)

    def ask_clerk_name(self) -> None:
        """Edit → Your name in the audit trail: kept for this login, written beside the login in every entry."""
        current = str(self.settings.value(CLERK_NAME_SETTING, "") or "")
        name, ok = QInputDialog.getText(self, _("Your name in the audit trail"), _(CLERK_NAME_PROMPT), text=current)
        if ok:
            self.settings.setValue(CLERK_NAME_SETTING, name.strip())
            self._use_clerk_name(name)
            self.statusBar().showMessage(_(CLERK_NAME_SAVED).format(who=audit.operator()), 5000)

    def show_guide(self) -> None:
        """Help → User guide, in the window's language."""
        from arddesk.ui.pages.guide.dialog import GuideDialog

        guide = GuideDialog(text.language(), self)
        guide.finished.connect(lambda _result: guide.deleteLater())
        guide.show()

    def about(self) -> None:
        """Help → About."""
        from arddesk import __version__

        plain.inform(
            self,
            _("About arddesk"),
            _("arddesk {version}\nAccounts receivable and collections for small distributors.").format(
                version=__version__
            ),
        )

    # ---------------------------------------------------------------- recent files and layout
    def recent_files(self) -> list[str]:
        """Recently opened company files, newest first."""
        value = self.settings.value("recent", [])
        if isinstance(value, str):
            return [value]
        return [str(v) for v in value] if isinstance(value, list) else []

    def _remember_recent(self, path: str) -> None:
        recent = [path] + [p for p in self.recent_files() if p != path]
        self.settings.setValue("recent", recent[:MAX_RECENT])
        self.settings.setValue("last_folder", str(Path(path).parent))
        self._fill_recent()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.recent_files():
            self.recent_menu.addAction(self._action(path, partial(self.open_company, path)))
        self.recent_menu.setEnabled(bool(self.recent_files()))

    def _last_folder(self) -> str:
        return str(self.settings.value("last_folder", str(Path.home())))

    def _restore_layout(self) -> None:
        geometry = self.settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        state = self.settings.value("window_state")
        if state is not None:
            self.restoreState(state)
        splitter = self.settings.value("splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        for page in self.pages:
            page.restore_layout(self.settings)

    def save_layout(self) -> None:
        """Remember window size, toolbar and splitter positions for the next run."""
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("window_state", self.saveState())
        self.settings.setValue("splitter", self.splitter.saveState())
        for page in self.pages:
            page.save_layout(self.settings)

    def closeEvent(self, event: QCloseEvent) -> None:
        if tasks.waiting():  # a save still waits for the company file: closing it now would lose the save
            event.ignore()
            self.statusBar().showMessage(_("A change is still being saved; close again once it is done."), 5000)
            return
        # An import is all or nothing: closing asks, and a stopped import is rolled back before the company closes.
        for dialog in self.findChildren(ImportDialog):
            if not dialog.ask_to_stop():
                event.ignore()
                return
            dialog.reject()
        self.save_layout()
        if self.db is not None:
            self.db.close()
        super().closeEvent(event)
