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
        public var cellsOnlyInA = 0
        public var cellsOnlyInB = 0
        /// Flips per conclusion grain (rawValue of the grain → count), all scorers together.
        public var flips: [String: Int] = [:]
    }

    public var runA: String
    public var runB: String
    public var noiseFloor: Double
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
}
