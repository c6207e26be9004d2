import Foundation
import LadderPython

/// The words a translated file must keep: Python's keywords and builtins in
/// English (a transpiled file still has them inside f-strings, after dots, and
/// where the file shadows a builtin) and every word of the language pack's
/// translations. No identifier is translated *from* one of these or *into* one.
public struct CodeVocabulary: Sendable {
    /// English keywords, soft keywords and builtin names.
    public let english: Set<String>
    /// Every word of every pack translation (`si no, si` gives `si` and `no`).
    public let native: Set<String>
    /// How import statements begin: `import`, `from` and their translations.
    public let importOpeners: [[UInt8]]
    /// `import` and `as` and their translations' words, to read import statements.
    public let importWords: Set<String>
    public let asWords: Set<String>
    /// Conventional names kept as they are.
    public static let conventional: Set<String> = ["self", "cls", "_"]

    public init(pack: LanguagePack) {
        var english = Self.keywords.union(Self.builtins)
        var native: Set<String> = []
        for e in pack.entries {
            english.insert(e.english)
            for w in e.translation.split(whereSeparator: { $0 == " " || $0 == "," }) where !w.isEmpty { native.insert(String(w)) }
        }
        if let digits = pack.numerals?.digits { for d in digits { native.insert(String(d)) } }
        self.english = english
        self.native = native
        var openers = [Array("import".utf8), Array("from".utf8)]
        for w in ["import", "from"] {
            if let t = pack.entry(english: w)?.translation, t != w { openers.append(Array(t.utf8)) }
        }
        importOpeners = openers
        func words(_ english: String) -> Set<String> {
            var out: Set<String> = [english]
            if let t = pack.entry(english: english)?.translation { out.insert(t) }
            return out
        }
        importWords = words("import")
        asWords = words("as")
    }

    /// Whether a name must keep its spelling.
    public func isReserved(_ name: String) -> Bool {
        english.contains(name) || native.contains(name) || Self.conventional.contains(name)
            || (name.hasPrefix("__") && name.hasSuffix("__"))
    }

    /// Python 3.12's `keyword.kwlist` and `keyword.softkwlist`.
    static let keywords: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif",
        "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or",
        "pass", "raise", "return", "try", "while", "with", "yield", "_", "case", "match", "type",
    ]

    /// The names in Python 3.12's `builtins` module that code refers to (functions, types,
    /// constants, exceptions and warnings).
    static let builtins: Set<String> = [
        "abs", "aiter", "all", "anext", "any", "ascii", "bin", "bool", "breakpoint", "bytearray", "bytes", "callable", "chr",
        "classmethod", "compile", "complex", "copyright", "credits", "delattr", "dict", "dir", "divmod", "enumerate", "eval",
        "exec", "exit", "filter", "float", "format", "frozenset", "getattr", "globals", "hasattr", "hash", "help", "hex", "id",
        "input", "int", "isinstance", "issubclass", "iter", "len", "license", "list", "locals", "map", "max", "memoryview",
        "min", "next", "object", "oct", "open", "ord", "pow", "print", "property", "quit", "range", "repr", "reversed",
        "round", "set", "setattr", "slice", "sorted", "staticmethod", "str", "sum", "super", "tuple", "type", "vars", "zip",
        "Ellipsis", "NotImplemented",
        "ArithmeticError", "AssertionError", "AttributeError", "BaseException", "BaseExceptionGroup", "BlockingIOError",
        "BrokenPipeError", "BufferError", "BytesWarning", "ChildProcessError", "ConnectionAbortedError", "ConnectionError",
        "ConnectionRefusedError", "ConnectionResetError", "DeprecationWarning", "EncodingWarning", "EnvironmentError",
        "EOFError", "Exception", "ExceptionGroup", "FileExistsError", "FileNotFoundError", "FloatingPointError",
        "FutureWarning", "GeneratorExit", "ImportError", "ImportWarning", "IndentationError", "IndexError",
        "InterruptedError", "IOError", "IsADirectoryError", "KeyboardInterrupt", "KeyError", "LookupError", "MemoryError",
        "ModuleNotFoundError", "NameError", "NotADirectoryError", "NotImplementedError", "OSError", "OverflowError",
        "PendingDeprecationWarning", "PermissionError", "ProcessLookupError", "RecursionError", "ReferenceError",
        "ResourceWarning", "RuntimeError", "RuntimeWarning", "StopAsyncIteration", "StopIteration", "SyntaxError",
        "SyntaxWarning", "SystemError", "SystemExit", "TabError", "TimeoutError", "TypeError", "UnboundLocalError",
        "UnicodeDecodeError", "UnicodeEncodeError", "UnicodeError", "UnicodeTranslateError", "UnicodeWarning",
        "UserWarning", "ValueError", "Warning", "ZeroDivisionError",
    ]
}
