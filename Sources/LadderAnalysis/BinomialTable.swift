import Foundation

/// The cumulative distribution of Binomial(n, p), tabulated once so each draw
/// is one uniform and a binary search.
///
/// The probabilities are built outward from the mode with the ratio
/// P(k+1)/P(k) = (n−k)/(k+1) · p/(1−p), relative to P(mode) = 1, and stop
/// where a term falls below 1e-17 of the mode's. This never underflows (large
/// n with moderate p sends P(0) below the smallest double) and costs about
/// 2 × 8.5 standard deviations of terms.
struct BinomialTable: Sendable {
    private let low: Int
    private let cumulative: [Double]

    init(n: Int, p: Double) {
        if n <= 0 || p <= 0 {
            low = 0
            cumulative = [1]
            return
        }
        if p >= 1 {
            low = n
            cumulative = [1]
            return
        }
        let mode = min(n, Int((Double(n + 1) * p).rounded(.down)))
        let odds = p / (1 - p)
        var up: [Double] = []
        var term = 1.0
        var k = mode
        while k < n {
            term *= Double(n - k) / Double(k + 1) * odds
            if term < 1e-17 { break }
            up.append(term)
            k += 1
        }
        var down: [Double] = []
        term = 1.0
        k = mode
        while k > 0 {
            term *= Double(k) / Double(n - k + 1) / odds
            if term < 1e-17 { break }
            down.append(term)
            k -= 1
        }
        var pmf = down.reversed() + [1.0] + up
        let total = pmf.reduce(0, +)
        var running = 0.0
        for i in pmf.indices {
            running += pmf[i] / total
            pmf[i] = running
        }
        pmf[pmf.count - 1] = 1
        low = mode - down.count
        cumulative = pmf
    }

    /// One draw, given a uniform in [0, 1).
    func sample(_ u: Double) -> Int {
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > u { hi = mid } else { lo = mid + 1 }
        }
        return low + lo
    }
}
