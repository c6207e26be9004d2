/// Passing over strings that are only validated, sixteen bytes at a time.
///
/// Most of a results file is text nobody scores (prompts, passages), in
/// several scripts. It must still be checked as Python's `json.load` checks
/// it, and byte-at-a-time checking is what dominated a reparse. A 16-byte
/// vector (`SIMD16<UInt8>`: SSE2 or NEON) is tested at once against the
/// well-formedness rules of UTF-8 (RFC 3629, section 4): every byte that a
/// lead byte one or two bytes back calls for is a continuation byte and no
/// other is; no C0/C1 lead (overlong); after E0 comes A0..BF (overlong) and
/// after ED 80..9F (surrogates); and no quote, backslash or control byte.
/// Looking back instead of carrying state lets the test start anywhere
/// after accepted bytes.
///
/// The first byte that is not plain is looked at alone: a quote or an
/// escape after a complete character is the end of the string or an escape;
/// anything else (four-byte sequences, every error) goes to the byte-exact
/// code from the start of the character before it, so errors are reported
/// at the very byte and with the very message they always were.
extension JSONScanner {
    /// Consumes a string without decoding it, validating it exactly as
    /// `decodeString` does.
    mutating func skipString() throws {
        guard peek() == 0x22 else { throw error("expected a string") }
        pos += 1
        let n = bytes.count
        guard let base = bytes.baseAddress else { throw error("unterminated string") }
        let start = pos
        // Short ASCII values ("template1", "en") end within a word or two.
        var w0 = pos
        while w0 &+ 8 <= n {
            let w = UInt64(littleEndian: UnsafeRawPointer(base + w0).loadUnaligned(as: UInt64.self))
            let stop = Self.quoteBackslashOrControl(w) | (w & 0x8080_8080_8080_8080)
            if stop == 0 {
                w0 &+= 8
                continue
            }
            let q = w0 &+ stop.trailingZeroBitCount &>> 3
            if base[q] == 0x22 {
                pos = q &+ 1
                return
            }
            break
        }
        pos = w0  // after plain ASCII only: a character boundary
        // The vector test looks two bytes back: before the opening quote
        // there is always ASCII (`:`, `,`, `[`, `{` or white space), but
        // make sure rather than assume.
        if pos == start && (start < 2 || base[start &- 2] >= 0x80) {
            if try stepExactly(base, n, until: start &+ 1) { return }
        }
        var p = pos
        while p &+ 16 <= n {
            let lane = Self.firstUnusualLane(base, p)
            if lane == 16 {
                p &+= 16
                continue
            }
            let q = p &+ lane
            let c = base[q]
            if (c == 0x22 || c == 0x5C) && base[q &- 1] < 0xC0 && base[q &- 2] < 0xE0 {
                // After a complete character: the end, or an escape.
                pos = q &+ 1
                if c == 0x22 { return }
                pos = q
                _ = try readEscape()
            } else {
                pos = Self.characterStart(base, before: q, notBefore: start)
                if try stepExactly(base, n, until: q &+ 1) { return }
            }
            p = pos
        }
        pos = Self.characterStart(base, before: p, notBefore: start)
        if try stepExactly(base, n, until: n) { return }
        throw error("unterminated string")
    }

    /// Steps one character or escape at a time, exactly, from a character
    /// boundary until `pos` reaches `limit`. True when it consumed the
    /// closing quote instead.
    private mutating func stepExactly(_ base: UnsafePointer<UInt8>, _ n: Int, until limit: Int) throws -> Bool {
        while pos < limit {
            guard pos < n else { throw error("unterminated string") }
            let b = base[pos]
            if b == 0x22 {
                pos += 1
                return true
            } else if b == 0x5C {
                _ = try readEscape()
            } else if b < 0x20 {
                throw error("invalid control character in a string")
            } else if b < 0x80 {
                pos += 1
            } else {
                _ = try readUTF8Scalar()
            }
        }
        return false
    }

    /// A character boundary at or before `q`, all of whose bytes before it
    /// were accepted: `q` itself after an ASCII byte (a character, or the
    /// end of an escape, which is all ASCII), else the lead byte of the
    /// multi-byte character that `q` may be cutting short.
    @inline(__always) private static func characterStart(_ base: UnsafePointer<UInt8>, before q: Int, notBefore start: Int) -> Int {
        guard q > start, base[q &- 1] >= 0x80 else { return q }
        var b = q &- 1
        while b > start, base[b] & 0xC0 == 0x80 { b &-= 1 }
        return b
    }

    private typealias Block = SIMD16<UInt8>

    /// The first of the 16 bytes at `p` that is not plain string content
    /// (16 when all are), given that the bytes before `p` were accepted.
    @inline(__always) private static func firstUnusualLane(_ base: UnsafePointer<UInt8>, _ p: Int) -> Int {
        let raw = UnsafeRawPointer(base)
        let v = raw.loadUnaligned(fromByteOffset: p, as: Block.self)
        let back1 = raw.loadUnaligned(fromByteOffset: p &- 1, as: Block.self)
        let back2 = raw.loadUnaligned(fromByteOffset: p &- 2, as: Block.self)
        let top3 = v & Block(repeating: 0xE0)
        let isContinuation = (v & Block(repeating: 0xC0)) .== Block(repeating: 0x80)
        let called = ((back1 & Block(repeating: 0xC0)) .== Block(repeating: 0xC0))
            .| ((back2 & Block(repeating: 0xE0)) .== Block(repeating: 0xE0))
        var unusual = isContinuation .^ called
        unusual .|= (v & Block(repeating: 0xF0)) .== Block(repeating: 0xF0)  // four-byte or invalid
        unusual .|= (v & Block(repeating: 0xFE)) .== Block(repeating: 0xC0)
        unusual .|= (back1 .== Block(repeating: 0xE0)) .& (top3 .== Block(repeating: 0x80))
        unusual .|= (back1 .== Block(repeating: 0xED)) .& (top3 .== Block(repeating: 0xA0))
        unusual .|= (v .== Block(repeating: 0x22)) .| (v .== Block(repeating: 0x5C)) .| (top3 .== Block(repeating: 0))
        // Each lane is 0x00 or 0xFF; the two halves as integers locate the first.
        let halves = unsafeBitCast(unusual, to: SIMD2<UInt64>.self)
        let low = UInt64(littleEndian: halves[0])
        let high = UInt64(littleEndian: halves[1])
        if low != 0 { return low.trailingZeroBitCount &>> 3 }
        return high == 0 ? 16 : 8 &+ high.trailingZeroBitCount &>> 3
    }
}
