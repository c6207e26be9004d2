import Foundation
import LadderCore

extension BenchmarkLoader {
    /// Non-blank lines of a JSON Lines file as objects, with their line numbers.
    static func jsonRows(_ text: String, origin: String) throws -> [(line: Int, row: [String: Value])] {
        var out: [(line: Int, row: [String: Value])] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !line.isEmpty else { continue }
            let value: Value
            do { value = try Value.parseJSON(Data(line.utf8)) } catch {
                throw LadderError.badInput("\(origin):\(i + 1): not a JSON object (\(error.localizedDescription))")
            }
            guard let row = value.objectValue else { throw LadderError.badInput("\(origin):\(i + 1): not a JSON object") }
            out.append((i + 1, row))
        }
        return out
    }

    /// A field as text: strings as they are, whole numbers without a fraction; nil when absent, null or empty.
    static func fieldText(_ v: Value?) -> String? {
        switch v {
        case .string(let s)?: return s.isEmpty ? nil : s
        case .int(let i)?: return String(i)
        case .double(let d)? where d == d.rounded() && abs(d) < 1e15: return String(Int(d))
        default: return nil
        }
    }

    static func need(_ row: [String: Value], _ key: String, _ origin: String, _ line: Int) throws -> String {
        guard let s = fieldText(row[key]) else { throw LadderError.badInput("\(origin):\(line): the row has no '\(key)'") }
        return s
    }

    static let xnliLabels = ["entailment", "neutral", "contradiction"]

    /// XNLI rows `{"id"?, "premise", "hypothesis", "label": 0|1|2 or a label word}`; the id is
    /// `id` when present, else the row's number (1-based, counting rows).
    static func xnli(_ text: String, origin: String) throws -> [BenchmarkExample] {
        var out: [BenchmarkExample] = []
        for (n, (line, row)) in try jsonRows(text, origin: origin).enumerated() {
            let gold: String
            switch row["label"] {
            case .int(let i)? where xnliLabels.indices.contains(i): gold = xnliLabels[i]
            case .string(let s)? where xnliLabels.contains(s): gold = s
            case .string(let s)? where Int(s).map(xnliLabels.indices.contains) == true: gold = xnliLabels[Int(s)!]
            case nil, .null?: throw LadderError.badInput("\(origin):\(line): the row has no 'label'")
            case let v?: throw LadderError.badInput("\(origin):\(line): label \(v.canonicalJSON) is not 0, 1, 2 or one of \(xnliLabels.joined(separator: ", "))")
            }
            let id = fieldText(row["id"]) ?? String(n + 1)
            out.append(BenchmarkExample(id: id, gold: gold, fields: ["premise": try need(row, "premise", origin, line),
                                                                     "hypothesis": try need(row, "hypothesis", origin, line)], line: line))
        }
        try checkUnique(out, origin: origin)
        return out
    }

    /// X-CSQA rows `{"id", "question": {"stem", "choices": [{"label", "text"}, …]}, "answerKey"}`.
    static func csqa(_ text: String, origin: String) throws -> [BenchmarkExample] {
        var out: [BenchmarkExample] = []
        for (line, row) in try jsonRows(text, origin: origin) {
            let id = try need(row, "id", origin, line)
            guard let q = row["question"]?.objectValue else { throw LadderError.badInput("\(origin):\(line): the row has no 'question' object") }
            let stem = try need(q, "stem", origin, line)
            guard let list = q["choices"]?.arrayValue, !list.isEmpty else {
                throw LadderError.badInput("\(origin):\(line): the question has no 'choices'")
            }
            var choices: [(label: String, text: String)] = []
            for c in list {
                guard let label = fieldText(c["label"]), let t = c["text"]?.stringValue else {
                    throw LadderError.badInput("\(origin):\(line): a choice lacks 'label' or 'text'")
                }
                choices.append((label, t))
            }
            guard let key = fieldText(row["answerKey"]) else { throw LadderError.badInput("\(origin):\(line): the row has no 'answerKey'") }
            guard choices.contains(where: { $0.label == key }) else {
                throw LadderError.badInput("\(origin):\(line): answerKey '\(key)' is not the label of a choice")
            }
            out.append(BenchmarkExample(id: id, gold: key, fields: ["question": stem, "choices": BenchmarkExample.renderChoices(choices)],
                                        line: line))
        }
        try checkUnique(out, origin: origin)
        return out
    }

    static let letters = ["A", "B", "C", "D"]

    /// Belebele rows `{"link", "question_number", "flores_passage", "question", "mc_answer1".."mc_answer4",
    /// "correct_answer_num": "1".."4"}`; the id is `link#question_number`, the gold a letter.
    static func belebele(_ text: String, origin: String) throws -> [BenchmarkExample] {
        var out: [BenchmarkExample] = []
        for (line, row) in try jsonRows(text, origin: origin) {
            let id = try need(row, "link", origin, line) + "#" + (try need(row, "question_number", origin, line))
            let answers = try (1...4).map { try need(row, "mc_answer\($0)", origin, line) }
            let num = try need(row, "correct_answer_num", origin, line)
            guard let k = Int(num), (1...4).contains(k) else {
                throw LadderError.badInput("\(origin):\(line): correct_answer_num '\(num)' is not 1, 2, 3 or 4")
            }
            let choices = zip(letters, answers).map { (label: $0, text: $1) }
            out.append(BenchmarkExample(id: id, gold: letters[k - 1],
                                        fields: ["passage": try need(row, "flores_passage", origin, line),
                                                 "question": try need(row, "question", origin, line),
                                                 "choices": BenchmarkExample.renderChoices(choices)], line: line))
        }
        try checkUnique(out, origin: origin)
        return out
    }
}
