import Foundation
import LadderCore

/// What the analysis reads: scored observations, and the observations the
/// plan expects (so a session with no files shows up as a gap instead of
/// silently shrinking a mean).
public struct AnalysisInput: Sendable {
    public var observations: [ScoredObservation]
    /// Observations the plan says should exist, for every scorer. Empty: gaps are inferred from the data alone.
    public var expected: [ObservationKey]

    public init(observations: [ScoredObservation], expected: [ObservationKey] = []) {
        self.observations = observations
        self.expected = expected
    }
}

/// The analysis: cells table, seed collapse, versus-baseline, aggregates,
/// gaps and paired significance, all computed from the scored rows.
///
/// Order matters and is fixed: per-observation counts first, then seeds are
/// collapsed into cells (mean, sd, n_seeds), then Δ vs baseline per cell, then
/// cells are averaged into coarser units. A coarser Δ is therefore the mean
/// over cells of the seed-collapsed Δ, so a three-seed condition weighs the
/// same as a one-seed one and a seed never counts as a cell.
public enum Analysis {
    /// Runs every stage. `significance: false` skips the paired tests (what a
    /// metric diff needs, and far cheaper).
    public static func run(_ input: AnalysisInput, config: AnalysisConfig, significance: Bool = true) throws -> AnalysisResult {
        try config.validate()
        var seen = Set<ObservationScorerKey>()
        for o in input.observations {
            let k = ObservationScorerKey(observation: o.key, scorer: o.scorer)
            if !seen.insert(k).inserted {
                throw LadderAnalysisError.badInput("observation \(o.key) appears twice for scorer \(o.scorer); each scoring step must write each observation once")
            }
            if o.pairing == nil {
                throw LadderAnalysisError.badInput(
                    "observation \(o.key) scorer \(o.scorer): \(o.count - o.positionalIds) rows carry an example id and \(o.positionalIds) do not; ids and positions cannot be paired together, so give every row of the cell an example id (or none)")
            }
        }
        guard input.observations.contains(where: { $0.key.condition == config.baseline }) else {
            let present = Set(input.observations.map(\.key.condition)).sorted(by: NaturalOrder.less).prefix(12).joined(separator: ", ")
            throw LadderAnalysisError.badInput(
                "baseline condition '\(config.baseline)' has no scored rows (conditions present: \(present)); fix analysis.baseline or run the baseline's scoring")
        }
        let observations = observationRows(input.observations)
        let cells = collapseSeeds(observations)
        let versus = versusBaseline(cells, config: config)
        var gaps = findGaps(observations: observations, cells: cells, expected: input.expected, config: config)
        var tests: [SignificanceRow] = []
        if significance {
            let outcome = try significanceTests(input.observations, config: config)
            tests = outcome.rows
            gaps.append(contentsOf: outcome.gaps)
        }
        return AnalysisResult(
            config: config,
            scorers: Array(Set(observations.map(\.scorer))).sorted(),
            observations: observations,
            cells: cells,
            versusBaseline: versus,
            conditionBenchmark: aggregate(versus, cells: cells, at: .conditionBenchmark, config: config),
            conditionBenchmarkInstr: aggregate(versus, cells: cells, at: .conditionBenchmarkInstr, config: config),
            significance: tests,
            gaps: gaps.sorted())
    }

    /// The cells table: one row per observation and scorer, counted from the rows.
    static func observationRows(_ input: [ScoredObservation]) -> [ObservationRow] {
        input.map { o in
            var correct = 0, failures = 0
            o.correct.withUnsafeBufferPointer { buf in for c in buf where c { correct += 1 } }
            o.parsed.withUnsafeBufferPointer { buf in for p in buf where !p { failures += 1 } }
            return ObservationRow(key: o.key, scorer: o.scorer, stepKey: o.stepKey, examples: o.count,
                                  correct: correct, parseFailures: failures)
        }.sorted { ObservationScorerKey(observation: $0.key, scorer: $0.scorer) < ObservationScorerKey(observation: $1.key, scorer: $1.scorer) }
    }

    /// Seeds collapsed first: one row per cell and scorer with the mean and sd over seeds.
    static func collapseSeeds(_ rows: [ObservationRow]) -> [CellRow] {
        struct GroupKey: Hashable { var cell: CellKey; var scorer: String }
        var groups: [GroupKey: [ObservationRow]] = [:]
        for r in rows { groups[GroupKey(cell: r.key.cell, scorer: r.scorer), default: []].append(r) }
        return groups.map { key, members in
            let sorted = members.sorted { NaturalOrder.less($0.key.seed, $1.key.seed) }
            let accuracies = sorted.map(\.accuracy)
            return CellRow(key: key.cell, scorer: key.scorer, seeds: sorted.map(\.key.seed),
                           accuracyMean: Stats.mean(accuracies), accuracySD: Stats.sampleSD(accuracies),
                           examples: sorted.reduce(0) { $0 + $1.examples },
                           parseFailureRateMean: Stats.mean(sorted.map(\.parseFailureRate)),
                           stepKeys: sorted.map(\.stepKey))
        }.sorted { $0.key != $1.key ? $0.key < $1.key : $0.scorer < $1.scorer }
    }
}

/// Small numeric helpers shared by the analysis.
enum Stats {
    static func mean(_ xs: [Double]) -> Double {
        xs.isEmpty ? 0 : xs.reduce(0, +) / Double(xs.count)
    }

    /// Sample standard deviation (n - 1); nil below two values because one seed has no spread to report.
    static func sampleSD(_ xs: [Double]) -> Double? {
        guard xs.count >= 2 else { return nil }
        let m = mean(xs)
        let ss = xs.reduce(0) { $0 + ($1 - m) * ($1 - m) }
        return (ss / Double(xs.count - 1)).squareRoot()
    }
}
