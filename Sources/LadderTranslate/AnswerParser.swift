import Foundation
import LadderCore

/// Reads what the prompts ask a model for out of its text: a JSON list of
/// strings (segments mode) or one fenced code block (whole-file mode).
/// Models wrap answers in prose and fences; both are tolerated.
enum AnswerParser {
    /// The JSON list of strings in `text`, or nil.
    static func stringList(_ text: String) -> [String]? {
        let inner = fenced(text) ?? text
        guard let open = inner.firstIndex(of: "["), let close = inner.lastIndex(of: "]"), open < close else { return nil }
        guard case .array(let items)? = try? Value.parseJSON(Data(inner[open...close].utf8)) else { return nil }
        var out: [String] = []
        for item in items {
            switch item {
            case .string(let s): out.append(s)
            case .int, .double: out.append(item.canonicalJSON)
            default: return nil
            }
        }
        return out
    }

    /// The code of the first fenced block, else the whole text; nil when empty.
    static func code(_ text: String) -> String? {
        let code = fenced(text) ?? text
        return code.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : code
    }

    /// The body of the first ``` block (its language tag dropped), or nil without one.
    static func fenced(_ text: String) -> String? {
        guard let open = text.range(of: "```") else { return nil }
        let afterOpen = text[open.upperBound...]
        guard let lineEnd = afterOpen.firstIndex(of: "\n") else { return nil }
        let body = afterOpen[afterOpen.index(after: lineEnd)...]
        guard let close = body.range(of: "\n```") ?? body.range(of: "```") else { return String(body) }
        var s = String(body[..<close.lowerBound])
        if body[close.lowerBound] == "\n" { s += "\n" }
        return s
    }
}
