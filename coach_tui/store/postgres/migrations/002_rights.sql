-- coach's team database, schema 2: who may read and write what, enforced by the database.
--
-- Each manager connects as their own PostgreSQL role, so the rules hold for raw SQL as much as
-- for coach: row-level security on every coach table, over the facts of schema 1 (a client's
-- owner, its shares, the team members and leaders). Run as the database's admin, the owner of
-- the tables: an owner bypasses row-level security (nothing here forces it), which is how the
-- admin keeps the team tables and how the functions below read without recursion.
--
--   account manager  reads and writes their own clients, and those shared with them for
--                    writing (coach_share access 'write'), with their records;
--   exec sponsor     reads, never writes, the clients shared with them for reading;
--   team leader      reads, never writes, every client owned by a member of the team they
--                    lead (coach_member.leader_of), its records, and those members' weekly rows;
--   everyone         their own weekly loop, settings and undo journal (owner = current_user);
--                    the team tables read-only; the shares of the clients they can read; the
--                    shares of their own clients to add, change and remove.
--
-- Nobody creates a client for someone else, and nobody but the admin changes a row's owner:
-- the `owner` columns are simply not granted for update.

-- The group role holding the table privileges; every member is granted it. Roles are
-- cluster-wide and a team database is one of several on a server, so one name is shared by
-- every coach database (created here if it is missing; a concurrent migration of another
-- database may create it first, hence the exception handler). Sharing it gives nothing away:
-- every policy below also asks that the role be in *this* database's coach_member, so a
-- member of another team's database holds the privileges here but reads and writes nothing.
-- A per-database name would need the database's name folded into 63 characters and every
-- tool to compute it; the membership check keeps the name plain.
do $$
begin
    if not exists (select from pg_roles where rolname = 'coach_user') then
        create role coach_user nologin;
    end if;
exception
    when duplicate_object or unique_violation then null;
    when insufficient_privilege then
        raise exception 'coach needs the group role coach_user, and % may not create roles', current_user
            using hint = 'a superuser runs "create role coach_user nologin" once on this server; then upgrade again';
end;
$$;

-- The rules, as functions the policies call. SECURITY DEFINER: they run as the tables' owner,
-- who bypasses row-level security, so a policy on coach_client may read coach_share and
-- coach_member without their own policies running again (and recursing). Inside them
-- current_user is the owner, so each takes the asking role (`who`) from the policy, which
-- passes its own current_user. Their search_path is fixed below, to the tables' schema. A
-- member may call them about another role: they answer whether that role may read or write a
-- client, never what it holds.

create or replace function coach_is_member(who name) returns boolean
    language sql stable security definer as $$
    select exists (select from coach_member where role = who)
$$;

-- `who` leads the team `owner_role` is a member of.
create or replace function coach_leads(owner_role name, who name) returns boolean
    language sql stable security definer as $$
    select exists (
        select from coach_member l join coach_member m on m.team = l.leader_of
        where l.role = who and m.role = owner_role
    )
$$;

create or replace function coach_owns(client text, who name) returns boolean
    language sql stable security definer as $$
    select coach_is_member(who) and exists (select from coach_client where id = client and owner = who)
$$;

