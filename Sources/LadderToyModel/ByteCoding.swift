import Foundation

/// Appends the model file's primitives: bytes, little-endian words, LEB128.
struct ByteWriter {
    var data = Data()

    mutating func byte(_ b: UInt8) { data.append(b) }

    mutating func bytes(_ b: [UInt8]) { data.append(contentsOf: b) }

    mutating func fixed64(_ v: UInt64) {
        for i in 0..<8 { data.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) }
    }

    /// Unsigned LEB128: seven bits a byte, high bit set on all but the last.
    mutating func varint(_ v: UInt64) {
        var x = v
        while x >= 0x80 {
            data.append(UInt8(x & 0x7F) | 0x80)
            x >>= 7
        }
        data.append(UInt8(x))
    }
}

/// Reads what `ByteWriter` wrote; every read returns nil at a cut-short end.
struct ByteReader {
    let bytes: [UInt8]
    var position: Int

    var atEnd: Bool { position == bytes.count }

    mutating func byte() -> UInt8? {
        guard position < bytes.count else { return nil }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func fixed64() -> UInt64? {
        guard position + 8 <= bytes.count else { return nil }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[position + i]) << (8 * UInt64(i)) }
        position += 8
        return v
    }

    mutating func varint() -> UInt64? {
        var v: UInt64 = 0
        var shift: UInt64 = 0
        while let b = byte() {
            guard shift < 64 else { return nil }
            v |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return v }
            shift += 7
        }
        return nil
    }
}
