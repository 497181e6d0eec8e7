"""The collector tuning for a full room (dialoog/gc_tuning.py) and its undoing."""

import asyncio
import gc

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
