/// One answered example: what the evaluation stores, keyed by the
/// benchmark's own example id, so scorers can re-read the raw output later
/// without generating again.
public struct SIB200Row: Sendable, Equatable, Codable {
    /// The example's `index_id`.
    public let id: String
    /// The gold category.
    public let gold: String
    /// The model's answer, exactly as produced.
    public let rawOutput: String
    /// `template1` or `template2`.
    public let template: String
    public let dataLang: String
    public let instrLang: String

    enum CodingKeys: String, CodingKey {
        case id, gold, template
        case rawOutput = "raw_output"
        case dataLang = "data_lang"
        case instrLang = "instr_lang"
    }

    public init(id: String, gold: String, rawOutput: String, template: String, dataLang: String, instrLang: String) {
        self.id = id
        self.gold = gold
        self.rawOutput = rawOutput
        self.template = template
        self.dataLang = dataLang
        self.instrLang = instrLang
    }

    /// The study's cell key, `template1_sib200_data=en_instr=zh`.
    public var cell: String { "\(template)_sib200_data=\(dataLang)_instr=\(instrLang)" }
}
