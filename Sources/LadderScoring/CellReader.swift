import Foundation
import LadderCore

/// Reads the rows of one cell of a results file: `raw_output` and `gold`
/// through the cell's memo, the row's example id (`example_id`, `index_id`
/// or `id`) as a hash and a position, every other member validated and
/// skipped.
/// Where a row has the bytes of the `RowShape` between the values it must
/// read, only those values are read; otherwise the row is read member by
/// member, with the very checks and messages of that path.
struct CellReader {
    let cell: CellKey
    let keepRows: Bool
    var memo: CellMemo
    private var shape = RowShape()
    /// Rows whose layout differed from the shape; past a quarter of the rows
    /// the shape is no longer tried.
    private var misses = 0
    /// Reused for the members of rows read member by member.
    private var members: [RowShape.Member] = []

    init(cell: CellKey, keepRows: Bool, memo: CellMemo) {
        self.cell = cell
        self.keepRows = keepRows
        self.memo = memo
    }

    /// One row's values: entries of `memo`, the gold's JSON text when the
    /// gold is not a string (`gold == CellMemo.notAString`), and where the
    /// row's own example id starts (`idAt`, -1 when it has none) with a hash
    /// of its text. The id itself is decoded only when it is needed
    /// (`idText`): for the rows file, or when two hashes meet.
    struct Row {
        var raw = 0
        var gold = 0
        var goldJSON = ""
        var idAt = -1
        var idHash: UInt64 = 0
        /// Precedence of the key the id came from (0 `example_id`, 1
        /// `index_id`, 2 `id`); a later key of the same or higher
        /// precedence replaces it, as Python's `json` keeps the last
        /// duplicate.
        var idRank = Int.max
    }

    /// Reads the row object whose `{` is at `s.pos`; `rowAt` is where the
    /// row began (for messages about missing members).
    mutating func readRow(_ s: inout JSONScanner, index: Int, rowAt: Int) throws -> Row {
        s.pos += 1  // '{'
        let bodyStart = s.pos
        var row = Row()
        var raw = false
        var gold = false
        if !shape.isEmpty, misses <= index / 4 + 8, let base = s.bytes.baseAddress {
            // Gap by gap; a value in a hole is read exactly as member by
            // member, since everything before it is the same bytes.
            let n = s.bytes.count
            var matched = true
            for gap in shape.gaps {
                guard s.pos &+ gap.length <= n, RowShape.equal(base, s.pos, gap.start, gap.length) else {
                    matched = false
                    break
                }
                s.pos &+= gap.length
                if gap.hole >= 0 { try readValue(&s, shape.members[gap.hole].key, index, &row, &raw, &gold) }
            }
            if matched { return try finish(&s, index: index, rowAt: rowAt, row, raw, gold) }
            // Read it again member by member (values read so far are read
            // the same way again).
            misses += 1
            s.pos = bodyStart
            row = Row()
            raw = false
            gold = false
        }
        members.removeAll(keepingCapacity: true)
        var end = s.pos  // after the previous value, or after the brace
        var more = !s.closesImmediately(0x7D)
        while more {
            let key = try s.readRowKey()
            try s.expect(0x3A, "':' after a key")
            s.skipWhitespace()
            let valueStart = s.pos
            try readValue(&s, key, index, &row, &raw, &gold)
            members.append(.init(separatorStart: end, valueStart: valueStart, valueEnd: s.pos, key: key))
            end = s.pos
            more = try s.next(orClose: 0x7D)
        }
        if let base = s.bytes.baseAddress { shape.adopt(members, bodyStart: bodyStart, end: s.pos, base: base) }
        return try finish(&s, index: index, rowAt: rowAt, row, raw, gold)
    }

    @inline(__always)
    private mutating func readValue(_ s: inout JSONScanner, _ key: JSONScanner.RowKey, _ index: Int,
                                    _ row: inout Row, _ raw: inout Bool, _ gold: inout Bool) throws {
        switch key {
        case .rawOutput:
            guard s.peek() == 0x22 else { throw s.error("cell \(cell) row \(index): raw_output must be a string") }
            row.raw = try memo.readRaw(&s)
            raw = true
        case .gold:
            if s.peek() == 0x22 {
                row.gold = try memo.readGold(&s)
            } else {
                row.gold = CellMemo.notAString
                let value = try s.readTree()
                if keepRows { row.goldJSON = PythonJSON.compact(PythonJSON.normalizingNumbers(value)) }
            }
            gold = true
        case .exampleId, .indexId, .id:
            let rank = key == .exampleId ? 0 : key == .indexId ? 1 : 2
            let at = s.pos
            let hash = try hashExampleId(&s, key, index)
            if rank <= row.idRank {
                row.idAt = at
                row.idHash = hash
                row.idRank = rank
            }
        case .other:
            try s.skipValue()
        }
    }

    /// Reads an example id — a string, or an integer standing for its digits
    /// (SIB-200's `index_id` is often a number); anything else is refused —
    /// and returns the FNV-1a hash of its text's UTF-8. A string without
    /// escapes is hashed straight from the file's bytes, already validated.
    private func hashExampleId(_ s: inout JSONScanner, _ key: JSONScanner.RowKey, _ index: Int) throws -> UInt64 {
        let at = s.pos
        switch s.peek() {
        case 0x22:
            try s.skipString()
            let body = UnsafeBufferPointer(rebasing: s.bytes[(at + 1)..<(s.pos - 1)])
            if !body.contains(0x5C) { return Self.fnv(body) }
        case .some(let b) where b == 0x2D || (0x30...0x39).contains(b):
            let text = try s.readNumberLiteral()
            guard text.utf8.allSatisfy({ $0 == 0x2D || (0x30...0x39).contains($0) }) else {
                throw s.error("cell \(cell) row \(index): example id \(text) must be a string or an integer", at: at)
            }
        default:
            throw s.error("cell \(cell) row \(index): \(Self.keyName(key)) must be a string or an integer")
        }
        var text = try Self.idText(s, at: at)
        return text.withUTF8 { Self.fnv($0) }
    }

    /// The text of the example id whose value starts at `at` (read by
    /// `hashExampleId`, so known to be well formed).
    static func idText(_ s: JSONScanner, at: Int) throws -> String {
        var t = s
        t.pos = at
        if t.peek() == 0x22 { return try t.readIdString() }
        let digits = try t.readNumberLiteral()
        return digits == "-0" ? "0" : digits
    }

    @inline(__always) static func fnv(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }

    static func keyName(_ key: JSONScanner.RowKey) -> String {
        switch key {
        case .exampleId: return "example_id"
        case .indexId: return "index_id"
        case .id: return "id"
        case .rawOutput: return "raw_output"
        case .gold: return "gold"
        case .other: return "a member"
        }
    }

    private func finish(_ s: inout JSONScanner, index: Int, rowAt: Int, _ row: Row, _ raw: Bool, _ gold: Bool) throws -> Row {
        guard raw else { throw s.error("cell \(cell) row \(index): missing raw_output", at: rowAt) }
        guard gold else { throw s.error("cell \(cell) row \(index): missing gold", at: rowAt) }
        return row
    }
}
