import Foundation

/// Streams one scoring step's per-example rows into observations without
/// building a record per row. The step's identity supplies what its rows do
/// not carry (condition, seed, scorer, step key); each row supplies its cell
/// and example. Rows usually arrive grouped by cell, so the last cell is
/// remembered and most rows cost no dictionary lookup.
public struct ObservationCollector {
    public let condition: String
    public let seed: String?
    public let scorer: String
    public let stepKey: String
    private var index: [ObservationKey: Int] = [:]
    private var lastKey: ObservationKey?
    private var lastIndex = 0
    /// Observations in the order their first row arrived.
    public private(set) var observations: [ScoredObservation] = []

    public init(condition: String, seed: String?, scorer: String, stepKey: String) {
        self.condition = condition
        self.seed = seed
        self.scorer = scorer
        self.stepKey = stepKey
    }

    /// Adds one row: its cell, its example id (`positional`: the row carried
    /// none and this is its position), the extracted answer (nil: none found)
    /// and whether it was correct.
    public mutating func add(template: String, benchmark: String, dataLang: String, instrLang: String,
                             exampleId: String, positional: Bool = false, pred: String?, correct: Bool) {
        let key = ObservationKey(condition: condition, seed: seed, template: template, benchmark: benchmark, dataLang: dataLang, instrLang: instrLang)
        if key != lastKey {
            if let i = index[key] {
                lastIndex = i
            } else {
                lastIndex = observations.count
                index[key] = lastIndex
                observations.append(ScoredObservation(key: key, scorer: scorer, stepKey: stepKey))
            }
            lastKey = key
        }
        observations[lastIndex].append(exampleId: exampleId, positional: positional, pred: pred, correct: correct)
    }
}
