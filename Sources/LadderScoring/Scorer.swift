/// A named, versioned answer extractor: it reads a model's raw output for one
/// benchmark and returns the answer it finds, or none.
public protocol Scorer: Sendable {
    /// The name a ladder or the command line refers to (`refined-v1`).
    var name: String { get }
    /// SHA-256 (lower-case hex) over a canonical encoding of the rules version
    /// and the tables; it enters the key of every scoring step.
    var fingerprint: String { get }
    /// The rule family and version this scorer applies.
    var rules: RulesID { get }
    /// Whether this scorer has rules for `benchmark`.
    func supports(_ benchmark: Benchmark) -> Bool
    /// The answer in `raw` for `benchmark`, and which rule found it.
    func extract(_ raw: String, benchmark: Benchmark) -> Extraction
}

/// What a scorer read from one raw output.
public struct Extraction: Sendable, Equatable, CustomStringConvertible {
    /// The answer (a label, a category or a choice letter); nil when none.
    public var pred: String?
    /// Which rule decided: `letter`, `answer-prefix`, `label-word`,
    /// `native-label`, `english-substring`, `paraphrase`, `scitech-prefix`,
    /// `scitech-native`, `scitech-subcategory`, `substring`, `alias`, `term`;
    /// `hedge` (with no answer) when a refined SIB-200 answer names two or
    /// more categories; nil when no rule matched.
    public var via: String?

    public init(pred: String?, via: String?) {
        self.pred = pred
        self.via = via
    }

    public var description: String { "\(pred ?? "none") via \(via ?? "none")" }
}

/// A benchmark name as it appears in cell keys (`xnli`, `csqa`, `sib200`,
/// `belebele`). Multiple-choice benchmarks are data: any name listed in a
/// scorer's `multiple_choice` table is scored by the letter rules.
public struct Benchmark: RawRepresentable, Hashable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ name: String) { self.rawValue = name }

    public static let xnli = Benchmark("xnli")
    public static let csqa = Benchmark("csqa")
    public static let sib200 = Benchmark("sib200")
    public static let belebele = Benchmark("belebele")

    /// The four benchmarks of the study, in the order its summaries list them.
    public static let study: [Benchmark] = [.belebele, .csqa, .sib200, .xnli]

    public var description: String { rawValue }
    public static func < (a: Benchmark, b: Benchmark) -> Bool { a.rawValue < b.rawValue }
}

/// A rule family and the version of its Swift implementation. Tables are
/// data; the rules that read them are code, so a change to that code bumps
/// the version and with it every fingerprint of that family.
public struct RulesID: Hashable, Sendable, CustomStringConvertible {
    /// The two families the study used.
    public enum Family: String, Sendable, CaseIterable {
        case strict, refined
    }

    public var family: Family
    public var version: Int

    public init(_ family: Family, version: Int) {
        self.family = family
        self.version = version
    }

    /// The rule versions this build implements.
    public static let known: [RulesID] = [RulesID(.strict, version: 1), RulesID(.refined, version: 1)]

    public var description: String { "\(family.rawValue)@\(version)" }
}
