"""The unit of work: one read or write transaction at a time, with retries and the project's error types.

Every operation of the facade runs inside `reading()` or `writing()`; data
functions (the repositories) take the open Session and never open their own.
Driver and SQLAlchemy errors leave this module only as AnnotatorError types whose
message names the database and says what was (not) saved.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy import text as sql
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from annotator.core.errors import (
    AnnotatorError,
    ConnectionLostError,
    Contended,
    DatabaseError,
    ReadOnlyError,
    Unreachable,
)
from annotator.storage.engine import (
    WRITE,
    display_url,
    is_connection_error,
    make_engine,
    resolve_url,
    sqlite_writable,
)
from annotator.storage.migrate import ensure_schema

T = TypeVar("T")
log = logging.getLogger(__name__)

__all__ = ["Session", "UnitOfWork", "db_error", "reason"]


def reason(exc: BaseException) -> str:
    """The first line of a driver error, or its type's name."""
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).strip()
    return text.splitlines()[0] if text else type(orig).__name__


def db_error(where: str, exc: BaseException) -> DatabaseError:
    """Turn a driver error into one clear line naming the database."""
    return DatabaseError(f"{where}: {reason(exc)}")


def translate(where: str, what: str, exc: SQLAlchemyError) -> AnnotatorError:
    """The project error for a failed storage call outside a transaction (open, backup, restore)."""
    if is_connection_error(exc):
        return ConnectionLostError(f"{where}: cannot reach the database server ({reason(exc)}); {what}")
    return db_error(where, exc)


