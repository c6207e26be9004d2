import Foundation

/// McNemar's test for paired binary outcomes (correct / wrong on the same
/// example id under two conditions).
///
/// Only the discordant pairs matter: b = examples the condition gets right and
/// the baseline wrong, c = the reverse. Under the null each discordant pair is
/// a fair coin, so:
/// - b + c < `exactBelow` (25 by default, the usual rule of thumb for when the
///   chi-square approximation becomes trustworthy): exact two-sided binomial
///   test, p = min(1, 2 · P(X ≤ min(b, c))), X ~ Binomial(b + c, 1/2);
/// - otherwise: chi-square with Edwards' continuity correction,
///   χ² = max(0, |b − c| − 1)² / (b + c) on 1 degree of freedom,
///   p = erfc(√(χ²/2)). This matches R's `mcnemar.test` (which does not floor
///   |b − c| − 1 at zero; the floor only matters when b = c, where p is 1).
public enum McNemar {
    /// Which form of the test produced a p-value.
    public enum Method: String, Sendable, Codable {
        case exactBinomial = "exact_binomial"
        case chiSquareContinuity = "chi_square_cc"
    }

    /// A test's outcome; `statistic` is χ² for the chi-square form, nil for the exact one.
    public struct Result: Sendable, Equatable {
        public var method: Method
        public var statistic: Double?
        public var pValue: Double
    }

    /// Two-sided test from the discordant counts.
    public static func test(conditionOnly b: Int, baselineOnly c: Int, exactBelow: Int = 25) -> Result {
        let n = b + c
        if n < exactBelow {
            return Result(method: .exactBinomial, statistic: nil, pValue: exactTwoSided(b: b, c: c))
        }
        let excess = max(0, Double(abs(b - c)) - 1)
        let chi2 = excess * excess / Double(n)
        return Result(method: .chiSquareContinuity, statistic: chi2, pValue: min(1, erfc((chi2 / 2).squareRoot())))
    }

    static func exactTwoSided(b: Int, c: Int) -> Double {
        let n = b + c
        guard n > 0 else { return 1 }
        let k = min(b, c)
        // Terms in log space so large n (a user may raise exactBelow) cannot underflow 0.5^n.
        var logTerm = Double(n) * log(0.5)
        var tail = 0.0
        for i in 0...k {
            if i > 0 { logTerm += log(Double(n - i + 1) / Double(i)) }
            tail += exp(logTerm)
        }
        return min(1, 2 * tail)
    }
}
