import Foundation

/// Native Python → English Python with a language pack: the inverse of
/// `Transpiler`.
///
/// Reads translations in code only (never in strings, comments or
/// f-strings), longest first, so `si no, si` becomes `elif` before `si`
/// could become `if`; native digits become ASCII digits. It is mechanical:
/// it does not know scopes, so a file that used a translation as its own
/// identifier cannot come back (the transpiler reports those files).
public struct ReverseTranspiler: Sendable {
    let tables: PackTables

    /// Creates a reverse transpiler for `pack`; `numerals` must match the
    /// forward run's setting.
    public init(pack: LanguagePack, numerals: Bool = true) {
        tables = PackTables(pack: pack, numerals: numerals)
    }

    init(tables: PackTables) {
        self.tables = tables
    }

    /// The English bytes of a native file. Throws `PythonTokenizeError`
    /// when the file cannot be tokenized.
    public func reverse(source: [UInt8]) throws -> [UInt8] {
        let tokens = try PythonTokenizer(source: source, fStringMode: .whole).tokenize()
        return source.withUnsafeBufferPointer { b in
            var out: [UInt8] = []
            out.reserveCapacity(b.count)
            var copied = 0
            TranslationScan(tables: tables, b: b, tokens: tokens).forEachHit { hit in
                out.append(contentsOf: UnsafeBufferPointer(rebasing: b[copied..<hit.range.lowerBound]))
                if hit.entry >= 0 {
                    out.append(contentsOf: tables.english(Int(hit.entry)))
                } else {
                    out.append(0x30 + UInt8(hit.digit))
                }
                copied = hit.range.upperBound
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: b[copied..<b.count]))
            return out
        }
    }

    /// The English text of a native file.
    public func reverse(text: String) throws -> String {
        String(decoding: try reverse(source: Array(text.utf8)), as: UTF8.self)
    }
}
