import Foundation
import LadderCore

/// The analysis settings a ladder declares (`analysis:` block).
public struct AnalysisConfig: Sendable, Codable, Equatable {
    /// Paired test used on example ids. McNemar is the only one the study used.
    public enum Test: String, Sendable, Codable, CaseIterable {
        case mcnemar
    }

    /// Multiple-comparison correction over one scorer's family of tests.
    public enum Correction: String, Sendable, Codable, CaseIterable {
        case holm, bonferroni, none
    }

    /// Condition every other condition is compared against.
    public var baseline: String
    /// |Δ| at or below this is a tie, not a win or a loss; flips need both |Δ| above it.
    public var noiseFloor: Double
    public var test: Test
    public var correction: Correction
    /// Level at which an adjusted p-value counts as significant in summaries.
    public var alpha: Double
    /// Paired-bootstrap resamples per test; 0 turns the bootstrap off.
    public var bootstrapResamples: Int
    /// Seed of the bootstrap's generator; each test derives its own stream from it and its key.
    public var bootstrapSeed: UInt64
    /// Coverage of the bootstrap interval (0.95 → 2.5th and 97.5th percentiles).
    public var confidenceLevel: Double
    /// McNemar is exact (binomial) when discordant pairs are fewer than this, chi-square otherwise.
    public var exactBelow: Int

    public init(baseline: String = "baseline", noiseFloor: Double = 0.01, test: Test = .mcnemar,
                correction: Correction = .holm, alpha: Double = 0.05, bootstrapResamples: Int = 1000,
                bootstrapSeed: UInt64 = 42, confidenceLevel: Double = 0.95, exactBelow: Int = 25) {
        self.baseline = baseline
        self.noiseFloor = noiseFloor
        self.test = test
        self.correction = correction
        self.alpha = alpha
        self.bootstrapResamples = bootstrapResamples
        self.bootstrapSeed = bootstrapSeed
        self.confidenceLevel = confidenceLevel
        self.exactBelow = exactBelow
    }

    /// Throws a bad-input error naming the first setting out of range.
    public func validate() throws {
        if baseline.isEmpty { throw LadderAnalysisError.badInput("analysis.baseline is empty; name the baseline condition") }
        if !(noiseFloor >= 0 && noiseFloor < 1) {
            throw LadderAnalysisError.badInput("analysis.noise_floor is \(noiseFloor); use a value in [0, 1), for example 0.01")
        }
        if !(alpha > 0 && alpha < 1) { throw LadderAnalysisError.badInput("analysis.significance.alpha is \(alpha); use a value in (0, 1)") }
        if bootstrapResamples < 0 {
            throw LadderAnalysisError.badInput("analysis.bootstrap.resamples is \(bootstrapResamples); use 0 (off) or more, for example 1000")
        }
        if !(confidenceLevel > 0 && confidenceLevel < 1) {
            throw LadderAnalysisError.badInput("analysis.bootstrap.confidence is \(confidenceLevel); use a value in (0, 1), for example 0.95")
        }
        if exactBelow < 0 { throw LadderAnalysisError.badInput("analysis.significance.exact_below is \(exactBelow); use 0 or more") }
    }
}
