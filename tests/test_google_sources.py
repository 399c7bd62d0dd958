"""Google sources through the emulator: faults of issue 9 (5 deleted responses, 6 merged cells,
14 grid questions) and issue 13 (Drive change detection, report folders, parallel reads)."""

from __future__ import annotations

import pytest

from sync.service import execute
from tests.test_incremental import (
    BASE,
    T,
    answer,
    full_fingerprint,
    google_setup,
    google_sources_local_master,
)


# --- fault 5: a response deleted in the form no longer counts on the next run ---------------------
@pytest.mark.parametrize("change", ["deleted", "edited_back_in_time", "deleted_then_added"])
def test_run_equals_resync_after_a_form_change(emulator, tmp_path, change):
    settings, registry, ids = google_setup(emulator, tmp_path, form=True)
    backend = google_sources_local_master(tmp_path)
    form = ids["form"]
    rids = emulator.add_responses(form, [answer(i) for i in range(6)])
    first = execute(settings, registry, backend=backend)
    assert first.stats[0].accepted == 6
    if change == "deleted":
        emulator.delete_response(form, rids[0])
        want = 5
    elif change == "edited_back_in_time":  # an edit whose lastSubmittedTime does not move past the watermark
        emulator.edit_response(form, rids[1], {T["unit"][0]: "ไม่รู้จัก"}, last_submitted_time=BASE)
        want = 6
    else:
        emulator.delete_response(form, rids[2])
        emulator.add_responses(form, [answer(40)])
        want = 6
    run = execute(settings, registry, backend=backend)
    assert run.stats[0].accepted == want and run.wrote
    assert run.fingerprint == full_fingerprint(settings, registry, backend)
    resync = execute(settings, registry, mode="resync", backend=backend)
    assert resync.outcome == "unchanged" and resync.fingerprint == run.fingerprint
