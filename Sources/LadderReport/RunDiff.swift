import Foundation
import LadderAnalysis

/// What changed between run A and run B: the plan (which steps, and which
/// ingredient of each changed key), the metrics, and the conclusions that flip.
public struct RunDiff: Sendable {
    /// One ingredient of a step key that differs; nil means absent on that side.
    public struct IngredientChange: Sendable, Equatable {
        public var name: String
        public var old: String?
        public var new: String?
    }

    /// A step with the same identity in both runs and a different key.
    public struct StepChange: Sendable, Equatable {
        public var identity: StepIdentity
        public var keyA: String
        public var keyB: String
        /// The ingredients that differ, by name; empty only when the key changed
        /// without any recorded ingredient changing (then the key encoding itself changed).
        public var ingredients: [IngredientChange]
    }

    /// One unit's accuracy and Δ vs baseline under one scorer in A and in B.
    public struct MetricRow: Sendable, Equatable {
        public var grain: Grain
        public var unit: UnitKey
        public var scorer: String
        public var accuracyA: Double?
        public var accuracyB: Double?
        public var deltaVsBaselineA: Double?
        public var deltaVsBaselineB: Double?
        /// The paired test A vs B on the unit's shared example ids (cells only; nil when nothing pairs).
        public var test: RunPairTest? = nil

        /// accuracyB − accuracyA when both exist.
        public var change: Double? {
            guard let a = accuracyA, let b = accuracyB else { return nil }
            return b - a
        }
    }

    /// The counts shown first.
    public struct Summary: Sendable, Equatable {
        public var stepsOnlyInA = 0
        public var stepsOnlyInB = 0
        public var stepsChanged = 0
        public var stepsUnchanged = 0
        public var cellsCompared = 0
        /// Cells whose accuracy moved by more than the noise floor.
        public var cellsMoved = 0
        /// Cells that moved beyond the noise floor and whose paired test is significant after the correction.
        public var cellsMovedSignificant = 0
        public var cellsOnlyInA = 0
        public var cellsOnlyInB = 0
        /// Flips per conclusion grain (rawValue of the grain → count), all scorers together.
        public var flips: [String: Int] = [:]
    }

    /// A conclusion flip with its paired test: the condition's unit A vs B and,
    /// when the baseline's counterpart moved too, the baseline's.
    public struct FlipTest: Sendable, Equatable {
        public var grain: Grain
        public var scorer: String
        public var flip: Flip
        public var test: RunPairTest?
        /// The baseline unit's own A-vs-B test, when any of its pairs differ.
        public var baselineTest: RunPairTest?
    }

    public var runA: String
    public var runB: String
    public var noiseFloor: Double
    /// Level below which an adjusted p-value counts as significant.
    public var alpha: Double = 0.05
    /// The correction over each family (cells of one scorer; flips of one scorer and grain).
    public var correction: AnalysisConfig.Correction = .holm
    public var summary: Summary
    public var onlyInA: [StepRecord]
    public var onlyInB: [StepRecord]
    public var changed: [StepChange]
    /// The changes behind `changed`, `onlyInA` and `onlyInB`, each with the steps it reaches.
    public var causes: [DiffCause] = []
    /// Per cell (seed-collapsed) and scorer.
    public var cellMetrics: [MetricRow]
    /// Per condition × benchmark and scorer: accuracy is the mean over the unit's
    /// cells, Δ vs baseline as the analysis defines it.
    public var conditionBenchmarkMetrics: [MetricRow]
    /// Per scorer both runs have, one comparison per conclusion grain.
    public var flips: [FlipComparison]
    /// Every flip in `flips` with its test, in the same order.
    public var flipTests: [FlipTest] = []

    /// Cells that moved beyond the noise floor, largest move first.
    public var movedCells: [MetricRow] {
        cellMetrics.filter { m in m.change.map { abs($0) > noiseFloor } ?? false }
            .sorted { abs($0.change!) != abs($1.change!) ? abs($0.change!) > abs($1.change!) : ($0.unit != $1.unit ? $0.unit < $1.unit : $0.scorer < $1.scorer) }
    }

    /// Whether a row's paired test is significant at `alpha` after the correction.
    public func isSignificant(_ m: MetricRow) -> Bool { m.test?.isSignificant(alpha: alpha) ?? false }
}
