/// The layout of the last results row read member by member, used to read
/// the rows after it by their values only.
///
/// Rows of one cell are written by one program, so the next row almost
/// always has the very same bytes between its values — white space, commas,
/// keys, colons — and often the same short values too (`"template":
/// "template1"`, `"pred": null`). The row is cut into gaps and holes: a hole
/// is a value that must be read (`raw_output`, `gold`, long values, values
/// seen to vary), a gap is everything between two holes. Where a row has the
/// very bytes of a gap it needs no reading there (equal bytes, equally
/// valid). Offsets point into the file's bytes.
struct RowShape {
    struct Member {
        var separatorStart: Int
        var valueStart: Int
        var valueEnd: Int
        var key: JSONScanner.RowKey
    }

    struct Gap {
        var start: Int
        var length: Int
        /// The member whose value follows the gap; -1 after the last one
        /// (the gap then runs through the closing brace).
        var hole: Int
    }

    private(set) var members: [Member] = []
    private(set) var gaps: [Gap] = []
    /// Members (by position) whose value was seen to change between rows.
    private var varies: [Bool] = []
    /// Longer values are always read, never compared.
    static let longestKeptValue = 64

    var isEmpty: Bool { gaps.isEmpty }

    /// Takes the row just read member by member (`members`, the row's body
    /// starting at `bodyStart` and its closing brace ending at `end`) as the
    /// new layout. A member whose separator is the same as before but whose
    /// value is not is read from now on.
    mutating func adopt(_ row: [Member], bodyStart: Int, end: Int, base: UnsafePointer<UInt8>) {
        for (i, m) in row.enumerated() where i < members.count {
            let old = members[i]
            let sameSeparator = m.key == old.key && m.valueStart - m.separatorStart == old.valueStart - old.separatorStart
                && Self.equal(base, m.separatorStart, old.separatorStart, m.valueStart - m.separatorStart)
            let sameValue = m.valueEnd - m.valueStart == old.valueEnd - old.valueStart
                && Self.equal(base, m.valueStart, old.valueStart, m.valueEnd - m.valueStart)
            if sameSeparator && !sameValue {
                while varies.count <= i { varies.append(false) }
                varies[i] = true
            }
        }
        members = row
        gaps.removeAll(keepingCapacity: true)
        var start = bodyStart
        for (i, m) in row.enumerated() {
            let read = m.key != .other || (i < varies.count && varies[i]) || m.valueEnd - m.valueStart > Self.longestKeptValue
            guard read else { continue }
            gaps.append(Gap(start: start, length: m.valueStart - start, hole: i))
            start = m.valueEnd
        }
        gaps.append(Gap(start: start, length: end - start, hole: -1))
    }

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
