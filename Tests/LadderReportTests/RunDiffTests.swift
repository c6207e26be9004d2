import Foundation
import LadderAnalysis
import Testing
@testable import LadderReport

@Test func changedParameterNamesExactlyTheStepsItReachesAndWhy() throws {
    let a = ReportFixture.snapshot()
    let b = ReportFixture.snapshot(ReportFixture.Settings(seedsLR: "1e-4", runId: "run-b"))
    let diff = try RunDiffService.diff(a, b)
    #expect(diff.onlyInA.isEmpty && diff.onlyInB.isEmpty)
    #expect(diff.changed.count == 6)
    #expect(diff.changed.allSatisfy { $0.identity.condition == "cond-seeds" })
    #expect(diff.summary.stepsUnchanged == a.steps.count - 6)
    for change in diff.changed {
        #expect(change.ingredients.count == 1)
        let only = try #require(change.ingredients.first)
        switch change.identity.step {
        case "train":
            #expect(only.name == "param.lr" && only.old == "2e-4" && only.new == "1e-4")
        case "eval":
            #expect(only.name == "input.model")
        case "reparse":
            #expect(only.name == "input.eval")
        default:
            Issue.record("unexpected changed step \(change.identity)")
        }
    }
    // The parameter change turns cond-seeds' win into a loss; no other condition's conclusion moves.
    let flips = diff.flips.filter { $0.grain == .conditionBenchmark }.flatMap(\.flips)
    #expect(!flips.isEmpty)
    #expect(flips.allSatisfy { $0.unit.condition == "cond-seeds" && $0.direction == "win→loss" })
    #expect(diff.summary.flips["condition_benchmark"] == flips.count)
    #expect(diff.summary.cellsMoved > 0)
    #expect(diff.cellMetrics.filter { abs($0.change ?? 0) > diff.noiseFloor }.allSatisfy { $0.unit.condition == "cond-seeds" })
}

@Test func changedScorerTableReachesOnlyTheReparseSteps() throws {
    let a = ReportFixture.snapshot()
    let b = ReportFixture.snapshot(ReportFixture.Settings(refinedTable: "sha256:refined-table-2", runId: "run-b"))
    let diff = try RunDiffService.diff(a, b)
    #expect(diff.changed.count == ReportFixture.sessions(ReportFixture.Settings()).count)
    #expect(diff.changed.allSatisfy { $0.identity.step == "reparse" })
    #expect(diff.changed.allSatisfy { $0.ingredients.map(\.name) == ["table.refined-v1"] })
    #expect(diff.summary.cellsMoved == 0)
}

@Test func stepsOfANewConditionAreOnlyInB() throws {
    let a = ReportFixture.snapshot()
    let b = ReportFixture.snapshot(ReportFixture.Settings(extraCondition: true, runId: "run-b"))
    let diff = try RunDiffService.diff(a, b)
    #expect(diff.onlyInA.isEmpty)
    #expect(diff.onlyInB.map(\.identity.step).sorted() == ["eval", "reparse", "train"])
    #expect(diff.changed.isEmpty)
    #expect(diff.summary.cellsOnlyInB == 8 * 2)
}

@Test func duplicateStepIdentityIsBadInput() {
    var a = ReportFixture.snapshot()
    a.steps.append(a.steps[0])
    #expect(throws: (any Error).self) { try RunDiffService.diff(a, ReportFixture.snapshot()) }
}

@Test func diffRenderingsPutTheSummaryFirstAndParse() throws {
    let diff = try RunDiffService.diff(ReportFixture.snapshot(), ReportFixture.snapshot(ReportFixture.Settings(seedsLR: "1e-4", runId: "run-b")))
    let text = diff.text()
    let summary = try #require(text.range(of: "Summary"))
    let plan = try #require(text.range(of: "Plan"))
    #expect(summary.lowerBound < plan.lowerBound)
    #expect(text.contains("param.lr: 2e-4 → 1e-4"))
    #expect(text.contains("steps: 6 changed, 0 only in A, 0 only in B"))
    let json = try #require(try JSONSerialization.jsonObject(with: Data(diff.json().utf8)) as? [String: Any])
    let counts = try #require(json["summary"] as? [String: Any])
    #expect(counts["steps_changed"] as? Int == 6)
    let tsv = diff.tsv()
    #expect(tsv.hasPrefix("# table: diff_causes\n# grain: step\n"))
    #expect(tsv.contains("# table: diff_plan\n# grain: step\n"))
    #expect(tsv.contains("changed\tcond-seeds\tlang=en seed=123\ttrain\ttrain\t"))
    #expect(tsv.contains("\tparam.lr\t2e-4\t1e-4\n"))
}

