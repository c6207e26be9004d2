import Foundation
import LadderCore

/// Reads the rows of one cell of a results file: `raw_output` and `gold`
/// through the cell's memo, every other member validated and skipped.
/// Where a row is laid out like the row before it (the `RowShape`), only its
/// values are read; anywhere else it is read member by member, with the
/// very checks and messages of that path.
struct CellReader {
    let cell: CellKey
    let keepRows: Bool
    var memo: CellMemo
    private var shape = RowShape()

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
        var raw: Int?
        var gold: Int?
        var goldJSON = ""
        var end = s.pos  // after the previous value, or after the brace
        var matched = 0
        if shape.closingLength >= 0, let base = s.bytes.baseAddress {
            let n = s.bytes.count
            while matched < shape.members.count {
                let m = shape.members[matched]
                guard s.pos &+ m.length <= n, RowShape.equal(base, s.pos, m.start, m.length) else { break }
                s.pos &+= m.length
                try readValue(&s, m.key, index, &raw, &gold, &goldJSON)
                end = s.pos
                matched += 1
            }
            if matched == shape.members.count, s.pos &+ shape.closingLength <= n,
               RowShape.equal(base, s.pos, shape.closingStart, shape.closingLength) {
                s.pos &+= shape.closingLength
                return try finish(&s, index: index, rowAt: rowAt, raw, gold, goldJSON)
            }
        }
        // Member by member from where the shape stopped matching; this row's
        // layout becomes the shape.
        shape.members.removeSubrange(matched...)
        var more = matched == 0 ? !s.closesImmediately(0x7D) : try s.next(orClose: 0x7D)
        while more {
            let key = try s.readRowKey()
            try s.expect(0x3A, "':' after a key")
            s.skipWhitespace()
            shape.members.append(.init(start: end, length: s.pos - end, key: key))
            try readValue(&s, key, index, &raw, &gold, &goldJSON)
            end = s.pos
            more = try s.next(orClose: 0x7D)
        }
        shape.closingStart = end
        shape.closingLength = s.pos - end
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
