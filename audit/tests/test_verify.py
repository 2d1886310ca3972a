"""`manage.py audit_verify` finds every kind of tampering and names the first bad row."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError

from audit.models import AccessLog, AuditEvent
from audit.services import access_log_record, audit_record
from audit.tests.tamper import behind_the_back
from audit.verify import verify, verify_chain

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(cast) -> list[AuditEvent]:
    """Six events on the county's chain, one on the neighbouring county's."""
    events = [
        audit_record(actor=cast.staff.user, action="test.step", target=cast.staff, summary=f"第{n}步", changes={"n": n})
        for n in range(1, 7)
    ]
    audit_record(actor=cast.other_unit_staff.user, action="test.elsewhere")
    return events


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("audit_verify", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def failure(*args: str) -> str:
    with pytest.raises(CommandError) as error:
        run(*args)
    assert error.value.returncode == 1
    return str(error.value)


def test_intact_chains_exit_zero_with_a_summary(cast, chain):
    access_log_record(user=cast.head.user, kind=AccessLog.Kind.VIEW, target=cast.staff)

    out = run("--all")

    assert f"unit:{cast.unit.pk}: 6 rows" in out
    assert f"access:unit:{cast.unit.pk}: 1 rows" in out
    assert "All intact: 3 chains, 8 rows checked" in out


def test_exit_status_of_the_real_command_line(cast, chain, capsys, monkeypatch):
    # run_from_argv closes the connections when done, which would end the test's transaction.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    execute_from_command_line(["manage.py", "audit_verify", "--unit", str(cast.unit.pk)])  # no SystemExit: 0

    with behind_the_back() as cursor:
        cursor.execute("UPDATE audit_auditevent SET summary = %s WHERE id = %s", ["改", chain[1].pk])
    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(["manage.py", "audit_verify", "--unit", str(cast.unit.pk)])
    assert exit_info.value.code == 1


def test_an_edited_row_is_named(cast, chain):
    edited = chain[2]
    with behind_the_back() as cursor:
        cursor.execute("UPDATE audit_auditevent SET summary = %s WHERE id = %s", ["第3步（已改）", edited.pk])

    message = failure("--unit", str(cast.unit.pk))

    assert f"unit:{cast.unit.pk}" in message
    assert f"seq 3, id {edited.pk}" in message
    assert verify_chain(edited.chain_key).problem.code == "altered"


def test_an_edited_row_with_a_recomputed_hash_breaks_the_next_link(cast, chain):
    with behind_the_back() as cursor:
        cursor.execute("UPDATE audit_auditevent SET hash = %s WHERE id = %s", ["f" * 64, chain[2].pk])

    problem = verify_chain(chain[0].chain_key).problem

    assert (problem.code, problem.seq, problem.row_id) == ("altered", 3, chain[2].pk)


def test_a_changed_json_field_is_caught(cast, chain):
    with behind_the_back() as cursor:
        cursor.execute("UPDATE audit_auditevent SET changes = %s WHERE id = %s", ['{"n": 99}', chain[4].pk])

    problem = verify_chain(chain[0].chain_key).problem

    assert (problem.code, problem.seq) == ("altered", 5)


def test_a_row_deleted_in_the_middle_is_named_as_a_gap(cast, chain):
    with behind_the_back() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [chain[3].pk])

    message = failure("--unit", str(cast.unit.pk))

    assert f"seq 5, id {chain[4].pk}" in message
    problem = verify_chain(chain[0].chain_key).problem
    assert (problem.code, problem.expected_seq, problem.seq) == ("gap", 4, 5)


def test_a_deleted_tail_is_detected_through_the_head(cast, chain):
    with behind_the_back() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id IN (%s, %s)", [chain[4].pk, chain[5].pk])

    message = failure("--all")

    problem = verify_chain(chain[0].chain_key).problem
    assert (problem.code, problem.seq, problem.expected_seq) == ("tail_missing", 5, 6)
    assert f"unit:{cast.unit.pk}, seq 5" in message


def test_a_head_pointing_at_another_hash_is_detected(cast, chain):
    with behind_the_back() as cursor:
        cursor.execute(
            "UPDATE audit_auditchain SET last_hash = %s WHERE chain_key = %s", ["a" * 64, chain[0].chain_key]
        )

    problem = verify_chain(chain[0].chain_key).problem

    assert (problem.code, problem.seq, problem.row_id) == ("head_mismatch", 6, chain[5].pk)


def test_a_row_appended_behind_the_head_is_detected(cast, chain):
    last = chain[-1]
    forged = AuditEvent(
        chain_key=last.chain_key,
        seq=7,
        created_at=last.created_at,
        unit_id=last.unit_id,
        actor_name="伪造",
        action="test.forged",
        prev_hash=last.hash,
        changes={},
    )
    from audit.services import event_hash

    forged.hash = event_hash(last.hash, forged)
    forged.save(force_insert=True)  # an INSERT: the triggers allow it, the head does not move

    problem = verify_chain(last.chain_key).problem

    assert (problem.code, problem.seq, problem.row_id) == ("beyond_head", 7, forged.pk)


def test_a_chain_whose_head_was_deleted_is_still_checked(cast, chain):
    with behind_the_back() as cursor:
        cursor.execute("DELETE FROM audit_auditchain WHERE chain_key = %s", [chain[0].chain_key])

    result = verify()

    assert chain[0].chain_key in [c.chain_key for c in result.chains]
    assert result.first_problem.code == "head_missing"


def test_tampering_with_the_access_log_is_found(cast):
    entries = [access_log_record(user=cast.head.user, kind=AccessLog.Kind.VIEW, target=cast.staff) for _ in range(3)]
    with behind_the_back() as cursor:
        cursor.execute("UPDATE audit_accesslog SET user_name = %s WHERE id = %s", ["别人", entries[1].pk])

    message = failure("--unit", str(cast.unit.pk))

    assert f"access:unit:{cast.unit.pk}, seq 2, id {entries[1].pk}" in message


def test_unit_option_checks_only_that_unit(cast, chain):
    with behind_the_back() as cursor:
        cursor.execute("UPDATE audit_auditevent SET summary = %s WHERE id = %s", ["改", chain[0].pk])

    out = run("--unit", str(cast.other_unit.pk))

    assert f"unit:{cast.other_unit.pk}: 1 rows" in out
    assert f"unit:{cast.unit.pk}:" not in out


def test_system_option_checks_the_chain_without_unit(cast):
    audit_record(actor=cast.auditadmin, action="test.admin")

    out = run("--system")

    assert "system: 1 rows" in out


def test_missing_triggers_are_reported(cast, chain):
    from django.db import connection

    from audit import triggers

    triggers.drop(connection)
    try:
        err = io.StringIO()
        call_command("audit_verify", stdout=io.StringIO(), stderr=err)
    finally:
        triggers.install(connection)

    assert "triggers missing" in err.getvalue()


# -- long chains are walked in segments ----------------------------------------------------------------------


@pytest.mark.parametrize("rows_per_segment", [1, 2, 4])
def test_segments_joined_find_the_same_first_bad_row(cast, chain, rows_per_segment):
    key = chain[0].chain_key
    assert verify_chain(key, rows_per_segment=rows_per_segment).ok

    with behind_the_back() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [chain[2].pk])  # seq 3, a segment's edge
    problem = verify_chain(key, rows_per_segment=rows_per_segment).problem
    assert (problem.code, problem.seq, problem.expected_seq) == ("gap", 4, 3)


def test_a_link_broken_at_a_segment_edge_is_found(cast, chain):
    with behind_the_back() as cursor:
        cursor.execute("UPDATE audit_auditevent SET prev_hash = %s WHERE id = %s", ["e" * 64, chain[2].pk])

    problem = verify_chain(chain[0].chain_key, rows_per_segment=2).problem

    assert (problem.code, problem.seq, problem.row_id) == ("broken_link", 3, chain[2].pk)


def test_a_deleted_tail_is_found_across_segments(cast, chain):
    with behind_the_back() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id IN (%s, %s, %s)", [r.pk for r in chain[3:]])

    report = verify_chain(chain[0].chain_key, rows_per_segment=2)

    assert (report.problem.code, report.problem.seq, report.checked) == ("tail_missing", 4, 3)


@pytest.mark.django_db(transaction=True)
def test_worker_processes_verify_committed_chains(cast, monkeypatch):
    from django.db import connection

    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("workers cannot open an in-memory database; runs on PostgreSQL")
    monkeypatch.setattr("audit.verify.PARALLEL_MIN_ROWS", 0)
    rows = [audit_record(actor=cast.staff.user, action="test.step", summary=str(n)) for n in range(7)]

    assert verify(jobs=2, rows_per_segment=2).ok

    with behind_the_back() as cursor:
        cursor.execute("UPDATE audit_auditevent SET summary = %s WHERE id = %s", ["改", rows[4].pk])
    problem = verify(jobs=2, rows_per_segment=2).first_problem
    assert (problem.code, problem.seq, problem.row_id) == ("altered", 5, rows[4].pk)


def test_a_failing_worker_pool_falls_back_to_walking_in_process(cast, chain, monkeypatch):
    def no_pool(method):
        raise OSError("no processes here")

    monkeypatch.setattr("audit.verify.PARALLEL_MIN_ROWS", 0)
    monkeypatch.setattr("audit.verify._workers_see_our_data", lambda: True)
    monkeypatch.setattr("audit.verify.multiprocessing.get_context", no_pool)

    result = verify(jobs=2, rows_per_segment=2)

    assert result.ok
    assert result.checked == 7
