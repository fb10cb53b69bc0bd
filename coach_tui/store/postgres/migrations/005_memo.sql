-- coach's team database, schema 5: memos, each reader's own; a leader reads the team's settings.
--
-- What the folder store keeps in its cache/ folder: the status rows a portfolio's clients make
-- on a day (`Repository.memo`), so `coach status`, the dashboard and the leader's view do not
-- decode and score every client at every read. A memo belongs to the role that made it and
-- names the portfolio it was made from (the role's own, or a team member's that a leader
-- reads) and that portfolio's clients as they were (`version`: their newest stamp, their
-- number, and a sum over their ids); a memo whose version or tag differs is made again.
--
-- Each role reads and writes only its own memos: a leader never trusts rows a member wrote,
-- nor a member a leader's. A memo is derived data, not a change: no NOTIFY, no stamp, no
-- journal; the table can be emptied at any time.

create table coach_memo (
    owner name not null default current_user,
    portfolio name not null,
    kind text not null,
    tag text not null,
    version text not null,
    rows jsonb not null,
    total jsonb not null,
    primary key (owner, portfolio, kind)
);

alter table coach_memo enable row level security;
create policy coach_own on coach_memo for all to coach_user
    using (owner = current_user and coach_is_member(current_user))
    with check (owner = current_user and coach_is_member(current_user));
grant select, insert, update, delete on coach_memo to coach_user;

-- A leader reads the settings of the managers of the teams they lead (never changes them): a
-- member's portfolio is read with its owner's currency and week start, so the leader's view
-- counts that manager's weeks as the manager's own `coach status` does.
create policy coach_read on coach_settings for select to coach_user using (coach_leads(owner, current_user));
