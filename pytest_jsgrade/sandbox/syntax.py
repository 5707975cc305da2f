"""A syntax error in the student's file, in the words Node (V8) uses.

QuickJS and V8 find the same syntax errors but word them differently ("unexpected token in
expression: ''" where Node says "Unexpected end of input"), and students search the web for
Node's words. QuickJS gives only the message and where it stopped, so the V8 wording is worked
out from that position in the student's line: the token found there decides between
"Unexpected identifier 'x'", "Unexpected number", "Unexpected string" and "Unexpected token '}'",
as V8 decides. A message not listed here is left as QuickJS wrote it. The words are checked
against Node by tests/test_syntax_errors.py.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import re
from dataclasses import replace

from .protocol import ThrownError

_IDENTIFIER = re.compile(r"[A-Za-z_$\u0080-\uffff][\w$\u0080-\uffff]*")
_NUMBER = re.compile(r"(?:0[xXoObB][\da-fA-F_]+|\d[\d_]*\.?[\d_]*(?:[eE][+-]?\d+)?|\.\d[\d_]*)n?")
# V8's punctuators, longest first, so `>>>=` is one token and not `>`.
_PUNCTUATORS = sorted(
    "{ } ( ) [ ] ; , < > <= >= == != === !== + - * / % ** ++ -- << >> >>> & | ^ ! ~ && || ?? ? ?. : = += -= *= /= "
    "%= **= <<= >>= >>>= &= |= ^= &&= ||= ??= => ... .".split(),
    key=len, reverse=True,
)
# QuickJS's message → V8's, where it does not depend on the token.
_FIXED = {
    "invalid number literal": "Invalid or unexpected token",
    "invalid assignment left-hand side": "Invalid left-hand side in assignment",
    "'let' is not a valid lexical identifier": "let is disallowed as a lexically bound name",
    "return not in a function": "Illegal return statement",
    "break must be inside loop or switch": "Illegal break statement",
    "continue must be inside loop": "Illegal continue statement: no surrounding iteration statement",
    "function name expected": "Function statements require a function name",
    "invalid keyword: with": "Strict mode code may not include a with statement",
    "unexpected line terminator in regexp": "Invalid regular expression: missing /",
    "super() is only valid in a derived class constructor": "'super' keyword unexpected here",
    "Unexpected end of input": "Unexpected end of input",
    "import.meta only valid in module code": "Cannot use 'import.meta' outside a module",
}
_IMPORT_STATEMENT = re.compile(r"^\s*import\s*$")  # `import` begins the statement: not import() or import.meta
_UNEXPECTED_TOKEN = re.compile(r"^unexpected token in expression: '(.*)'$", re.S)
_UNSUPPORTED = re.compile(r"^unsupported keyword: (import|export)$")
_REDEFINED = ("invalid redefinition of lexical identifier", "invalid redefinition of global identifier")


def v8_message(message: str, line: str, column: int) -> str:
    """Node's words for QuickJS's SyntaxError `message`, which stopped at `column` (from 1) of `line`."""
    at, before = line[max(column - 1, 0):], line[:max(column - 1, 0)]
    if message.startswith("Unexpected") and _IMPORT_STATEMENT.match(before):
        return "Cannot use import statement outside a module"
    if message == "variable name expected":
        return "Missing initializer in destructuring declaration" if at.startswith(("{", "[")) else unexpected(at)
    if message in _FIXED:
        return _FIXED[message]
    if message in ("expecting ';'", "expecting field name") or _UNEXPECTED_TOKEN.match(message):
        if re.search(r"\bawait\s*$", before) and message == "expecting ';'":
            return "await is only valid in async functions and the top level bodies of modules"
        return unexpected(at)
    if message in _REDEFINED:
        names = _IDENTIFIER.findall(before)
        return f"Identifier '{names[-1]}' has already been declared" if names else message
    if message == "missing initializer for variable":
        declaring = re.findall(r"\b(const|let|var)\b", before)
        return "Missing initializer in const declaration" if declaring and declaring[-1] == "const" else message
    if message == "unexpected end of string":
        return "Unexpected end of input" if at.startswith("`") else "Invalid or unexpected token"
    match = _UNSUPPORTED.match(message)
    if match:
        return "Cannot use import statement outside a module" if match.group(1) == "import" else "Unexpected token 'export'"
    return message


def unexpected(at: str) -> str:
    """V8's "Unexpected ..." for the token that starts `at` (the rest of the line)."""
    text = at.lstrip(" \t")
    if not text:
        return "Unexpected end of input"
    if text[0] in "'\"":
        return "Unexpected string"
    if text[0] == "`":
        return "Unexpected template string"
    number = _NUMBER.match(text)
    if number and number.group():
        return "Unexpected number"
    name = _IDENTIFIER.match(text)
    if name:
        word = name.group()
        if word in _RESERVED:
            return f"Unexpected token '{word}'"
        return "Unexpected strict mode reserved word" if word in _STRICT_RESERVED else f"Unexpected identifier '{word}'"
    for punctuator in _PUNCTUATORS:
        if text.startswith(punctuator):
            return f"Unexpected token '{punctuator}'"
    return "Invalid or unexpected token"


_RESERVED = frozenset(
    "break case catch class const continue debugger default delete do else export extends false finally for function if "
    "import in instanceof new null return super switch this throw true try typeof var void while with".split()
)
_STRICT_RESERVED = frozenset("implements interface package private protected public static".split())


def in_v8_words(error: ThrownError, path: str, text: str) -> ThrownError:
    """`error`, a SyntaxError QuickJS found in the file `path` (whose text is `text`), worded as Node words it."""
    frame = error.location((path,))
    if error.name != "SyntaxError" or frame is None:
        return error
    lines = text.split("\n")
    line = lines[frame.line - 1] if 0 < frame.line <= len(lines) else ""
    return replace(error, message=v8_message(error.message, line.rstrip("\r"), frame.column))
