import Foundation

/// Adjusts a family of p-values for multiple comparisons.
///
/// - Holm (step-down): sort ascending; the i-th smallest (1-based) becomes
///   max over j ≤ i of min(1, (m − j + 1) · p₍ⱼ₎). Controls the family-wise
///   error like Bonferroni, never less powerful.
/// - Bonferroni: min(1, m · p).
/// - none: unchanged.
/// Results come back in the input order. Ties keep their input order.
public enum MultipleComparison {
    public static func adjust(_ p: [Double], method: AnalysisConfig.Correction) -> [Double] {
        let m = Double(p.count)
        switch method {
        case .none:
            return p
        case .bonferroni:
            return p.map { min(1, $0 * m) }
        case .holm:
            let order = p.indices.sorted { p[$0] != p[$1] ? p[$0] < p[$1] : $0 < $1 }
            var out = [Double](repeating: 1, count: p.count)
            var running = 0.0
            for (rank, i) in order.enumerated() {
                running = max(running, min(1, (m - Double(rank)) * p[i]))
                out[i] = running
            }
            return out
        }
    }
}
