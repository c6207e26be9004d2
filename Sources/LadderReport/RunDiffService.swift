import Foundation
import LadderAnalysis
import LadderCore

/// Computes `RunDiff`s. The metric half runs the analysis without
/// significance (the diff needs accuracies and Δs only), so it stays cheap at
/// the study's scale.
public enum RunDiffService {
    /// Plan, metrics and flips between two runs. The noise floor and baseline
    /// come from `config`, else from run B's declared analysis settings.
    public static func diff(_ a: RunSnapshot, _ b: RunSnapshot, config: AnalysisConfig? = nil) throws -> RunDiff {
        let settings = config ?? b.analysis
        let (onlyA, onlyB, changed, unchanged) = try planDiff(a, b)
        // A run without scored rows (a ladder with no scoring, or one that failed before it) has no metrics to compare.
        let resultA = a.observations.isEmpty ? nil : try a.analyze(config: settings, significance: false)
        let resultB = b.observations.isEmpty ? nil : try b.analyze(config: settings, significance: false)
        var cells = cellMetrics(resultA, resultB)
        let compared = Set(cells.filter { $0.change != nil }.map { BetweenRuns.Member(unit: $0.unit, scorer: $0.scorer) })
        let cellTests = try BetweenRuns.tests(a.observations, b.observations, members: compared, grain: .cell,
                                              correction: settings.correction, exactBelow: settings.exactBelow)
        for i in cells.indices { cells[i].test = cellTests[BetweenRuns.Member(unit: cells[i].unit, scorer: cells[i].scorer)] }
        let units = conditionBenchmarkMetrics(resultA, resultB)
        var flips: [FlipComparison] = []
        var flipTests: [RunDiff.FlipTest] = []
        for scorer in Set(resultA?.scorers ?? []).intersection(resultB?.scorers ?? []).sorted() {
            guard let resultA, let resultB else { break }
            let found = ConclusionFlips.between(resultA, scorer: scorer, and: resultB, scorer: scorer,
                                                labelA: "A \(scorer)", labelB: "B \(scorer)", noiseFloor: settings.noiseFloor)
            flips += found
            flipTests += try testFlips(found, scorer: scorer, a, b, settings)
        }
        var summary = RunDiff.Summary()
        summary.stepsOnlyInA = onlyA.count
        summary.stepsOnlyInB = onlyB.count
        summary.stepsChanged = changed.count
        summary.stepsUnchanged = unchanged
        summary.cellsCompared = cells.filter { $0.change != nil }.count
        summary.cellsMoved = cells.filter { abs($0.change ?? 0) > settings.noiseFloor }.count
        summary.cellsMovedSignificant = cells.filter { abs($0.change ?? 0) > settings.noiseFloor && ($0.test?.isSignificant(alpha: settings.alpha) ?? false) }.count
        summary.cellsOnlyInA = cells.filter { $0.accuracyB == nil }.count
        summary.cellsOnlyInB = cells.filter { $0.accuracyA == nil }.count
        for grain in Grain.conclusionGrains {
            summary.flips[grain.rawValue] = flips.filter { $0.grain == grain }.reduce(0) { $0 + $1.flips.count }
        }
        return RunDiff(runA: a.label, runB: b.label, noiseFloor: settings.noiseFloor, alpha: settings.alpha, correction: settings.correction,
                       summary: summary, onlyInA: onlyA, onlyInB: onlyB,
                       changed: changed, causes: DiffCause.group(changed: changed, onlyInA: onlyA, onlyInB: onlyB),
                       cellMetrics: cells, conditionBenchmarkMetrics: units, flips: flips, flipTests: flipTests)
    }

    /// Each flip's paired test (the condition's unit, A vs B, corrected over the
    /// flips of one grain) and the baseline unit's own test when it moved.
    static func testFlips(_ comparisons: [FlipComparison], scorer: String, _ a: RunSnapshot, _ b: RunSnapshot,
                          _ settings: AnalysisConfig) throws -> [RunDiff.FlipTest] {
        var out: [RunDiff.FlipTest] = []
        for comparison in comparisons where !comparison.flips.isEmpty {
            let members = Set(comparison.flips.map { BetweenRuns.Member(unit: $0.unit, scorer: scorer) })
            func baseline(_ u: UnitKey) -> UnitKey {
                var v = u
                v.condition = settings.baseline
                return v
            }
            let baselineMembers = Set(members.map { BetweenRuns.Member(unit: baseline($0.unit), scorer: scorer) })
            let tests = try BetweenRuns.tests(a.observations, b.observations, members: members, grain: comparison.grain,
                                              correction: settings.correction, exactBelow: settings.exactBelow)
            let baseTests = try BetweenRuns.tests(a.observations, b.observations, members: baselineMembers, grain: comparison.grain,
                                                  correction: settings.correction, exactBelow: settings.exactBelow)
            for f in comparison.flips {
                let bt = baseTests[BetweenRuns.Member(unit: baseline(f.unit), scorer: scorer)]
                out.append(RunDiff.FlipTest(grain: comparison.grain, scorer: scorer, flip: f,
                                            test: tests[BetweenRuns.Member(unit: f.unit, scorer: scorer)],
                                            baselineTest: bt.flatMap { $0.rightInAOnly + $0.rightInBOnly > 0 ? $0 : nil }))
            }
        }
        return out
    }