@Test func twoScorerViewFindsThePlantedFlipsOnly() throws {
    let snapshot = ReportFixture.snapshot()
    let result = try snapshot.analyze(significance: false)
    let view = try ScorerComparison.compare(result, run: snapshot.runId, scorerA: "strict-v1", scorerB: "refined-v1")
    let atBenchmark = try #require(view.flips.first { $0.grain == .conditionBenchmark })
    #expect(Set(atBenchmark.flips.map(\.unit.condition)) == ["cond-native", "cond-artefact"])
    #expect(atBenchmark.flips.first { $0.unit.condition == "cond-native" }?.direction == "loss→win")
    #expect(atBenchmark.flips.first { $0.unit.condition == "cond-artefact" }?.direction == "win→loss")
    let native = try #require(view.rows.first { $0.cell.condition == "cond-native" && $0.cell.benchmark == "sib200" && $0.cell.instrLang == "zh" })
    #expect((native.parseFailureRateA ?? 0) > 0.5 && (native.parseFailureRateB ?? 1) == 0)
    #expect(view.text().contains("cond-artefact sib200"))
    #expect(throws: (any Error).self) { try ScorerComparison.compare(result, run: "r", scorerA: "strict-v1", scorerB: "lenient-v9") }
}

@Test func oneParameterChangeIsTheOneRootCauseAndItsDependentsCollapse() throws {
    let diff = try RunDiffService.diff(ReportFixture.snapshot(), ReportFixture.snapshot(ReportFixture.Settings(seedsLR: "1e-4", runId: "run-b")))
    #expect(diff.causes.map(\.line) == ["param.lr 2e-4 → 1e-4 in train: 2 steps, 4 downstream (eval 2, reparse 2)"])
    let text = diff.text()
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines[2] == "Root causes" && lines[3].hasPrefix("  param.lr 2e-4 → 1e-4 in train"), "\(text)")
    #expect(lines.count <= 50, "a one-parameter diff fits on a screen; it has \(lines.count) lines")
    #expect(!text.contains("input.eval:"), "downstream steps are collapsed")
    #expect(diff.text(all: true).contains("input.eval:"), "--all lists them")
    #expect(!text.contains("0.622917"), "one unit: percentage points")
    #expect(diff.tsv().contains("param.lr 2e-4 → 1e-4 in train\tingredients\t2\t4\teval 2, reparse 2\n"))
}

@Test func aNewConditionIsACauseAndItsCellsAreListedApart() throws {
    let diff = try RunDiffService.diff(ReportFixture.snapshot(), ReportFixture.snapshot(ReportFixture.Settings(extraCondition: true, runId: "run-b")))
    #expect(diff.causes.count == 1)
    #expect(diff.causes.first?.kind == "added")
    #expect(diff.causes.first?.text.hasPrefix("condition added: ") == true)
    let text = diff.text()
    #expect(text.contains("New cells (only in B): 16"), "\(text)")
    #expect(!text.contains("NA →"), "new cells are not shown as moved")
}

@Test func movedCellsCarryTheirPairedTestAndSignificantOnesComeFirst() throws {
    let diff = try RunDiffService.diff(ReportFixture.snapshot(), ReportFixture.snapshot(ReportFixture.Settings(seedsLR: "1e-4", runId: "run-b")))
    let moved = diff.movedCells
    #expect(moved.count == diff.summary.cellsMoved)
    #expect(moved.allSatisfy { $0.test != nil }, "every compared cell is tested on its shared example ids")
    let significant = moved.filter(diff.isSignificant)
    #expect(diff.summary.cellsMovedSignificant == significant.count)
    #expect(!significant.isEmpty && significant.count < moved.count, "the fixture has both kinds")
    #expect(significant.allSatisfy { $0.test!.pAdjusted < diff.alpha && $0.test!.pAdjusted >= $0.test!.pValue })
    // Paired counts agree with the accuracies: (right in B only − right in A only) / n is the change.
    for m in moved {
        let t = m.test!
        #expect(abs(Double(t.rightInBOnly - t.rightInAOnly) / Double(t.pairedExamples) - m.change!) < 1e-9)
    }
    let text = diff.text()
    let first = try #require(text.range(of: "and significant, largest first"))
    let rest = try #require(text.range(of: "without significance"))
    #expect(first.lowerBound < rest.lowerBound)
    #expect(text.contains("McNemar 14 up 58 down of 120 paired"))
    // Every flip has its test, in text, TSV and JSON alike.
    #expect(diff.flipTests.count == diff.flips.reduce(0) { $0 + $1.flips.count })
    #expect(diff.flipTests.allSatisfy { $0.test != nil && $0.baselineTest == nil }, "the baseline did not move")
    let tsv = diff.tsv()
    #expect(tsv.contains("# table: diff_flip_tests\n"))
    #expect(tsv.contains("\tp\tp_adjusted\tsignificant\n"))
    let json = try #require(try JSONSerialization.jsonObject(with: Data(diff.json().utf8)) as? [String: Any])
    #expect((json["summary"] as? [String: Any])?["cells_moved_significant"] as? Int == significant.count)
    let tables = try #require(json["tables"] as? [[String: Any]])
    let flipTable = try #require(tables.first { $0["table"] as? String == "diff_flip_tests" })
    #expect((flipTable["rows"] as? [Any])?.count == diff.flipTests.count)
}

@Test func aRescoringThatMovesNothingHasNothingSignificant() throws {
    let diff = try RunDiffService.diff(ReportFixture.snapshot(), ReportFixture.snapshot(ReportFixture.Settings(refinedTable: "sha256:refined-table-2", runId: "run-b")))
    #expect(diff.summary.cellsMovedSignificant == 0)
    #expect(diff.cellMetrics.allSatisfy { ($0.test?.pValue ?? 1) == 1 }, "identical rows: no discordant pair")
}
