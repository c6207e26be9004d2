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
