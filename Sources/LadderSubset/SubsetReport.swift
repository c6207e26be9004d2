/// The counts and provenance of one subset run, written as `subset.json`.
///
/// Every number is computed by the run; nothing is copied from the spec except
/// the spec itself, kept whole so the report says what was asked for.
public struct SubsetReport: Codable, Sendable, Equatable {
    /// `Subsetter.version` of the code that ran.
    public var version: String
    /// The settings the subset ran with.
    public var spec: SubsetSpec
    /// The layout the corpus was read from.
    public var corpusFormat: Corpus.Format
    /// Files in the corpus before filtering.
    public var corpusFiles: Int
    /// Each enabled filter stage in the order it ran.
    public var filters: [FilterCount]
    /// Near-dedup details, when that stage ran.
    public var nearDedup: NearDedupReport?
    /// Files left after filtering: the population the draw sampled.
    public var populationSize: Int
    /// SHA-256 over the sorted population (`PopulationHash`).
    public var populationSHA256: String
    /// The selection algorithm's name.
    public var algorithm: String
    /// The draw's seed.
    public var seed: Int
    /// Picks the draw made (the largest nested tier, or the size).
    public var drawSize: Int
    /// Which branch of CPython's `sample` the draw took.
    public var sampleBranch: CPythonRandom.SampleBranch
    /// Files selected.
    public var selected: Int
    /// Files in the train split.
    public var train: Int
    /// Files in the validation split.
    public var validation: Int
    /// The rule that assigned splits.
    public var splitRule: String

    enum CodingKeys: String, CodingKey {
        case version, spec, corpusFormat = "corpus_format", corpusFiles = "corpus_files", filters
        case nearDedup = "near_dedup", populationSize = "population_size"
        case populationSHA256 = "population_sha256", algorithm, seed, drawSize = "draw_size"
        case sampleBranch = "sample_branch", selected, train, validation, splitRule = "split_rule"
    }
}

/// How many files one filter stage saw and dropped.
public struct FilterCount: Codable, Sendable, Equatable {
    /// The stage's name (`FilterStage`).
    public var stage: FilterStage
    /// Files that reached the stage.
    public var input: Int
    /// Files the stage dropped.
    public var dropped: Int
    /// Files that passed.
    public var kept: Int { input - dropped }

    public init(stage: FilterStage, input: Int, dropped: Int) {
        self.stage = stage
        self.input = input
        self.dropped = dropped
    }

    enum CodingKeys: String, CodingKey { case stage, input, dropped, kept }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        stage = try c.decode(FilterStage.self, forKey: .stage)
        input = try c.decode(Int.self, forKey: .input)
        dropped = try c.decode(Int.self, forKey: .dropped)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(stage, forKey: .stage)
        try c.encode(input, forKey: .input)
        try c.encode(dropped, forKey: .dropped)
        try c.encode(kept, forKey: .kept)
    }
}

/// The filter stages, in the order they run.
public enum FilterStage: String, Codable, Sendable, CaseIterable {
    /// Whitespace-only or empty files.
    case nonEmpty = "non-empty"
    /// Licences outside the policy.
    case license
    /// Line counts outside the bounds.
    case lineCount = "line-count"
    /// Too few repository stars (where recorded).
    case stars
    /// Generated code (flag or banner).
    case generated
    /// No `def` or `class` statement.
    case defOrClass = "def-or-class"
    /// Test files by path.
    case testFile = "test-file"
    /// Byte-identical to an earlier file.
    case exactDuplicate = "exact-duplicate"
    /// MinHash near-duplicate of an earlier kept file.
    case nearDuplicate = "near-duplicate"
}

/// What near-dedup used and how often the full tokenizer had to give way.
public struct NearDedupReport: Codable, Sendable, Equatable {
    /// The tokenizer that cut most files into tokens.
    public var tokenizer: String
    /// The lexer used for files the tokenizer rejected.
    public var fallbackTokenizer: String
    /// Files the tokenizer rejected and the fallback lexed.
    public var fallbackFiles: Int
    /// Files with no code token at all, left to exact dedup.
    public var tokenlessFiles: Int
    /// The LSH band/row split.
    public var banding: LSHBanding
    /// MinHash permutations (signature length).
    public var permutations: Int
    /// Estimated Jaccard similarity at which a file was dropped.
    public var threshold: Double
    /// Tokens per shingle.
    public var shingleSize: Int

    enum CodingKeys: String, CodingKey {
        case tokenizer, fallbackTokenizer = "fallback_tokenizer", fallbackFiles = "fallback_files"
        case tokenlessFiles = "tokenless_files", banding, permutations, threshold, shingleSize = "shingle_size"
    }
}
