"""The members' stock and its flows over a period, as the Party's statistics form counts them:
opening stock + increases − decreases = closing stock ("Tăng, giảm đảng viên").

The categories are data, each with the form row and the guidance it comes from, and each
version of the form with the period it governs (a period is judged by the form of its own
time, as rules are elsewhere). The sources, and what could not be verified, are in
docs/forms-research.md: the rows below are those of both published sets of the form — Biểu số
1-TCTW of Hướng dẫn 12-HD/BTCTW (17/5/2012) and Biểu số 1-BTCTW of the later guidance — which
agree on every increase and decrease. Not verified: whether the "BTCTW" numbering began with
Công văn 3296-CV/BTCTW (2017) or with Hướng dẫn 11-HD/BTCTW (2021), whose full text could not
be read; both are given it here.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Flow:
    """One increase (+1) or decrease (−1) of the stock: the cell's field and the form's row."""

    field: str
    sign: int
    label: str  # the form's own words
    row: str  # the form's row ("B.1" …)


# Increases (B) and decreases (C) in the order of the form.
FLOWS = (
    Flow("admitted", +1, _("admitted (kết nạp)"), "B.1"),
    Flow("transferred_in", +1, _("transferred in (chuyển đến)"), "B.2"),
    Flow("reinstated", +1, _("membership reinstated (phục hồi đảng tịch)"), "B.3"),
    Flow("deaths", -1, _("died (từ trần)"), "C.1"),
    Flow("expelled", -1, _("expelled (khai trừ)"), "C.2"),
    Flow("struck_off", -1, _("struck off (xóa tên)"), "C.3"),
    Flow("resigned", -1, _("left at their own request (xin ra khỏi Đảng)"), "C.4"),
    Flow("transferred_out", -1, _("transferred out (chuyển đi)"), "C.5"),
)
INCREASES = tuple(f.field for f in FLOWS if f.sign > 0)
DECREASES = tuple(f.field for f in FLOWS if f.sign < 0)


@dataclass(frozen=True)
class FormVersion:
    """A version of the members form and the periods it governs (by the period's last day)."""

    number: str  # "Biểu số 1-BTCTW"
    title: str
    guidance: str  # the guidance and its date
    valid_from: datetime.date
    flows: tuple[Flow, ...]


FORM_VERSIONS = (
    FormVersion(
        "Biểu số 1-TCTW",
        "BÁO CÁO TĂNG GIẢM ĐẢNG VIÊN",
        "Hướng dẫn số 12-HD/BTCTW ngày 17/5/2012 của Ban Tổ chức Trung ương",
        datetime.date(2012, 5, 17),
        FLOWS,
    ),
    FormVersion(
        "Biểu số 1-BTCTW",
        "THỐNG KÊ TĂNG, GIẢM ĐẢNG VIÊN",
        "Công văn số 3296-CV/BTCTW ngày 26/7/2017 của Ban Tổ chức Trung ương",
        datetime.date(2017, 7, 26),
        FLOWS,
    ),
    FormVersion(
        "Biểu số 1-BTCTW",
        "THỐNG KÊ TĂNG, GIẢM ĐẢNG VIÊN",
        "Hướng dẫn số 11-HD/BTCTW ngày 13/12/2021 của Ban Tổ chức Trung ương",
        datetime.date(2021, 12, 13),
        FLOWS,
    ),
)


def form_for(period) -> FormVersion:
    """The version of the form in force on the period's last day."""
    versions = [v for v in FORM_VERSIONS if v.valid_from <= period.end]
    return versions[-1] if versions else FORM_VERSIONS[0]


def expected_closing(values: dict) -> int | None:
    """Opening + increases − decreases; None while the opening stock is not given."""
    opening = values.get("opening")
    if opening is None:
        return None
    return (
        opening
        + sum(values.get(f) or 0 for f in INCREASES)
        - sum(values.get(f) or 0 for f in DECREASES)
    )


# What a statement of the stock reads, under the same names in a report's cell totals and in
# a ward's summary row.
STATEMENT_FIELDS = ("members", "probationary", "recognised_full", *INCREASES, *DECREASES)


def statement(values, opening: int | None, period) -> dict:
    """The members form for the printout and the ward page: the stock at the start (A), each
    increase (B) and decrease (C) with its row and sign, the stock at the end (D) split full and
    probationary, whether it adds up, and the form's number and guidance of the period.
    `values`: the figures by name (STATEMENT_FIELDS)."""
    form = form_for(period)
    rows = [
        {"row": f.row, "label": f.label, "sign": "+" if f.sign > 0 else "−",
         "count": values[f.field]}
        for f in form.flows
    ]  # fmt: skip
    expected = expected_closing({**values, "opening": opening})
    return {
        "form": form,
        "opening": opening,
        "rows": rows,
        "closing": values["members"],
        "full": values["members"] - values["probationary"],
        "probationary": values["probationary"],
        "recognised_full": values["recognised_full"],
        "reconciled": expected == values["members"],
        "expected": expected,
    }


def previous_closings(ward_id: int, period, cell_ids) -> dict[int, int]:
    """Each cell's members in the ward's latest report before the period that has it: the
    opening stock carried forward (one query)."""
    from .models import CellFigures

    rows = (
        CellFigures.objects.filter(
            cell__in=list(cell_ids),
            report__ward=ward_id,
            report__period__end__lt=period.end,
        )
        .order_by("cell_id", "-report__period__end")
        .values("cell_id", "members")
    )
    last = {}
    for row in rows:
        last.setdefault(row["cell_id"], row["members"])
    return last


@dataclass(frozen=True)
class Carried:
    """A ward's opening stock as carried from before: the total, and where it comes from (the
    ward's own last report, or the units merged into it, whole or in part)."""

    total: int | None
    whole: tuple[tuple[str, int], ...] = ()  # (unit, its closing) summed into the total
    partial: tuple[tuple[str, int], ...] = ()  # shown, not added: the part is entered


def carried_opening(ward, period) -> Carried:
    """The ward's closing stock of its last report before the period; for a ward formed by a
    merger in the period (or since its last report), the closings of the units merged into it
    whole, summed, and those merged in part shown beside (three queries at most)."""
    from wardstats.hierarchy.models import Lineage, LineageKind

    from .models import CellFigures

    def closing_before(unit_ids, end) -> dict[int, tuple[str, int]]:
        rows = (
            CellFigures.objects.filter(report__ward__in=unit_ids, report__period__end__lt=end)
            .values("report__ward_id", "report__ward__name", "report__period__end")
            .annotate(members=Sum("members"))
            .order_by("report__ward_id", "-report__period__end")
        )
        found = {}
        for row in rows:
            found.setdefault(row["report__ward_id"], (row["report__ward__name"], row["members"]))
        return found

    own = closing_before([ward.pk], period.end).get(ward.pk)
    links = list(
        Lineage.objects.filter(successor=ward, effective__gt=period.start - datetime.timedelta(1))
        .filter(effective__lte=period.end)
        .values_list("predecessor_id", "kind")
    )
    if not links:
        return Carried(own[1] if own else None)
    closings = closing_before([p for p, _kind in links], period.end)
    whole = tuple(closings[p] for p, kind in links if kind == LineageKind.WHOLE and p in closings)
    partial = tuple(closings[p] for p, kind in links if kind == LineageKind.PART and p in closings)
    total = sum(n for _name, n in whole) + (own[1] if own else 0)
    return Carried(total if (whole or own) else None, whole, partial)
