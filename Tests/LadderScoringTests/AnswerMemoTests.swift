import Foundation
import LadderCore
import Testing
@testable import LadderScoring

/// The per-cell answer memo changes only the time a reparse takes: turned
/// off it gives the same bytes, and its counts say how many rows it answered.
@Suite struct AnswerMemoTests {
    let registry: ScorerRegistry
    init() throws { registry = try ScorerRegistry() }

    @Test func turningTheMemoOffChangesNoOutputByteAndEveryRowIsScored() throws {
        let dir = try TestData.temporaryDirectory()
        let url = dir.appendingPathComponent("varied_seed11_results_template2.json")
        try Data(VariedResults.generate(seed: 11, rowsPerCell: 150).utf8).write(to: url)
        let scorers = [try registry.scorer(named: "strict-v1"), try registry.scorer(named: "refined-v1")]
        var outputs: [[String]] = []
        var counts: [MemoCounts] = []
        for limit in [ResultsReader.defaultMemoLimit, 0, 1] {
            var reparser = try Reparser(scorers: scorers)
            reparser.memoLimit = limit
            let out = dir.appendingPathComponent("limit\(limit)")
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            let rows = out.appendingPathComponent("rows.jsonl")
            let report = try reparser.reparse(resultsFile: url, outputDirectory: out, rowsOutput: rows, reparsedAt: nil)
            outputs.append(try report.scorers.map(\.summaryJSON) + [String(contentsOf: rows, encoding: .utf8)])
            counts.append(report.memoCounts)
            #expect(report.memoCounts.rows == report.rowCount)
        }
        #expect(outputs[1] == outputs[0])
        #expect(outputs[2] == outputs[0])
        #expect(counts[1].answeredByMemo == 0 && counts[1].scored == counts[1].rows)
        #expect(counts[0].answeredByMemo > counts[0].rows / 2)
    }

    @Test func theMemoScoresEachDistinctShortFirstLineOfACellOnceAndNoRawSpellingTwice() throws {
        let url = try TestData.temporaryDirectory().appendingPathComponent("varied_seed12_results_template2.json")
        try Data(VariedResults.generate(seed: 12, rowsPerCell: 120).utf8).write(to: url)
        let scorer = try registry.scorer(named: "refined-v1")
        let report = try Reparser(scorers: [scorer]).reparse(resultsFile: url, outputDirectory: url.deletingLastPathComponent(), reparsedAt: nil)

        guard case .object(let members) = try OrderedJSON.parse(Data(contentsOf: url), origin: url.lastPathComponent) else {
            Issue.record("not an object")
            return
        }
        var rows = 0
        var texts = 0
        var lines = 0
        var shortLines = 0
        var rowsWithLongLines = 0
        for member in members where CellKey(member.key) != nil {
            guard case .array(let cellRows) = member.value else { continue }
            var seenTexts: Set<String> = []
            var seenLines: Set<[UInt32]> = []
            for row in cellRows {
                guard case .string(let raw) = row["raw_output"] else { continue }
                rows += 1
                seenTexts.insert(raw)
                let line = scorer.unicode.firstLine(PyText.codePoints(raw))
                seenLines.insert(line)
                if line.count > CellMemo.lineMemoLength { rowsWithLongLines += 1 }
            }
            texts += seenTexts.count
            lines += seenLines.count
            shortLines += seenLines.filter { $0.count <= CellMemo.lineMemoLength }.count
        }
        let c = report.memoCounts
        #expect(c.rows == rows)
        #expect(shortLines < lines && rowsWithLongLines > 0, "the file has first lines of both kinds")
        // A short first line is scored once per cell; a long one once per
        // distinct spelling of the raw output, at most once per row.
        #expect(c.scored >= lines && c.scored <= shortLines + rowsWithLongLines)
        // Equal texts spelled with different escapes are different bytes:
        // each spelling is decoded once, then found by its first line.
        #expect(c.rawHits <= rows - texts)
        #expect(c.rawHits + c.lineHits + c.scored == rows)
    }
}
