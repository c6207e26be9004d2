/// One test example: the benchmark's own id, the gold answer in the template's
/// option vocabulary, and the values of the template's placeholders.
public struct BenchmarkExample: Sendable, Equatable {
    /// SIB-200 `index_id`; XNLI `id` or row number; X-CSQA `id`; Belebele `link#question_number`.
    public var id: String
    /// A SIB-200 category, an XNLI label word, or an answer letter.
    public var gold: String
    /// Placeholder → text (`{choices}` already rendered as `A. text` lines).
    public var fields: [String: String]
    /// The line of the benchmark file the example starts on, for messages.
    public var line: Int

    public init(id: String, gold: String, fields: [String: String], line: Int) {
        self.id = id
        self.gold = gold
        self.fields = fields
        self.line = line
    }

    /// `A. text` lines for lettered choices, joined by newlines.
    public static func renderChoices(_ choices: [(label: String, text: String)]) -> String {
        choices.map { "\($0.label). \($0.text)" }.joined(separator: "\n")
    }
}
