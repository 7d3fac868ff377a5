"""Source text -> a stream of statements: comments, ';', .include, macros,
conditionals and repetition, the way GNU as reads its input.

What it yields is (text, origin): one statement's text with comments
removed, and the Origin (file, line, column, source line) an error should
point at.  Conditions (.if) are evaluated through a callback into the
assembler, because they may use symbols defined by earlier statements; the
stream is therefore lazy, consumed statement by statement by pass 1.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from .errors import Origin, SourceError

MACRO_DEPTH_LIMIT = 100
REPT_STATEMENT_LIMIT = 10_000_000   # one .rept may expand to this many statements (~5 min of work)

# Strings and character literals are matched so that '#', ';' and '/*'
# inside them are not taken for comments or separators.
_COMMENT_RE = re.compile(r'"(?:\\.|[^"\\\n])*"?|\'(?:\\.|[^\\\n])|/\*.*?(?:\*/|\Z)|#[^\n]*|//[^\n]*',
                         re.DOTALL)
_SEMICOLON_RE = re.compile(r'"(?:\\.|[^"\\\n])*"?|\'(?:\\.|[^\\\n])|;')
_HEAD_RE = re.compile(r'\s*((?:(?:[A-Za-z_.$][A-Za-z0-9_.$]*|[0-9]+)\s*:(?!=)\s*)*)([A-Za-z_.$][A-Za-z0-9_.$]*)?')
_SUBST_RE = re.compile(r'\\(\(\)|@|[A-Za-z_.$][A-Za-z0-9_.$]*)')
_NAME_RE = re.compile(r'[A-Za-z_.$][A-Za-z0-9_.$]*$')


def strip_comments(text: str) -> str:
    """Blank out comments, keeping every newline and column in place."""
    def blank(m):
        s = m.group(0)
        if s[0] in "\"'":
            return s
        return re.sub(r"[^\n]", " ", s)
    return _COMMENT_RE.sub(blank, text)


def unterminated_comment(text: str) -> int | None:
    """Offset of a '/*' that is never closed, or None."""
    for m in _COMMENT_RE.finditer(text):
        s = m.group(0)
        if s.startswith("/*") and not s.endswith("*/"):
            return m.start()
    return None


def split_statements(line: str):
    """(column offset, text) of each ';'-separated statement of a line."""
    if ";" not in line:
        return [(0, line)]
    parts, start = [], 0
    for m in _SEMICOLON_RE.finditer(line):
        if m.group(0) == ";":
            parts.append((start, line[start:m.start()]))
            start = m.end()
    parts.append((start, line[start:]))
    return parts


def split_arguments(text: str) -> list[str]:
    """Split at top-level commas (outside strings, char literals and parentheses)."""
    args, depth, start, i = [], 0, 0, 0
    while i < len(text):
        ch = text[i]
        if ch == '"':
            i += 1
            while i < len(text) and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
        elif ch == "'":
            i += 2 if i + 1 < len(text) and text[i + 1] == "\\" else 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            args.append(text[start:i])
            start = i + 1
        i += 1
    args.append(text[start:])
    return [a.strip() for a in args]


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return text[1:-1]
    return text


@dataclass
class Macro:
    name: str
    params: list            # [(name, default, required, vararg)]
    body: list              # [(text, origin)]
    origin: Origin


@dataclass
class _Cond:
    active: bool            # lines are assembled now
    taken: bool             # some branch of this .if was already taken
    parent_active: bool
    origin: Origin
    seen_else: bool = False


@dataclass
class Preprocessor:
    include_dirs: tuple = ()
    evaluate: object = None       # (expr_text, origin, offset) -> int, raises SourceError
    is_defined: object = None     # (name) -> bool
    report: object = None         # (origin, message, offset) -> None
    macros: dict = field(default_factory=dict)
    files_read: list = field(default_factory=list)
    _conds: list = field(default_factory=list)
    _expansions: int = 0
    _reading: list = field(default_factory=list)   # real paths of the files being read, outermost first

    # --- files -----------------------------------------------------------
    def find_file(self, name: str, origin: Origin | None) -> str | None:
        candidates = []
        if os.path.isabs(name):
            candidates.append(name)
        else:
            if origin is not None and origin.filename and not origin.filename.startswith("<"):
                candidates.append(os.path.join(os.path.dirname(origin.filename), name))
            candidates.append(name)
            candidates += [os.path.join(d, name) for d in self.include_dirs]
        for path in candidates:
            if os.path.isfile(path):
                return path
        return None

    def file_statements(self, path: str, text: str | None = None):
        """Raw statements of one file, before any directive is looked at."""
        if text is None:
            with open(path, encoding="utf-8", errors="surrogateescape") as f:
                text = f.read()
        self.files_read.append(path)
        originals = text.split("\n")
        cleaned = strip_comments(text).split("\n")
        open_at = unterminated_comment(text)
        if open_at is not None:
            # GNU as warns and swallows the rest of the file; say it plainly.
            number = text.count("\n", 0, open_at) + 1
            col = open_at - (text.rfind("\n", 0, open_at) + 1) + 1
            self._error(Origin(path, number, col, originals[number - 1]),
                        "unterminated comment: '/*' without '*/'", 0)
        for number, (line, original) in enumerate(zip(cleaned, originals), start=1):
            if not line or line.isspace():
                continue
            for offset, part in split_statements(line):
                stripped = part.strip()
                if stripped:
                    lead = len(part) - len(part.lstrip())
                    yield stripped, Origin(path, number, offset + lead + 1, original)

    def run_file(self, path: str, text: str | None = None):
        """All statements of a top-level file, fully expanded."""
        depth = len(self._conds)
        self._reading.append(os.path.realpath(path))
        try:
            yield from self._run(self.file_statements(path, text), 0)
        finally:
            self._reading.pop()
        while len(self._conds) > depth:
            cond = self._conds.pop()
            self._error(cond.origin, "unterminated conditional: .if without .endif", 0)

    # --- the directive machine ----------------------------------------------
    def _error(self, origin, message, offset=None):
        self.report(origin, message, offset)

    def _active(self) -> bool:
        return not self._conds or self._conds[-1].active

    def _run(self, items, depth):
        items = iter(items)
        for text, origin in items:
            head = _HEAD_RE.match(text)
            word = head.group(2)
            lword = word.lower() if word else ""
            if not self._active():
                if lword.startswith(".if") or lword in (".else", ".elseif", ".endif"):
                    self._conditional(lword, text, head.end(), origin)
                continue
            if lword.startswith(".if") or lword in (".else", ".elseif", ".endif"):
                self._conditional(lword, text, head.end(), origin)
                continue
            if word is None or (lword not in _PREPROCESSOR_WORDS and lword not in self.macros):
                yield text, origin
                continue
            if head.group(1):   # labels before a macro call or .rept: define them first
                yield head.group(1).strip(), origin
            rest = text[head.end():]
            rest_pos = head.end() + (len(rest) - len(rest.lstrip()))
            rest = rest.strip()
            try:
                if lword == ".macro":
                    self._define_macro(rest, rest_pos, origin, items)
                elif lword in (".endm", ".endr"):
                    self._error(origin, f"'{word}' without a matching "
                                f"{'.macro' if lword == '.endm' else '.rept/.irp'}", head.start(2))
                elif lword == ".exitm":
                    if depth == 0:
                        self._error(origin, "'.exitm' outside a macro", head.start(2))
                    else:
                        return
                elif lword == ".purgem":
                    self.macros.pop(rest.lower(), None)
                elif lword == ".include":
                    yield from self._include(rest, rest_pos, origin, depth)
                elif lword in (".rept", ".irp", ".irpc"):
                    yield from self._repeat(lword, rest, rest_pos, origin, items, depth)
                elif lword in (".err", ".error"):
                    message = _unquote(rest) if rest else ".err encountered"
                    self._error(origin, message, head.start(2))
                elif lword == ".end":
                    for _ in items:
                        pass
                    return
                else:
                    yield from self._call_macro(self.macros[lword], rest, rest_pos, origin, depth)
            except SourceError as exc:
                self._error(origin, exc.message, exc.offset)

    def _collect(self, items, origin, opening, closing, what):
        """Body lines up to the matching closing directive (nesting counted)."""
        body, nesting = [], 0
        for text, line_origin in items:
            word = (_HEAD_RE.match(text).group(2) or "").lower()
            if word in opening:
                nesting += 1
            elif word in closing:
                if nesting == 0:
                    return body
                nesting -= 1
            body.append((text, line_origin))
        raise SourceError(f"{what} without {closing[0]}", 0)

    def _define_macro(self, rest, rest_pos, origin, items):
        match = re.match(r"([A-Za-z_.$][A-Za-z0-9_.$]*)\s*,?\s*(.*)$", rest)
        if not match:
            raise SourceError("expected a macro name after .macro", rest_pos)
        name, param_text = match.group(1), match.group(2)
        params = []
        for piece in re.findall(r'[^\s,=]+(?:\s*=\s*(?:"[^"]*"|[^\s,]*))?', param_text):
            pname, _, default = piece.partition("=")
            pname, default = pname.strip(), _unquote(default.strip())
            required = vararg = False
            if pname.endswith(":req"):
                pname, required = pname[:-4], True
            elif pname.endswith(":vararg"):
                pname, vararg = pname[:-7], True
            if not _NAME_RE.match(pname):
                raise SourceError(f"invalid macro parameter '{pname}'", rest_pos + len(name))
            params.append((pname, default, required, vararg))
        body = self._collect(items, origin, (".macro",), (".endm",), f".macro {name}")
        # GNU as: macro names are case-insensitive, and one defined twice is an
        # error until .purgem removes it
        if name.lower() in self.macros:
            raise SourceError(f"macro '{name}' was already defined", rest_pos)
        self.macros[name.lower()] = Macro(name, params, body, origin)

    def _call_macro(self, macro, rest, rest_pos, origin, depth):
        if depth >= MACRO_DEPTH_LIMIT:
            raise SourceError(f"macro '{macro.name}' nested more than {MACRO_DEPTH_LIMIT} deep "
                              "(does it call itself without stopping?)", 0)
        values = {p[0]: p[1] for p in macro.params}
        if rest:
            args = split_arguments(rest)
            if len(args) == 1 and not (macro.params and macro.params[-1][3]):
                args = _split_on_spaces(args[0])
            position = 0
            for i, arg in enumerate(args):
                keyword = re.match(r"([A-Za-z_.$][A-Za-z0-9_.$]*)\s*=(?!=)(.*)$", arg)
                if keyword and keyword.group(1) in values:
                    values[keyword.group(1)] = _macro_value(keyword.group(2))
                    continue
                if position >= len(macro.params):
                    raise SourceError(f"too many arguments for macro '{macro.name}' "
                                      f"(it takes {len(macro.params)})", rest_pos)
                pname, _, _, vararg = macro.params[position]
                if vararg:
                    values[pname] = ", ".join(args[i:])
                    break
                if arg != "":
                    values[pname] = _macro_value(arg)
                position += 1
        for pname, default, required, _ in macro.params:
            if required and values.get(pname, "") == "":
                raise SourceError(f"missing value for required parameter '{pname}' "
                                  f"of macro '{macro.name}'", rest_pos)
        self._expansions += 1
        counter = str(self._expansions - 1)

        def substitute(match):
            key = match.group(1)
            if key == "()":
                return ""
            if key == "@":
                return counter
            return values.get(key, match.group(0))

        body = []
        for text, body_origin in macro.body:
            expanded = _SUBST_RE.sub(substitute, text) if "\\" in text else text
            body.append((expanded, Origin(body_origin.filename, body_origin.line, 1, expanded, origin)))
        depth_before = len(self._conds)
        yield from self._run(body, depth + 1)
        del self._conds[depth_before:]

    def _repeat(self, word, rest, rest_pos, origin, items, depth):
        body = self._collect(items, origin, (".rept", ".irp", ".irpc"), (".endr",), word)
        if depth >= MACRO_DEPTH_LIMIT:
            raise SourceError(f"{word} nested more than {MACRO_DEPTH_LIMIT} deep", 0)
        if word == ".rept":
            count = self.evaluate(rest, origin, rest_pos)
            if not body:
                return                    # nothing to repeat: .rept 0x7fffffff of nothing is instant
            if count * len(body) > REPT_STATEMENT_LIMIT:
                raise SourceError(f".rept {count} of {len(body)} statement(s) is more than "
                                  f"{REPT_STATEMENT_LIMIT:,} statements", rest_pos)
            for _ in range(max(0, count)):
                yield from self._run(list(body), depth + 1)
            return
        name, _, values_text = rest.partition(",")
        name = name.strip()
        if not _NAME_RE.match(name):
            raise SourceError(f"expected a symbol name after {word}", rest_pos)
        values = split_arguments(values_text) if word == ".irp" else list(values_text.strip())
        if word == ".irp" and values == [""]:
            values = [""]
        for value in values:
            pattern = re.compile(r"\\(" + re.escape(name) + r"(?![A-Za-z0-9_.$])|\(\))")
            expanded = []
            for text, body_origin in body:
                new = pattern.sub(lambda m: "" if m.group(1) == "()" else value, text)
                expanded.append((new, Origin(body_origin.filename, body_origin.line, 1, new, origin)))
            yield from self._run(expanded, depth + 1)

    def _include(self, rest, rest_pos, origin, depth):
        name = _unquote(rest)
        if not name:
            raise SourceError("expected a file name after .include", rest_pos)
        path = self.find_file(name, origin)
        if path is None:
            searched = ", ".join(self.include_dirs) or "no -I directories"
            raise SourceError(f"include file '{name}' not found (searched the including "
                              f"file's directory, the current directory, {searched})", rest_pos)
        if depth >= MACRO_DEPTH_LIMIT:
            raise SourceError(f".include nested more than {MACRO_DEPTH_LIMIT} deep", rest_pos)
        real = os.path.realpath(path)
        if real in self._reading:
            # A file that includes itself, directly or through others, never ends (and two such
            # includes per file take exponential time before any depth limit is reached).
            chain = " -> ".join(os.path.basename(p) for p in self._reading[self._reading.index(real):])
            raise SourceError(f"'{name}' includes itself ({chain} -> {os.path.basename(real)})", rest_pos)
        try:
            statements = list(self.file_statements(path))
        except OSError as exc:
            raise SourceError(f"cannot read '{name}': {exc.strerror}", rest_pos)
        self._reading.append(real)
        try:
            yield from self._run(statements, depth + 1)
        finally:
            self._reading.pop()

    def _conditional(self, word, text, pos, origin):
        rest = text[pos:].strip()
        rest_pos = pos + (len(text[pos:]) - len(text[pos:].lstrip()))
        conds = self._conds
        if word.startswith(".if"):
            parent = self._active()
            value = False
            if parent:
                try:
                    value = self._condition_value(word, rest, rest_pos, origin)
                except SourceError as exc:
                    self._error(origin, exc.message, exc.offset)
            conds.append(_Cond(parent and value, parent and value, parent, origin))
            return
        if not conds:
            self._error(origin, f"'{word}' without .if", 0)
            return
        cond = conds[-1]
        if word == ".endif":
            conds.pop()
        elif word == ".else":
            if cond.seen_else:
                self._error(origin, "second .else for the same .if", 0)
            cond.seen_else = True
            cond.active = cond.parent_active and not cond.taken
            cond.taken = cond.taken or cond.active
        else:   # .elseif
            value = False
            if cond.parent_active and not cond.taken:
                try:
                    value = self.evaluate(rest, origin, rest_pos) != 0
                except SourceError as exc:
                    self._error(origin, exc.message, exc.offset)
            cond.active = cond.parent_active and not cond.taken and value
            cond.taken = cond.taken or cond.active

    def _condition_value(self, word, rest, rest_pos, origin) -> bool:
        if word in (".ifdef", ".ifndef"):
            if not _NAME_RE.match(rest):
                raise SourceError(f"expected a symbol name after {word}", rest_pos)
            return self.is_defined(rest) == (word == ".ifdef")
        if word in (".ifb", ".ifnb"):
            return (rest == "") == (word == ".ifb")
        if word in (".ifc", ".ifnc"):
            args = split_arguments(rest)
            if len(args) != 2:
                raise SourceError(f"{word} needs two strings separated by a comma", rest_pos)
            return (_unquote(args[0]) == _unquote(args[1])) == (word == ".ifc")
        tests = {".if": lambda v: v != 0, ".ifne": lambda v: v != 0, ".ifeq": lambda v: v == 0,
                 ".ifgt": lambda v: v > 0, ".ifge": lambda v: v >= 0,
                 ".iflt": lambda v: v < 0, ".ifle": lambda v: v <= 0}
        if word not in tests:
            raise SourceError(f"unknown conditional '{word}'", 0)
        return tests[word](self.evaluate(rest, origin, rest_pos))


def _macro_value(arg: str) -> str:
    """GNU passes a double-quoted macro argument without its quotes."""
    arg = arg.strip()
    if len(arg) >= 2 and arg[0] == '"' and arg[-1] == '"' and '"' not in arg[1:-1].replace('\\"', ""):
        return arg[1:-1]
    return arg


def _split_on_spaces(arg: str) -> list[str]:
    """GNU also separates macro arguments by blanks: `m a0 4` is two arguments."""
    if not arg or '"' in arg or "'" in arg or "(" in arg:
        return [arg]
    pieces = arg.split()
    operators = set("+-*/%<>|&^!~=")
    if any(ch in operators for ch in arg):
        return [arg]
    return pieces


_PREPROCESSOR_WORDS = {".macro", ".endm", ".exitm", ".purgem", ".include", ".rept", ".irp",
                       ".irpc", ".endr", ".err", ".error", ".end"}
