"""Persistence behind the `Repository` protocol (`store.repository`, with `store.snapshot`
what a read hands back); the services are its only callers, and nothing here knows of them
or of the UI.

The folder store, the embedded default, is split by job:

- `schema`   the file format: tables, the shape a file must have, migrations to `SCHEMA`;
- `layout`   which shard of the index holds a client, and the directory's lines;
- `records`  the check of every field of every record on the raw document, and its decoding;
- `decode`   a file's records decoded into domain objects (one per id), or the file refused;
- `folder`   `FolderStore`: paths, lock-free reads, recovery of a write cut short, a missing
             index rebuilt from the client files;
- `commit`   `FolderTransaction`: changes under the lock and the commit protocol;
- `files`    safe file primitives: regular files only, strict JSON, atomic writes, backups,
             the inter-process lock;
- `memory`   the TinyDB storage a transaction works over;
- `health`   the state of each data file, and where the index disagrees with the client files;
- `restore`  `coach restore`: a file put back from its newest good backup, the index rebuilt;
- `check`    `coach check`: the whole folder verified, read-only;
- `errors`   `StoreError` and its kinds, each one line naming the file.

What TinyDB does here, and why: inside a transaction each file is a TinyDB database over
`memory.TxnStorage`, an in-memory storage holding what was read under the lock. The changes
go through TinyDB's tables and queries (`upsert` by id or week, `remove`, `truncate`, `insert`,
`all`), and TinyDB's write marks the file dirty (the index's shards and directory are plain
data changed by `layout`: a table of thousands of clients is no job for TinyDB's scans). TinyDB never touches the disk: its
JSONStorage treats a 0-byte file as an empty database, overwrites in place (a crash mid-write
leaves half a file) and has no locking (tinydb#6, #72, #341), so reading, checking and writing
files is this package's own (`files`, `decode`, `commit`). Reads never import TinyDB: the
dashboard and `coach status` decode the JSON directly, which is faster.
"""
