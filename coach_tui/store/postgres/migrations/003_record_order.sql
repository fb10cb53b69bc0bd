-- coach's team database, schema 3: a client's records keep the order they were added in.
--
-- The folder store keeps each table's records in the order they were added (a record put back
-- by an undo comes last), and some views list records of the same day in that order; the
-- team database keeps the same order: `seq` takes the next stamp when a record is first
-- written, and keeps it when the record changes.

alter table coach_record add column seq bigint not null default nextval('coach_stamp');
