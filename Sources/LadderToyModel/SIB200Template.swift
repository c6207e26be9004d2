import LadderCore

/// The two prompt templates of the demo's SIB-200 evaluation.
///
/// - `template1`: instruction first, the seven English category names one a
///   line, then the text and an answer cue.
/// - `template2`: the text first, then a question in the instruction
///   language listing the categories by their names in that language
///   (`SIB200Labels`), then an answer cue.
///
/// Both end right where the answer starts, so a model's continuation is its
/// answer.
public enum SIB200Template: String, Sendable, CaseIterable, Codable {
    case template1
    case template2

    /// Parses `template1` / `template2`, or throws naming the known ones.
    public init(parsing raw: String) throws {
        guard let t = SIB200Template(rawValue: raw) else {
            throw LadderError.badInput("unknown SIB-200 template '\(raw)'; known: \(Self.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = t
    }

    /// The prompt for `text` with instructions in `phrasing`'s language.
    func prompt(text: String, phrasing p: SIB200Phrasing, labels: [String]) -> String {
        switch self {
        case .template1:
            let options = labels.map { "- \($0)\n" }.joined()
            return "\(p.instruction)\n\(options)\n\(p.textCue)\(p.gap)\(text)\n\(p.topicCue)\(p.gap)"
        case .template2:
            let options = labels.joined(separator: p.listSeparator)
            return "\(p.textCue)\(p.gap)\(text)\n\n\(p.question)\(p.gap)\(options)\n\(p.answerCue)\(p.gap)"
        }
    }
}
