import pytest
from django.urls import reverse

from tests import factories
from wardstats.entry.rendering import PARTS
from wardstats.hierarchy.models import CellKind
from wardstats.reports.models import QualityLevel, Report


@pytest.fixture
def many_cells(hierarchy):
    """`many_cells(n)`: ward A's 2025 report with its residential cell and n − 1 more cells,
    each with figures, named as real cells are ("Chi bộ Khu dân cư số 12 — Vĩnh Phú …")."""

    def build(n: int) -> Report:
        h = hierarchy
        with factories.bulk():
            report = factories.make_report(ward=h.ward_a, period=h.period_2025)
            cells = [h.cell_a]
            for i in range(1, n):
                neighbourhood = factories.make_neighbourhood(
                    ward=h.ward_a, name=f"Khu dân cư số {i} Vĩnh Phú"
                )
                cells.append(
                    factories.make_cell(
                        ward=h.ward_a,
                        name=f"Chi bộ Khu dân cư số {i} Vĩnh Phú",
                        kind=CellKind.RESIDENTIAL,
                        neighbourhood=neighbourhood,
                    )
                )
            for i, cell in enumerate(cells):
                factories.make_cell_figures(
                    report=report,
                    cell=cell,
                    members=20 + i % 30,
                    probationary=i % 3,
                    women=8 + i % 5,
                    admitted=i % 2,
                    secretary_is_head=True,
                    standing_member_in_charge="Đồng chí Nguyễn Văn Phụ Trách",
                    quality_level=QualityLevel.GOOD,
                    review_held=True,
                )
            total = sum(20 + i % 30 for i in range(len(cells)))
            Report.objects.filter(pk=report.pk).update(declared_members=total)
        report.refresh_from_db()
        return report

    return build


def report_url(report, part: str | None = None) -> str:
    """The report's screen, at one of its parts (`entry.rendering.PARTS`; the first if none)."""
    url = f"{reverse('entry:report', args=[report.ward_id])}?period={report.period_id}"
    return f"{url}&part={part}" if part and part != PARTS[0].slug else url


def part_with(field: str) -> str:
    """The part of the screen where a cell's figure is typed."""
    return next(part.slug for part in PARTS if field in part.fields)
