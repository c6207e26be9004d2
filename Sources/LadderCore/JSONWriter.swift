import Foundation

/// The one writer of JSON that the tool stores: engine outputs, request and
/// result files, view manifests, JSON columns. Any `Encodable` goes through
/// `ValueEncoder` into a `Value` and out through `Value`'s writer, so the same
/// value always gives the same bytes, in every process and on every host:
///
/// - object keys sorted by their UTF-8 bytes (never Swift's per-process
///   dictionary order, never `JSONEncoder`'s);
/// - no insignificant whitespace in the compact form; two-space indentation
///   and `"key": value` in the pretty form;
/// - `/` never escaped, other text verbatim UTF-8 except quotes, backslashes
///   and control characters;
/// - integers as integers, doubles in Swift's shortest round-trip text (`2.0`
///   for a whole double, `null` for NaN and infinities);
/// - a document ends with one newline; JSON Lines hold one compact row per line.
public enum JSONWriter {
    public enum Style: Sendable {
        case compact
        case pretty
    }

    /// A JSON document's bytes, with a trailing newline.
    public static func data<T: Encodable>(_ value: T, style: Style = .pretty) throws -> Data {
        var out = bytes(try ValueEncoder().encode(value), style: style)
        out.append(UInt8(ascii: "\n"))
        return Data(out)
    }

    /// Compact JSON text without a newline: a database column, a bound parameter.
    public static func string<T: Encodable>(_ value: T) throws -> String {
        String(decoding: bytes(try ValueEncoder().encode(value), style: .compact), as: UTF8.self)
    }

    /// JSON Lines: each row compact, each followed by a newline.
    public static func lines<S: Sequence>(_ rows: S) throws -> Data where S.Element: Encodable {
        var out: [UInt8] = []
        let encoder = ValueEncoder()
        for row in rows {
            try encoder.encode(row).writeCanonical(to: &out)
            out.append(UInt8(ascii: "\n"))
        }
        return Data(out)
    }

    /// Writes a document atomically (`AtomicFile`).
    public static func write<T: Encodable>(_ value: T, to url: URL, style: Style = .pretty) throws {
        try AtomicFile.write(try data(value, style: style), to: url)
    }

    /// Writes JSON Lines atomically (`AtomicFile`).
    public static func writeLines<S: Sequence>(_ rows: S, to url: URL) throws where S.Element: Encodable {
        try AtomicFile.write(try lines(rows), to: url)
    }

    static func bytes(_ value: Value, style: Style) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        switch style {
        case .compact: value.writeCanonical(to: &out)
        case .pretty: value.writePretty(to: &out)
        }
        return out
    }
}
