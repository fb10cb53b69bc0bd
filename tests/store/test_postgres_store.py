"""The PostgreSQL store against a real server: writers never lose each other's changes, a
connection dropped mid-transaction leaves nothing half-written, a server that is down or a
database of another schema is one line (never the password), documents are checked on read,
and a role sees its own clients, those shared with it, or one portfolio."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date

import pytest
from pgkit import admin, forget, fresh_database, member, sql, unique, with_password

from coach_tui.domain.facts import build_facts
from coach_tui.domain.models import Commitment
from coach_tui.services import Coach
from coach_tui.store.errors import StoreError
from coach_tui.store.postgres.migrate import SCHEMA, upgrade
from coach_tui.store.postgres.store import PostgresStore


@pytest.fixture
def store(pg_dsn: str) -> Iterator[PostgresStore]:
    opened = PostgresStore(pg_dsn)
    yield opened
    opened.close()


@pytest.fixture
def coach(store: PostgresStore) -> Coach:
    return Coach(store)


def waiting(dsn: str, timeout: float = 30.0) -> None:
    """Until a connection to the database waits on a lock (AssertionError after `timeout`)."""
    import time

    name = dsn.rsplit("/", 1)[1]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = sql(dsn, "select count(*) from pg_stat_activity where datname = %s and wait_event_type = 'Lock'", name)
        if found[0][0]:
            return
        time.sleep(0.01)
    raise AssertionError("no connection waited on a lock")


def test_two_writers_of_the_same_client_both_land(pg_dsn: str, coach: Coach) -> None:
    acme = coach.clients.add("Acme").id
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def log(n: int) -> None:
        writer = PostgresStore(pg_dsn)  # a connection of its own: another coach process
        try:
            start.wait()
            for k in range(15):
                Coach(writer).deliveries.log(acme, f"writer {n} delivery {k}")
        except BaseException as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            writer.close()

    threads = [threading.Thread(target=log, args=(n,)) for n in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    summaries = {d.summary for d in coach.repo.read_client(acme).deliveries}
    assert summaries == {f"writer {n} delivery {k}" for n in (1, 2) for k in range(15)}


def test_a_second_writer_waits_for_the_first_and_then_reads_what_it_wrote(pg_dsn: str, coach: Coach) -> None:
    """One role's writers wait for each other (its own lock: its weekly loop and journal), as the
    folder store's lock makes them; two roles wait on the client's row (the test below)."""
    acme = coach.clients.add("Acme").id
    other = PostgresStore(pg_dsn)
    try:
        with coach.repo.transaction() as first:
            first.history(acme)  # the role's lock and the client's row are now this transaction's
            seen: list[int] = []
            done = threading.Event()

            def second() -> None:
                with other.transaction() as txn:
                    seen.append(len(txn.history(acme).deliveries))
                done.set()

            thread = threading.Thread(target=second)
            thread.start()
            waiting(pg_dsn)  # the second waits for the row's lock
            assert not done.is_set()
            from coach_tui.domain.models import Delivery

            history = first.history(acme)
            first.put_delivery(Delivery("d00000000001", acme, date(2026, 11, 25), "idea", "First", coach.now()))
            assert history.client.id == acme
        thread.join(timeout=30)
        assert seen == [1]  # it read what the first wrote
    finally:
        other.close()


def test_a_connection_dropped_mid_transaction_leaves_nothing_half_written(
    pg_dsn: str, coach: Coach, store: PostgresStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coach_tui.store.postgres import transaction as txn_module

    acme = coach.clients.add("Acme").id
    globex = coach.clients.add("Globex").id
    before = (store.read_client(acme), store.read_client(globex), store.journal())
    written = []
    real = txn_module.PostgresTransaction._write_client

    def write_then_drop(self: txn_module.PostgresTransaction, cid: str, held: object) -> None:
        real(self, cid, held)  # type: ignore[arg-type]
        written.append(cid)
        if len(written) == 1:  # one client written: the server drops the connection
            pid = self.conn.info.backend_pid
            with admin() as conn:
                conn.execute("select pg_terminate_backend(%s)", (pid,))

    monkeypatch.setattr(txn_module.PostgresTransaction, "_write_client", write_then_drop)
    with pytest.raises(StoreError) as raised, store.transaction() as txn:
        for cid in (acme, globex):
            history = txn.history(cid)
            client = history.client
            client.tier = "A"
            txn.put_client(client)
    message = str(raised.value)
    assert "lost the connection" in message and "nothing was written" in message and "\n" not in message
    monkeypatch.undo()
    assert len(written) == 1
    # A new connection: both clients as they were, the journal too.
    assert (store.read_client(acme), store.read_client(globex), store.journal()) == before
    coach.clients.edit(acme, tier="A")  # and the store works on
    assert store.read_client(acme).client.tier == "A"


def test_a_server_that_is_down_is_one_line_naming_it_without_the_password() -> None:
    down = PostgresStore("postgresql://coach:s3cr3t-pw@127.0.0.1:1/team")
    with pytest.raises(StoreError) as raised:
        down.read()
    message = str(raised.value)
    assert "s3cr3t-pw" not in message and "\n" not in message
    assert "127.0.0.1:1" in message and "team" in message and "check that the server runs" in message


def test_an_unknown_password_in_a_server_message_is_hidden(pg_dsn: str) -> None:
    bad = with_password(pg_dsn.rsplit("/", 1)[0] + "/no_such_db_" + unique(""), "pw-visible?")
    with pytest.raises(StoreError) as raised:
        PostgresStore(bad).names()
    assert "pw-visible?" not in str(raised.value) and "\n" not in str(raised.value)


def test_a_database_of_a_newer_schema_is_refused(pg_dsn: str) -> None:
    sql(pg_dsn, "update coach_schema set version = %s", SCHEMA + 1)
    with pytest.raises(StoreError, match=rf"upgraded by a newer coach \(schema {SCHEMA + 1}\); upgrade coach"):
        PostgresStore(pg_dsn).read()
    with pytest.raises(StoreError, match="newer coach"):
        upgrade(pg_dsn)
    assert sql(pg_dsn, "select version from coach_schema") == [(SCHEMA + 1,)]


def test_a_database_of_an_older_schema_asks_for_an_upgrade() -> None:
    with fresh_database(migrated=False) as dsn:
        with pytest.raises(StoreError, match=r"run `coach db upgrade`"):
            PostgresStore(dsn).read()
        done = upgrade(dsn)
        assert (done.before, done.after) == (0, SCHEMA)
        again = upgrade(dsn)
        assert (again.before, again.after, again.applied) == (SCHEMA, SCHEMA, [])
        assert PostgresStore(dsn).names() == []


def test_a_document_that_does_not_read_is_refused_naming_the_client(pg_dsn: str, coach: Coach, store: PostgresStore) -> None:
    acme = coach.clients.add("Acme").id
    coach.boards.add_card(acme, "plan", "Pilot")
    sql(pg_dsn, "update coach_record set doc = jsonb_set(doc, '{column}', '\"nowhere\"') where kind = 'card'")
    with pytest.raises(StoreError, match=rf"can't read client {acme} in the database at .*: wrong shape") as raised:
        store.read_client(acme)
    assert "\n" not in str(raised.value)
    with pytest.raises(StoreError, match="wrong shape"):  # nor is a change built on top of it
        coach.boards.add_card(acme, "plan", "Other")
    assert [doc for (doc,) in sql(pg_dsn, "select doc->>'column' from coach_record where kind = 'card'")] == ["nowhere"]


def test_a_reopened_store_reads_back_every_field(pg_dsn: str, coach: Coach) -> None:
    acme = coach.clients.add("Acme")
    week = date(2026, 11, 16)
    coach.weekly.save_commitment(week, "Call Dana", False, client_id=acme.id, tip_id="t1", obstacle="travel")
    coach.settings.set_currency("EUR")
    fresh = PostgresStore(pg_dsn)
    try:
        snapshot = fresh.read()
        assert snapshot.commitments == [Commitment(week, "Call Dana", False, acme.id, "t1", "travel", False)]
        assert snapshot.settings["currency"] == "EUR"
        assert [e.client.name for e in snapshot.entries] == ["Acme"]
    finally:
        fresh.close()


def test_stamps_and_the_change_token_move_with_every_write(coach: Coach, store: PostgresStore) -> None:
    acme = coach.clients.add("Acme").id
    stamp, token = store.client_stamp(acme), store.change_token()
    coach.boards.add_card(acme, "plan", "Pilot")
    assert store.client_stamp(acme) != stamp and store.change_token() != token
    token = store.change_token()
    coach.journal.undo()  # the card goes
    assert store.change_token() != token
    assert store.client_stamp("nosuchclient") is None


def test_a_role_sees_its_clients_and_those_shared_with_it_and_a_lead_one_portfolio(pg_dsn: str, coach: Coach) -> None:
    mine = coach.clients.add("Mine").id
    theirs = coach.clients.add("Theirs").id
    shared = coach.clients.add("Shared").id
    sql(pg_dsn, "update coach_client set owner = 'coach_someone_else' where id in (%s, %s)", theirs, shared)
    sql(pg_dsn, "insert into coach_share (client_id, role, access) values (%s, current_user, 'write')", shared)
    store = PostgresStore(pg_dsn)
    lead = PostgresStore(pg_dsn, portfolio="coach_someone_else")
    try:
        assert sorted(name for _id, name, _a in store.names()) == ["Mine", "Shared"]
        assert sorted(e.client.name for e in store.read().entries) == ["Mine", "Shared"]
        assert sorted(name for _id, name, _a in lead.names()) == ["Shared", "Theirs"]
        assert store.client_stamp(theirs) is None
        with pytest.raises(StoreError, match=f"no client with the id {theirs}"):
            store.read_client(theirs)
        assert lead.read_client(theirs).client.name == "Theirs"
        assert store.entry(mine).client.name == "Mine"
    finally:
        store.close()
        lead.close()


def test_a_role_that_is_no_member_is_told_so_in_one_line(pg_dsn: str, coach: Coach) -> None:
    coach.clients.add("Acme")
    role = unique("coach_t_role_")
    sql(pg_dsn, f'create role "{role}" login')
    try:
        sql(pg_dsn, f'grant coach_user to "{role}"')  # the privileges, but not on this team's list
        outsider = PostgresStore(pg_dsn.replace("postgres@", f"{role}@", 1))
        try:
            with pytest.raises(StoreError, match="your role is no member of the team database at .*coach team add-member"):
                outsider.names()
        finally:
            outsider.close()
    finally:
        forget(pg_dsn, role)


def test_threads_that_end_leave_their_connection_to_the_next(pg_dsn: str, store: PostgresStore) -> None:
    def read() -> None:
        store.names()

    for _ in range(5):
        worker = threading.Thread(target=read)
        worker.start()
        worker.join(timeout=30)
    name = pg_dsn.rsplit("/", 1)[1]
    opened = sql(pg_dsn, "select count(*) from pg_stat_activity where datname = %s and application_name = 'coach'", name)
    assert opened == [(1,)]


def test_a_client_shared_to_read_is_refused_in_one_line_when_changed(pg_dsn: str, coach: Coach) -> None:
    acme = coach.clients.add("Acme").id
    role = unique("coach_t_role_")
    member(pg_dsn, role)
    try:
        # Row-level security as a read share gives it: the row reads, and can't be locked to change.
        sql(pg_dsn, "insert into coach_share (client_id, role, access) values (%s, %s, 'read')", acme, role)
        reader = PostgresStore(pg_dsn.replace("postgres@", f"{role}@", 1))
        try:
            assert [name for _id, name, _a in reader.names()] == ["Acme"]
            with pytest.raises(StoreError, match="read-only: you may read Acme but not change it \\(it is postgres's client\\)"):
                Coach(reader).boards.add_card(acme, "plan", "Pilot")
            assert reader.read_client(acme).cards == []
        finally:
            reader.close()
    finally:
        sql(pg_dsn, f'drop owned by "{role}"')
        with admin() as conn:
            conn.execute(f'drop role if exists "{role}"')


def test_a_connection_the_server_dropped_while_idle_is_opened_again(pg_dsn: str, coach: Coach, store: PostgresStore) -> None:
    acme = coach.clients.add("Acme").id

    def drop_connections() -> None:
        import time

        name = pg_dsn.rsplit("/", 1)[1]
        ours = "from pg_stat_activity where datname = %s and application_name = 'coach'"
        with admin() as conn:
            assert conn.execute(f"select count(pg_terminate_backend(pid)) {ours}", (name,)).fetchone() == (1,)
            deadline = time.monotonic() + 30
            while conn.execute(f"select count(*) {ours}", (name,)).fetchone() != (0,):  # until it is gone
                assert time.monotonic() < deadline
                time.sleep(0.01)

    drop_connections()  # a server restart, an idle timeout: the app was left open
    assert [name for _id, name, _a in store.names()] == ["Acme"]
    drop_connections()
    coach.boards.add_card(acme, "plan", "Pilot")
    assert [c.title for c in store.read_client(acme).cards] == ["Pilot"]


def test_undo_of_adding_a_client_removes_its_row_and_records_and_redo_brings_them_back(
    pg_dsn: str, coach: Coach, store: PostgresStore
) -> None:
    client = coach.clients.add("Initech", sponsor="Ana Lima")
    assert coach.journal.undo().what == "added client Initech"
    assert store.names() == [] and store.read().entries == []
    assert sql(pg_dsn, "select count(*) from coach_record") == [(0,)]
    assert coach.journal.redo().what == "added client Initech"
    assert store.names() == [(client.id, "Initech", False)]
    assert [p.name for p in store.read_client(client.id).people] == ["Ana Lima"]


def test_two_managers_writing_one_shared_client_both_land(pg_dsn: str, coach: Coach) -> None:
    """Two roles: each has its own lock for its own weekly loop and journal, so only the
    client's row lock (SELECT ... FOR UPDATE) keeps them from losing each other's writes."""
    acme = coach.clients.add("Acme").id
    role = unique("coach_t_role_")
    member(pg_dsn, role)
    try:
        sql(pg_dsn, "insert into coach_share (client_id, role, access) values (%s, %s, 'write')", acme, role)
        dsns = {"lead": pg_dsn, "peer": pg_dsn.replace("postgres@", f"{role}@", 1)}
        errors: list[BaseException] = []
        start = threading.Barrier(2)

        def log(who: str) -> None:
            writer = PostgresStore(dsns[who])
            try:
                start.wait()
                for k in range(15):
                    Coach(writer).deliveries.log(acme, f"{who} delivery {k}")
                    with writer.transaction() as txn:  # read, change and write one record
                        txn.unjournaled()
                        card = next(c for c in txn.history(acme).cards if c.title == "Shared notes")
                        card.notes += f"{who}{k};"
                        txn.put_card(card)
            except BaseException as error:  # noqa: BLE001 (reported below)
                errors.append(error)
            finally:
                writer.close()

        coach.boards.add_card(acme, "plan", "Shared notes")
        threads = [threading.Thread(target=log, args=(who,)) for who in dsns]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert errors == []
        history = coach.repo.read_client(acme)
        assert {d.summary for d in history.deliveries} == {f"{who} delivery {k}" for who in dsns for k in range(15)}
        [card] = [c for c in history.cards if c.title == "Shared notes"]
        assert sorted(card.notes.split(";")[:-1]) == sorted(f"{who}{k}" for who in dsns for k in range(15))
        assert coach.repo.entry(acme).facts == build_facts(*history)  # built from every write
        # Each manager's journal holds their own changes only.
        owners = sql(pg_dsn, "select owner, count(*) from coach_journal group by owner order by owner")
        assert dict(owners) == {"postgres": 17, role: 15}  # the lead also added the client and the card
    finally:
        sql(pg_dsn, f'drop owned by "{role}"')
        with admin() as conn:
            conn.execute(f'drop role if exists "{role}"')


def test_a_watching_store_hears_every_write_and_asks_the_server_nothing_for_its_token(
    pg_dsn: str, coach: Coach, store: PostgresStore
) -> None:
    heard = threading.Event()
    troubles: list[str | None] = []
    stop = store.watch(heard.set, troubles.append)
    assert stop is not None
    try:
        watcher = store._watcher
        assert watcher is not None and watcher.listening.wait(30)
        token = store.change_token()
        other = PostgresStore(pg_dsn)  # another coach writes
        try:
            Coach(other).clients.add("Acme")
        finally:
            other.close()
        assert heard.wait(30)

        def asked(*_args: object, **_kwargs: object) -> None:
            raise AssertionError("change_token() asked the server")

        store._read = asked  # type: ignore[method-assign]
        assert store.change_token() != token  # from what the watcher heard alone
        assert troubles == []
    finally:
        stop()


def test_a_watcher_that_loses_its_server_says_so_once_and_again_when_it_is_back(pg_dsn: str) -> None:
    store = PostgresStore(with_password(pg_dsn, "w4tch-pw"))
    troubles: list[str | None] = []
    back = threading.Event()

    def trouble(line: str | None) -> None:
        troubles.append(line)
        if line is None:
            back.set()

    heard = threading.Event()
    stop = store.watch(heard.set, trouble)
    assert stop is not None
    try:
        watcher = store._watcher
        assert watcher is not None and watcher.listening.wait(30)
        name = pg_dsn.rsplit("/", 1)[1]
        with admin() as conn:  # the server drops the watcher's connection
            conn.execute(
                "select pg_terminate_backend(pid) from pg_stat_activity where datname = %s and query like 'LISTEN%%'", (name,)
            )
        assert back.wait(30)
        assert len(troubles) == 2 and troubles[1] is None
        line = troubles[0]
        assert line is not None and "\n" not in line and "w4tch-pw" not in line and name in line
        assert heard.wait(30)  # back: a write may have landed meanwhile, so it tells
    finally:
        stop()
        store.close()
