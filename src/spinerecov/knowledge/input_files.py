"""Reading a file the user named: only a regular file, and only up to a size that makes sense.

A FIFO would block for ever, /dev/zero would fill the memory, and a folder
cannot be read at all; each is refused at once with a plain reason.
"""

import errno
import os
import stat

from spinerecov.i18n import N_, _

MAX_INPUT_BYTES = 64 * 1024 * 1024
"""Far above any real knowledge base, protocol or profile (the built-in knowledge base is about 110 KB)."""

_KINDS = (
    (stat.S_ISDIR, N_("it is a folder, not a regular file")),
    (stat.S_ISFIFO, N_("it is a FIFO (named pipe), not a regular file")),
    (stat.S_ISCHR, N_("it is a device, not a regular file")),
    (stat.S_ISBLK, N_("it is a device, not a regular file")),
    (stat.S_ISSOCK, N_("it is a socket, not a regular file")),
)


def read_regular_file(path: str | os.PathLike[str], limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of `path`, which must be a regular file of at most `limit` bytes.

    Raises:
        OSError: It cannot be opened, is not a regular file, or is too large; `strerror` says which in words.
    """
    # O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused just below).
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except ValueError:  # a NUL in the name (from a profile: a command line cannot hold one)
        raise OSError(errno.EINVAL, _("the name holds a NUL character")) from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            kind = next(
                (name for test, name in _KINDS if test(info.st_mode)), N_("it is not a file, not a regular file")
            )
            raise OSError(errno.EINVAL, _(kind))
        if info.st_size > limit:
            raise OSError(errno.EFBIG, _too_large(limit))
        chunks = []
        size = 0
        while chunk := os.read(descriptor, 1024 * 1024):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise OSError(errno.EFBIG, _too_large(limit))
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def _too_large(limit: int) -> str:
    return _("it is larger than {megabytes} MB").format(megabytes=limit // (1024 * 1024))


def not_utf8(raw: bytes, error: UnicodeDecodeError) -> tuple[int, str]:
    """The line of the first byte that is not UTF-8, and the problem in words."""
    line = raw[: error.start].count(b"\n") + 1
    problem = _("not valid UTF-8 (byte {byte}); save the file as UTF-8").format(byte=f"0x{raw[error.start]:02x}")
    return line, problem
