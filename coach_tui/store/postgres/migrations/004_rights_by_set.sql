-- coach's team database, schema 4: the same rights as schema 2, checked at the cost of an index
-- lookup instead of a scan of every client.
--
-- Two faults made every record read cost a scan of coach_client per row (a `coach log` on a
-- client with 220 records took 250-460 ms in the database, of 5,000 clients):
--
-- 1. A text parameter beside a `name` parameter: `name` has the "C" collation, text the
--    default one, so a function taking both has no input collation, and `id = client` inside it
--    compares under none: no index (built under the default collation) can serve it. Each text
--    parameter is now compared under the default collation, said explicitly.
-- 2. The records' and shares' policies called a function per row that looked their client up.
--    They now test membership in the set of clients the role may read (or write), which the
--    server computes once per statement and probes by hash (`coach_readable`,
--    `coach_writable`: owned, shared, led; the rules of schema 2's `coach_row_readable` and
--    `coach_row_writable`). coach_client's read policy takes its owner from the row itself
--    and a leader or a share from two small sets; its write policies keep the per-row
--    functions, which read only the row's columns (a row being inserted is not there to be
--    looked up). The per-row functions no policy calls any more (`coach_can_read`,
--    `coach_can_write`, `coach_row_readable`) are dropped at the end.

create or replace function coach_owns(client text, who name) returns boolean
    language sql stable security definer as $$
    select coach_is_member(who) and exists (select from coach_client where id = client collate "default" and owner = who)
$$;

create or replace function coach_row_writable(client text, owner_role name, who name) returns boolean
    language sql stable security definer as $$
    select coach_is_member(who) and (
        owner_role = who
        or exists (select from coach_share where client_id = client collate "default" and role = who and access = 'write')
    )
$$;

-- The ids of the clients `who` may read: own, shared (either way), and the clients of the
-- teams `who` leads; none for a role that is no member. Each part is an index lookup.
create or replace function coach_readable(who name) returns setof text
    language sql stable security definer as $$
    select c.id from coach_client c where coach_is_member(who) and c.owner = who
    union all
    select s.client_id from coach_share s where coach_is_member(who) and s.role = who
    union all
    select c.id from coach_member l
        join coach_member m on m.team = l.leader_of
        join coach_client c on c.owner = m.role
        where coach_is_member(who) and l.role = who
$$;

-- The roles whose clients `who` reads as their leader: the members of the teams `who` leads.
create or replace function coach_led(who name) returns setof name
    language sql stable security definer as $$
    select m.role from coach_member l join coach_member m on m.team = l.leader_of
        where coach_is_member(who) and l.role = who
$$;

-- The ids of the clients shared with `who` (to read or to write).
create or replace function coach_shared(who name) returns setof text
    language sql stable security definer as $$
    select s.client_id from coach_share s where coach_is_member(who) and s.role = who
$$;

-- The ids of the clients `who` may change: own, and shared with write access.
create or replace function coach_writable(who name) returns setof text
    language sql stable security definer as $$
    select c.id from coach_client c where coach_is_member(who) and c.owner = who
    union all
    select s.client_id from coach_share s where coach_is_member(who) and s.role = who and s.access = 'write'
$$;

do $$
declare
    home text := (select n.nspname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                  where c.oid = 'coach_client'::regclass);
    fn text;
begin
    -- `create or replace` drops a function's settings: every one is given its search path again.
    foreach fn in array array[
        'coach_owns(text, name)', 'coach_row_writable(text, name, name)',
        'coach_readable(name)', 'coach_writable(name)', 'coach_led(name)', 'coach_shared(name)'
    ] loop
        execute format('alter function %s set search_path = %I, pg_temp', fn, home);
        execute format('revoke all on function %s from public', fn);
        execute format('grant execute on function %s to coach_user', fn);
    end loop;
end;
$$;

-- Records follow their client; a share is seen by whoever can read its client.
alter policy coach_read on coach_record using (client_id in (select coach_readable(current_user)));
alter policy coach_add on coach_record with check (client_id in (select coach_writable(current_user)));
alter policy coach_change on coach_record
    using (client_id in (select coach_writable(current_user)))
    with check (client_id in (select coach_writable(current_user)));
alter policy coach_remove on coach_record using (client_id in (select coach_writable(current_user)));
alter policy coach_read on coach_share using (client_id in (select coach_readable(current_user)));

-- A client row is read by its owner (a member), by the leader of its owner's team, and by
-- whoever it is shared with: the owner from the row's own columns (a row being inserted, not
-- yet there to be found, is its owner's), the leader by the owner's role and the rest by the
-- client's id, each against a small set computed once per statement (the roles one leads, the
-- clients shared with one), never the team's every client.
alter policy coach_read on coach_client
    using (
        (owner = current_user and (select coach_is_member(current_user)))
        or owner in (select coach_led(current_user))
        or id in (select coach_shared(current_user))
    );

-- No policy calls these any more: gone, so that no rule of schema 2 lingers beside its set.
drop function coach_can_read(text, name);
drop function coach_can_write(text, name);
drop function coach_row_readable(text, name, name);
