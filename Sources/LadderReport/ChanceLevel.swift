import Foundation

/// Accuracy of guessing uniformly at random, per benchmark: one over the
/// number of answer options each example offers.
///
/// Sources of the option counts: SIB-200 has 7 topic categories (Adelani et
/// al. 2024, "SIB-200"); XNLI 3 labels (entailment, neutral, contradiction;
/// Conneau et al. 2018); X-CSQA 5 options per question (Lin et al. 2021,
/// after CommonsenseQA); Belebele 4 options per question (Bandarkar et al. 2024).
public enum ChanceLevel {
    static let options: [String: Int] = ["sib200": 7, "sib-200": 7, "xnli": 3, "xcsqa": 5, "x-csqa": 5, "csqa": 5, "belebele": 4]

    /// 1 / options for a benchmark the table knows (case-insensitive), else nil.
    public static func of(_ benchmark: String) -> Double? {
        options[benchmark.lowercased()].map { 1 / Double($0) }
    }
}
