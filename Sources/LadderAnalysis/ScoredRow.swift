import Foundation

/// One example, as one scorer read it, in one observation. The flat form of
/// the input; `ScoredObservation.group(_:)` turns a batch of these into the
/// columnar form the analysis works on.
public struct ScoredRow: Hashable, Sendable, Codable {
    public var condition: String
    public var seed: String?
    public var template: String
    public var benchmark: String
    public var dataLang: String
    public var instrLang: String
    public var scorer: String
    public var exampleId: String
    /// The extracted answer; nil when the scorer found none (a parse failure).
    public var pred: String?
    public var gold: String
    public var correct: Bool

    public init(condition: String, seed: String?, template: String, benchmark: String, dataLang: String, instrLang: String,
                scorer: String, exampleId: String, pred: String?, gold: String, correct: Bool) {
        self.condition = condition
        self.seed = seed
        self.template = template
        self.benchmark = benchmark
        self.dataLang = dataLang
        self.instrLang = instrLang
        self.scorer = scorer
        self.exampleId = exampleId
        self.pred = pred
        self.gold = gold
        self.correct = correct
    }

    public var observation: ObservationKey {
        ObservationKey(condition: condition, seed: seed, template: template, benchmark: benchmark, dataLang: dataLang, instrLang: instrLang)
    }
}
