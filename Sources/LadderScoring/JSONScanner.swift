import Foundation
import LadderCore

/// A pull reader over the bytes of one JSON document, accepting what
/// Python's `json.load` accepts (including `NaN`, `Infinity`, `-Infinity`,
/// and lone surrogate escapes) and refusing what it refuses (control
/// characters inside strings, invalid UTF-8, a byte-order mark).
///
/// The caller decides what to decode and what to skip, so a 52 MB results
/// file is read once, straight from its bytes, without building a tree.
/// Valid only inside the `withUnsafeBytes` scope that produced `bytes`.
struct JSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    let origin: String
    var pos = 0
    /// Reused by `readCodePoints` so decoding a row allocates nothing.
    var scratch: [UInt32] = []

    init(bytes: UnsafeBufferPointer<UInt8>, origin: String) {
        self.bytes = bytes
        self.origin = origin
        scratch.reserveCapacity(4096)
    }

    /// `file:line:col: message`, computed only when an error is raised.
    func error(_ message: String, at offset: Int? = nil) -> LadderError {
        let end = min(offset ?? pos, bytes.count)
        var line = 1
        var lineStart = 0
        for k in 0..<end where bytes[k] == 0x0A {
            line += 1
            lineStart = k + 1
        }
        var column = 1
        var k = lineStart
        while k < end {
            if bytes[k] & 0xC0 != 0x80 { column += 1 }
            k += 1
        }
        return .badInput("\(origin):\(line):\(column): \(message)")
    }

    @inline(__always) mutating func skipWhitespace() {
        while pos < bytes.count {
            let b = bytes[pos]
            if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { pos += 1 } else { return }
        }
    }

    /// The next significant byte, without consuming it.
    @inline(__always) mutating func peek() -> UInt8? {
        skipWhitespace()
        return pos < bytes.count ? bytes[pos] : nil
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws {
        guard peek() == byte else { throw error("expected \(what)") }
        pos += 1
    }

    /// After a value inside a container: consumes `,` and returns true, or
    /// consumes the closing byte and returns false.
    mutating func next(orClose close: UInt8) throws -> Bool {
        switch peek() {
        case 0x2C: pos += 1; return true
        case close: pos += 1; return false
        default: throw error(close == 0x7D ? "expected ',' or '}' after an object member" : "expected ',' or ']' after an array element")
        }
    }

    /// True when the container that was just opened is empty (and consumes its end).
    mutating func closesImmediately(_ close: UInt8) -> Bool {
        if peek() == close { pos += 1; return true }
        return false
    }

    mutating func expectEnd() throws {
        skipWhitespace()
        guard pos == bytes.count else { throw error("extra data after the JSON document") }
    }

    /// Decodes a string into `scratch` as Python code points and returns them.
    mutating func readCodePoints() throws -> [UInt32] {
        var buffer = scratch
        scratch = []
        buffer.removeAll(keepingCapacity: true)
        defer { scratch = buffer }
        try decodeString(into: &buffer)
        return buffer
    }

    /// Decodes a string; lone surrogate escapes are refused since a Swift
    /// `String` cannot hold them.
    mutating func readString() throws -> String {
        let start = pos
        var cps: [UInt32] = []
        try decodeString(into: &cps)
        var view = String.UnicodeScalarView()
        for c in cps {
            guard let s = Unicode.Scalar(c) else { throw error("lone surrogate escape in a key or table string", at: start) }
            view.append(s)
        }
        return String(view)
    }

    /// The keys a results row is read for.
    enum RowKey { case rawOutput, gold, other }

    /// Reads an object key of a results row, telling `raw_output` and `gold`
    /// apart from every other key by length and bytes, without decoding.
    @inline(__always) mutating func readRowKey() throws -> RowKey {
        guard peek() == 0x22, let base = bytes.baseAddress else { throw error("expected a string key") }
        let start = pos + 1
        var k = start
        let n = bytes.count
        while k < n {
            let b = base[k]
            if b == 0x22 || b == 0x5C || b < 0x20 || b >= 0x80 { break }
            k += 1
        }
        if k < n, base[k] == 0x22 {
            pos = k + 1
            switch k - start {
            case 10 where memcmp(base + start, "raw_output", 10) == 0: return .rawOutput
            case 4 where memcmp(base + start, "gold", 4) == 0: return .gold
            default: return .other
            }
        }
        switch try readString() {
        case "raw_output": return .rawOutput
        case "gold": return .gold
        default: return .other
        }
    }
}
