import Foundation

/// A conclusion vs baseline that changes sign between two readings (two
/// scorers of one run, or two runs) while both |Δ| exceed the noise floor.
public struct Flip: Sendable, Equatable, Comparable {
    public var grain: Grain
    public var unit: UnitKey
    public var deltaA: Double
    public var deltaB: Double

    /// "win→loss" or "loss→win".
    public var direction: String { deltaA > 0 ? "win→loss" : "loss→win" }

    public static func < (a: Flip, b: Flip) -> Bool { a.unit < b.unit }
}

/// Flips at one grain between reading A and reading B, with what could not be compared.
public struct FlipComparison: Sendable, Equatable {
    public var grain: Grain
    /// What A and B are, as shown in headers (for example "strict-v1" and "refined-v1").
    public var labelA: String
    public var labelB: String
    public var noiseFloor: Double
    /// Units with a Δ on both sides.
    public var compared: Int
    public var flips: [Flip]
    /// Units with a Δ under A only (no counterpart under B): listed, not skipped.
    public var onlyInA: [UnitKey]
    public var onlyInB: [UnitKey]
}

/// Finds flips. The rule is the study's: sign(Δ_A) ≠ sign(Δ_B) and
/// |Δ_A| > floor and |Δ_B| > floor. At condition × benchmark and
/// condition × benchmark × instr, Δ is the mean over cells of the
/// seed-collapsed Δ (see `Analysis`), compared over the cells each side has.
public enum ConclusionFlips {
    /// Flips between two maps of unit → Δ at one grain.
    public static func compare(_ a: [UnitKey: Double], _ b: [UnitKey: Double], grain: Grain,
                               labelA: String, labelB: String, noiseFloor: Double) -> FlipComparison {
        var flips: [Flip] = []
        var compared = 0
        for (unit, da) in a {
            guard let db = b[unit] else { continue }
            compared += 1
            if abs(da) > noiseFloor, abs(db) > noiseFloor, (da > 0) != (db > 0) {
                flips.append(Flip(grain: grain, unit: unit, deltaA: da, deltaB: db))
            }
        }
        return FlipComparison(grain: grain, labelA: labelA, labelB: labelB, noiseFloor: noiseFloor, compared: compared,
                              flips: flips.sorted(),
                              onlyInA: a.keys.filter { b[$0] == nil }.sorted(),
                              onlyInB: b.keys.filter { a[$0] == nil }.sorted())
    }

    /// Flips at every conclusion grain between scorer `scorerA` of result `a`
    /// and scorer `scorerB` of result `b` (the same result for the two-scorer
    /// view of one run). The noise floor defaults to A's configured one.
    public static func between(_ a: AnalysisResult, scorer scorerA: String, and b: AnalysisResult, scorer scorerB: String,
                               labelA: String? = nil, labelB: String? = nil, noiseFloor: Double? = nil) -> [FlipComparison] {
        let floor = noiseFloor ?? a.config.noiseFloor
        return Grain.conclusionGrains.map { grain in
            compare(a.deltas(at: grain, scorer: scorerA), b.deltas(at: grain, scorer: scorerB), grain: grain,
                    labelA: labelA ?? scorerA, labelB: labelB ?? scorerB, noiseFloor: floor)
        }
    }

    /// The two-scorer view of one run.
    public static func betweenScorers(_ result: AnalysisResult, _ scorerA: String, _ scorerB: String) -> [FlipComparison] {
        between(result, scorer: scorerA, and: result, scorer: scorerB)
    }
}
