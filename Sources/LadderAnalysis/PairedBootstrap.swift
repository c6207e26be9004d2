import Foundation

/// Percentile confidence interval of the paired accuracy difference
/// (condition − baseline) by resampling example pairs with replacement.
///
/// Each pair contributes +1 (only the condition right), −1 (only the baseline
/// right) or 0, so a resample's difference depends only on how many +1 and −1
/// pairs it drew. Drawing n pairs uniformly is the same as drawing
/// D ~ Binomial(n, (b+c)/n) discordant pairs and then X ~ Binomial(D, b/(b+c))
/// of them being +1; the difference is (2X − D)/n. The intervals are those of
/// the ordinary index bootstrap, at a cost per resample independent of n.
///
/// The interval takes the order statistics at ⌊B·α/2⌋ and ⌈B·(1−α/2)⌉ − 1
/// (0-based) of the B sorted resampled differences.
public enum PairedBootstrap {
    /// A percentile interval and the number of resamples behind it.
    public struct Interval: Sendable, Equatable {
        public var low: Double
        public var high: Double
        public var resamples: Int
    }

    /// The interval for `pairs` paired examples of which `conditionOnly` (b)
    /// favour the condition and `baselineOnly` (c) the baseline.
    public static func interval(pairs n: Int, conditionOnly b: Int, baselineOnly c: Int,
                                resamples: Int, confidence: Double, seed: UInt64) -> Interval? {
        guard n > 0, resamples > 0, b >= 0, c >= 0, b + c <= n else { return nil }
        var rng = SplitMix64(seed: seed)
        let discordant = BinomialTable(n: n, p: Double(b + c) / Double(n))
        var split: [Int: BinomialTable] = [:]
        let share = b + c == 0 ? 0 : Double(b) / Double(b + c)
        var diffs = [Double](repeating: 0, count: resamples)
        for r in 0..<resamples {
            let d = discordant.sample(rng.nextUnit())
            let table: BinomialTable
            if let t = split[d] {
                table = t
            } else {
                table = BinomialTable(n: d, p: share)
                split[d] = table
            }
            let x = table.sample(rng.nextUnit())
            diffs[r] = Double(2 * x - d) / Double(n)
        }
        diffs.sort()
        let alpha = 1 - confidence
        let lo = min(resamples - 1, Int((Double(resamples) * alpha / 2).rounded(.down)))
        let hi = max(0, min(resamples - 1, Int((Double(resamples) * (1 - alpha / 2)).rounded(.up)) - 1))
        return Interval(low: diffs[lo], high: diffs[hi], resamples: resamples)
    }
}
