"""The error types a user can cause; each message names the file, line or item."""


class AnnotatorError(Exception):
    """An error the user can fix; shown as its message, never as a traceback."""


class ValidationError(AnnotatorError):
    """Input (a file, a line, a span, a schema) breaks a rule."""


class ConflictError(AnnotatorError):
    """A change was refused because someone else changed the same item first."""


class DatabaseError(AnnotatorError):
    """The database cannot be opened or used (missing, not a database, unreachable, newer)."""


class ConnectionLostError(DatabaseError):
    """The database server could not be reached; the message says what was (not) saved."""


class ReadOnlyError(DatabaseError):
    """A change was refused because the database is open read-only."""


class Unreachable(ConnectionLostError):
    """The server stayed unreachable through every retry; nothing was sent."""


class Contended(ConflictError):
    """A write lost a race on a unique row (e.g. two sessions creating one annotator)."""


class Cancelled(AnnotatorError):
    """The user cancelled a long operation; nothing of it was kept."""


class SelfCheckError(AnnotatorError):
    """What an export wrote does not pass its own validator; nothing was kept."""
