-- coach's team database, schema 1: the tables, and the notice every write sends.
--
-- Each record is kept as the JSON document the folder store keeps (`store.records` checks it
-- on every read, as it checks a file), in a table keyed as coach finds it: a client's own row,
-- its records by kind and id, each manager's weekly loop, settings and undo journal by role.
-- Client ids are coach's random 12-hex-digit ids, unique across a team.

create table coach_schema (
    version integer not null
);
insert into coach_schema (version) values (1);

-- Teams and their members: each manager connects as their own PostgreSQL role.
create table coach_team (
    name text primary key check (name ~ '^[A-Za-z0-9][A-Za-z0-9 _.-]{0,62}$')
);

create table coach_member (
    role name primary key,
    team text references coach_team (name) on update cascade,
    leader_of text references coach_team (name) on update cascade,
    added timestamptz not null default now()
);

-- One row a client: who owns it, its record, and its index entry's facts (what the dashboard
-- and the scores need). `stamp` takes the next value of coach_stamp at every write of the
-- client's data, its records included: a reader keeps what it read until the stamp moves.
create sequence coach_stamp;

create table coach_client (
    id text primary key check (id ~ '^[A-Za-z0-9_-]{1,64}$'),
    owner name not null default current_user,
    name text not null,
    archived boolean not null default false,
    doc jsonb not null,
    facts jsonb not null,
    stamp bigint not null default nextval('coach_stamp')
);
create index coach_client_owner on coach_client (owner);

-- A client shared with another manager (write) or with an exec sponsor (read).
create table coach_share (
    client_id text not null references coach_client (id) on delete cascade,
    role name not null,
    access text not null check (access in ('write', 'read')),
    primary key (client_id, role)
);
create index coach_share_role on coach_share (role);

-- A client's records: cards (with their moves), deliveries, people, touches, the account plan
-- (kind 'plan', id 'plan') and opportunities.
create table coach_record (
    client_id text not null references coach_client (id) on delete cascade,
    kind text not null check (kind in ('card', 'delivery', 'person', 'touch', 'plan', 'opportunity')),
    id text not null,
    doc jsonb not null,
    primary key (client_id, kind, id)
);

-- Each manager's own weekly loop: self-assessments and commitments (keyed by week), tips
-- shown, pillar weeks.
create table coach_weekly (
    owner name not null default current_user,
    kind text not null check (kind in ('assessment', 'commitment', 'tip_shown', 'pillar_week')),
    key text not null,
    doc jsonb not null,
    stamp bigint not null default nextval('coach_stamp'),
    primary key (owner, kind, key)
);

create table coach_settings (
    owner name primary key default current_user,
    doc jsonb not null,
    stamp bigint not null default nextval('coach_stamp')
);

-- Each manager's undo journal (`domain.journal`): the changes that can be undone (part 'done',
-- oldest first by seq) and those undone (part 'undone').
create table coach_journal (
    owner name not null default current_user,
    seq bigint generated always as identity,
    part text not null check (part in ('done', 'undone')),
    entry jsonb not null,
    primary key (owner, seq)
);

-- Every committed write tells the open apps (LISTEN coach_change), with no payload: a
-- listener asks what changed (`stamp` above its last), and reads only what it may read.
create function coach_notify_change() returns trigger language plpgsql as $$
begin
    perform pg_notify('coach_change', '');
    return null;
end;
$$;

create trigger coach_client_changed after insert or update or delete on coach_client
    for each statement execute function coach_notify_change();
create trigger coach_weekly_changed after insert or update or delete on coach_weekly
    for each statement execute function coach_notify_change();
create trigger coach_settings_changed after insert or update or delete on coach_settings
    for each statement execute function coach_notify_change();
