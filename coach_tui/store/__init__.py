"""Persistence: TinyDB files with atomic writes, locking, backups and migrations."""
