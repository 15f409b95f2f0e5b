"""The test factories' deferred recomputation (factories.deferred, which every fixture runs
in): the rows built inside the block are summarised once at its end, as the services would
have left them; a block that fails leaves nothing pending for the next one."""

import pytest

from tests import factories
from wardstats.indicators.models import WardPeriodFigures


def summary(ward, period):
    return WardPeriodFigures.objects.filter(ward=ward, period=period).first()


def test_rows_built_in_a_block_are_summarised_once_at_its_end(ward_a, cell_a, period_2025):
    with factories.deferred():
        report = factories.make_report(ward=ward_a, period=period_2025)
        factories.make_cell_figures(report=report, cell=cell_a, members=37)
        assert summary(ward_a, period_2025).members in (None, 0)  # not yet
    assert summary(ward_a, period_2025).members == 37


def test_outside_a_block_each_row_is_summarised_at_once(ward_a, cell_a, period_2025):
    report = factories.make_report(ward=ward_a, period=period_2025)
    factories.make_cell_figures(report=report, cell=cell_a, members=12)
    assert summary(ward_a, period_2025).members == 12


def test_a_failed_block_leaves_nothing_pending(ward_a, cell_a, period_2025):
    report = factories.make_report(ward=ward_a, period=period_2025)
    with pytest.raises(RuntimeError), factories.deferred():
        factories.make_cell_figures(report=report, cell=cell_a, members=5)
        raise RuntimeError("a fixture failed")
    assert factories._deferred == {"depth": 0, "units": set(), "wards": set(), "rules": False}
    assert summary(ward_a, period_2025).members in (None, 0)  # the failed block's rows wait
