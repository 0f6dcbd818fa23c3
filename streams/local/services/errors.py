"""A local service that could not be prepared or started, with what to do about it."""


class ServiceError(RuntimeError):
    """Raised loudly: tests that need a service fail on it rather than skip (brief: never skip silently)."""
