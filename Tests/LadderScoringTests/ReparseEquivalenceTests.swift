import Foundation
import LadderCore
import Testing
@testable import LadderScoring

/// The streaming reparse (memoised, with fast paths for skipping and
/// validating text) must give exactly what the plain path gives: parse the
/// whole document into a tree, then extract every row on its own.
@Suite struct ReparseEquivalenceTests {
    let registry: ScorerRegistry
    init() throws { registry = try ScorerRegistry() }

    @Test func streamingReparseMatchesTreeParseAndPerRowExtractionOnAVariedFile() throws {
        let url = try TestData.temporaryDirectory().appendingPathComponent("varied_seed7_results_template2.json")
        try Data(VariedResults.generate(seed: 7, rowsPerCell: 180).utf8).write(to: url)
        let scorers = [try registry.scorer(named: "strict-v1"), try registry.scorer(named: "refined-v1")]
        let rowsURL = url.deletingLastPathComponent().appendingPathComponent("rows.jsonl")
        let report = try Reparser(scorers: scorers).reparse(resultsFile: url, rowsOutput: rowsURL)
        let written = try String(contentsOf: rowsURL, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)

        let expected = try VariedResults.reference(file: url, scorers: scorers)
        #expect(written.count == expected.lines.count + 1 && written.last == "")
        var mismatches = 0
        for (got, want) in zip(written, expected.lines) where got != want {
            mismatches += 1
            if mismatches <= 3 { Issue.record("row differs:\n got  \(got)\n want \(want)") }
        }
        #expect(mismatches == 0)
        for (k, outcome) in report.scorers.enumerated() {
            #expect(outcome.cells.map(\.cell.raw) == expected.cells)
            #expect(outcome.cells.map(\.tally) == expected.tallies[k], "\(outcome.scorer)")
        }
        #expect(report.rowCount == expected.lines.count / scorers.count)
    }

    @Test func aRowWithTwoRawOutputsIsScoredOnTheLastAsPythonsJSONKeepsIt() throws {
        let url = try TestData.temporaryDirectory().appendingPathComponent("dup_results_template1.json")
        try Data(#"{"template1_csqa_data=en_instr=en": [{"raw_output": "A", "gold": "B", "raw_output": "B"}, {"raw_output": "A", "gold": "C", "gold": "A"}]}"#.utf8).write(to: url)
        let report = try Reparser(scorers: [registry.scorer(named: "strict-v1")]).reparse(resultsFile: url)
        #expect(report.scorers[0].cells[0].tally == CellTally(n: 2, correct: 2, failed: 0))
    }

    @Test(arguments: [
        ([0xE0, 0x9F, 0xBF] as [UInt8], "invalid UTF-8 sequence"),  // overlong
        ([0xED, 0xA0, 0x80], "invalid UTF-8 sequence"),  // encoded surrogate
        ([0xF4, 0x90, 0x80, 0x80], "invalid UTF-8 sequence"),  // above U+10FFFF
        ([0xC1, 0xBF], "invalid UTF-8 byte 0xc1"),
        ([0xF8, 0x80], "invalid UTF-8 byte 0xf8"),
        ([0x80], "invalid UTF-8 byte 0x80"),
        ([0xE4, 0xB8, 0x22], "invalid UTF-8 sequence"),  // cut short by the closing quote
        ([0x1F], "invalid control character in a string"),
    ])
    func badBytesDeepInsideALongSkippedTextAreReportedAtTheirColumn(bad: [UInt8], message: String) throws {
        // Long mixed-script text around the bad bytes, in a field that is
        // only skipped: the fast paths must stop exactly where the byte is.
        let before = "委员会周二开会 کمیٹی نے منگل la comisión 한국어 हिन्दी ok 😀 "
        for dropped in [0, 1, 2, 3, 5, 7, 11] {
            // Dropping characters moves the bad bytes across 8-byte word boundaries.
            let prefix = Array(String(String.UnicodeScalarView(before.unicodeScalars.dropLast(dropped))).utf8)
            let head = Array("{\"template1_xnli_data=en_instr=en\": [{\"text\": \"".utf8) + prefix
            let bytes = head + bad + Array(" after\", \"raw_output\": \"x\", \"gold\": \"neutral\"}]}".utf8)
            let url = try TestData.temporaryDirectory().appendingPathComponent("bad_results_template1.json")
            try Data(bytes).write(to: url)
            let column = String(decoding: head, as: UTF8.self).unicodeScalars.count + 1
            #expect(throws: LadderError.badInput("bad_results_template1.json:1:\(column): \(message) (in cell template1_xnli_data=en_instr=en, row 0)")) {
                _ = try Reparser(scorers: [registry.scorer(named: "refined-v1")]).reparse(resultsFile: url)
            }
        }
    }
}
