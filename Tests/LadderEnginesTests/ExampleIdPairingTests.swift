import Foundation
import LadderAnalysis
import LadderCore
import LadderEngines
import LadderSpec
import Testing

/// Results files → reparse step → analysis: a condition's rows pair with
/// the baseline's by the example ids the results rows carry, whatever their
/// order; only files without ids pair by position, and the analysis says so.
struct ExampleIdPairingTests {
    let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("pairing-\(UUID().uuidString)")
    static let cell = "template1_xnli_data=en_instr=en"

    /// A reparse step's output over one results file holding `rows`
    /// (example id or nil, raw output, gold), as the runner would produce it.
    func scored(_ name: String, _ rows: [(id: String?, raw: String, gold: String)]) throws -> URL {
        let results = tmp.appendingPathComponent("results-\(name)")
        try FileManager.default.createDirectory(at: results, withIntermediateDirectories: true)
        let body = rows.map { r in
            (r.id.map { "{\"example_id\": \"\($0)\", " } ?? "{") + "\"raw_output\": \"\(r.raw)\", \"gold\": \"\(r.gold)\"}"
        }
        try Data("{\"\(Self.cell)\": [\n\(body.joined(separator: ",\n"))\n]}\n".utf8)
            .write(to: results.appendingPathComponent("\(name)_results_template1.json"))
        let out = tmp.appendingPathComponent("scored-\(name)")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let request = EngineRequest(step: name, planKey: name, engine: "reparse", params: ["scorer": .string("strict-v1")],
                                    inputs: ["results": EngineInput(kind: "step", paths: [results.path], hashes: [""])],
                                    outputDir: out.path, scratchDir: tmp.path, stateDir: tmp.path,
                                    resultPath: tmp.appendingPathComponent("r.json").path, seed: nil, resources: Resources())
        _ = try ReparseEngine().run(request, context: EngineContext(logURL: nil))
        return out
    }

    func analyse(baseline: URL, condition: URL) throws -> AnalysisResult {
        let observations = try ScoredOutput.observations(in: baseline, users: [("baseline", nil)], stepKey: "b")
            + ScoredOutput.observations(in: condition, users: [("cond", "1")], stepKey: "c")
        return try Analysis.run(AnalysisInput(observations: observations), config: AnalysisConfig(bootstrapResamples: 50))
    }

    /// Twelve examples: the baseline is right on e0–e5, the condition on e6–e11.
    let examples: [(id: String, baselineRaw: String, conditionRaw: String)] = (0..<12).map { k in
        ("e\(k)", k < 6 ? "neutral" : "contradiction", k < 6 ? "contradiction" : "neutral")
    }

    @Test func rowsInAnotherOrderAndADroppedRowPairByTheirIds() throws {
        let baseline = try scored("base", examples.map { ($0.id, $0.baselineRaw, "neutral") })
        // The condition's session wrote its rows in reverse and lost e3.
        let conditionRows = examples.reversed().filter { $0.id != "e3" }.map { ($0.id, $0.conditionRaw, "neutral") }
        let result = try analyse(baseline: baseline, condition: try scored("cond", conditionRows))
        let test = try #require(result.significance.first)
        #expect(test.pairing == .exampleId)
        #expect(test.pairedExamples == 11 && test.unpairedExamples == 1)
        // By id: the condition alone is right on e6–e11 (6), the baseline alone on e0–e5 less e3 (5).
        #expect(test.conditionOnly == 6 && test.baselineOnly == 5)
        #expect(result.pairingSummary == "example_id (all 1 tests)")
        let table = result.significanceTable()
        #expect(table.json().contains(#""pairing": "example_id", "n_paired_examples": 11"#))
        #expect(table.tsv().contains("# pairing: example_id (all 1 tests)\n"))
        #expect(result.gaps.contains { $0.kind == .unpairedExamples && $0.detail.contains("1 example ids") })
    }

    @Test func rowsWithoutIdsFallBackToPositionAndTheAnalysisSaysSo() throws {
        let baseline = try scored("base", examples.map { (nil, $0.baselineRaw, "neutral") })
        // The same reversed session without ids: row k now pairs with a different example.
        let condition = try scored("cond", examples.reversed().map { (nil, $0.conditionRaw, "neutral") })
        let result = try analyse(baseline: baseline, condition: condition)
        let test = try #require(result.significance.first)
        #expect(test.pairing == .position)
        #expect(test.pairedExamples == 12)
        // Reversed, row k of the condition is example 11 − k: both are right on rows 0–5, both wrong on 6–11.
        #expect(test.conditionOnly == 0 && test.baselineOnly == 0)
        #expect(result.pairingSummary.hasPrefix("position (all 1 tests; "))
        #expect(result.significanceTable().json().contains(#""pairing": "position""#))
        #expect(result.gapsTable().tsv().contains("# pairing: position (all 1 tests; "))
    }

    @Test func aBaselineWithIdsAndAConditionWithoutPairByPosition() throws {
        let baseline = try scored("base", examples.map { ($0.id, $0.baselineRaw, "neutral") })
        let condition = try scored("cond", examples.map { (nil, $0.conditionRaw, "neutral") })
        let test = try #require(try analyse(baseline: baseline, condition: condition).significance.first)
        #expect(test.pairing == .position)
        #expect(test.conditionOnly == 6 && test.baselineOnly == 6)
    }

    @Test func aCellMixingRowsWithAndWithoutIdsIsRefusedAtTheLineWhereTheMixShows() throws {
        let rows = examples.enumerated().map { k, e in (k == 4 ? nil : e.id, e.baselineRaw, "neutral") }
        let dir = try scored("mixed", rows)
        #expect {
            _ = try ScoredOutput.observations(in: dir, users: [("baseline", nil)], stepKey: "m")
        } throws: { error in
            guard case LadderError.badInput(let m) = error else { return false }
            return m.hasPrefix("mixed_results_template1.rows.jsonl:5: cell \(Self.cell) row 4 carries no example id but the cell's first row (line 1) does")
        }
    }
}
