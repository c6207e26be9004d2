import Foundation

/// How many tokens one file had translated, by pack category.
public struct TranspileCounts: Codable, Sendable, Equatable {
    /// Hard keywords.
    public var keyword = 0
    /// Soft keywords acting as keywords.
    public var softKeyword = 0
    /// Builtin functions and classes.
    public var builtinFunction = 0
    /// Builtin constants.
    public var builtinConstant = 0
    /// Builtin exception classes.
    public var exceptionClass = 0
    /// Digits written as native numerals.
    public var numeral = 0

    /// Creates zero counts.
    public init() {}

    /// All translated tokens (numerals count digits, not numbers).
    public var total: Int { keyword + softKeyword + builtinFunction + builtinConstant + exceptionClass + numeral }

    mutating func add(_ category: LanguagePack.Category) {
        switch category {
        case .keyword: keyword += 1
        case .softKeyword: softKeyword += 1
        case .builtinFunction: builtinFunction += 1
        case .builtinConstant: builtinConstant += 1
        case .exceptionClass: exceptionClass += 1
        }
    }
}

/// One file's line in a transpile step's item ledger.
///
/// Rows are plain values with stable JSON field names, so the engine can
/// append them to a ledger that survives resumes.
public struct TranspileLedgerRow: Codable, Sendable, Equatable {
    /// What happened to the file.
    public enum Status: String, Codable, Sendable {
        /// Translated, and (when checked) reversed to the original bytes.
        case ok
        /// Bad input or a failed check; `reason` says which.
        case failed
        /// Deliberately not translated (too large, or its own identifiers
        /// collide with the pack's translations).
        case skipped
    }

    /// Result of reading the output back with the reverse transpiler.
    public enum RoundTrip: String, Codable, Sendable {
        case identical, differs
        case notChecked = "not-checked"
    }

    /// Result of compiling the reversed file with Python.
    public enum CompileCheck: String, Codable, Sendable {
        case passed, failed
        case notRun = "not-run"
    }

    /// The item's path as the plan names it (never parsed for meaning).
    public var path: String
    /// What happened.
    public var status: Status
    /// Stable machine-readable cause when not ok, e.g. `unterminated-string`,
    /// `identifier-collision`, `round-trip-mismatch`, `too-large`.
    public var reasonCode: String?
    /// Human-readable cause with location and what to do.
    public var reason: String?
    /// Pack language, version and file fingerprint that produced the row.
    public var language: String
    public var packVersion: String
    public var packFingerprint: String
    /// SHA-256 of the input bytes; of the output bytes when ok.
    public var inputSHA256: String
    public var outputSHA256: String?
    /// Input size in bytes.
    public var inputBytes: Int
    /// Translated tokens by category.
    public var counts: TranspileCounts
    /// Reverse-transpile check.
    public var roundTrip: RoundTrip
    /// Optional Python compile check of the reversed file.
    public var compileCheck: CompileCheck
    /// Builtins the file binds itself (so left untranslated everywhere in
    /// it), sorted. Legesher's token backend translated these; we do not.
    public var shadowedBuiltins: [String]
    /// The file's own code text that reads as a translation, e.g.
    /// `o (line 12) = or`; empty unless the file was skipped for it.
    public var collisions: [String]
}
