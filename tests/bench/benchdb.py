"""A benchmark's own database, kept between runs: a SQLite file in var/bench/, or one
PostgreSQL database on the server DATABASE_URL names (the only one it creates and drops;
the database named in the URL is left alone). A marker (var/bench/*.json) says at which
scale and seed version it was built, so a later run reuses it when they still match.

Imports nothing of Django: the runners pick the database before Django is set up.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
STATE = ROOT / "var" / "bench"
POSTGRES_SCHEMES = ("postgres", "postgresql", "pgsql", "psql")


def seed_version(seed_module: Path) -> int:
    """The `VERSION = n` line of a seed module, read without importing it (which sets Django up)."""
    for line in seed_module.read_text(encoding="utf-8").splitlines():
        if line.startswith("VERSION = "):
            return int(line.split("=")[1].split("#")[0])
    return 0


class Database:
    """The benchmark's own database: a SQLite file, or one PostgreSQL database it owns."""

    def __init__(self, *, scale: float, name: str, prefix: str, version: int, fresh: bool = False):
        given = os.environ.get("DATABASE_URL", "")
        self.scale, self.version, self.fresh = scale, version, fresh
        scale_tag = f"{scale:g}".replace(".", "_")
        if urlsplit(given).scheme in POSTGRES_SCHEMES:
            self.vendor = "postgresql"
            self.name = name
            if "bench" not in self.name:
                sys.exit(f"refusing to create and drop {self.name!r}: the name must contain 'bench'")
            parts = urlsplit(given)
            self.url = urlunsplit(parts._replace(path=f"/{self.name}"))
            self._admin_url = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
            self.marker = STATE / f"pg-{self.name}.json"
        else:
            self.vendor = "sqlite"
            self.path = STATE / f"{prefix}-{scale_tag}.sqlite3"
            self.name = str(self.path.relative_to(ROOT))
            self.url = f"sqlite:///{self.path}"
            self.marker = STATE / f"sqlite-{prefix}-{scale_tag}.json"

    def exists(self) -> bool:
        if self.vendor == "sqlite":
            return self.path.exists()
        with self._admin() as conn:
            return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [self.name]).fetchone() is not None

    def create(self) -> None:
        self.drop()
        self.marker.parent.mkdir(parents=True, exist_ok=True)
        if self.vendor == "sqlite":
            return
        with self._admin() as conn:
            conn.execute(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        self.marker.unlink(missing_ok=True)
        if self.vendor == "sqlite":
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            return
        with self._admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def _admin(self):
        import psycopg

        return psycopg.connect(self._admin_url, autocommit=True)

    def seeded_plan(self) -> dict | None:
        """The marker of a previous seeding of this database at this scale, if it still holds."""
        if self.fresh or not self.marker.exists() or not self.exists():
            return None
        marker = json.loads(self.marker.read_text(encoding="utf-8"))
        if marker.get("scale") != self.scale or marker.get("version") != self.version:
            return None
        return marker

    def mark(self, **extra) -> None:
        """Write the marker once the seed is committed."""
        payload = {"version": self.version, "scale": self.scale, "database": self.name, **extra}
        self.marker.write_text(json.dumps(payload), encoding="utf-8")
