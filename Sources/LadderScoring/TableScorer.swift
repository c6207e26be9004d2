import LadderCore

/// A `ScorerDefinition` compiled for fast use: table strings become code-point
/// arrays (lower-cased once where the rules compare lower-cased text),
/// paraphrase patterns become `PyRegex`es, answers are interned. A class, so
/// handing it around per row costs one reference count, not one per table.
public final class TableScorer: Scorer {
    public let definition: ScorerDefinition
    public let fingerprint: String
    public var name: String { definition.name }
    public var rules: RulesID { definition.rules }

    let unicode: PythonUnicode
    /// Every answer a rule can return, interned; outcomes refer to them by index.
    let answers: [Answer]
    let choiceSets: [Benchmark: CodePointSet]
    let letterAnswers: [UInt32: Int]
    let answerWord: [UInt32] = PyText.codePoints("ANSWER")
    let colonOrDash = CodePointSet(":-")

    let xnliLabels: [(text: [UInt32], answer: Int)]
    let xnliNative: [(lowered: [UInt32], answer: Int)]
    let xnliNegations: [[UInt32]]
    let xnliParaphrases: [(regex: PyRegex, answer: Int)]

    let sibCategories: [(text: [UInt32], answer: Int)]
    let sibStrip: CodePointSet
    let sibScitech: Int
    let sibScitechPrefixes: [[UInt32]]
    let sibScitechNative: [[UInt32]]
    let sibScitechBare: Set<[UInt32]>
    let sibAliases: [[UInt32]: Int]
    let sibConjunctions: [[UInt32]]
    let sibSplit: CodePointSet
    let sibTerms: [[UInt32]: Int]
    /// The longest key of `sibScitechBare` and `sibAliases` together, and of
    /// `sibTerms`: a longer text cannot be one, so it is not hashed.
    let sibExactLimit: Int
    let sibTermLimit: Int
    let slash: [UInt32] = [0x2F]

    struct Answer: Sendable {
        let text: String
        let codePoints: [UInt32]
    }

    /// Compiles `definition`; a malformed paraphrase pattern or a rule family
    /// this build does not implement is `LadderError.badInput`.
    public init(_ definition: ScorerDefinition) throws {
        guard RulesID.known.contains(definition.rules) else {
            throw LadderError.badInput("scorer \(definition.name): rules \(definition.rules) are not implemented by this version of ladder")
        }
        let unicode = try PythonUnicode.bundled()
        let t = definition.tables
        var interner = AnswerInterner()
        self.definition = definition
        self.unicode = unicode
        self.fingerprint = definition.fingerprint(unicodeTableHash: unicode.tableHash)

        var sets: [Benchmark: CodePointSet] = [:]
        var letters: [UInt32: Int] = [:]
        for p in t.pairs("multiple_choice") {
            let cps = PyText.codePoints(p.value)
            sets[Benchmark(p.key)] = CodePointSet(cps)
            for c in cps where letters[c] == nil { letters[c] = interner.intern([c]) }
        }
        choiceSets = sets
        letterAnswers = letters

        xnliLabels = t.list("xnli.labels").map { (PyText.codePoints($0), interner.intern($0)) }
        xnliNative = t.pairs("xnli.native_labels").map { (unicode.lower(PyText.codePoints($0.key)), interner.intern($0.value)) }
        xnliNegations = t.list("xnli.tier2_negations").map(PyText.codePoints)
        xnliParaphrases = try t.pairs("xnli.tier3_paraphrases").enumerated().map { k, p in
            (try PyRegex(p.key, origin: "scorer \(definition.name): xnli.tier3_paraphrases item \(k + 1)"), interner.intern(p.value))
        }

        sibCategories = t.list("sib200.categories").map { (PyText.codePoints($0), interner.intern($0)) }
        sibStrip = CodePointSet(t.string("sib200.strip_characters"))
        sibScitech = interner.intern(t.string("sib200.scitech_category"))
        sibScitechPrefixes = t.list("sib200.scitech_prefixes").map(PyText.codePoints)
        sibScitechNative = t.list("sib200.scitech_native_phrases").map { unicode.lower(PyText.codePoints($0)) }
        sibScitechBare = Set(t.list("sib200.scitech_bare_subcategories").map(PyText.codePoints))
        sibAliases = Self.firstWins(t.pairs("sib200.aliases"), &interner)
        sibConjunctions = t.list("sib200.conjunctions").map(PyText.codePoints)
        sibSplit = CodePointSet(t.string("sib200.split_characters"))
        sibTerms = Self.firstWins(t.pairs("sib200.term_to_category"), &interner)
        sibExactLimit = (sibScitechBare.map(\.count) + sibAliases.keys.map(\.count)).max() ?? 0
        sibTermLimit = sibTerms.keys.map(\.count).max() ?? 0
        answers = interner.answers
    }

