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

    /// Skips JSON white space. Indentation comes in runs of spaces, passed
    /// over eight at a time.
    @inline(__always) mutating func skipWhitespace() {
        guard let base = bytes.baseAddress else { return }
        let n = bytes.count
        var p = pos
        while p < n {
            let b = base[p]
            if b > 0x20 { break }
            if b == 0x20 && p &+ 8 <= n {
                let x = UInt64(littleEndian: UnsafeRawPointer(base + p).loadUnaligned(as: UInt64.self)) ^ 0x2020_2020_2020_2020
                p &+= x == 0 ? 8 : x.trailingZeroBitCount &>> 3
            } else if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 {
                p &+= 1
            } else {
                break
            }
        }
        pos = p
    }

    /// The next significant byte, without consuming it.
    @inline(__always) mutating func peek() -> UInt8? {
        skipWhitespace()
        return pos < bytes.count ? bytes[pos] : nil
    }

    @inline(__always) mutating func expect(_ byte: UInt8, _ what: @autoclosure () -> String) throws {
        guard peek() == byte else { throw expected(what()) }
        pos += 1
    }

    @inline(never) private func expected(_ what: String) -> LadderError {
        error("expected \(what)")
    }

    /// After a value inside a container: consumes `,` and returns true, or
    /// consumes the closing byte and returns false.
    @inline(__always) mutating func next(orClose close: UInt8) throws -> Bool {
        switch peek() {
        case 0x2C: pos += 1; return true
        case close: pos += 1; return false
        default: throw expected(close == 0x7D ? "',' or '}' after an object member" : "',' or ']' after an array element")
        }
    }

    /// True when the container that was just opened is empty (and consumes its end).
    @inline(__always) mutating func closesImmediately(_ close: UInt8) -> Bool {
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

    /// The keys a results row is read for: the two values scoring needs, and
    /// the three spellings of an example id (`example_id`, the eval engine's;
    /// `index_id`, SIB-200's; `id`, XNLI's and X-CSQA's), in the order of
    /// precedence when a row has several.
    enum RowKey { case rawOutput, gold, exampleId, indexId, id, other }

    /// Reads an object key of a results row, telling the keys of `RowKey`
    /// apart from every other key by length and bytes, without decoding.
    @inline(__always) mutating func readRowKey() throws -> RowKey {
        guard peek() == 0x22, let base = bytes.baseAddress else { throw error("expected a string key") }
        let start = pos + 1
        let n = bytes.count
        // Plain ASCII up to the closing quote, eight bytes at a time.
        var k = start
        while k &+ 8 <= n {
            let w = UInt64(littleEndian: UnsafeRawPointer(base + k).loadUnaligned(as: UInt64.self))
            let stop = Self.quoteBackslashOrControl(w) | (w & 0x8080_8080_8080_8080)
            if stop != 0 {
                k &+= stop.trailingZeroBitCount &>> 3
                break
            }
            k &+= 8
        }
        if k &+ 8 > n {
            while k < n {
                let b = base[k]
                if b == 0x22 || b == 0x5C || b < 0x20 || b >= 0x80 { break }
                k += 1
            }
        }
        if k < n, base[k] == 0x22 {
            pos = k + 1
            switch k - start {
            case 10 where memcmp(base + start, "raw_output", 10) == 0: return .rawOutput
            case 4 where memcmp(base + start, "gold", 4) == 0: return .gold
            case 10 where memcmp(base + start, "example_id", 10) == 0: return .exampleId
            case 8 where memcmp(base + start, "index_id", 8) == 0: return .indexId
            case 2 where base[start] == 0x69 && base[start + 1] == 0x64: return .id
            default: return .other
            }
        }
        switch try readString() {
        case "raw_output": return .rawOutput
        case "gold": return .gold
        case "example_id": return .exampleId
        case "index_id": return .indexId
        case "id": return .id
        default: return .other
        }
    }

    /// Bit 7 set in the first byte of `w` (little-endian) that is a quote, a
    /// backslash or a control character; bits above it may be spurious, so
    /// use only the lowest. The "has a byte less than / equal to" tests of
    /// Hacker's Delight, ch. 6: a borrow only starts at a byte that matches.
    @inline(__always) static func quoteBackslashOrControl(_ w: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let control = (w &- 0x20 &* ones) & ~w & highs
        let q = w ^ (0x22 &* ones)
        let b = w ^ (0x5C &* ones)
        return control | ((q &- ones) & ~q & highs) | ((b &- ones) & ~b & highs)
    }
}
