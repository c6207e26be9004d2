import Foundation

/// Absolute accuracy and Δ vs baseline of one arm (a rendered condition such
/// as `condition-2-zh-5k`: condition × lang × tier) on one benchmark under one
/// scorer, with bootstrap intervals and a pooled paired test.
///
/// - accuracy: the mean over the arm's cells of each cell's seed-collapsed
///   accuracy (the analysis's definition); its interval resamples the examples
///   of every observation (a resampled observation's correct count is
///   Binomial(n, k/n), exactly the index bootstrap for a binary column).
/// - Δ vs baseline: the mean over cells of the seed-collapsed paired Δ (each
///   observation against its baseline observation over their shared example
///   ids: the analysis's Δ whenever every example pairs); its interval resamples the example pairs of every observation against its
///   baseline observation (the paired bootstrap of `PairedBootstrap`), then
///   averages as the point estimate does.
/// - test: McNemar over all pairs of the arm on that benchmark (discordant
///   counts summed over cells and seeds), corrected within each scorer's
///   family of arm × benchmark tests.
public struct ArmBenchmarkRow: Sendable, Equatable {
    public var arm: String
    public var benchmark: String
    public var scorer: String
    public var cells: Int
    public var examples: Int
    public var accuracy: Double
    public var accuracyInterval: ClosedRange<Double>?
    public var delta: Double?
    public var deltaInterval: ClosedRange<Double>?
    public var test: RunPairTest?
}

