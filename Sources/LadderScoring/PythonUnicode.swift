import Foundation
import LadderCore

/// Python's view of Unicode, loaded from `Tables/python-unicode.txt`.
///
/// The study's extractors ran on CPython, whose `str.isspace`, `re`'s `\w`,
/// `\d`, `\b`, and `str.lower`/`str.upper` follow CPython's own Unicode
/// database. Swift's `Unicode.Scalar.Properties` track a newer Unicode version
/// and a different whitespace definition (CPython counts U+001C...U+001F as
/// whitespace), so the scorers read these properties from a table produced by
/// python3 itself (see the README for how it is regenerated and checked).
/// Text is handled as arrays of code points (`UInt32`), like a Python `str`:
/// lone surrogates from JSON `\ud800` escapes survive, and no grapheme
/// clustering or canonical equivalence creeps into comparisons.
public final class PythonUnicode: Sendable {
    static let word: UInt8 = 1
    static let digit: UInt8 = 2
    static let space: UInt8 = 4
    static let sigmaIgnorable: UInt8 = 8
    static let sigmaCased: UInt8 = 16
    static let hasLower: UInt8 = 32
    static let hasUpper: UInt8 = 64

    /// One byte of flags per code point, U+0000...U+10FFFF.
    let flags: [UInt8]
    let lowerMap: [UInt32: [UInt32]]
    let upperMap: [UInt32: [UInt32]]
    /// The `source` line of the table: which Python produced it.
    public let source: String
    /// SHA-256 of the table file; it enters every scorer fingerprint.
    public let tableHash: String

    init(text: String, origin: String) throws {
        var flags = [UInt8](repeating: 0, count: 0x110000)
        var lower: [UInt32: [UInt32]] = [:]
        var upper: [UInt32: [UInt32]] = [:]
        var source = ""
        var sawHeader = false
        for (n, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            let line = String(rawLine)
            let where_ = "\(origin):\(n + 1)"
            guard let space = line.firstIndex(of: " ") else {
                throw LadderError.badInput("\(where_): expected '<field> <values>'")
            }
            let field = String(line[..<space])
            let rest = line[line.index(after: space)...]
            switch field {
            case "python-unicode":
                guard rest == "1" else { throw LadderError.badInput("\(where_): unsupported table format \(rest)") }
                sawHeader = true
            case "source":
                source = String(rest)
            case "word", "digit", "space", "sigma-ignorable", "sigma-cased":
                let bit: UInt8 = ["word": Self.word, "digit": Self.digit, "space": Self.space,
                                  "sigma-ignorable": Self.sigmaIgnorable, "sigma-cased": Self.sigmaCased][field]!
                for item in rest.split(separator: " ") {
                    let (lo, hi) = try Self.range(item, at: where_)
                    for cp in lo...hi { flags[Int(cp)] |= bit }
                }
            case "lower", "upper":
                for item in rest.split(separator: " ") {
                    let parts = item.split(separator: ":")
                    guard parts.count == 2, let key = UInt32(parts[0], radix: 16), key < 0x110000 else {
                        throw LadderError.badInput("\(where_): bad case mapping '\(item)'")
                    }
                    let mapped = try parts[1].split(separator: ",").map { piece -> UInt32 in
                        guard let v = UInt32(piece, radix: 16), v < 0x110000 else {
                            throw LadderError.badInput("\(where_): bad code point '\(piece)'")
                        }
                        return v
                    }
                    if field == "lower" {
                        lower[key] = mapped
                        flags[Int(key)] |= Self.hasLower
                    } else {
                        upper[key] = mapped
                        flags[Int(key)] |= Self.hasUpper
                    }
                }
            default:
                throw LadderError.badInput("\(where_): unknown field '\(field)'")
            }
        }
        guard sawHeader else { throw LadderError.badInput("\(origin): missing 'python-unicode 1' header") }
        self.flags = flags
        self.lowerMap = lower
        self.upperMap = upper
        self.source = source
        self.tableHash = SHA256.hex(text)
    }

    private static func range(_ item: Substring, at where_: String) throws -> (UInt32, UInt32) {
        let ends = item.split(separator: "-")
        guard (1...2).contains(ends.count),
              let lo = UInt32(ends[0], radix: 16),
              let hi = UInt32(ends[ends.count - 1], radix: 16),
              lo <= hi, hi < 0x110000 else {
            throw LadderError.badInput("\(where_): bad code point range '\(item)'")
        }
        return (lo, hi)
    }

    private static let bundledResult: Result<PythonUnicode, LadderError> = {
        guard let data = EmbeddedTables.data("python-unicode.txt") else {
            return .failure(.io("LadderScoring's table Tables/python-unicode.txt is missing from this build (run scripts/embed-data.py and rebuild)"))
        }
        do {
            return .success(try PythonUnicode(text: String(decoding: data, as: UTF8.self), origin: "python-unicode.txt"))
        } catch let error as LadderError {
            return .failure(error)
        } catch {
            return .failure(.io("cannot read Tables/python-unicode.txt: \(error)"))
        }
    }()

    /// The table shipped with the module (loaded once per process).
    public static func bundled() throws -> PythonUnicode {
        try bundledResult.get()
    }

    @inline(__always) func flag(_ cp: UInt32, _ bit: UInt8) -> Bool {
        cp < 0x110000 && flags[Int(cp)] & bit != 0
    }

    /// `re`'s `\w` for `str` patterns: Unicode alphanumerics and underscore.
    @inline(__always) public func isWord(_ cp: UInt32) -> Bool { flag(cp, Self.word) }
    /// `re`'s `\d` for `str` patterns.
    @inline(__always) public func isDigit(_ cp: UInt32) -> Bool { flag(cp, Self.digit) }
    /// `str.isspace()` of one character, also `re`'s `\s`.
    @inline(__always) public func isSpace(_ cp: UInt32) -> Bool { flag(cp, Self.space) }
}
