"""The PostgreSQL store: a team's coach in the database the company already runs.

A second `Repository` (see `store.repository`) beside the folder store, chosen by
`--db postgresql://...`, `$COACH_DB` or `coach config backend ...`. Only that choice imports
this package, and with it psycopg: the folder store's commands start as fast as before.

Layout (`migrations/*.sql`, applied in order by `coach db upgrade`, recorded in coach_schema):

- coach_client: one row a client (id, owner role, name, archived, the client's record, its
  index entry's facts, a stamp moved by every write of its data);
- coach_record: the client's records by kind and id (cards, deliveries, people, touches, the
  plan, opportunities), each the JSON document the folder store keeps, in the order they were
  added (`seq`, schema 3);
- coach_weekly, coach_settings, coach_journal: each manager's weekly loop, settings and undo
  journal, keyed by their role;
- coach_team, coach_member, coach_share: who is who, who leads which team, and the clients
  shared with another manager (write) or an exec sponsor (read); row-level security policies
  over these let each role read and write only what it should;
- a statement trigger sends NOTIFY coach_change (no payload) at every committed write.

Modules: `store` (the `PostgresStore`: reads, connections), `transaction` (writes and the undo
journal), `migrate` (the schema, its check, `coach db upgrade`), `connect` (connecting, and the
one line each database error becomes), `dsn` (a connection string shown without its password:
the only module here that imports no psycopg).
"""
