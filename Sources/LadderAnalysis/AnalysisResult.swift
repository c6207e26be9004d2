import Foundation

/// One row of the cells table (observation grain): counts straight from the rows.
public struct ObservationRow: Sendable, Equatable {
    public var key: ObservationKey
    public var scorer: String
    public var stepKey: String
    public var examples: Int
    public var correct: Int
    public var parseFailures: Int

    public var accuracy: Double { examples == 0 ? 0 : Double(correct) / Double(examples) }
    public var parseFailureRate: Double { examples == 0 ? 0 : Double(parseFailures) / Double(examples) }
}

/// One seed-collapsed cell under one scorer (cell grain).
public struct CellRow: Sendable, Equatable {
    public var key: CellKey
    public var scorer: String
    /// Seeds that were collapsed, in natural order (nil for a seedless observation).
    public var seeds: [String?]
    /// Mean over seeds of the per-seed accuracy.
    public var accuracyMean: Double
    /// Sample standard deviation over seeds; nil with fewer than two seeds.
    public var accuracySD: Double?
    /// Examples summed over seeds.
    public var examples: Int
    /// Mean over seeds of the per-seed parse-failure rate.
    public var parseFailureRateMean: Double
    /// Step keys of the collapsed observations (provenance).
    public var stepKeys: [String]

    public var seedCount: Int { seeds.count }
}

/// A condition cell against the baseline cell with the same scorer, template,
/// benchmark, data and instruction language (cell grain).
public struct VersusBaselineRow: Sendable, Equatable {
    public var cell: CellRow
    public var baseline: CellRow
    /// cell.accuracyMean - baseline.accuracyMean.
    public var delta: Double
    public var outcome: Outcome

    public var key: CellKey { cell.key }
    public var scorer: String { cell.scorer }
}

/// Δ vs baseline aggregated to condition × benchmark or condition × benchmark × instr:
/// the mean over the unit's cells of each cell's seed-collapsed Δ.
public struct AggregateRow: Sendable, Equatable {
    public var grain: Grain
    public var unit: UnitKey
    public var scorer: String
    /// Cells with a baseline counterpart (those the mean is over).
    public var cells: Int
    /// Cells of this unit that have no baseline counterpart (listed as gaps, left out of the mean).
    public var cellsWithoutBaseline: Int
    public var cellsWin: Int
    public var cellsLoss: Int
    public var cellsTie: Int
    public var conditionAccuracyMean: Double?
    public var baselineAccuracyMean: Double?
    public var deltaMean: Double?
    public var outcome: Outcome?
}

/// Something expected that the data lacks. Listed, never skipped silently.
public struct Gap: Hashable, Comparable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// The plan (or the condition's other seeds) has this observation; no rows exist for the scorer.
        case missingObservation = "missing_observation"
        /// Another scorer read this observation; this scorer did not.
        case missingScorer = "missing_scorer"
        /// A condition cell has no baseline cell with the same scorer, template, benchmark and languages.
        case missingBaseline = "missing_baseline"
        /// Example ids present on one side of a paired test only.
        case unpairedExamples = "unpaired_examples"
    }

    public var kind: Kind
    /// Observation for observation-level gaps; for cell-level gaps the seed is nil.
    public var observation: ObservationKey
    public var grain: Grain
    public var scorer: String
    public var detail: String

    public static func < (a: Gap, b: Gap) -> Bool {
        if a.scorer != b.scorer { return a.scorer < b.scorer }
        if a.observation != b.observation { return a.observation < b.observation }
        if a.kind != b.kind { return a.kind.rawValue < b.kind.rawValue }
        return a.detail < b.detail
    }
}

/// Everything the analysis computes from one set of scored observations.
public struct AnalysisResult: Sendable {
    public var config: AnalysisConfig
    /// Scorers present, sorted.
    public var scorers: [String]
    /// Cells table, observation grain, sorted by key then scorer.
    public var observations: [ObservationRow]
    /// Seed-collapsed cells, every condition including the baseline.
    public var cells: [CellRow]
    /// Condition cells vs baseline (baseline cells excluded).
    public var versusBaseline: [VersusBaselineRow]
    /// Condition × benchmark aggregates.
    public var conditionBenchmark: [AggregateRow]
    /// Condition × benchmark × instr aggregates.
    public var conditionBenchmarkInstr: [AggregateRow]
    /// Paired tests at the observation grain; empty when significance was not asked for.
    public var significance: [SignificanceRow]
    public var gaps: [Gap]

    /// Δ vs baseline per unit for one scorer at a conclusion grain (cell, condition × benchmark, condition × benchmark × instr).
    public func deltas(at grain: Grain, scorer: String) -> [UnitKey: Double] {
        var out: [UnitKey: Double] = [:]
        switch grain {
        case .conditionBenchmark, .conditionBenchmarkInstr:
            for row in aggregates(at: grain) where row.scorer == scorer {
                if let d = row.deltaMean { out[row.unit] = d }
            }
        default:
            for row in versusBaseline where row.scorer == scorer { out[UnitKey(row.key, at: .cell)] = row.delta }
        }
        return out
    }

    /// The aggregate rows at condition × benchmark or condition × benchmark × instr.
    public func aggregates(at grain: Grain) -> [AggregateRow] {
        grain == .conditionBenchmarkInstr ? conditionBenchmarkInstr : conditionBenchmark
    }

    /// Conditions other than the baseline, in natural order.
    public var conditions: [String] {
        Array(Set(cells.map(\.key.condition))).filter { $0 != config.baseline }.sorted(by: NaturalOrder.less)
    }
}
