import Foundation
import LadderCore
import Testing
@testable import LadderScoring

/// The rows file carries each results row's own example id, so the analysis
/// can pair sessions by id rather than by position.
@Suite struct ExampleIdTests {
    let registry: ScorerRegistry
    init() throws { registry = try ScorerRegistry() }

    func reparse(_ text: String, name: String = "s_results_template1.json") throws -> [String] {
        let input = try TestData.temporaryDirectory().appendingPathComponent(name)
        try Data(text.utf8).write(to: input)
        let rows = input.deletingLastPathComponent().appendingPathComponent("rows.jsonl")
        _ = try Reparser(scorers: [registry.scorer(named: "strict-v1")]).reparse(resultsFile: input, rowsOutput: rows)
        return try String(contentsOf: rows, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test func eachSpellingOfAnIdIsCarriedWithExampleIdFirstThenIndexIdThenId() throws {
        let lines = try reparse(#"""
            {"template1_csqa_data=en_instr=en": [
              {"id": "q-1", "raw_output": "A", "gold": "A"},
              {"index_id": 17, "raw_output": "B", "gold": "A"},
              {"id": "x", "example_id": "e-3", "index_id": 3, "raw_output": "C", "gold": "C"},
              {"index_id": "s-4", "id": "x", "raw_output": "C", "gold": "C"},
              {"example_id": "\u0065-5", "raw_output": "D", "gold": "D"},
              {"example_id": -0, "raw_output": "D", "gold": "D"}
            ]}
            """#)
        #expect(lines.count == 6)
        #expect(lines[0] == #"{"cell": "template1_csqa_data=en_instr=en", "index": 0, "example_id": "q-1", "pred": "A", "gold": "A", "correct": true, "match_via": "letter"}"#)
        #expect(lines[1].contains(#""index": 1, "example_id": "17", "pred": "B""#))
        #expect(lines[2].contains(#""example_id": "e-3""#))
        #expect(lines[3].contains(#""example_id": "s-4""#))
        #expect(lines[4].contains(#""example_id": "e-5""#), "escapes are decoded")
        #expect(lines[5].contains(#""example_id": "0""#), "an integer id is written as Python's str(int) would")
    }

    @Test func rowsWithoutAnIdKeepTheirFormerLineAndOtherKeysAreNotIds() throws {
        let lines = try reparse(#"{"template1_csqa_data=en_instr=en": [{"ids": "a", "idx": 1, "example": "b", "raw_output": "A", "gold": "A"}]}"#)
        #expect(lines == [#"{"cell": "template1_csqa_data=en_instr=en", "index": 0, "pred": "A", "gold": "A", "correct": true, "match_via": "letter"}"#])
    }

    @Test func idsOfRowsReadByTheirShapeAreEachRowsOwn() throws {
        // Identical layouts: after the first row only the holes are read, and the id is one of them.
        let rows = (0..<60).map { #"{"example_id": "ex-\#(59 - $0)", "text": "same", "raw_output": "B", "gold": "B"}"# }
        let lines = try reparse("{\"template1_belebele_data=en_instr=en\": [\n" + rows.joined(separator: ",\n") + "\n]}")
        #expect(lines.count == 60)
        for (i, line) in lines.enumerated() { #expect(line.contains(#""index": \#(i), "example_id": "ex-\#(59 - i)", "#)) }
    }

    @Test func aDuplicateIdInACellIsAnErrorAtItsLineAndNothingIsWritten() throws {
        let dir = try TestData.temporaryDirectory()
        let input = dir.appendingPathComponent("d_results_template1.json")
        try Data(#"""
            {"template1_xnli_data=en_instr=en": [
              {"example_id": "a", "raw_output": "neutral", "gold": "neutral"},
              {"example_id": "b", "raw_output": "neutral", "gold": "neutral"}
            ],
            "template1_xnli_data=zh_instr=en": [
              {"example_id": "a", "raw_output": "neutral", "gold": "neutral"},
              {"example_id": "b", "raw_output": "neutral", "gold": "neutral"},
              {"raw_output": "neutral", "gold": "neutral", "example_id": "a"}
            ]}
            """#.utf8).write(to: input)
        #expect(throws: LadderError.badInput(#"d_results_template1.json:8:62: cell template1_xnli_data=zh_instr=en row 2: example id "a" is also row 0's; each example must appear once in a cell"#)) {
            _ = try Reparser(scorers: [registry.scorer(named: "strict-v1")])
                .reparse(resultsFile: input, rowsOutput: dir.appendingPathComponent("rows.jsonl"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == [input.lastPathComponent])
    }

    @Test(arguments: [
        (#"{"example_id": "\u0061b", "raw_output": "A", "gold": "A"}"#, #"{"example_id": "ab", "raw_output": "A", "gold": "A"}"#),
        (#"{"index_id": 7, "raw_output": "A", "gold": "A"}"#, #"{"id": "7", "raw_output": "A", "gold": "A"}"#),
        (#"{"id": "é", "raw_output": "A", "gold": "A"}"#, #"{"id": "\u00e9", "raw_output": "A", "gold": "A"}"#),
    ])
    func idsSpelledDifferentlyButEqualAreDuplicates(first: String, second: String) throws {
        #expect {
            _ = try reparse(#"{"template1_csqa_data=en_instr=en": [{"id": "z", "raw_output": "B", "gold": "A"}, "# + first + ", " + second + "]}")
        } throws: { error in
            guard case LadderError.badInput(let m) = error else { return false }
            return m.contains("row 2: example id") && m.contains("is also row 1's")
        }
    }

    @Test(arguments: [
        (#"{"example_id": null, "raw_output": "A", "gold": "A"}"#, "1:53: cell template1_csqa_data=en_instr=en row 0: example_id must be a string or an integer"),
        (#"{"index_id": 2.5, "raw_output": "A", "gold": "A"}"#, "1:51: cell template1_csqa_data=en_instr=en row 0: example id 2.5 must be a string or an integer"),
        (#"{"id": ["a"], "raw_output": "A", "gold": "A"}"#, "1:45: cell template1_csqa_data=en_instr=en row 0: id must be a string or an integer"),
        (#"{"id": "\udc00", "raw_output": "A", "gold": "A"}"#, "1:45: lone surrogate escape in an example id (in cell template1_csqa_data=en_instr=en, row 0)"),
    ])
    func anIdThatIsNotAStringOrAnIntegerIsRefusedWhereItStands(row: String, message: String) throws {
        let text = #"{"template1_csqa_data=en_instr=en": ["# + row + "]}"
        #expect {
            _ = try reparse(text, name: "b_results_template1.json")
        } throws: { error in
            guard case LadderError.badInput(let m) = error else { return false }
            return m == "b_results_template1.json:\(message)"
        }
    }
}
