"""The collector tuning for a full room (dialoog/gc_tuning.py) and its undoing."""

import asyncio
import gc

import pytest

from dialoog import gc_tuning


def test_install_freezes_shortens_full_collections_and_uninstall_restores():
    before = gc.get_threshold()

    async def scenario() -> None:
        gc_tuning.install(asyncio.get_running_loop())
        try:
            assert gc.get_threshold() == (before[0], before[1], gc_tuning.FULL_EVERY)
            assert gc.get_freeze_count() > 0
            counted = gc_tuning.seconds_collecting()
            gc.collect(1)
            assert gc_tuning.seconds_collecting() > counted  # collections are timed
        finally:
            gc_tuning.uninstall()

    asyncio.run(scenario())
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_the_collector_runs_when_the_server_chooses_by_cpythons_rule():
    async def scenario() -> None:
        gc_tuning.install(asyncio.get_running_loop())
        try:
            assert not gc.isenabled()  # no collection on allocation any more
            gc.collect(0)
            assert gc_tuning.collect_if_due() is None  # nothing young to speak of yet
            young, middle, full = gc.get_threshold()
            kept = [[] for _ in range(2 * young)]  # the young generation outgrows its threshold
            assert gc.get_count()[0] > young
            assert gc_tuning.collect_if_due(late=10) is None  # the safety net waits longer
            assert gc_tuning.collect_if_due() == 0
            assert gc.get_count()[0] < young
            for _ in range(middle):
                gc.collect(0)  # as many young collections as make the middle generation due
            kept += [[] for _ in range(2 * young)]
            assert gc_tuning.collect_if_due() == 1
            gc_tuning.after_flush()  # the hub's moment: collects on the loop's next turn
            kept += [[] for _ in range(2 * young)]
            await asyncio.sleep(0)
            assert gc.get_count()[0] < young
            del kept
        finally:
            gc_tuning.uninstall()

    asyncio.run(scenario())
    assert gc.isenabled()


@pytest.mark.parametrize("freeze_all", [False, True])
def test_which_collections_freeze_what_survived_them(freeze_all):
    async def scenario() -> None:
        gc_tuning.install(asyncio.get_running_loop(), freeze_all=freeze_all)
        try:
            frozen = gc.get_freeze_count()
            survivors = [[] for _ in range(500)]
            gc.collect(0)
            await asyncio.sleep(0)  # the freezing runs on the loop, right after the collection
            assert (gc.get_freeze_count() >= frozen + 500) is freeze_all
            gc.collect(1)
            await asyncio.sleep(0)
            assert (gc.get_freeze_count() >= frozen + 500) is freeze_all
            gc.collect(2)
            await asyncio.sleep(0)
            assert gc.get_freeze_count() >= frozen + 500  # a full collection always freezes
            del survivors
        finally:
            gc_tuning.uninstall()

    asyncio.run(scenario())
    assert gc.get_freeze_count() == 0
