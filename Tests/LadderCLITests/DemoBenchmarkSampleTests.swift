import Foundation
import Testing

/// The demo's XNLI, X-CSQA and Belebele samples (`ladders/demo-data/`), read
/// with Foundation's JSON alone: every file parses, the four languages hold
/// the same examples (same ids, same gold, in the same order), labels are
/// valid and balanced, and each language is written in its own script.
struct DemoBenchmarkSampleTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ladders/demo-data")
    static let languages = ["en", "zh", "es", "ur"]
    static let flores = ["en": "eng_Latn", "zh": "zho_Hans", "es": "spa_Latn", "ur": "urd_Arab"]
    static let examplesPerLanguage = 12

    /// One example as the test compares it across languages.
    struct Example: Equatable {
        var id: String
        var gold: String
        /// The texts a reader sees (premise, question, options ...).
        var texts: [String]
    }

    static func rows(_ relative: String) throws -> [[String: Any]] {
        let url = root.appendingPathComponent(relative)
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.hasSuffix("\n") && !text.hasSuffix("\n\n"), "\(relative): one JSON object a line, ending in a newline")
        return try text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().enumerated().map { n, line in
            guard let row = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw SampleError("\(relative):\(n + 1): not a JSON object")
            }
            return row
        }
    }

    struct SampleError: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }

    static func string(_ row: [String: Any], _ key: String, _ at: String) throws -> String {
        guard let s = row[key] as? String, !s.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw SampleError("\(at): \(key) must be a non-empty string")
        }
        return s
    }

    static func xnli(_ lang: String) throws -> [Example] {
        let file = "xnli/\(lang)/test.jsonl"
        return try rows(file).enumerated().map { n, row in
            let at = "\(file):\(n + 1)"
            guard let label = row["label"] as? Int, (0...2).contains(label) else { throw SampleError("\(at): label must be 0, 1 or 2") }
            return Example(id: try string(row, "id", at), gold: ["entailment", "neutral", "contradiction"][label],
                           texts: [try string(row, "premise", at), try string(row, "hypothesis", at)])
        }
    }

    static func csqa(_ lang: String) throws -> [Example] {
        let file = "csqa/\(lang)/test.jsonl"
        return try rows(file).enumerated().map { n, row in
            let at = "\(file):\(n + 1)"
            guard let question = row["question"] as? [String: Any], let choices = question["choices"] as? [[String: Any]] else {
                throw SampleError("\(at): question must hold stem and choices")
            }
            let labels = try choices.map { try string($0, "label", at) }
            #expect(labels == ["A", "B", "C", "D", "E"], "\(at): choices are labelled A to E")
            let key = try string(row, "answerKey", at)
            #expect(labels.contains(key), "\(at): answerKey \(key) names a choice")
            return Example(id: try string(row, "id", at), gold: key,
                           texts: [try string(question, "stem", at)] + (try choices.map { try string($0, "text", at) }))
        }
    }

    static func belebele(_ lang: String) throws -> [Example] {
        let file = "belebele/\(flores[lang]!)/test.jsonl"
        return try rows(file).enumerated().map { n, row in
            let at = "\(file):\(n + 1)"
            guard let number = row["question_number"] as? Int else { throw SampleError("\(at): question_number must be an integer") }
            let correct = try string(row, "correct_answer_num", at)
            guard let k = Int(correct), (1...4).contains(k) else { throw SampleError("\(at): correct_answer_num must be \"1\" to \"4\"") }
            let options = try (1...4).map { try string(row, "mc_answer\($0)", at) }
            return Example(id: try string(row, "link", at) + "#\(number)", gold: ["A", "B", "C", "D"][k - 1],
                           texts: [try string(row, "flores_passage", at), try string(row, "question", at)] + options)
        }
    }

    static func read(_ benchmark: String, _ lang: String) throws -> [Example] {
        switch benchmark {
        case "xnli": return try xnli(lang)
        case "csqa": return try csqa(lang)
        default: return try belebele(lang)
        }
    }

    static let labels = ["xnli": ["entailment", "neutral", "contradiction"], "csqa": ["A", "B", "C", "D", "E"], "belebele": ["A", "B", "C", "D"]]

    @Test(arguments: ["xnli", "csqa", "belebele"])
    func everyLanguageHoldsTheSameExamplesWithBalancedValidLabels(name: String) throws {
        let labels = Self.labels[name]!
        let read = { try Self.read(name, $0) }
        let english = try read("en")
        #expect(english.count == Self.examplesPerLanguage, "\(name)")
        #expect(Set(english.map(\.id)).count == english.count, "\(name): ids are unique")
        var counts: [String: Int] = [:]
        for e in english { counts[e.gold, default: 0] += 1 }
        #expect(Set(counts.keys) == Set(labels), "\(name): every label is some example's gold")
        let spread = (counts.values.max() ?? 0) - (counts.values.min() ?? 0)
        #expect(spread <= 1, "\(name): gold labels are balanced (\(counts))")
        for lang in Self.languages.dropFirst() {
            let other = try read(lang)
            #expect(other.map(\.id) == english.map(\.id), "\(name) \(lang): the same ids in the same order")
            #expect(other.map(\.gold) == english.map(\.gold), "\(name) \(lang): the same gold for the same example")
            for (e, o) in zip(english, other) {
                #expect(o.texts.count == e.texts.count)
                #expect(o.texts.allSatisfy { Self.isWritten(in: lang, $0) }, "\(name) \(lang) \(o.id): text in the language's script")
                #expect(o.texts.first != e.texts.first, "\(name) \(lang) \(o.id): translated, not copied")
            }
        }
        #expect(english.allSatisfy { $0.texts.allSatisfy { Self.isWritten(in: "en", $0) } })
    }

    @Test func belebeleQuestionsOfOnePassageShareItsTextInEveryLanguage() throws {
        for lang in Self.languages {
            let rows = try Self.rows("belebele/\(Self.flores[lang]!)/test.jsonl")
            var passages: [String: String] = [:]
            for row in rows {
                let link = row["link"] as? String ?? ""
                let passage = row["flores_passage"] as? String ?? ""
                #expect(passages[link, default: passage] == passage, "\(lang) \(link)")
                passages[link] = passage
            }
            #expect(passages.count == Self.examplesPerLanguage / 2)
        }
    }

    /// Letters of the language's script make up the text: Han for zh, Arabic for ur, Latin for en and es.
    static func isWritten(in lang: String, _ text: String) -> Bool {
        let letters = text.unicodeScalars.filter { $0.properties.isAlphabetic }
        guard !letters.isEmpty else { return false }
        let inScript = letters.filter { u in
            switch lang {
            case "zh": return (0x4E00...0x9FFF).contains(u.value) || (0x3400...0x4DBF).contains(u.value)
            case "ur": return (0x0600...0x06FF).contains(u.value) || (0xFB50...0xFDFF).contains(u.value) || (0xFE70...0xFEFF).contains(u.value)
            default: return u.value < 0x250
            }
        }
        return inScript.count == letters.count
    }
}
