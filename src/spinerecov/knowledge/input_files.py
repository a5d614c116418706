"""Reading a file the user named: only a regular file, and only up to a size that makes sense.

A FIFO would block for ever, /dev/zero would fill the memory, and a folder
cannot be read at all; each is refused at once with a plain reason.
"""

import errno
import os
import stat

MAX_INPUT_BYTES = 64 * 1024 * 1024
"""Far above any real knowledge base, protocol or profile (the built-in knowledge base is about 110 KB)."""

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
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
        raise OSError(errno.EINVAL, "the name holds a NUL character") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            kind = next((name for test, name in _KINDS if test(info.st_mode)), "not a file")
            raise OSError(errno.EINVAL, f"it is {kind}, not a regular file")
        if info.st_size > limit:
            raise OSError(errno.EFBIG, f"it is larger than {limit // (1024 * 1024)} MB")
        chunks = []
        size = 0
        while chunk := os.read(descriptor, 1024 * 1024):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise OSError(errno.EFBIG, f"it is larger than {limit // (1024 * 1024)} MB")
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def not_utf8(raw: bytes, error: UnicodeDecodeError) -> tuple[int, str]:
    """The line of the first byte that is not UTF-8, and the problem in words."""
    line = raw[: error.start].count(b"\n") + 1
    return line, f"not valid UTF-8 (byte 0x{raw[error.start]:02x}); save the file as UTF-8"
