import Foundation

/// The band/row split of a MinHash signature for locality-sensitive hashing.
///
/// Two signatures become candidates when all `rows` slots of at least one band
/// agree, which happens with probability `1 - (1 - s^rows)^bands` at Jaccard s.
/// `optimal` picks the pair (bands * rows <= permutations) that minimises the
/// equally weighted sum of the false-positive area (the curve below the
/// threshold) and the false-negative area (one minus the curve above it), the
/// criterion datasketch documents for `MinHashLSH`. For 128 permutations and
/// threshold 0.7 that is 14 bands of 9 rows.
public struct LSHBanding: Codable, Sendable, Equatable {
    /// Number of bands.
    public var bands: Int
    /// Signature slots per band.
    public var rows: Int

    public init(bands: Int, rows: Int) {
        self.bands = bands
        self.rows = rows
    }

    /// The probability that two files at Jaccard `s` share at least one band.
    public func candidateProbability(_ s: Double) -> Double {
        1 - pow(1 - pow(s, Double(rows)), Double(bands))
    }

    /// The pair minimising false-positive plus false-negative area at `threshold`.
    public static func optimal(threshold: Double, permutations: Int) -> LSHBanding {
        var best = LSHBanding(bands: 1, rows: permutations)
        var bestError = Double.infinity
        for bands in 1...permutations {
            for rows in 1...(permutations / bands) {
                let banding = LSHBanding(bands: bands, rows: rows)
                let falsePositive = integrate(0, threshold) { banding.candidateProbability($0) }
                let falseNegative = integrate(threshold, 1) { 1 - banding.candidateProbability($0) }
                let error = 0.5 * falsePositive + 0.5 * falseNegative
                if error < bestError {
                    bestError = error
                    best = banding
                }
            }
        }
        return best
    }

    /// Composite Simpson's rule with 256 intervals; the integrands are smooth.
    private static func integrate(_ a: Double, _ b: Double, _ f: (Double) -> Double) -> Double {
        let intervals = 256
        let h = (b - a) / Double(intervals)
        var sum = f(a) + f(b)
        for k in 1..<intervals {
            sum += f(a + Double(k) * h) * (k % 2 == 1 ? 4 : 2)
        }
        return sum * h / 3
    }
}
