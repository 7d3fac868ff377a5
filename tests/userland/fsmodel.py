"""A Python model of a FAT tree, for hypothesis: file operations -> the tree and contents expected.

The model is what the fs server and the programs promise (kernel/abi.toml
[[protocol]] fs, each operation's reply): a tree {name: bytes | tree},
names kept as first written and found without regard to case (FAT), and for
each operation either None (done) or the errno name it must fail with.  A
test runs the same operations in a booted toyos (as shell commands) and
compares the errors it printed and the tree mtools reads back afterwards.
"""
from __future__ import annotations

import copy


class FsModel:
    def __init__(self, tree: dict | None = None):
        self.tree: dict = copy.deepcopy(tree) if tree else {}

    # ---- lookup ---------------------------------------------------------------------
    @staticmethod
    def parts(path: str) -> list[str]:
        """'/a/b/' -> ['a', 'b'] (paths here are absolute and normalised)."""
        return [p for p in path.split("/") if p]

    @staticmethod
    def _key(directory: dict, name: str) -> str | None:
        return next((k for k in directory if k.upper() == name.upper()), None)

    def _parent(self, path: str) -> tuple[dict | None, str | None, str]:
        """(parent directory, key found or None, last name), or (None, None, errno) if the
        parent cannot be reached."""
        parts = self.parts(path)
        node = self.tree
        for part in parts[:-1]:
            key = self._key(node, part)
            if key is None:
                return None, None, "ENOENT"
            if not isinstance(node[key], dict):
                return None, None, "ENOTDIR"
            node = node[key]
        if not parts:
            return None, None, "EBUSY"          # the root itself
        return node, self._key(node, parts[-1]), parts[-1]

    def lookup(self, path: str):
        """The node at path (bytes or dict), or the errno name."""
        if not self.parts(path):
            return self.tree
        parent, key, last = self._parent(path)
        if parent is None:
            return last
        return parent[key] if key is not None else "ENOENT"

    # ---- operations: None when done, else the errno name ----------------------------
    def write(self, path: str, data: bytes, append: bool = False) -> str | None:
        """open(O_WRONLY|O_CREAT|(O_APPEND or O_TRUNC)) + write + close."""
        parent, key, last = self._parent(path)
        if parent is None:
            return "EISDIR" if last == "EBUSY" else last
        if key is not None and isinstance(parent[key], dict):
            return "EISDIR"
        if key is None:
            parent[last] = data
        else:
            parent[key] = parent[key] + data if append else data
        return None

    def touch(self, path: str) -> str | None:
        node = self.lookup(path)
        if isinstance(node, (bytes, dict)):
            return None
        return self.write(path, b"", append=True)

    def read(self, path: str):
        node = self.lookup(path)
        if isinstance(node, dict):
            return "EISDIR"
        return node

    def mkdir(self, path: str) -> str | None:
        parent, key, last = self._parent(path)
        if parent is None:
            return "EEXIST" if last == "EBUSY" else last
        if key is not None:
            return "EEXIST"
        parent[last] = {}
        return None

    def unlink(self, path: str) -> str | None:
        parent, key, last = self._parent(path)
        if parent is None:
            return "EISDIR" if last == "EBUSY" else last
        if key is None:
            return "ENOENT"
        if isinstance(parent[key], dict):
            return "EISDIR"
        del parent[key]
        return None

    def rmdir(self, path: str) -> str | None:
        parent, key, last = self._parent(path)
        if parent is None:
            return last
        if key is None:
            return "ENOENT"
        if not isinstance(parent[key], dict):
            return "ENOTDIR"
        if parent[key]:
            return "ENOTEMPTY"
        del parent[key]
        return None

    def rename(self, old: str, new: str) -> str | None:
        oparent, okey, olast = self._parent(old)
        if oparent is None:
            return olast
        if okey is None:
            return "ENOENT"
        old_parts, new_parts = [p.upper() for p in self.parts(old)], [p.upper() for p in self.parts(new)]
        if isinstance(oparent[okey], dict) and new_parts[:len(old_parts)] == old_parts \
                and new_parts != old_parts:
            return "EINVAL"                      # a directory into itself
        nparent, nkey, nlast = self._parent(new)
        if nparent is None:
            return nlast
        if nkey is not None:
            if nparent is oparent and nkey == okey:
                return None
            if isinstance(nparent[nkey], dict):
                return "EEXIST"                  # a directory is never replaced
            if isinstance(oparent[okey], dict):
                return "ENOTDIR"                 # nor a file by a directory
            del nparent[nkey]                    # a file is (POSIX rename), the new name as typed
        nparent[nlast] = oparent.pop(okey)
        return None

    def copy(self, src: str, dst: str) -> str | None:
        data = self.read(src)
        if isinstance(data, str):
            return data
        return self.write(dst, data)
