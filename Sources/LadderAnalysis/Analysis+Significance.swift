import Foundation

extension Analysis {
    /// Paired tests of every condition observation against its baseline
    /// observation, then the configured correction within each scorer's family
    /// (all of that scorer's tests). Pairs are matched by example id where both
    /// observations' rows carry ids, else by position (`Pairing`); n is the
    /// count of pairs.
    static func significanceTests(_ input: [ScoredObservation], config: AnalysisConfig) throws -> (rows: [SignificanceRow], gaps: [Gap]) {
        struct Counterpart: Hashable { var cell: CellKey; var scorer: String }
        var baselineIndex: [Counterpart: [Int]] = [:]
        for (i, o) in input.enumerated() where o.key.condition == config.baseline {
            baselineIndex[Counterpart(cell: o.key.cell, scorer: o.scorer), default: []].append(i)
        }
        for k in baselineIndex.keys { baselineIndex[k]!.sort { NaturalOrder.less(input[$0].key.seed, input[$1].key.seed) } }

        var idIndex: [Int: [String: Int32]] = [:]
        var stamp: [Int32] = []
        var generation: Int32 = 0
        var rows: [SignificanceRow] = []
        var gaps: [Gap] = []
        let order = input.indices.filter { input[$0].key.condition != config.baseline }
            .sorted { ObservationScorerKey(observation: input[$0].key, scorer: input[$0].scorer) < ObservationScorerKey(observation: input[$1].key, scorer: input[$1].scorer) }
        for i in order {
            let o = input[i]
            guard let candidates = baselineIndex[Counterpart(cell: o.key.cell.under(condition: config.baseline), scorer: o.scorer)] else { continue }
            let j = candidates.first { input[$0].key.seed == o.key.seed } ?? candidates[0]
            let base = input[j]
            if idIndex[j] == nil { idIndex[j] = try index(of: base) }
            let pairing: Pairing = o.pairing == .exampleId && base.pairing == .exampleId ? .exampleId : .position
            var paired = 0, b = 0, c = 0, unpaired = 0
            if pairing == .exampleId {
                let ids = idIndex[j]!
                if stamp.count < base.count { stamp = [Int32](repeating: 0, count: base.count) }
                generation += 1
                for (k, id) in o.exampleIds.enumerated() {
                    guard let m = ids[id].map(Int.init) else { unpaired += 1; continue }
                    if stamp[m] == generation {
                        throw LadderAnalysisError.badInput("observation \(o.key) scorer \(o.scorer): example id '\(id)' appears more than once; each example must be scored once per observation")
                    }
                    stamp[m] = generation
                    paired += 1
                    let x = o.correct[k], y = base.correct[m]
                    if x && !y { b += 1 } else if y && !x { c += 1 }
                }
                unpaired += base.count - paired
            } else {
                // Row k with row k: all that is left when a side's rows carry no ids.
                if o.pairing == .position { _ = try index(of: o) }
                paired = min(o.count, base.count)
                unpaired = max(o.count, base.count) - paired
                for k in 0..<paired {
                    let x = o.correct[k], y = base.correct[k]
                    if x && !y { b += 1 } else if y && !x { c += 1 }
                }
            }
            if unpaired > 0 {
                let what = pairing == .exampleId
                    ? "\(unpaired) example ids are in only one of this observation and its \(config.baseline) observation; the paired test uses the \(paired) shared ids"
                    : "\(unpaired) rows are past the end of the shorter of this observation and its \(config.baseline) observation (paired by position); the paired test uses the first \(paired) rows"
                gaps.append(Gap(kind: .unpairedExamples, observation: o.key, grain: .observation, scorer: o.scorer, detail: what))
            }
            guard paired > 0 else { continue }
            let test = McNemar.test(conditionOnly: b, baselineOnly: c, exactBelow: config.exactBelow)
            let seed = config.bootstrapSeed ^ SplitMix64.fnv1a("\(o.scorer)|\(o.key)")
            let ci = PairedBootstrap.interval(pairs: paired, conditionOnly: b, baselineOnly: c, resamples: config.bootstrapResamples,
                                              confidence: config.confidenceLevel, seed: seed)
            rows.append(SignificanceRow(key: o.key, scorer: o.scorer, baselineSeed: base.key.seed, pairing: pairing, pairedExamples: paired,
                                        unpairedExamples: unpaired, conditionOnly: b, baselineOnly: c,
                                        deltaPaired: Double(b - c) / Double(paired), method: test.method, statistic: test.statistic,
                                        pValue: test.pValue, pAdjusted: test.pValue, correction: config.correction, interval: ci,
                                        conditionStepKey: o.stepKey, baselineStepKey: base.stepKey))
        }
        for scorer in Set(rows.map(\.scorer)) {
            let members = rows.indices.filter { rows[$0].scorer == scorer }
            let adjusted = MultipleComparison.adjust(members.map { rows[$0].pValue }, method: config.correction)
            for (m, p) in zip(members, adjusted) { rows[m].pAdjusted = p }
        }
        return (rows, gaps)
    }

    private static func index(of o: ScoredObservation) throws -> [String: Int32] {
        var ids: [String: Int32] = [:]
        ids.reserveCapacity(o.count)
        for (k, id) in o.exampleIds.enumerated() {
            if ids.updateValue(Int32(k), forKey: id) != nil {
                throw LadderAnalysisError.badInput("observation \(o.key) scorer \(o.scorer): example id '\(id)' appears more than once; each example must be scored once per observation")
            }
        }
        return ids
    }
}