/// Computes `ArmBenchmarkRow`s from scored observations.
public enum ArmSummary {
    /// One row per arm × benchmark × scorer, arms and benchmarks in natural order (callers reorder).
    public static func rows(_ observations: [ScoredObservation], config: AnalysisConfig) -> [ArmBenchmarkRow] {
        struct Group: Hashable { var arm: String; var benchmark: String; var scorer: String }
        struct Counterpart: Hashable { var cell: CellKey; var scorer: String }
        var baseline: [Counterpart: [ScoredObservation]] = [:]
        for o in observations where o.key.condition == config.baseline {
            baseline[Counterpart(cell: o.key.cell, scorer: o.scorer), default: []].append(o)
        }
        for k in baseline.keys { baseline[k]!.sort { NaturalOrder.less($0.key.seed, $1.key.seed) } }
        var groups: [Group: [ScoredObservation]] = [:]
        for o in observations { groups[Group(arm: o.key.condition, benchmark: o.key.benchmark, scorer: o.scorer), default: []].append(o) }

        var rows: [ArmBenchmarkRow] = []
        for g in groups.keys.sorted(by: { a, b in
            a.arm != b.arm ? NaturalOrder.less(a.arm, b.arm) : a.benchmark != b.benchmark ? a.benchmark < b.benchmark : a.scorer < b.scorer
        }) {
            // Cells, each with its seed observations and their baseline pairs.
            var cells: [CellKey: [(obs: ScoredObservation, pair: Pairing?)]] = [:]
            for o in groups[g]! {
                var pair: Pairing?
                if g.arm != config.baseline, let candidates = baseline[Counterpart(cell: o.key.cell.under(condition: config.baseline), scorer: o.scorer)] {
                    let base = candidates.first { $0.key.seed == o.key.seed } ?? candidates[0]
                    pair = Pairing(o, base)
                }
                cells[o.key.cell, default: []].append((o, pair))
            }
            let cellKeys = cells.keys.sorted()
            let accuracy = mean(cellKeys.map { c in mean(cells[c]!.map { Double($0.obs.correctCount) / Double(max(1, $0.obs.count)) }) })
            let pairedCells = cellKeys.filter { c in cells[c]!.contains { $0.pair != nil } }
            let delta: Double? = pairedCells.isEmpty ? nil : mean(pairedCells.map { c in
                mean(cells[c]!.compactMap { $0.pair?.delta })
            })
            var rng = SplitMix64(seed: config.bootstrapSeed ^ SplitMix64.fnv1a("arm|\(g.scorer)|\(g.arm)|\(g.benchmark)"))
            var accSamples: [Double] = [], deltaSamples: [Double] = []
            let B = config.bootstrapResamples
            if B > 0 {
                let accTables = cellKeys.map { c in cells[c]!.map { BinomialTable(n: $0.obs.count, p: Double($0.obs.correctCount) / Double(max(1, $0.obs.count))) } }
                let counts = cellKeys.map { c in cells[c]!.map { max(1, $0.obs.count) } }
                let pairTables = pairedCells.map { c in cells[c]!.compactMap { $0.pair } }
                var split: [SplitKey: BinomialTable] = [:]
                accSamples.reserveCapacity(B)
                for _ in 0..<B {
                    var total = 0.0
                    for (i, tables) in accTables.enumerated() {
                        var s = 0.0
                        for (j, t) in tables.enumerated() { s += Double(t.sample(rng.nextUnit())) / Double(counts[i][j]) }
                        total += s / Double(tables.count)
                    }
                    accSamples.append(total / Double(accTables.count))
                    if !pairTables.isEmpty {
                        var dt = 0.0
                        for pairs in pairTables {
                            var s = 0.0
                            for p in pairs { s += p.resample(&rng, &split) }
                            dt += s / Double(pairs.count)
                        }
                        deltaSamples.append(dt / Double(pairTables.count))
                    }
                }
            }
            let pairs = cellKeys.flatMap { c in cells[c]!.compactMap(\.pair) }
            var test: RunPairTest?
            if !pairs.isEmpty {
                let b = pairs.reduce(0) { $0 + $1.conditionOnly }, c = pairs.reduce(0) { $0 + $1.baselineOnly }
                let n = pairs.reduce(0) { $0 + $1.n }
                let t = McNemar.test(conditionOnly: b, baselineOnly: c, exactBelow: config.exactBelow)
                test = RunPairTest(pairedExamples: n, unpairedExamples: pairs.reduce(0) { $0 + $1.unpaired }, rightInBOnly: b, rightInAOnly: c,
                                   method: t.method, statistic: t.statistic, pValue: t.pValue, pAdjusted: t.pValue, correction: config.correction)
            }
            rows.append(ArmBenchmarkRow(arm: g.arm, benchmark: g.benchmark, scorer: g.scorer, cells: cellKeys.count,
                                        examples: groups[g]!.reduce(0) { $0 + $1.count }, accuracy: accuracy,
                                        accuracyInterval: interval(accSamples, config.confidenceLevel),
                                        delta: delta, deltaInterval: interval(deltaSamples, config.confidenceLevel), test: test))
        }
        for scorer in Set(rows.map(\.scorer)) {
            let family = rows.indices.filter { rows[$0].scorer == scorer && rows[$0].test != nil }
            let adjusted = MultipleComparison.adjust(family.map { rows[$0].test!.pValue }, method: config.correction)
            for (i, p) in zip(family, adjusted) { rows[i].test!.pAdjusted = p }
        }
        return rows
    }