    /// Steps only in A, only in B, and same identity with a different key, each with the ingredients that changed.
    static func planDiff(_ a: RunSnapshot, _ b: RunSnapshot) throws -> ([StepRecord], [StepRecord], [RunDiff.StepChange], Int) {
        let stepsA = try index(a), stepsB = try index(b)
        var changed: [RunDiff.StepChange] = []
        var unchanged = 0
        for (identity, sa) in stepsA {
            guard let sb = stepsB[identity] else { continue }
            if sa.key == sb.key { unchanged += 1; continue }
            let names = Set(sa.ingredients.keys).union(sb.ingredients.keys).sorted()
            let diffs = names.compactMap { n -> RunDiff.IngredientChange? in
                let old = sa.ingredients[n], new = sb.ingredients[n]
                return old == new ? nil : RunDiff.IngredientChange(name: n, old: old, new: new)
            }
            changed.append(RunDiff.StepChange(identity: identity, keyA: sa.key, keyB: sb.key, ingredients: diffs))
        }
        let onlyA = stepsA.filter { stepsB[$0.key] == nil }.map(\.value).sorted { $0.identity < $1.identity }
        let onlyB = stepsB.filter { stepsA[$0.key] == nil }.map(\.value).sorted { $0.identity < $1.identity }
        return (onlyA, onlyB, changed.sorted { $0.identity < $1.identity }, unchanged)
    }

    private static func index(_ run: RunSnapshot) throws -> [StepIdentity: StepRecord] {
        var out: [StepIdentity: StepRecord] = [:]
        for s in run.steps {
            if out.updateValue(s, forKey: s.identity) != nil {
                throw LadderError.badInput("run \(run.label): step \(s.identity) appears twice; a run must record each step identity once")
            }
        }
        return out
    }

    static func cellMetrics(_ a: AnalysisResult?, _ b: AnalysisResult?) -> [RunDiff.MetricRow] {
        struct Key: Hashable { var cell: CellKey; var scorer: String }
        func accuracy(_ r: AnalysisResult?) -> [Key: Double] {
            Dictionary((r?.cells ?? []).map { (Key(cell: $0.key, scorer: $0.scorer), $0.accuracyMean) }, uniquingKeysWith: { x, _ in x })
        }
        func delta(_ r: AnalysisResult?) -> [Key: Double] {
            Dictionary((r?.versusBaseline ?? []).map { (Key(cell: $0.key, scorer: $0.scorer), $0.delta) }, uniquingKeysWith: { x, _ in x })
        }
        let accA = accuracy(a), accB = accuracy(b), dA = delta(a), dB = delta(b)
        return Set(accA.keys).union(accB.keys).map { k in
            RunDiff.MetricRow(grain: .cell, unit: UnitKey(k.cell, at: .cell), scorer: k.scorer, accuracyA: accA[k], accuracyB: accB[k],
                              deltaVsBaselineA: dA[k], deltaVsBaselineB: dB[k])
        }.sorted { $0.unit != $1.unit ? $0.unit < $1.unit : $0.scorer < $1.scorer }
    }

    static func conditionBenchmarkMetrics(_ a: AnalysisResult?, _ b: AnalysisResult?) -> [RunDiff.MetricRow] {
        struct Key: Hashable { var unit: UnitKey; var scorer: String }
        func accuracy(_ r: AnalysisResult?) -> [Key: Double] {
            var groups: [Key: [Double]] = [:]
            for c in r?.cells ?? [] { groups[Key(unit: UnitKey(c.key, at: .conditionBenchmark), scorer: c.scorer), default: []].append(c.accuracyMean) }
            return groups.mapValues { $0.reduce(0, +) / Double($0.count) }
        }
        func delta(_ r: AnalysisResult?) -> [Key: Double] {
            var out: [Key: Double] = [:]
            for row in r?.conditionBenchmark ?? [] { if let d = row.deltaMean { out[Key(unit: row.unit, scorer: row.scorer)] = d } }
            return out
        }
        let accA = accuracy(a), accB = accuracy(b), dA = delta(a), dB = delta(b)
        return Set(accA.keys).union(accB.keys).map { k in
            RunDiff.MetricRow(grain: .conditionBenchmark, unit: k.unit, scorer: k.scorer, accuracyA: accA[k], accuracyB: accB[k],
                              deltaVsBaselineA: dA[k], deltaVsBaselineB: dB[k])
        }.sorted { $0.unit != $1.unit ? $0.unit < $1.unit : $0.scorer < $1.scorer }
    }
}