-- A client row's rights, from the row's own columns: coach_client's policies call these, and
-- must not look the row up (a row being inserted, or upserted, is not there to be found by the
-- statement's own snapshot, and INSERT ... RETURNING or ON CONFLICT checks it for reading).
create or replace function coach_row_readable(client text, owner_role name, who name) returns boolean
    language sql stable security definer as $$
    select coach_is_member(who) and (
        owner_role = who
        or exists (select from coach_share where client_id = client and role = who)
        or coach_leads(owner_role, who)
    )
$$;

create or replace function coach_row_writable(client text, owner_role name, who name) returns boolean
    language sql stable security definer as $$
    select coach_is_member(who) and (
        owner_role = who
        or exists (select from coach_share where client_id = client and role = who and access = 'write')
    )
$$;

-- A client's rights by its id: for its records and shares.
create or replace function coach_can_read(client text, who name) returns boolean
    language sql stable security definer as $$
    select exists (select from coach_client c where c.id = client and coach_row_readable(c.id, c.owner, who))
$$;

create or replace function coach_can_write(client text, who name) returns boolean
    language sql stable security definer as $$
    select exists (select from coach_client c where c.id = client and coach_row_writable(c.id, c.owner, who))
$$;

-- A fixed search_path: the schema holding the coach tables, then pg_temp last (so no temporary
-- table of the caller's can stand in for a coach table inside a definer function). Found, not
-- assumed: the runner may have created the tables outside `public`.
do $$
declare
    home text := (select n.nspname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                  where c.oid = 'coach_client'::regclass);
    fn text;
begin
    foreach fn in array array[
        'coach_is_member(name)', 'coach_leads(name, name)', 'coach_owns(text, name)',
        'coach_row_readable(text, name, name)', 'coach_row_writable(text, name, name)',
        'coach_can_write(text, name)', 'coach_can_read(text, name)'
    ] loop
        execute format('alter function %s set search_path = %I, pg_temp', fn, home);
        execute format('revoke all on function %s from public', fn);
        execute format('grant execute on function %s to coach_user', fn);
    end loop;
end;
$$;

-- The privileges: no more than the policies let through. `owner` is never granted for update,
-- nor a client's id (its records and shares hang on it).
grant select on coach_schema, coach_team, coach_member to coach_user;
grant select, insert, delete on coach_client to coach_user;
grant update (name, archived, doc, facts, stamp) on coach_client to coach_user;
grant select, insert, update, delete on coach_record to coach_user;
grant select, insert, delete on coach_share to coach_user;
grant update (access) on coach_share to coach_user;
grant select, insert, delete on coach_weekly, coach_settings to coach_user;
grant update (kind, key, doc, stamp) on coach_weekly to coach_user;
grant update (doc, stamp) on coach_settings to coach_user;
grant select, insert, delete on coach_journal to coach_user;
grant update (part, entry) on coach_journal to coach_user;
-- Every write takes a stamp (coach_stamp, as a column default); readers may ask its value.
grant usage, select on sequence coach_stamp to coach_user;
do $$
begin
    execute format('grant usage on sequence %s to coach_user', pg_get_serial_sequence('coach_journal', 'seq'));
end;
$$;

alter table coach_schema enable row level security;
alter table coach_team enable row level security;
alter table coach_member enable row level security;
alter table coach_client enable row level security;
alter table coach_share enable row level security;
alter table coach_record enable row level security;
alter table coach_weekly enable row level security;
alter table coach_settings enable row level security;
alter table coach_journal enable row level security;

-- Dropped first so the file can run again over itself.
drop policy if exists coach_read on coach_schema;
drop policy if exists coach_read on coach_team;
drop policy if exists coach_read on coach_member;
drop policy if exists coach_read on coach_client;
drop policy if exists coach_add on coach_client;
drop policy if exists coach_change on coach_client;
drop policy if exists coach_remove on coach_client;
drop policy if exists coach_read on coach_share;
drop policy if exists coach_add on coach_share;
drop policy if exists coach_change on coach_share;
drop policy if exists coach_remove on coach_share;
drop policy if exists coach_read on coach_record;
drop policy if exists coach_add on coach_record;
drop policy if exists coach_change on coach_record;
drop policy if exists coach_remove on coach_record;
drop policy if exists coach_read on coach_weekly;
drop policy if exists coach_own on coach_weekly;
drop policy if exists coach_own on coach_settings;
drop policy if exists coach_own on coach_journal;

-- The team tables and the schema version: every member reads them; only the admin (their
-- owner) writes them, which needs no policy.
create policy coach_read on coach_schema for select to coach_user using (coach_is_member(current_user));
create policy coach_read on coach_team for select to coach_user using (coach_is_member(current_user));
create policy coach_read on coach_member for select to coach_user using (coach_is_member(current_user));

-- Clients: read as above; created only as one's own; changed by the owner and the managers it
-- is shared with for writing; deleted by its owner alone (a manager it is shared with archives).
create policy coach_read on coach_client for select to coach_user using (coach_row_readable(id, owner, current_user));
create policy coach_add on coach_client for insert to coach_user
    with check (owner = current_user and coach_is_member(current_user));
create policy coach_change on coach_client for update to coach_user
    using (coach_row_writable(id, owner, current_user)) with check (coach_row_writable(id, owner, current_user));
create policy coach_remove on coach_client for delete to coach_user
    using (owner = current_user and coach_is_member(current_user));

-- Shares: seen by whoever can read the client; added, changed, removed by its owner, and only
-- to a member of this database (a share to anyone else would grant nothing, silently).
create policy coach_read on coach_share for select to coach_user using (coach_can_read(client_id, current_user));
create policy coach_add on coach_share for insert to coach_user
    with check (coach_owns(client_id, current_user) and coach_is_member(role) and role <> current_user);
create policy coach_change on coach_share for update to coach_user
    using (coach_owns(client_id, current_user)) with check (coach_owns(client_id, current_user));
create policy coach_remove on coach_share for delete to coach_user using (coach_owns(client_id, current_user));

-- Records follow their client.
create policy coach_read on coach_record for select to coach_user using (coach_can_read(client_id, current_user));
create policy coach_add on coach_record for insert to coach_user with check (coach_can_write(client_id, current_user));
create policy coach_change on coach_record for update to coach_user
    using (coach_can_write(client_id, current_user)) with check (coach_can_write(client_id, current_user));
create policy coach_remove on coach_record for delete to coach_user using (coach_can_write(client_id, current_user));

-- Each manager's own rows; a leader also reads the weekly loop of the team they lead (the
-- leader view counts the commitments kept). Permissive policies add up: own rows for every
-- command, the leader's for select only.
create policy coach_own on coach_weekly for all to coach_user
    using (owner = current_user and coach_is_member(current_user))
    with check (owner = current_user and coach_is_member(current_user));
create policy coach_read on coach_weekly for select to coach_user using (coach_leads(owner, current_user));
create policy coach_own on coach_settings for all to coach_user
    using (owner = current_user and coach_is_member(current_user))
    with check (owner = current_user and coach_is_member(current_user));
create policy coach_own on coach_journal for all to coach_user
    using (owner = current_user and coach_is_member(current_user))
    with check (owner = current_user and coach_is_member(current_user));

update coach_schema set version = 2;