    /// McNemar of each requested unit (at `grain`) against the baseline under
    /// one scorer, discordant pairs summed over the unit's observations, each
    /// paired with its baseline observation as the analysis pairs them;
    /// corrected within each scorer's family (the units requested for it).
    public static func versusBaselineTests(_ observations: [ScoredObservation], config: AnalysisConfig, grain: Grain,
                                           members: Set<BetweenRuns.Member>) -> [BetweenRuns.Member: RunPairTest] {
        struct Counterpart: Hashable { var cell: CellKey; var scorer: String }
        var baseline: [Counterpart: [ScoredObservation]] = [:]
        for o in observations where o.key.condition == config.baseline {
            baseline[Counterpart(cell: o.key.cell, scorer: o.scorer), default: []].append(o)
        }
        for k in baseline.keys { baseline[k]!.sort { NaturalOrder.less($0.key.seed, $1.key.seed) } }
        var pooled: [BetweenRuns.Member: (n: Int, b: Int, c: Int, unpaired: Int)] = [:]
        for o in observations where o.key.condition != config.baseline {
            let member = BetweenRuns.Member(unit: UnitKey(o.key.cell, at: grain), scorer: o.scorer)
            guard members.contains(member),
                  let candidates = baseline[Counterpart(cell: o.key.cell.under(condition: config.baseline), scorer: o.scorer)] else { continue }
            let p = Pairing(o, candidates.first { $0.key.seed == o.key.seed } ?? candidates[0])
            let old = pooled[member] ?? (0, 0, 0, 0)
            pooled[member] = (old.n + p.n, old.b + p.conditionOnly, old.c + p.baselineOnly, old.unpaired + p.unpaired)
        }
        var out: [BetweenRuns.Member: RunPairTest] = [:]
        for (m, x) in pooled where x.n > 0 {
            let t = McNemar.test(conditionOnly: x.b, baselineOnly: x.c, exactBelow: config.exactBelow)
            out[m] = RunPairTest(pairedExamples: x.n, unpairedExamples: x.unpaired, rightInBOnly: x.b, rightInAOnly: x.c,
                                 method: t.method, statistic: t.statistic, pValue: t.pValue, pAdjusted: t.pValue, correction: config.correction)
        }
        for scorer in Set(out.keys.map(\.scorer)) {
            let family = out.keys.filter { $0.scorer == scorer }.sorted { $0.unit < $1.unit }
            let adjusted = MultipleComparison.adjust(family.map { out[$0]!.pValue }, method: config.correction)
            for (m, p) in zip(family, adjusted) { out[m]!.pAdjusted = p }
        }
        return out
    }

    private static func mean(_ xs: [Double]) -> Double { xs.isEmpty ? 0 : xs.reduce(0, +) / Double(xs.count) }

    /// The percentile interval, order statistics as in `PairedBootstrap`.
    private static func interval(_ samples: [Double], _ confidence: Double) -> ClosedRange<Double>? {
        guard !samples.isEmpty else { return nil }
        let s = samples.sorted(), n = s.count, alpha = 1 - confidence
        let lo = min(n - 1, Int((Double(n) * alpha / 2).rounded(.down)))
        let hi = max(0, min(n - 1, Int((Double(n) * (1 - alpha / 2)).rounded(.up)) - 1))
        return s[lo]...s[hi]
    }

    struct SplitKey: Hashable { var n: Int; var b: Int; var c: Int; var d: Int }

    /// One observation against its baseline observation over their shared example ids.
    struct Pairing {
        var n = 0, conditionOnly = 0, baselineOnly = 0, unpaired = 0
        let discordant: BinomialTable

        init(_ o: ScoredObservation, _ base: ScoredObservation) {
            var ids: [String: Int] = [:]
            for (k, id) in base.exampleIds.enumerated() { ids[id] = k }
            for (k, id) in o.exampleIds.enumerated() {
                guard let m = ids[id] else { continue }
                n += 1
                if o.correct[k] && !base.correct[m] { conditionOnly += 1 } else if base.correct[m] && !o.correct[k] { baselineOnly += 1 }
            }
            unpaired = (o.count - n) + (base.count - n)
            discordant = BinomialTable(n: n, p: n == 0 ? 0 : Double(conditionOnly + baselineOnly) / Double(n))
        }

        /// The observation's paired Δ (condition − baseline over shared ids).
        var delta: Double { n == 0 ? 0 : Double(conditionOnly - baselineOnly) / Double(n) }

        /// One resampled paired Δ.
        func resample(_ rng: inout SplitMix64, _ split: inout [SplitKey: BinomialTable]) -> Double {
            guard n > 0 else { return 0 }
            let d = discordant.sample(rng.nextUnit())
            let key = SplitKey(n: n, b: conditionOnly, c: baselineOnly, d: d)
            let table = split[key] ?? {
                let t = BinomialTable(n: d, p: conditionOnly + baselineOnly == 0 ? 0 : Double(conditionOnly) / Double(conditionOnly + baselineOnly))
                split[key] = t
                return t
            }()
            let x = table.sample(rng.nextUnit())
            return Double(2 * x - d) / Double(n)
        }
    }
}
