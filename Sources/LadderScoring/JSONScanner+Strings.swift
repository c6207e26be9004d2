import Foundation

/// Strings, numbers and skipping, with Python `json` semantics.
extension JSONScanner {
    /// Decodes the string at `pos` (which must be `"`) into code points.
    mutating func decodeString(into out: inout [UInt32]) throws {
        guard peek() == 0x22 else { throw error("expected a string") }
        pos += 1
        let n = bytes.count
        while true {
            guard pos < n else { throw error("unterminated string") }
            let b = bytes[pos]
            if b == 0x22 { pos += 1; return }
            if b == 0x5C {
                out.append(try readEscape())
            } else if b < 0x20 {
                throw error("invalid control character in a string")
            } else if b < 0x80 {
                out.append(UInt32(b))
                pos += 1
            } else {
                out.append(try readUTF8Scalar())
            }
        }
    }

    /// One escape sequence at `pos` (the backslash). A high surrogate escape
    /// followed by a low one combines, as in Python; any other surrogate
    /// escape stays a lone code point.
    mutating func readEscape() throws -> UInt32 {
        guard pos + 1 < bytes.count else { throw error("unterminated string") }
        let e = bytes[pos + 1]
        pos += 2
        switch e {
        case 0x22: return 0x22
        case 0x5C: return 0x5C
        case 0x2F: return 0x2F
        case 0x62: return 0x08
        case 0x66: return 0x0C
        case 0x6E: return 0x0A
        case 0x72: return 0x0D
        case 0x74: return 0x09
        case 0x75:
            let hi = try readHex4()
            if (0xD800...0xDBFF).contains(hi), pos + 1 < bytes.count, bytes[pos] == 0x5C, bytes[pos + 1] == 0x75 {
                let save = pos
                pos += 2
                let lo = try readHex4()
                if (0xDC00...0xDFFF).contains(lo) {
                    return 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                }
                pos = save
            }
            return hi
        default:
            throw error("invalid escape in a string", at: pos - 2)
        }
    }

    private mutating func readHex4() throws -> UInt32 {
        guard pos + 4 <= bytes.count else { throw error("invalid \\uXXXX escape") }
        var v: UInt32 = 0
        for k in 0..<4 {
            let b = bytes[pos + k]
            let d: UInt32
            switch b {
            case 0x30...0x39: d = UInt32(b - 0x30)
            case 0x41...0x46: d = UInt32(b - 0x41 + 10)
            case 0x61...0x66: d = UInt32(b - 0x61 + 10)
            default: throw error("invalid \\uXXXX escape")
            }
            v = v << 4 | d
        }
        pos += 4
        return v
    }

    /// One multi-byte UTF-8 sequence, validated as Python's strict codec does
    /// (no overlong forms, no encoded surrogates, nothing above U+10FFFF).
    mutating func readUTF8Scalar() throws -> UInt32 {
        let n = bytes.count
        let b0 = bytes[pos]
        var need = 0
        var cp: UInt32 = 0
        var lo: UInt8 = 0x80
        var hi: UInt8 = 0xBF
        switch b0 {
        case 0xC2...0xDF: need = 1; cp = UInt32(b0 & 0x1F)
        case 0xE0: need = 2; cp = 0; lo = 0xA0
        case 0xE1...0xEC, 0xEE, 0xEF: need = 2; cp = UInt32(b0 & 0x0F)
        case 0xED: need = 2; cp = 0xD; hi = 0x9F
        case 0xF0: need = 3; cp = 0; lo = 0x90
        case 0xF1...0xF3: need = 3; cp = UInt32(b0 & 0x07)
        case 0xF4: need = 3; cp = 4; hi = 0x8F
        default: throw error("invalid UTF-8 byte 0x\(String(b0, radix: 16))")
        }
        guard pos + need < n else { throw error("truncated UTF-8 sequence") }
        for k in 1...need {
            let b = bytes[pos + k]
            let (l, h): (UInt8, UInt8) = k == 1 ? (lo, hi) : (0x80, 0xBF)
            guard b >= l && b <= h else { throw error("invalid UTF-8 sequence") }
            cp = cp << 6 | UInt32(b & 0x3F)
        }
        pos += need + 1
        return cp
    }

    /// Reads a string that is usually short and plain (an example id): it is
    /// validated by `skipString`, and only a string with escapes is decoded
    /// code point by code point. Lone surrogate escapes are refused.
    mutating func readIdString() throws -> String {
        let open = pos
        try skipString()
        let body = UnsafeBufferPointer(rebasing: bytes[(open + 1)..<(pos - 1)])
        if !body.contains(0x5C) { return String(decoding: body, as: UTF8.self) }
        pos = open
        let cps = try readCodePoints()
        var view = String.UnicodeScalarView()
        for c in cps {
            guard let u = Unicode.Scalar(c) else { throw error("lone surrogate escape in an example id", at: open) }
            view.append(u)
        }
        return String(view)
    }

    /// The literal text of a number (or `NaN`, `Infinity`, `-Infinity`).
    mutating func readNumberLiteral() throws -> String {
        _ = peek()
        let start = pos
        try skipNumberLiteral()
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<pos]), as: UTF8.self)
    }

    /// Consumes a number (or `NaN`, `Infinity`, `-Infinity`) as Python's
    /// `json` scans one.
    mutating func skipNumberLiteral() throws {
        _ = peek()
        if matchesWord("NaN") { pos += 3; return }
        if matchesWord("Infinity") { pos += 8; return }
        if matchesWord("-Infinity") { pos += 9; return }
        if pos < bytes.count, bytes[pos] == 0x2D { pos += 1 }
        guard pos < bytes.count, (0x30...0x39).contains(bytes[pos]) else { throw error("expected a value") }
        if bytes[pos] == 0x30 { pos += 1 } else { skipDigits() }
        if pos + 1 < bytes.count, bytes[pos] == 0x2E, (0x30...0x39).contains(bytes[pos + 1]) {
            pos += 1
            skipDigits()
        }
        if pos < bytes.count, bytes[pos] | 0x20 == 0x65 {
            var k = pos + 1
            if k < bytes.count, bytes[k] == 0x2B || bytes[k] == 0x2D { k += 1 }
            if k < bytes.count, (0x30...0x39).contains(bytes[k]) {
                pos = k
                skipDigits()
            }
        }
    }

    private mutating func skipDigits() {
        while pos < bytes.count, (0x30...0x39).contains(bytes[pos]) { pos += 1 }
    }

    /// Whether the bytes at `pos` spell `word` (ASCII); allocates nothing.
    @inline(__always) func matchesWord(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard pos + count <= bytes.count, let base = bytes.baseAddress else { return false }
        return memcmp(base + pos, word.utf8Start, count) == 0
    }

    /// Consumes one value of any kind, validating it.
    mutating func skipValue(depth: Int = 0) throws {
        guard depth < 512 else { throw error("nesting too deep") }
        switch peek() {
        case 0x22:
            try skipString()
        case 0x7B:
            pos += 1
            if closesImmediately(0x7D) { return }
            repeat {
                try skipString()
                try expect(0x3A, "':' after an object key")
                try skipValue(depth: depth + 1)
            } while try next(orClose: 0x7D)
        case 0x5B:
            pos += 1
            if closesImmediately(0x5D) { return }
            repeat { try skipValue(depth: depth + 1) } while try next(orClose: 0x5D)
        case 0x74 where matchesWord("true"): pos += 4
        case 0x66 where matchesWord("false"): pos += 5
        case 0x6E where matchesWord("null"): pos += 4
        case nil: throw error("unexpected end of the document")
        default: try skipNumberLiteral()
        }
    }
}
