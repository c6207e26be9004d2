import Foundation
import LadderCore

/// Reads the rows of one cell of a results file: `raw_output` and `gold`
/// through the cell's memo, every other member validated and skipped.
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

    /// One row's values: entries of `memo`, and the gold's JSON text when
    /// the gold is not a string (`gold == CellMemo.notAString`).
    struct Row {
        var raw: Int
        var gold: Int
        var goldJSON: String
    }

    /// Reads the row object whose `{` is at `s.pos`; `rowAt` is where the
    /// row began (for messages about missing members).
    mutating func readRow(_ s: inout JSONScanner, index: Int, rowAt: Int) throws -> Row {
        s.pos += 1  // '{'
        let bodyStart = s.pos
        var raw: Int?
        var gold: Int?
        var goldJSON = ""
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
                if gap.hole >= 0 { try readValue(&s, shape.members[gap.hole].key, index, &raw, &gold, &goldJSON) }
            }
            if matched { return try finish(&s, index: index, rowAt: rowAt, raw, gold, goldJSON) }
            // Read it again member by member (values read so far are read
            // the same way again).
            misses += 1
            s.pos = bodyStart
            raw = nil
            gold = nil
            goldJSON = ""
        }
        members.removeAll(keepingCapacity: true)
        var end = s.pos  // after the previous value, or after the brace
        var more = !s.closesImmediately(0x7D)
        while more {
            let key = try s.readRowKey()
            try s.expect(0x3A, "':' after a key")
            s.skipWhitespace()
            let valueStart = s.pos
            try readValue(&s, key, index, &raw, &gold, &goldJSON)
            members.append(.init(separatorStart: end, valueStart: valueStart, valueEnd: s.pos, key: key))
            end = s.pos
            more = try s.next(orClose: 0x7D)
        }
        if let base = s.bytes.baseAddress { shape.adopt(members, bodyStart: bodyStart, end: s.pos, base: base) }
        return try finish(&s, index: index, rowAt: rowAt, raw, gold, goldJSON)
    }

    @inline(__always)
    private mutating func readValue(_ s: inout JSONScanner, _ key: JSONScanner.RowKey, _ index: Int,
                                    _ raw: inout Int?, _ gold: inout Int?, _ goldJSON: inout String) throws {
        switch key {
        case .rawOutput:
            guard s.peek() == 0x22 else { throw s.error("cell \(cell) row \(index): raw_output must be a string") }
            raw = try memo.readRaw(&s)
        case .gold:
            if s.peek() == 0x22 {
                gold = try memo.readGold(&s)
            } else {
                gold = CellMemo.notAString
                let value = try s.readTree()
                if keepRows { goldJSON = PythonJSON.compact(PythonJSON.normalizingNumbers(value)) }
            }
        case .other:
            try s.skipValue()
        }
    }

    private func finish(_ s: inout JSONScanner, index: Int, rowAt: Int, _ raw: Int?, _ gold: Int?, _ goldJSON: String) throws -> Row {
        guard let raw else { throw s.error("cell \(cell) row \(index): missing raw_output", at: rowAt) }
        guard let gold else { throw s.error("cell \(cell) row \(index): missing gold", at: rowAt) }
        return Row(raw: raw, gold: gold, goldJSON: goldJSON)
    }
}
