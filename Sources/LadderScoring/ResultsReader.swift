import Foundation
import LadderCore

/// Reads one of the study's `*_results_{template}.json` files in a single
/// pass over its bytes (memory-mapped), scoring every row as it goes: only
/// `raw_output` and `gold` of each row are decoded, everything else is
/// validated and skipped. Nothing is built for the rows themselves, so the
/// study's 52 MB files cost one read and a few small allocations per row.
struct ResultsReader {
    let scorers: [TableScorer]
    /// Keep one `ScoredRow` per row and scorer (for `--rows` and `forms`).
    var keepRows = false
    /// Keep the first line of every row (for `forms`).
    var keepFirstLines = false
    /// Score only cells of this benchmark; other cells are checked and skipped.
    var only: Benchmark?
    /// Distinct raw outputs (and first lines) remembered per cell; 0 turns
    /// the memo off (every row decoded and scored), with the same results.
    var memoLimit = ResultsReader.defaultMemoLimit

    /// What a pass over one file found.
    struct Scan {
        var cells: [CellScan] = []
        var oldSummary: [String: OrderedJSON] = [:]
        var oldFailureRates: [String: OrderedJSON] = [:]
        var memoCounts = MemoCounts()
    }

    struct CellScan {
        var key: CellKey
        /// One tally per scorer, in scorer order.
        var tallies: [CellTally]
        /// `rows[s][i]`: scorer `s`, row `i` (only when `keepRows`).
        var rows: [[ScoredRow]]
        var golds: [String] = []
        /// Each row's own example id, nil for a row without one (only when `keepRows`).
        var ids: [String?] = []
        var firstLines: [[UInt32]] = []
    }

