"""The delivery log: date range, customer, rep, open/overdue/void filters; new deliveries; open, void, correct."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialog, QLineEdit, QWidget

from arddesk.services import browse
from arddesk.services.browse import DeliveryFilter, DeliveryRow
from arddesk.text import N_, _
from arddesk.ui.pages.deliveries.models import DeliveryModel
from arddesk.ui.pages.documents.dialog import DocumentListPage
from arddesk.ui.widgets.page import combo, optional_date, set_combo_items, translated

STATES = [(N_("all deliveries"), "all"), (N_("open"), "open"), (N_("overdue"), "overdue"), (N_("void"), "void")]


class DeliveriesPage(DocumentListPage):
    """The delivery log; a delivery opens with double-click or Enter."""

    search_hint = N_("Search number, customer code or name (Ctrl+F)")

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(DeliveryModel(), today, parent)
        self.date_from = QLineEdit()
        self.date_from.setObjectName("dateFrom")
        self.date_from.setPlaceholderText(_("from YYYY-MM-DD"))
        self.date_to = QLineEdit()
        self.date_to.setObjectName("dateTo")
        self.date_to.setPlaceholderText(_("to YYYY-MM-DD"))
        for edit in (self.date_from, self.date_to):
            edit.setMaximumWidth(130)
        self.customer = QLineEdit()
        self.customer.setObjectName("customerFilter")
        self.customer.setPlaceholderText(_("customer code"))
        self.customer.setMaximumWidth(120)
        self.rep = combo([(_("all reps"), "")], "repFilter")
        self.state = combo(translated(STATES), "stateFilter")
        for widget in (self.date_from, self.date_to, self.customer, self.rep, self.state):
            self.filter_bar.addWidget(widget)
        self.watch(self.date_from, self.date_to, self.customer, self.rep, self.state)
        for column, width in enumerate((90, 120, 80, 220, 60, 110, 90, 110, 80)):
            self.table.setColumnWidth(column, width)
        self.finish_with_buttons(
            [
                (_("New delivery…"), self.new_item, "newDelivery"),
                (_("Open…"), self.open_selected, "openDelivery"),
                (_("Void…"), self.void_selected, "voidDelivery"),
                (_("Correct…"), self.correct_selected, "correctDelivery"),
            ]
        )
        self.table.activated.connect(lambda _index: self.open_selected())

    def build_filter(self) -> DeliveryFilter:
        return DeliveryFilter(
            today=self.today,
            text=self.search.text(),
            customer=self.customer.text().strip(),
            rep=self.rep.currentData() or "",
            date_from=optional_date(self.date_from),
            date_to=optional_date(self.date_to),
            state=self.state.currentData() or "all",
        )

    def refresh_choices(self) -> None:
        assert self.db is not None
        set_combo_items(self.rep, [(_("all reps"), "")] + [(c, c) for c in browse.choices(self.db).reps])

    def document_of(self, row: DeliveryRow) -> tuple[str, str]:
        return "delivery", row.number

    def new_item(self) -> None:
        from arddesk.ui.pages.deliveries.dialog import DeliveryDialog

        if self.db is None:
            return
        dialog = DeliveryDialog(self.db, self, today=self.today, customer=self.customer.text().strip())
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.company_changed.emit()
            number = dialog.saved_number
            self.show_saved(
                lambda row: row.number == number, _("Saved delivery {number}.").format(number=number), number
            )
