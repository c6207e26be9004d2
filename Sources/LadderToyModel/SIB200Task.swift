import Foundation
import LadderCore

/// SIB-200 topic classification answered by a `CharNGramModel`.
///
/// Reads test sets laid out as `<directory>/<code>/test.tsv` and
/// `<directory>/<code>/labels.txt` (the layout of the SIB-200 repository's
/// `data/annotated/`), builds the prompt for a template and an instruction
/// language, and "generates" the model's answer the way a log-likelihood
/// evaluation does: every candidate surface form (`SIB200Labels`) is scored
/// by its mean log-probability per character after the prompt, ending with
/// a newline, and the best one is the raw output. Ties go to the earlier
/// candidate, English names first.
public struct SIB200Task: Sendable {
    /// Short language codes → SIB-200 folder names.
    public static let languageCodes: [String: String] = [
        "en": "eng_Latn", "zh": "zho_Hans", "es": "spa_Latn", "ur": "urd_Arab",
    ]

    public let directory: URL
    /// Weight of the prompt cache when scoring (see `PromptScorer`).
    public let cacheWeight: Double
    public let calibrated: Bool

    /// `cacheWeight` 0 gives the trained model alone, which sees only the
    /// prompt's last `order − 1` characters and so answers every example of
    /// a template alike; the default lets the text itself count.
    public init(directory: URL, cacheWeight: Double = 0.5, calibrated: Bool = true) throws {
        guard cacheWeight >= 0, cacheWeight <= 1 else {
            throw LadderError.badInput("SIB-200 cache weight must be in [0, 1], got \(cacheWeight)")
        }
        self.directory = directory
        self.cacheWeight = cacheWeight
        self.calibrated = calibrated
    }

    /// The SIB-200 folder name for a short code, or a message naming the known codes.
    public static func folder(for lang: String) throws -> String {
        guard let code = languageCodes[lang] else {
            throw LadderError.badInput("unknown SIB-200 language '\(lang)'; known: \(languageCodes.keys.sorted().joined(separator: ", "))")
        }
        return code
    }

    /// The categories of `lang`'s `labels.txt`, in file order.
    public func labels(lang: String) throws -> [String] {
        let url = directory.appendingPathComponent(try Self.folder(for: lang)).appendingPathComponent("labels.txt")
        let text = try Self.read(url)
        let labels = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !labels.isEmpty else { throw LadderError.badInput("\(url.path): no labels; expected one category a line") }
        return labels
    }

    /// The examples of `lang`. With `limit`, a stratified selection: the
    /// categories take turns in `labels.txt` order, each giving its examples
    /// in file order, until `limit` are taken — the test files are sorted by
    /// category, so their first rows would all be one topic.
    public func examples(lang: String, limit: Int? = nil) throws -> [SIB200Example] {
        if let limit, limit <= 0 { throw LadderError.badInput("SIB-200 limit must be positive, got \(limit)") }
        let url = directory.appendingPathComponent(try Self.folder(for: lang)).appendingPathComponent("test.tsv")
        let labels = try labels(lang: lang)
        let all = try Self.parseExamples(try Self.read(url), lang: lang, labels: Set(labels), origin: url.path)
        guard let limit, limit < all.count else { return all }
        var queues = labels.map { label in all.filter { $0.category == label }[...] }
        var picked: [SIB200Example] = []
        while picked.count < limit {
            for i in queues.indices where picked.count < limit {
                if let next = queues[i].popFirst() { picked.append(next) }
            }
        }
        return picked
    }

    /// The prompt a model continues for `example`.
    public func prompt(for example: SIB200Example, template: SIB200Template, instrLang: String,
                       categories: [String] = SIB200Labels.categories) throws -> String {
        guard let phrasing = SIB200Phrasing.byLanguage[instrLang] else {
            throw LadderError.badInput("no SIB-200 instructions in '\(instrLang)'; known: \(SIB200Phrasing.byLanguage.keys.sorted().joined(separator: ", "))")
        }
        return template.prompt(text: example.text, phrasing: phrasing,
                               labels: SIB200Labels.listed(in: instrLang, template: template, categories: categories))
    }

    /// The model's answer to one example: the best-scoring candidate.
    public func answer(model: CharNGramModel, example: SIB200Example, template: SIB200Template,
                       instrLang: String) throws -> SIB200Answer {
        let scorer = try model.scorer(for: try prompt(for: example, template: template, instrLang: instrLang),
                                      cacheWeight: cacheWeight)
        let blank = SIB200Example(id: example.id, category: example.category, text: "", lang: example.lang)
        let baseline = calibrated
            ? try model.scorer(for: try prompt(for: blank, template: template, instrLang: instrLang), cacheWeight: cacheWeight)
            : nil
        let scored = SIB200Labels.candidates(instrLang: instrLang).map {
            let s = scorer.meanLogProb(of: $0.text + "\n") - (baseline?.meanLogProb(of: $0.text + "\n") ?? 0)
            return SIB200Answer.Candidate(text: $0.text, category: $0.category, score: s)
        }
        var best = scored[0]
        for c in scored.dropFirst() where c.score > best.score { best = c }
        return SIB200Answer(raw: best.text, candidates: scored)
    }

    /// Answers every example of every requested cell, in the order
    /// template → data language → instruction language → example.
    public func evaluate(model: CharNGramModel, templates: [SIB200Template], dataLangs: [String],
                         instrLangs: [String], limit: Int? = nil, checkpoint: () throws -> Void = {}) throws -> [SIB200Row] {
        var rows: [SIB200Row] = []
        let data = try dataLangs.map { ($0, try examples(lang: $0, limit: limit)) }
        for template in templates {
            for (lang, examples) in data {
                for instr in instrLangs {
                    try checkpoint()
                    for example in examples {
                        let a = try answer(model: model, example: example, template: template, instrLang: instr)
                        rows.append(SIB200Row(id: example.id, gold: example.category, rawOutput: a.raw,
                                              template: template.rawValue, dataLang: lang, instrLang: instr))
                    }
                }
            }
        }
        return rows
    }

    static func read(_ url: URL) throws -> String {
        do {
            return try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw LadderError.io("cannot read \(url.path): \(error.localizedDescription)")
        }
    }
}
