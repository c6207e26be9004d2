/// One answered example of one cell, as the row store and the results files hold it.
public struct EvalRow: Codable, Sendable, Equatable {
    /// The cell key (`template1_sib200_data=en_instr=zh`).
    public var cell: String
    public var exampleID: String
    public var gold: String
    /// The generated text, or the chosen option in log-likelihood mode.
    public var rawOutput: String
    /// Log-likelihood mode: Σ log p of `" " + option` after the prompt, in option order.
    public var optionScores: [Double]?
    /// Generate mode: true when the output ran to `max_new_tokens` without a stop token.
    public var hitMaxNewTokens: Bool?

    public init(cell: String, exampleID: String, gold: String, rawOutput: String, optionScores: [Double]? = nil,
                hitMaxNewTokens: Bool? = nil) {
        self.cell = cell
        self.exampleID = exampleID
        self.gold = gold
        self.rawOutput = rawOutput
        self.optionScores = optionScores
        self.hitMaxNewTokens = hitMaxNewTokens
    }

    enum CodingKeys: String, CodingKey {
        case cell, exampleID = "example_id", gold, rawOutput = "raw_output", optionScores = "option_scores"
        case hitMaxNewTokens = "hit_max_new_tokens"
    }

    /// Where the row sits in the matrix: its cell and example id.
    public var slot: String { cell + "\u{0}" + exampleID }
}