    private static func firstWins(_ pairs: [ScorerTables.Pair], _ interner: inout AnswerInterner) -> [[UInt32]: Int] {
        var out: [[UInt32]: Int] = [:]
        for p in pairs where out[PyText.codePoints(p.key)] == nil {
            out[PyText.codePoints(p.key)] = interner.intern(p.value)
        }
        return out
    }

    public func supports(_ benchmark: Benchmark) -> Bool {
        kind(of: benchmark) != nil
    }

    public func extract(_ raw: String, benchmark: Benchmark) -> Extraction {
        guard let kind = kind(of: benchmark) else { return Extraction(pred: nil, via: nil) }
        return extraction(outcome(PyText.codePoints(raw), kind))
    }

    /// How a benchmark is read.
    enum Kind {
        case choice(CodePointSet)
        case xnli
        case sib200
    }

    func kind(of benchmark: Benchmark) -> Kind? {
        if let set = choiceSets[benchmark] { return .choice(set) }
        if benchmark == .xnli { return .xnli }
        if benchmark == .sib200 { return .sib200 }
        return nil
    }

    /// The rule that decided, as reported in `match_via`.
    enum Via: String, Sendable {
        case letter, answerPrefix = "answer-prefix"
        case labelWord = "label-word", nativeLabel = "native-label", englishSubstring = "english-substring", paraphrase
        case scitechPrefix = "scitech-prefix", scitechNative = "scitech-native", scitechSubcategory = "scitech-subcategory"
        case substring, alias, term, hedge
    }

    /// An answer index (or nil) and the rule that decided.
    struct Outcome: Sendable {
        var answer: Int?
        var via: Via?
        static let none = Outcome(answer: nil, via: nil)
    }

    /// The extraction for already-decoded code points.
    func outcome(_ text: [UInt32], _ kind: Kind) -> Outcome {
        outcome(firstLine: unicode.firstLine(text), kind)
    }

    /// The extraction from the first line alone (`text.strip()`, up to the
    /// first line feed, stripped again). Every rule reads only that line, so
    /// the outcome is a function of it; the reparse memoises on it.
    func outcome(firstLine line: [UInt32], _ kind: Kind) -> Outcome {
        switch kind {
        case .choice(let letters): return choice(line, letters)
        case .xnli: return rules.family == .strict ? xnliStrict(line) : xnliRefined(line)
        case .sib200: return rules.family == .strict ? sibStrict(line) : sibRefined(line)
        }
    }

    func extraction(_ o: Outcome) -> Extraction {
        Extraction(pred: o.answer.map { answers[$0].text }, via: o.via?.rawValue)
    }
}

/// Gives each distinct answer string one index.
struct AnswerInterner {
    var answers: [TableScorer.Answer] = []
    var index: [[UInt32]: Int] = [:]

    mutating func intern(_ text: String) -> Int {
        intern(PyText.codePoints(text))
    }

    mutating func intern(_ cps: [UInt32]) -> Int {
        if let k = index[cps] { return k }
        answers.append(.init(text: PyText.string(cps), codePoints: cps))
        index[cps] = answers.count - 1
        return answers.count - 1
    }
}
