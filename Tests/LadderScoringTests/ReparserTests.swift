import Foundation
import LadderCore
import Testing
@testable import LadderScoring

/// `reparse` over study-format results files.
@Suite struct ReparserTests {
    let registry: ScorerRegistry
    init() throws { registry = try ScorerRegistry() }

    func write(_ text: String, named name: String = "cond-2-ur-5k_seed42_results_template1.json") throws -> URL {
        let url = try TestData.temporaryDirectory().appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test func summaryIsByteIdenticalToTheStudysScriptOnTheSameFile() throws {
        let input = try write(StudyGolden.results, named: "small_results_template1.json")
        let refined = try registry.scorer(named: "refined-v1")
        let report = try Reparser(scorers: [refined]).reparse(resultsFile: input, reparsedAt: Date(timeIntervalSince1970: 1735787045.5))
        let expected = StudyGolden.summary
            .replacingOccurrences(of: "\"FP\"", with: "\"\(refined.fingerprint)\"")
            .replacingOccurrences(of: "\"VERSION\"", with: "\"\(LadderVersion.string)\"")
        let written = try String(contentsOf: input.deletingLastPathComponent().appendingPathComponent("small_summary_reparsed_template1.json"), encoding: .utf8)
        #expect(written == expected)
        #expect(report.scorers[0].summaryJSON == expected)
        #expect(report.scorers[0].cellsChanged == 3)
        #expect(report.rowCount == 9)
        #expect(try String(contentsOf: input, encoding: .utf8) == StudyGolden.results, "the original is never modified")
    }

    @Test func rowsFileHasOneLinePerRowWithPredGoldCorrectAndRule() throws {
        let input = try write(StudyGolden.results)
        let rows = input.deletingLastPathComponent().appendingPathComponent("rows.jsonl")
        _ = try Reparser(scorers: [registry.scorer(named: "refined-v1")]).reparse(resultsFile: input, rowsOutput: rows)
        let lines = try String(contentsOf: rows, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 9)
        #expect(lines[0] == #"{"cell": "template1_xnli_data=zh_instr=zh", "index": 0, "pred": "entailment", "gold": "entailment", "correct": true, "match_via": "english-substring"}"#)
        #expect(lines[3] == #"{"cell": "template1_xnli_data=zh_instr=zh", "index": 3, "pred": null, "gold": "neutral", "correct": false, "match_via": null}"#)
        #expect(lines[6] == #"{"cell": "template1_sib200_data=ur_instr=ur", "index": 2, "pred": null, "gold": "travel", "correct": false, "match_via": "hedge"}"#)
    }

    @Test func severalScorersWriteOneNamedSummaryEachFromOnePass() throws {
        let input = try write(StudyGolden.results)
        let rows = input.deletingLastPathComponent().appendingPathComponent("rows.jsonl")
        let report = try Reparser(scorers: [registry.scorer(named: "strict-v1"), registry.scorer(named: "refined-v1")])
            .reparse(resultsFile: input, rowsOutput: rows)
        #expect(report.scorers.map(\.summaryFile.lastPathComponent) == [
            "cond-2-ur-5k_seed42_summary_reparsed_strict-v1_template1.json",
            "cond-2-ur-5k_seed42_summary_reparsed_refined-v1_template1.json",
        ])
        let strictXNLI = try #require(report.scorers[0].cells.first { $0.cell.benchmark == .xnli })
        let refinedXNLI = try #require(report.scorers[1].cells.first { $0.cell.benchmark == .xnli })
        #expect(strictXNLI.tally == CellTally(n: 4, correct: 1, failed: 3))
        #expect(refinedXNLI.tally == CellTally(n: 4, correct: 2, failed: 1))
        let refinedSIB = try #require(report.scorers[1].cells.first { $0.cell.benchmark == .sib200 })
        #expect(refinedSIB.oldAccuracy == 0 && refinedSIB.oldFailureRate == 1.0)
        let lines = try String(contentsOf: rows, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 18 && lines[0].hasPrefix(#"{"scorer": "strict-v1", "cell": "#))
    }

    @Test func emptyCellsReportZeroRowsAndZeroRatesAndMissingOldFiguresAreNull() throws {
        let input = try write(#"{"template2_csqa_data=es_instr=en": [], "model": {"id": "x"}}"#)
        let report = try Reparser(scorers: [registry.scorer(named: "refined-v1")]).reparse(resultsFile: input)
        let json = try JSONSerialization.jsonObject(with: Data(report.scorers[0].summaryJSON.utf8)) as! [String: Any]
        let summary = json["summary"] as! [String: Any]
        #expect(summary["template2_csqa_data=es_instr=en_count"] as? Int == 0)
        #expect(summary["template2_csqa_data=es_instr=en_acc"] as? Double == 0.0)
        #expect((json["parse_failure_rates"] as! [String: Any])["template2_csqa_data=es_instr=en"] as? Double == 0.0)
        #expect((json["reparse_metadata"] as! [String: Any])["cells_changed"] as? Int == 0)
    }

    @Test func escapesSurrogatesAndNonStringGoldAreReadAsPythonReadsThem() throws {
        let input = try write(#"""
            {"template1_belebele_data=ur_instr=ur": [
              {"raw_output": "\ud835\udc00 \u0042\ud800 x", "gold": "B"},
              {"raw_output": "C", "gold": 3},
              {"raw_output": "NaN", "gold": NaN, "score": -Infinity}
            ]}
            """#)
        let rows = input.deletingLastPathComponent().appendingPathComponent("rows.jsonl")
        _ = try Reparser(scorers: [registry.scorer(named: "strict-v1")]).reparse(resultsFile: input, rowsOutput: rows)
        let lines = try String(contentsOf: rows, encoding: .utf8).split(separator: "\n")
        #expect(lines[0].contains(#""pred": "B", "gold": "B", "correct": true"#))
        #expect(lines[1].contains(#""pred": "C", "gold": 3, "correct": false"#))
        #expect(lines[2].contains(#""gold": NaN"#))
    }

    @Test(arguments: [
        (#"{"template1_xnli_data=en_instr=en": [{"raw_output": "x", "gold": "neutral"}"#, "expected ',' or ']' after an array element (in cell template1_xnli_data=en_instr=en, row 0)"),
        (#"{"template1_xnli_data=en_instr=en": [{"raw_output": "x", "gold": "neutral"},]}"#, "cell template1_xnli_data=en_instr=en row 1: expected an object"),
        (#"{"template1_xnli_en": [{"raw_output": "x", "gold": "neutral"}]}"#, "cell key 'template1_xnli_en' does not follow"),
        (#"{"template1_mmlu_data=en_instr=en": []}"#, "cell key 'template1_mmlu_data=en_instr=en' does not follow"),
        (#"{"template1_xnli_data=en_instr=en": [{"gold": "neutral"}]}"#, "cell template1_xnli_data=en_instr=en row 0: missing raw_output"),
        (#"{"template1_xnli_data=en_instr=en": [{"raw_output": "a", "gold": "b"}, {"raw_output": "x"}]}"#, "row 1: missing gold"),
        (#"{"template1_xnli_data=en_instr=en": [{"raw_output": null, "gold": "neutral"}]}"#, "raw_output must be a string"),
        (#"{"template1_xnli_data=en_instr=en": {"rows": []}}"#, "cell template1_xnli_data=en_instr=en must be a list of rows"),
        (#"{"summary": {"template1_xnli_data=en_instr=en_acc": "high"}, "template1_xnli_data=en_instr=en": []}"#, "is a string, expected a number"),
        ("{\"template1_xnli_data=en_instr=en\": [{\"raw_output\": \"a\u{1}\", \"gold\": \"b\"}]}", "invalid control character in a string (in cell template1_xnli_data=en_instr=en, row 0)"),
        (#"{"a": 1, "a": 2}"#, "duplicate top-level key"),
        ("\u{FEFF}{}", "a JSON object at the top"),
        (#"[]"#, "a JSON object at the top"),
        (#"{} x"#, "extra data"),
    ])
    func badInputNamesTheFileAndCellAndWritesNothing(content: String, message: String) throws {
        let input = try write(content)
        let rows = input.deletingLastPathComponent().appendingPathComponent("rows.jsonl")
        #expect {
            _ = try Reparser(scorers: [registry.scorer(named: "refined-v1")]).reparse(resultsFile: input, rowsOutput: rows)
        } throws: { error in
            guard case LadderError.badInput(let text) = error else { return false }
            return text.hasPrefix("cond-2-ur-5k_seed42_results_template1.json") && text.contains(message)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: input.deletingLastPathComponent().path) == [input.lastPathComponent])
    }

    @Test func invalidUTF8IsBadInputWithLineAndColumn() throws {
        let url = try TestData.temporaryDirectory().appendingPathComponent("x_results_template1.json")
        var bytes = Array("{\n  \"template1_xnli_data=en_instr=en\": [{\"raw_output\": \"ab".utf8)
        bytes += [0xC3, 0x28]  // a lead byte without its continuation byte
        bytes += Array("\", \"gold\": \"c\"}]}".utf8)
        try Data(bytes).write(to: url)
        #expect(throws: LadderError.badInput("x_results_template1.json:2:57: invalid UTF-8 sequence (in cell template1_xnli_data=en_instr=en, row 0)")) {
            _ = try Reparser(scorers: [registry.scorer(named: "refined-v1")]).reparse(resultsFile: url)
        }
    }

    @Test func aFileNameWithoutResultsInfixIsRefused() throws {
        let input = try write("{}", named: "summary.json")
        #expect(throws: LadderError.self) {
            _ = try Reparser(scorers: [registry.scorer(named: "refined-v1")]).reparse(resultsFile: input)
        }
    }
}
