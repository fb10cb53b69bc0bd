"""Persistence behind the `Repository` protocol (`store.repository`, with `store.snapshot`
what a read hands back); the services are its only callers, and nothing here knows of them
or of the UI.

The folder store, the embedded default, is split by job:

- `schema`   the file format: tables, the shape a file must have, migrations to `SCHEMA`;
- `decode`   every record decoded into a domain object and checked, or the file refused;
- `folder`   `FolderStore`: paths, lock-free reads, recovery of a write cut short;
- `commit`   `FolderTransaction`: changes under the lock and the commit protocol;
- `files`    safe file primitives: atomic writes, backups, the inter-process lock;
- `memory`   the TinyDB storage a transaction works over;
- `restore`  `coach restore`: a file put back from its newest good backup;
- `errors`   `StoreError` and its kinds, each one line naming the file.

What TinyDB does here, and why: inside a transaction each file is a TinyDB database over
`memory.TxnStorage`, an in-memory storage holding what was read under the lock. The changes
go through TinyDB's tables and queries (`upsert` by id or week, `remove`, `truncate`, `insert`,
`all`), and TinyDB's write marks the file dirty. TinyDB never touches the disk: its
JSONStorage treats a 0-byte file as an empty database, overwrites in place (a crash mid-write
leaves half a file) and has no locking (tinydb#6, #72, #341), so reading, checking and writing
files is this package's own (`files`, `decode`, `commit`). Reads never import TinyDB: the
dashboard and `coach status` decode the JSON directly, which is faster.
"""
