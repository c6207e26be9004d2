import Foundation

/// A paired McNemar test over pooled discordant pairs. Between two runs
/// (`BetweenRuns`): one unit (a cell, or a coarser unit such as
/// condition × benchmark), the same observation (condition, seed, template,
/// benchmark, languages) in run A and run B, paired on the example ids both
/// contain, pooled over the unit's observations. Against the baseline
/// (`ArmSummary`): A is the baseline and B the condition. "Up" counts pairs
/// right in B only, "down" pairs right in A only.
public struct RunPairTest: Sendable, Equatable {
    /// Example ids scored in both runs (n of the test), summed over the unit's observations.
    public var pairedExamples: Int
    /// Example ids scored in one run only (left out of the test).
    public var unpairedExamples: Int
    /// Pairs right in B and wrong in A.
    public var rightInBOnly: Int
    /// Pairs right in A and wrong in B.
    public var rightInAOnly: Int
    public var method: McNemar.Method
    public var statistic: Double?
    public var pValue: Double
    /// p after the correction over the family the caller chose.
    public var pAdjusted: Double
    public var correction: AnalysisConfig.Correction

    /// Whether the adjusted p-value is below `alpha`.
    public func isSignificant(alpha: Double) -> Bool { pAdjusted < alpha }

    /// "McNemar 3 up 11 down of 120 paired, p=0.057, holm 0.23": the discordant counts and both p-values.
    public var text: String {
        func eq(_ x: Double) -> String { let t = Self.p(x); return t.hasPrefix("<") ? t : "=" + t }
        var s = "McNemar \(rightInBOnly) up \(rightInAOnly) down of \(pairedExamples) paired, p\(eq(pValue))"
        if correction != .none { s += ", \(correction.rawValue) \(Self.p(pAdjusted))" }
        return s
    }

    /// Two significant digits, or "<0.0001".
    public static func p(_ x: Double) -> String {
        if x < 0.0001 { return "<0.0001" }
        if x >= 0.995 { return "1" }
        return String(format: x < 0.01 ? "%.4f" : "%.2f", x)
    }
}

/// Paired tests between two runs' scored observations.
public enum BetweenRuns {
    /// A unit under one scorer: the key of a family member.
    public struct Member: Hashable, Sendable {
        public var unit: UnitKey
        public var scorer: String
        public init(unit: UnitKey, scorer: String) {
            self.unit = unit
            self.scorer = scorer
        }
    }

    /// One test per requested unit (at `grain`) that has at least one paired
    /// example, then the correction within each scorer's family (the units
    /// requested for that scorer). Observations pair by their full key, seed
    /// included; examples pair by id.
    public static func tests(_ a: [ScoredObservation], _ b: [ScoredObservation], members: Set<Member>, grain: Grain,
                             correction: AnalysisConfig.Correction, exactBelow: Int = 25) throws -> [Member: RunPairTest] {
        var byKey: [ObservationScorerKey: Int] = [:]
        for (i, o) in b.enumerated() { byKey[ObservationScorerKey(observation: o.key, scorer: o.scorer)] = i }
        struct Counts { var paired = 0, unpaired = 0, up = 0, down = 0 }
        var counts: [Member: Counts] = [:]
        for oa in a {
            let member = Member(unit: UnitKey(oa.key.cell, at: grain), scorer: oa.scorer)
            guard members.contains(member), let j = byKey[ObservationScorerKey(observation: oa.key, scorer: oa.scorer)] else { continue }
            let ob = b[j]
            var ids: [String: Int] = [:]
            ids.reserveCapacity(ob.count)
            for (k, id) in ob.exampleIds.enumerated() where ids.updateValue(k, forKey: id) != nil {
                throw LadderAnalysisError.badInput("observation \(ob.key) scorer \(ob.scorer): example id '\(id)' appears more than once; each example must be scored once per observation")
            }
            var c = counts[member] ?? Counts()
            var seen = Set<String>()
            var paired = 0
            for (k, id) in oa.exampleIds.enumerated() {
                guard seen.insert(id).inserted else {
                    throw LadderAnalysisError.badInput("observation \(oa.key) scorer \(oa.scorer): example id '\(id)' appears more than once; each example must be scored once per observation")
                }
                guard let m = ids[id] else { continue }
                paired += 1
                let x = oa.correct[k], y = ob.correct[m]
                if y && !x { c.up += 1 } else if x && !y { c.down += 1 }
            }
            c.paired += paired
            c.unpaired += (oa.count - paired) + (ob.count - paired)
            counts[member] = c
        }
        var out: [Member: RunPairTest] = [:]
        for (member, c) in counts where c.paired > 0 {
            let t = McNemar.test(conditionOnly: c.up, baselineOnly: c.down, exactBelow: exactBelow)
            out[member] = RunPairTest(pairedExamples: c.paired, unpairedExamples: c.unpaired, rightInBOnly: c.up, rightInAOnly: c.down,
                                      method: t.method, statistic: t.statistic, pValue: t.pValue, pAdjusted: t.pValue, correction: correction)
        }
        for scorer in Set(out.keys.map(\.scorer)) {
            let family = out.keys.filter { $0.scorer == scorer }.sorted { $0.unit < $1.unit }
            let adjusted = MultipleComparison.adjust(family.map { out[$0]!.pValue }, method: correction)
            for (m, p) in zip(family, adjusted) { out[m]!.pAdjusted = p }
        }
        return out
    }
}
