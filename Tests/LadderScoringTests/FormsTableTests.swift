import Foundation
import Testing
import LadderScoring

/// The first-line forms table over several results files.
@Suite struct FormsTableTests {
    func files() throws -> [URL] {
        let dir = try TestData.temporaryDirectory()
        let a = dir.appendingPathComponent("a_results_template1.json")
        let b = dir.appendingPathComponent("b_results_template2.json")
        try Data(#"""
            {"template1_sib200_data=ur_instr=ur": [
               {"raw_output": "  سیاست\nmore text", "gold": "politics"},
               {"raw_output": "مذہب", "gold": "politics"},
               {"raw_output": "health / travel", "gold": "travel"}],
             "template1_xnli_data=ur_instr=ur": [{"raw_output": "مذہب", "gold": "neutral"}]}
            """#.utf8).write(to: a)
        try Data(#"{"template2_sib200_data=zh_instr=zh": [{"raw_output": "سیاست", "gold": "politics"}, {"raw_output": "مذہب ", "gold": "x"}]}"#.utf8).write(to: b)
        return [a, b]
    }

    @Test func countsFirstLineFormsOfOneBenchmarkAcrossFilesWithTheRuleThatCaughtThem() throws {
        let scorer = try ScorerRegistry().scorer(named: "refined-v1")
        let table = try FormsTable.build(resultsFiles: files(), benchmark: .sib200, scorer: scorer)
        #expect(table.rowCount == 5)
        #expect(table.unmatchedRowCount == 3)
        #expect(table.forms == [
            .init(form: "سیاست", count: 2, pred: "politics", via: "term"),
            .init(form: "مذہب", count: 2, pred: nil, via: nil),
            .init(form: "health / travel", count: 1, pred: nil, via: "hedge"),
        ])
    }

    @Test func unmatchedOnlyListsFormsWithoutAnAnswer() throws {
        let scorer = try ScorerRegistry().scorer(named: "strict-v1")
        let table = try FormsTable.build(resultsFiles: files(), benchmark: .sib200, scorer: scorer, unmatchedOnly: true)
        #expect(table.forms.map(\.form) == ["سیاست", "مذہب"])
        #expect(table.forms.allSatisfy { $0.pred == nil })
    }
}
