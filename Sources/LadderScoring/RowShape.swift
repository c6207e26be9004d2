/// The bytes between the values of a results row, as the last row read
/// member by member had them: for each member, the bytes from the end of the
/// previous value (or from the opening brace) to the start of its value —
/// white space, comma, key, colon — and the bytes from the last value through
/// the closing brace.
///
/// Rows of one cell are written by one program, so the next row almost
/// always has the very same bytes there; when it does, its keys are known
/// and valid without reading them (equal bytes, equally valid), and only
/// its values need reading. Offsets point into the file's bytes.
struct RowShape {
    struct Member {
        var start: Int
        var length: Int
        var key: JSONScanner.RowKey
    }

    var members: [Member] = []
    var closingStart = 0
    /// -1 until a whole row has been read member by member.
    var closingLength = -1

    /// Whether the `length` bytes at `a` and `b` are equal; both ranges must
    /// lie inside `base[0..<n]`.
    @inline(__always) static func equal(_ base: UnsafePointer<UInt8>, _ a: Int, _ b: Int, _ length: Int) -> Bool {
        let raw = UnsafeRawPointer(base)
        if length >= 8 {
            var k = 0
            while k &+ 8 <= length {
                if raw.loadUnaligned(fromByteOffset: a &+ k, as: UInt64.self) != raw.loadUnaligned(fromByteOffset: b &+ k, as: UInt64.self) {
                    return false
                }
                k &+= 8
            }
            let last = length &- 8
            return raw.loadUnaligned(fromByteOffset: a &+ last, as: UInt64.self) == raw.loadUnaligned(fromByteOffset: b &+ last, as: UInt64.self)
        }
        var k = 0
        while k < length {
            if base[a &+ k] != base[b &+ k] { return false }
            k &+= 1
        }
        return true
    }
}
