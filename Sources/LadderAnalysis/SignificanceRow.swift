import Foundation

/// A paired test of one condition observation against its baseline
/// observation, over the example ids both contain, or row by row where a
/// side's rows carry no ids (`pairing`; observation grain).
///
/// The baseline observation is the one with the same seed when the baseline
/// has it, else the baseline's only observation, else the baseline's first
/// seed in natural order; `baselineSeed` says which was used.
public struct SignificanceRow: Sendable, Equatable {
    public var key: ObservationKey
    public var scorer: String
    public var baselineSeed: String?
    /// By example id when both observations' rows carry ids, else by position.
    public var pairing: Pairing
    /// Example ids present in both observations (n of the test).
    public var pairedExamples: Int
    /// Example ids present in one observation only (left out of the test, listed as a gap when > 0).
    public var unpairedExamples: Int
    /// b: pairs the condition gets right and the baseline wrong.
    public var conditionOnly: Int
    /// c: pairs the baseline gets right and the condition wrong.
    public var baselineOnly: Int
    /// (b − c) / paired: the accuracy difference over paired examples.
    public var deltaPaired: Double
    public var method: McNemar.Method
    public var statistic: Double?
    public var pValue: Double
    /// p after the configured correction over this scorer's family of tests.
    public var pAdjusted: Double
    public var correction: AnalysisConfig.Correction
    public var interval: PairedBootstrap.Interval?
    public var conditionStepKey: String
    public var baselineStepKey: String

    /// Whether the adjusted p-value is below `alpha`.
    public func isSignificant(alpha: Double) -> Bool { pAdjusted < alpha }
}
