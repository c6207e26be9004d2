import Testing
@testable import LadderAnalysis

@Test func mcnemarExactMatchesHandComputedBinomialTail() {
    // b = 10, c = 2: 2 · (C(12,0) + C(12,1) + C(12,2)) / 2^12 = 2 · 79 / 4096.
    let r = McNemar.test(conditionOnly: 10, baselineOnly: 2)
    #expect(r.method == .exactBinomial)
    #expect(abs(r.pValue - 158.0 / 4096.0) < 1e-12)
    #expect(McNemar.test(conditionOnly: 0, baselineOnly: 0).pValue == 1)
    #expect(McNemar.test(conditionOnly: 5, baselineOnly: 5).pValue == 1)
}

@Test func mcnemarChiSquareMatchesRReference() {
    // R: mcnemar.test(matrix(c(50, 10, 30, 50), 2)) → McNemar's chi-squared = 9.025, p-value = 0.002663.
    let r = McNemar.test(conditionOnly: 30, baselineOnly: 10)
    #expect(r.method == .chiSquareContinuity)
    #expect(abs((r.statistic ?? 0) - 9.025) < 1e-12)
    #expect(abs(r.pValue - 0.002663) < 5e-7)
}

@Test func mcnemarSwitchesToChiSquareAtTwentyFiveDiscordantPairs() {
    #expect(McNemar.test(conditionOnly: 12, baselineOnly: 12).method == .exactBinomial)
    #expect(McNemar.test(conditionOnly: 13, baselineOnly: 12).method == .chiSquareContinuity)
    #expect(McNemar.test(conditionOnly: 13, baselineOnly: 12, exactBelow: 100).method == .exactBinomial)
}

@Test func holmAdjustmentMatchesHandComputedStepDown() {
    let p = [0.01, 0.04, 0.03, 0.005]
    let holm = MultipleComparison.adjust(p, method: .holm)
    let expected = [0.03, 0.06, 0.06, 0.02]
    for (x, y) in zip(holm, expected) { #expect(abs(x - y) < 1e-12) }
    #expect(MultipleComparison.adjust(p, method: .bonferroni) == [0.04, 0.16, 0.12, 0.02])
    #expect(MultipleComparison.adjust(p, method: .none) == p)
    #expect(MultipleComparison.adjust([0.5, 0.9], method: .bonferroni) == [1, 1])
}

@Test func bootstrapIsDeterministicPerSeedAndBracketsTheDifference() throws {
    let a = try #require(PairedBootstrap.interval(pairs: 400, conditionOnly: 80, baselineOnly: 40, resamples: 2000, confidence: 0.95, seed: 7))
    let b = try #require(PairedBootstrap.interval(pairs: 400, conditionOnly: 80, baselineOnly: 40, resamples: 2000, confidence: 0.95, seed: 7))
    #expect(a == b)
    // The interval moves in steps of 1/n, so a new seed may land on the same one; over several seeds it must move.
    let others = (8..<14).compactMap { PairedBootstrap.interval(pairs: 400, conditionOnly: 80, baselineOnly: 40, resamples: 2000, confidence: 0.95, seed: $0) }
    #expect(others.contains { $0 != a })
    #expect(a.low < 0.1 && 0.1 < a.high)
    // Normal-theory half-width for a paired difference: 1.96 · sqrt((b + c)/n − (b − c)²/n²) / sqrt(n) ≈ 0.0519.
    let half = (a.high - a.low) / 2
    #expect(abs(half - 0.0519) < 0.006)
}

@Test func countBootstrapAgreesWithIndexResamplingBootstrap() throws {
    // The ordinary bootstrap: draw n pair indices with replacement, B times.
    let n = 300, b = 45, c = 60, resamples = 4000
    var rng = SplitMix64(seed: 99)
    var diffs: [Double] = []
    for _ in 0..<resamples {
        var s = 0
        for _ in 0..<n {
            let i = Int(rng.next() % UInt64(n))
            if i < b { s += 1 } else if i < b + c { s -= 1 }
        }
        diffs.append(Double(s) / Double(n))
    }
    diffs.sort()
    let fast = try #require(PairedBootstrap.interval(pairs: n, conditionOnly: b, baselineOnly: c, resamples: resamples, confidence: 0.95, seed: 1))
    #expect(abs(fast.low - diffs[100]) < 0.008)
    #expect(abs(fast.high - diffs[3899]) < 0.008)
}

@Test func binomialTableHandlesLargeNWithoutUnderflow() {
    let t = BinomialTable(n: 100_000, p: 0.5)
    #expect(t.sample(0.0) > 48_000)
    #expect(t.sample(0.999_999) < 52_000)
    let median = t.sample(0.5)
    #expect(abs(median - 50_000) <= 1)
    #expect(BinomialTable(n: 10, p: 0).sample(0.7) == 0)
    #expect(BinomialTable(n: 10, p: 1).sample(0.2) == 10)
}