class UnitOfWork:
    """Sessions on one database, each a transaction, retried while the server is unreachable.

    Attributes:
        url: the database location as shown to users (password masked).
        read_only: True when writes are refused.
        backup_path: the copy made before a schema migration at open, if any.
        retry_delays: seconds to wait before each new attempt to reach a server that
            dropped the connection; after the last one the operation reports what was not saved.
        read_retry_delays: the same for reads, or None for retry_delays.
        on_retry: called with a message such as "connection lost, retrying (1/4)" before each wait.
    """

    retry_delays: tuple[float, ...] = (0.5, 1.0, 2.0, 4.0)
    read_retry_delays: tuple[float, ...] | None = None

    def __init__(self, engine: Engine, *, read_only: bool, backup_path: Path | None = None) -> None:
        self.engine = engine
        self.url = display_url(engine.url)
        self.read_only = read_only
        self.backup_path = backup_path
        self._read = sessionmaker(engine, expire_on_commit=False)
        self._write = sessionmaker(engine.execution_options(**WRITE), expire_on_commit=False)
        self.on_retry: Callable[[str], None] | None = None

    @classmethod
    def open(cls, target: str | Path, *, read_only: bool = False, create: bool = True) -> UnitOfWork:
        """Open (creating or migrating as needed) the database at a path or URL.

        With `create` False a SQLite file that does not exist is refused, not created empty.
        """
        url = resolve_url(target)
        where = display_url(url)
        if url.get_backend_name() == "sqlite" and not create and url.database:
            path = Path(url.database)
            if not path.exists():
                raise DatabaseError(
                    f"{path}: no such database file (check the path; this command creates none)"
                )
        if url.get_backend_name() == "sqlite" and not read_only and url.database:
            path = Path(url.database)
            if path.exists() and not sqlite_writable(path):
                read_only = True
        engine = make_engine(url, read_only=read_only)
        try:
            backup = ensure_schema(engine, read_only=read_only)
        except AnnotatorError:
            engine.dispose()
            raise
        except SQLAlchemyError as exc:
            engine.dispose()
            raise translate(where, "nothing was opened", exc) from None
        log.info("opened %s%s", where, " read-only" if read_only else "")
        return cls(engine, read_only=read_only, backup_path=backup)

    @property
    def backend(self) -> str:
        """ "sqlite" or "postgresql"."""
        return self.engine.url.get_backend_name()

    @property
    def sqlite_path(self) -> Path | None:
        """The SQLite database file, or None for a server database."""
        database = self.engine.url.database
        return Path(database) if self.backend == "sqlite" and database and database != ":memory:" else None

    def server_version(self) -> str:
        """The database engine and its version, e.g. "SQLite 3.46.1" or "PostgreSQL 16.4"."""

        query = "select sqlite_version()" if self.backend == "sqlite" else "show server_version"
        with self.reading() as s:
            version = s.execute(sql(query)).scalar_one()
        return f"{'SQLite' if self.backend == 'sqlite' else 'PostgreSQL'} {version}"

    def dispose(self) -> None:
        """Release the connections."""
        self.engine.dispose()

    def _session(
        self, factory: sessionmaker[Session], what: str, delays: tuple[float, ...] | None
    ) -> Session:
        """A session with its transaction begun, retrying while the server is unreachable."""
        delays = self.retry_delays if delays is None else delays
        attempts = len(delays) + 1
        for attempt in range(1, attempts + 1):
            session = factory()
            try:
                # Checks the pooled connection out (pre-ping replaces one the server
                # dropped) and begins the transaction (BEGIN IMMEDIATE for SQLite writes).
                session.connection()
                return session
            except SQLAlchemyError as exc:
                session.close()
                if not is_connection_error(exc):
                    raise
                if attempt == attempts:
                    raise Unreachable(
                        f"{self.url}: cannot reach the database server ({reason(exc)}); {what}"
                    ) from None
                log.warning("connection to %s lost (%s); retry %d", self.url, reason(exc), attempt)
                if self.on_retry is not None:
                    self.on_retry(f"connection to {self.url} lost, retrying ({attempt}/{attempts - 1})")
                time.sleep(delays[attempt - 1])
        raise AssertionError("unreachable")  # pragma: no cover

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """One read transaction."""
        session: Session | None = None
        try:
            session = self._session(self._read, "nothing was read", self.read_retry_delays)
            yield session
            session.commit()
        except AnnotatorError:
            raise
        except SQLAlchemyError as exc:
            if is_connection_error(exc):
                raise ConnectionLostError(
                    f"{self.url}: the connection to the database was lost while reading ({reason(exc)})"
                ) from None
            raise db_error(self.url, exc) from None
        finally:
            if session is not None:
                session.close()

    @contextmanager
    def writing(self, what: str = "the change") -> Iterator[Session]:
        """One write transaction; `what` names the change in "... was not saved" messages."""
        if self.read_only:
            raise ReadOnlyError(
                f"{self.url}: the database is open read-only; nothing was changed ({what} was not saved)"
            )
        session: Session | None = None
        committing = False
        try:
            session = self._session(self._write, f"{what} was not saved", None)
            yield session
            committing = True
            session.commit()
        except AnnotatorError:
            raise
        except IntegrityError as exc:
            raise Contended(
                f"the change conflicts with the database: {db_error(self.url, exc)}; {what} was not saved"
            ) from None
        except SQLAlchemyError as exc:
            if is_connection_error(exc):
                if committing:
                    # The COMMIT may have reached the server before the connection broke.
                    raise ConnectionLostError(
                        f"{self.url}: the connection to the database was lost while saving "
                        f"({reason(exc)}); {what} may not have been saved"
                    ) from None
                raise ConnectionLostError(
                    f"{self.url}: the connection to the database was lost ({reason(exc)}); {what} was not saved"
                ) from None
            raise db_error(self.url, exc) from None
        finally:
            if session is not None:
                session.close()

    def read(self, work: Callable[[Session], T]) -> T:
        """Run `work` in one read transaction."""
        with self.reading() as s:
            return work(s)

    def write(self, what: str, work: Callable[[Session, bool], T]) -> T:
        """Run an idempotent write in one transaction; after a lost connection or race, once more.

        `work(session, again)` is told on the second attempt that the first may have been
        committed before the connection broke, so it can check and not apply it twice.
        """

        def attempt(again: bool) -> T:
            with self.writing(what) as s:
                return work(s, again)

        try:
            return attempt(False)
        except Unreachable:
            raise  # already retried for as long as we wait
        except ConnectionLostError as exc:
            if self.on_retry is not None:
                self.on_retry(f"{exc}; retrying")
        except Contended:
            pass  # the row the other session created is there now
        return attempt(True)
