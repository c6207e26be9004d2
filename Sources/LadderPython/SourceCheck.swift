import Foundation

/// Up-front checks of raw source bytes: well-formed UTF-8 and no NUL byte.
///
/// Done once per file before tokenizing so the lexer can treat every byte at
/// or above 0x80 as part of an identifier without decoding, and can use 0 as
/// its end-of-input sentinel.
enum SourceCheck {
    /// The offset and kind of the first defect, or nil when the bytes are
    /// well-formed UTF-8 without NUL. Follows the Unicode well-formedness
    /// table (Unicode 15, table 3-7): no overlongs, no surrogates, nothing
    /// above U+10FFFF.
    static func firstDefect(_ b: UnsafeBufferPointer<UInt8>) -> (offset: Int, reason: PythonTokenizeError.Reason)? {
        let n = b.count
        guard let base = b.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i < n {
            // Eight ASCII, non-NUL bytes at a time: the common case by far.
            if i + 8 <= n {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let high: UInt64 = 0x8080_8080_8080_8080
                let hasZero = (w &- 0x0101_0101_0101_0101) & ~w & high
                if (w & high) | hasZero == 0 {
                    i += 8
                    continue
                }
            }
            let c = b[i]
            if c == 0 { return (i, .nulByte) }
            if c < 0x80 { i += 1; continue }
            var need = 0
            var lo: UInt8 = 0x80
            var hi: UInt8 = 0xBF
            switch c {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; lo = 0xA0
            case 0xE1...0xEC, 0xEE, 0xEF: need = 2
            case 0xED: need = 2; hi = 0x9F
            case 0xF0: need = 3; lo = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; hi = 0x8F
            default: return (i, .invalidUTF8)
            }
            guard i + need < n else { return (i, .invalidUTF8) }
            let second = b[i + 1]
            guard second >= lo && second <= hi else { return (i, .invalidUTF8) }
            var k = 2
            while k <= need {
                guard b[i + k] & 0xC0 == 0x80 else { return (i, .invalidUTF8) }
                k += 1
            }
            i += need + 1
        }
        return nil
    }

    /// 1-based line and 0-based byte column of `offset`, for error messages.
    static func location(of offset: Int, in b: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        var i = 0
        while i < offset && i < b.count {
            let c = b[i]
            if c == 0x0A || (c == 0x0D && (i + 1 >= b.count || b[i + 1] != 0x0A)) {
                line += 1
                lineStart = i + 1
            }
            i += 1
        }
        return (line, offset - lineStart)
    }
}