    func scan(_ url: URL) throws -> Scan {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw LadderError.io("cannot read \(url.path): \(error.localizedDescription)")
        }
        let name = url.lastPathComponent
        return try data.withUnsafeBytes { raw in
            var s = JSONScanner(bytes: raw.bindMemory(to: UInt8.self), origin: name)
            return try scan(&s, file: name)
        }
    }

    func scan(_ s: inout JSONScanner, file: String) throws -> Scan {
        var out = Scan()
        var seen: Set<String> = []
        try s.expect(0x7B, "a JSON object at the top of the results file")
        if s.closesImmediately(0x7D) { try s.expectEnd(); return out }
        repeat {
            _ = s.peek()
            let keyAt = s.pos
            let key = try s.readString()
            guard seen.insert(key).inserted else { throw s.error("duplicate top-level key \"\(key)\"", at: keyAt) }
            try s.expect(0x3A, "':' after a key")
            switch key {
            case "summary", "parse_failure_rates":
                guard case .object(let members) = try s.readTree() else {
                    throw s.error("'\(key)' must be a mapping", at: keyAt)
                }
                var map: [String: OrderedJSON] = [:]
                for m in members { map[m.key] = m.value }
                if key == "summary" { out.oldSummary = map } else { out.oldFailureRates = map }
            default:
                if s.peek() == 0x5B {
                    let cell = try CellKey(parsing: key, in: file)
                    if let only, cell.benchmark != only {
                        try s.skipValue()
                    } else {
                        var row = 0
                        do {
                            out.cells.append(try scanCell(&s, cell, file: file, row: &row, counts: &out.memoCounts))
                        } catch LadderError.badInput(let message) where !message.contains("cell \(cell)") {
                            // Syntax errors come from the scanner, which knows bytes, not cells.
                            throw LadderError.badInput("\(message) (in cell \(cell), row \(row))")
                        }
                    }
                } else if CellKey(key) != nil {
                    throw s.error("cell \(key) must be a list of rows")
                } else {
                    try s.skipValue()  // other metadata a results file may carry
                }
            }
        } while try s.next(orClose: 0x7D)
        try s.expectEnd()
        return out
    }

    private func scanCell(_ s: inout JSONScanner, _ cell: CellKey, file: String, row index: inout Int,
                          counts: inout MemoCounts) throws -> CellScan {
        let count = scorers.count
        var result = CellScan(key: cell, tallies: Array(repeating: CellTally(), count: count),
                              rows: Array(repeating: [], count: keepRows ? count : 0))
        s.pos += 1  // '['
        if s.closesImmediately(0x5D) { return result }
        guard let base = s.bytes.baseAddress else { return result }
        let memo = CellMemo(scorers: scorers, benchmark: cell.benchmark, base: base, limit: memoLimit,
                            keepGoldJSON: keepRows, keepFirstLines: keepFirstLines)
        var reader = CellReader(cell: cell, keepRows: keepRows, memo: memo)
        let answerTexts = scorers.map { $0.answers.map(\.text) }
        var tallies = result.tallies
        // Example id hash -> the first row with it and where its id starts;
        // ids whose hashes met another id's, by text.
        var seenIds: [UInt64: (row: Int, at: Int)] = [:]
        var sharedHash: [String: Int] = [:]
        index = -1
        repeat {
            index += 1
            let rowAt = s.pos
            guard s.peek() == 0x7B else { throw s.error("cell \(cell) row \(index): expected an object") }
            let row = try reader.readRow(&s, index: index, rowAt: rowAt)
            if row.idAt >= 0, let first = seenIds.updateValue((index, row.idAt), forKey: row.idHash) {
                seenIds[row.idHash] = first
                try checkUnique(&s, cell, index, row.idAt, first, &sharedHash)
            }
            reader.memo.count(raw: row.raw)
            guard count > 0 else { continue }
            for k in 0..<count {
                let outcome = reader.memo.outcome(raw: row.raw, scorer: k)
                var correct = false
                if let a = outcome.answer { correct = reader.memo.isCorrect(a, gold: row.gold, scorer: k) }
                tallies[k].add(answered: outcome.answer != nil, correct: correct)
                if keepRows {
                    result.rows[k].append(ScoredRow(pred: outcome.answer.map { answerTexts[k][$0] },
                                                    via: outcome.via?.rawValue, correct: correct))
                }
            }
            if keepRows {
                result.golds.append(row.gold == CellMemo.notAString ? row.goldJSON : reader.memo.goldJSON(row.gold))
                result.ids.append(row.idAt >= 0 ? try CellReader.idText(s, at: row.idAt) : nil)
            }
            if keepFirstLines { result.firstLines.append(reader.memo.firstLine(raw: row.raw)) }
        } while try s.next(orClose: 0x5D)
        result.tallies = tallies
        counts = counts + reader.memo.counts
        return result
    }

    /// Row `index`'s example id (at `at`) has the hash of an earlier row's
    /// (`first`): the same id, which is an error at its line and column, or
    /// a collision of two different ids, remembered by text from then on.
    private func checkUnique(_ s: inout JSONScanner, _ cell: CellKey, _ index: Int, _ at: Int,
                             _ first: (row: Int, at: Int), _ sharedHash: inout [String: Int]) throws {
        let id = try CellReader.idText(s, at: at)
        let firstId = try CellReader.idText(s, at: first.at)
        if let earlier = firstId == id ? first.row : sharedHash[id] {
            throw s.error("cell \(cell) row \(index): example id \"\(id)\" is also row \(earlier)'s; each example must appear once in a cell", at: at)
        }
        sharedHash[firstId] = sharedHash[firstId] ?? first.row
        sharedHash[id] = index
    }

    /// Distinct raw outputs and first lines remembered per cell and scorer
    /// (bounds memory on outputs that never repeat).
    static let defaultMemoLimit = 100_000
}

/// A first line as a dictionary key, hashed with one FNV-1a pass instead of
/// one `Hasher.combine` per code point.
struct LineKey: Hashable {
    let codePoints: [UInt32]
    let fnv: UInt64

    init(_ cps: [UInt32]) {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for c in cps { h = (h ^ UInt64(c)) &* 0x100_0000_01b3 }
        codePoints = cps
        fnv = h
    }

    func hash(into hasher: inout Hasher) { hasher.combine(fnv) }
    static func == (a: LineKey, b: LineKey) -> Bool { a.fnv == b.fnv && a.codePoints == b.codePoints }
}
