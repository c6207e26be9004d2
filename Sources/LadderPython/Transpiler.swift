import Foundation
import LadderCore

/// English Python → native Python with a language pack, Legesher-compatible
/// in what it translates, stricter in where.
///
/// - Keywords are translated everywhere; soft keywords (`match`, `case`,
///   `type`, `_`) only where they act as keywords.
/// - Builtins are translated only where the name refers to the builtin: not
///   after a dot, not as a keyword-argument name, not in import statements,
///   and nowhere in a file that binds the name itself (file-wide, since a
///   token stream cannot see scopes reliably; listed in the ledger row).
/// - Strings, comments and whole f-strings, replacement fields included,
///   are never touched: Python 3.11's `tokenize`, which Legesher's token
///   backend ran on, sees an f-string as one string token.
/// - Every output is reversed and compared byte for byte unless turned off.
///
/// Never throws on a bad file: every problem becomes a ledger row.
public struct Transpiler: Sendable {
    /// The pack applied.
    public let pack: LanguagePack
    /// The run's options.
    public let options: TranspileOptions
    let tables: PackTables
    let reverser: ReverseTranspiler

    /// Creates a transpiler for `pack`.
    public init(pack: LanguagePack, options: TranspileOptions = TranspileOptions()) {
        self.pack = pack
        self.options = options
        self.tables = PackTables(pack: pack, numerals: options.numerals)
        self.reverser = ReverseTranspiler(tables: tables)
    }

    /// Transpiles one file's bytes; `path` only labels the ledger row.
    public func transpile(source: [UInt8], path: String) -> TranspileOutcome {
        var row = TranspileLedgerRow(
            path: path, status: .ok, reasonCode: nil, reason: nil, language: pack.language,
            packVersion: pack.version, packFingerprint: pack.fingerprint, inputSHA256: Self.sha256(source),
            outputSHA256: nil, inputBytes: source.count, counts: TranspileCounts(), roundTrip: .notChecked,
            compileCheck: .notRun, shadowedBuiltins: [], collisions: [])
        func stop(_ status: TranspileLedgerRow.Status, _ code: String, _ reason: String) -> TranspileOutcome {
            row.status = status
            row.reasonCode = code
            row.reason = "\(path): \(reason)"
            return TranspileOutcome(output: nil, row: row)
        }
        if source.count > options.maxBytes {
            return stop(.skipped, "too-large", "\(source.count) bytes is over the limit of \(options.maxBytes); raise max_bytes to include it")
        }
        let tokens: [PythonToken]
        do {
            tokens = try PythonTokenizer(source: source, fStringMode: .whole).tokenize()
        } catch let error as PythonTokenizeError {
            return stop(.failed, error.reason.rawValue, "\(error)")
        } catch {
            return stop(.failed, "tokenize-error", "\(error)")
        }
        let forward = source.withUnsafeBufferPointer { b in translate(b, tokens) }
        row.counts = forward.counts
        row.shadowedBuiltins = forward.shadowed
        if !forward.collisions.isEmpty {
            row.collisions = forward.collisions
            let shown = forward.collisions.prefix(5).joined(separator: ", ")
            return stop(.skipped, "identifier-collision",
                        "the file's own code reads as \(pack.language) translations (\(shown)); reversing would change it")
        }
        if options.verifyRoundTrip {
            let back: [UInt8]
            do {
                back = try reverser.reverse(source: forward.output)
            } catch {
                row.roundTrip = .differs
                return stop(.failed, "round-trip-mismatch", "the translated file does not tokenize: \(error)")
            }
            let same = back.count == source.count && back.withUnsafeBytes { x in
                source.withUnsafeBytes { y in x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 }
            }
            guard same else {
                row.roundTrip = .differs
                let at = Self.firstDifference(back, source)
                return stop(.failed, "round-trip-mismatch",
                            "line \(at.line): reversed text differs from the original (translated words run into the file's own words)")
            }
            row.roundTrip = .identical
        }
        if options.compileCheck {
            let result = PythonCompileCheck.run(python: options.python, sources: [(path, source)])
            if let message = result.first ?? "python3 gave no result" {
                row.compileCheck = .failed
                return stop(.failed, "python-compile-failed", message)
            }
            row.compileCheck = .passed
        }
        row.outputSHA256 = Self.sha256(forward.output)
        return TranspileOutcome(output: forward.output, row: row)
    }

    /// Transpiles the file at `url`; an unreadable file becomes a failed row.
    public func transpile(fileAt url: URL, path: String? = nil) -> TranspileOutcome {
        let label = path ?? url.path
        guard let data = FileManager.default.contents(atPath: url.path) else {
            let row = TranspileLedgerRow(
                path: label, status: .failed, reasonCode: "unreadable", reason: "\(label): cannot read the file",
                language: pack.language, packVersion: pack.version, packFingerprint: pack.fingerprint,
                inputSHA256: "", outputSHA256: nil, inputBytes: 0, counts: TranspileCounts(), roundTrip: .notChecked,
                compileCheck: .notRun, shadowedBuiltins: [], collisions: [])
            return TranspileOutcome(output: nil, row: row)
        }
        return transpile(source: [UInt8](data), path: label)
    }

    static func sha256(_ bytes: [UInt8]) -> String {
        var h = SHA256()
        bytes.withUnsafeBytes { h.update($0) }
        return h.finalizeHex()
    }

    /// 1-based line of the first byte where `a` and `b` differ, in `b`.
    static func firstDifference(_ a: [UInt8], _ b: [UInt8]) -> (line: Int, offset: Int) {
        var k = 0
        while k < a.count && k < b.count && a[k] == b[k] { k += 1 }
        let at = b.withUnsafeBufferPointer { SourceCheck.location(of: k, in: $0) }
        return (at.line, k)
    }
}
