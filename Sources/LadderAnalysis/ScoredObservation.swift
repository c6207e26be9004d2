import Foundation

/// All examples of one observation as one scorer read them, stored column-wise
/// so millions of rows cost three arrays rather than millions of records.
///
/// Filled one example at a time (`append`) while streaming a scoring step's
/// JSONL output: the step's identity supplies condition, seed and scorer; each
/// line supplies the cell (template, benchmark, languages), the example id,
/// whether an answer was extracted, and whether it was correct. Gold and
/// predicted strings are not kept: nothing in the analysis needs them.
public struct ScoredObservation: Sendable, Equatable {
    public var key: ObservationKey
    public var scorer: String
    /// Key of the step whose output these rows are (provenance for reports).
    public var stepKey: String
    public private(set) var exampleIds: [String]
    public private(set) var correct: [Bool]
    /// False where the scorer extracted no answer (pred == nil).
    public private(set) var parsed: [Bool]
    /// Examples whose id is only their row's position (the row carried no id of its own).
    public private(set) var positionalIds = 0

    /// How this observation's ids can pair: `.exampleId` when every row
    /// carried its own id, `.position` when none did (an empty observation
    /// counts as carrying ids), nil when the rows mix the two — which the
    /// analysis refuses.
    public var pairing: Pairing? {
        positionalIds == 0 ? .exampleId : positionalIds == count ? .position : nil
    }

    public init(key: ObservationKey, scorer: String, stepKey: String = "") {
        self.key = key
        self.scorer = scorer
        self.stepKey = stepKey
        exampleIds = []
        correct = []
        parsed = []
    }

    /// Builds an observation from parallel columns; they must have one entry
    /// per example. `pairing: .position` says the ids are row positions.
    public init(key: ObservationKey, scorer: String, stepKey: String = "",
                exampleIds: [String], correct: [Bool], parsed: [Bool], pairing: Pairing = .exampleId) throws {
        guard exampleIds.count == correct.count, exampleIds.count == parsed.count else {
            throw LadderAnalysisError.badInput(
                "observation \(key) scorer \(scorer): \(exampleIds.count) example ids, \(correct.count) correct flags, \(parsed.count) parsed flags; give one of each per example")
        }
        self.key = key
        self.scorer = scorer
        self.stepKey = stepKey
        self.exampleIds = exampleIds
        self.correct = correct
        self.parsed = parsed
        positionalIds = pairing == .position ? exampleIds.count : 0
    }

    public mutating func reserveCapacity(_ n: Int) {
        exampleIds.reserveCapacity(n)
        correct.reserveCapacity(n)
        parsed.reserveCapacity(n)
    }

    /// Adds one scored example; `pred == nil` counts as a parse failure.
    /// `positional`: the id is the row's position, not an id the row carried.
    public mutating func append(exampleId: String, positional: Bool = false, pred: String?, correct isCorrect: Bool) {
        append(exampleId: exampleId, positional: positional, parsed: pred != nil, correct: isCorrect)
    }

    /// Adds one scored example when only the parse outcome is at hand.
    public mutating func append(exampleId: String, positional: Bool = false, parsed isParsed: Bool, correct isCorrect: Bool) {
        exampleIds.append(exampleId)
        correct.append(isCorrect)
        parsed.append(isParsed)
        if positional { positionalIds += 1 }
    }

    /// Number of examples (n, always from the data).
    public var count: Int { exampleIds.count }

    public var correctCount: Int { correct.reduce(0) { $0 + ($1 ? 1 : 0) } }

    public var parseFailureCount: Int { parsed.reduce(0) { $0 + ($1 ? 0 : 1) } }

    /// Groups flat rows into observations, one per (observation key, scorer), in first-seen order.
    /// `stepKeys` maps "scorer" → step key when the rows came from one step per scorer.
    public static func group<S: Sequence>(_ rows: S, stepKeys: [String: String] = [:]) -> [ScoredObservation] where S.Element == ScoredRow {
        var index: [ObservationScorerKey: Int] = [:]
        var out: [ScoredObservation] = []
        for row in rows {
            let k = ObservationScorerKey(observation: row.observation, scorer: row.scorer)
            let i: Int
            if let existing = index[k] {
                i = existing
            } else {
                i = out.count
                index[k] = i
                out.append(ScoredObservation(key: k.observation, scorer: row.scorer, stepKey: stepKeys[row.scorer] ?? ""))
            }
            out[i].append(exampleId: row.exampleId, pred: row.pred, correct: row.correct)
        }
        return out
    }
}

/// An observation as one scorer read it: the key of a cells-table row.
public struct ObservationScorerKey: Hashable, Comparable, Sendable, Codable {
    public var observation: ObservationKey
    public var scorer: String

    public init(observation: ObservationKey, scorer: String) {
        self.observation = observation
        self.scorer = scorer
    }

    public static func < (a: ObservationScorerKey, b: ObservationScorerKey) -> Bool {
        if a.observation != b.observation { return a.observation < b.observation }
        return a.scorer < b.scorer
    }
}
