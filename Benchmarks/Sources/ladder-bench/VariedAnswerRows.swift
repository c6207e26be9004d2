import Foundation
import LadderCore

/// A study-shaped results file whose raw outputs vary as real generations do:
/// the public extractor cases (`../shared/data/scorers/extractor-cases-sample.jsonl`,
/// answer strings with what the study's extractors return) are taken as
/// answer cores and dressed the way models write: leading prose in the
/// instruction language ("The answer is …", "答案是…", "Respuesta: …",
/// "جواب: …"), casing, full-width punctuation, markdown and quotes, option
/// numbering styles with the option's text repeated, explanations on the same
/// line or after a blank line, stray whitespace and newlines. Seeded and
/// deterministic: the same seed writes the same bytes.
///
/// Nothing here is tuned to what the scorers or their memo do; the
/// proportions are guesses at a small instruction-tuned model's habits, and
/// the benchmark reports how distinct the outputs came out.
struct VariedAnswerRows {
    struct Case {
        var raw: String
        var gold: String?
        /// What the study's strict and refined extractors return (nil: none).
        var strict: String?
        var refined: String?
        /// The refined answer, else the strict one.
        var answer: String? { refined ?? strict }
    }

    /// What was written.
    struct Written {
        var rows = 0
        var bytes = 0
        /// Per benchmark: rows, and distinct raw outputs within their cell
        /// (the pairs (cell, raw_output) the per-cell memo can tell apart).
        var rowsByBenchmark: [String: Int] = [:]
        var distinctByBenchmark: [String: Int] = [:]
        var cases: [String: Int] = [:]
    }

    static let benchmarks = ["xnli", "csqa", "sib200", "belebele"]
    static let golds: [String: [String]] = [
        "xnli": ["entailment", "neutral", "contradiction"],
        "sib200": ["science/technology", "travel", "politics", "sports", "health", "entertainment", "geography"],
        "csqa": ["A", "B", "C", "D", "E"], "belebele": ["A", "B", "C", "D"],
    ]

    var cases: [String: [Case]] = [:]
    var rng: Rng

    struct Rng {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        /// True with probability `percent` / 100.
        mutating func chance(_ percent: Int) -> Bool { next(100) < percent }
        mutating func pick<T>(_ xs: [T]) -> T { xs[next(xs.count)] }
    }

    /// The cases file, or nil when `../shared/data` is absent.
    static func casesFile() -> URL? {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let url = repo.deletingLastPathComponent().appendingPathComponent("shared/data/scorers/extractor-cases-sample.jsonl")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    init(casesFile: URL, seed: UInt64) throws {
        rng = Rng(state: seed)
        let text = try String(contentsOf: casesFile, encoding: .utf8)
        for line in text.split(separator: "\n") where !line.isEmpty {
            guard let o = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let bench = o["benchmark"] as? String, let raw = o["raw_output"] as? String else { continue }
            cases[bench, default: []].append(Case(raw: raw, gold: o["gold"] as? String,
                                                  strict: o["strict"] as? String, refined: o["refined"] as? String))
        }
        for b in Self.benchmarks where cases[b, default: []].isEmpty {
            throw BenchDataError("\(casesFile.path) has no cases for \(b)")
        }
    }

    // MARK: the ways a model dresses an answer

    static let leads: [String: [String]] = [
        "en": ["Answer: ", "The answer is ", "The correct answer is ", "I think the answer is ", "Based on the text, the answer is ",
               "Sure! The answer is ", "Final answer: ", "My answer: ", "It is ", "Correct option: "],
        "zh": ["答案是", "答案：", "正确答案是", "我认为答案是", "根据文章，答案是", "回答："],
        "es": ["Respuesta: ", "La respuesta es ", "La respuesta correcta es ", "Creo que la respuesta es ", "Según el texto, "],
        "ur": ["جواب: ", "درست جواب ہے ", "میرے خیال میں جواب ", "متن کے مطابق "],
    ]
    static let because: [String: [String]] = ["en": [" because ", ", since ", " - "], "zh": ["，因为", "。因为", "，由于"],
                                              "es": [" porque ", ", ya que "], "ur": [" کیونکہ ", "، اس لیے کہ "]]
    static let explanationStarts: [String: [String]] = [
        "en": ["Explanation: ", "Reasoning: ", "", "This is because ", "Note: "], "zh": ["解释：", "理由：", "", "因为"],
        "es": ["Explicación: ", "Razonamiento: ", ""], "ur": ["وضاحت: ", "وجہ: ", ""],
    ]
    /// Sentence parts; a sentence is subject + verb + object + an optional detail.
    static let subjects: [String: [String]] = [
        "en": ["the passage", "the premise", "the text", "the second sentence", "the article", "the question", "the author", "this option",
               "the first statement", "the context"],
        "zh": ["这段文字", "前提", "文章", "第二句话", "作者", "这个选项", "上下文"],
        "es": ["el pasaje", "la premisa", "el texto", "la segunda oración", "el autor", "esta opción"],
        "ur": ["یہ متن", "پہلا جملہ", "مصنف", "یہ انتخاب", "سیاق و سباق"],
    ]
    static let verbs: [String: [String]] = [
        "en": ["states", "suggests", "implies", "mentions", "says nothing about", "clearly describes", "does not support", "is about"],
        "zh": ["提到了", "说明了", "暗示", "没有提到", "描述了", "支持"],
        "es": ["dice", "sugiere", "menciona", "no habla de", "describe"],
        "ur": ["بتاتا ہے", "ذکر کرتا ہے", "ظاہر کرتا ہے", "کے بارے میں ہے"],
    ]
    static let objects: [String: [String]] = [
        "en": ["the new transport network", "a football match", "the election results", "a vaccine trial", "the museum's new exhibit",
               "the mountain range", "the committee's decision", "rising fuel prices", "the satellite launch", "a film festival",
               "the river delta", "the hospital's funding", "the holiday season", "a chemistry experiment"],
        "zh": ["新的交通网络", "一场足球比赛", "选举结果", "疫苗试验", "博物馆的新展览", "山脉", "委员会的决定", "卫星发射", "电影节"],
        "es": ["la nueva red de transporte", "un partido de fútbol", "los resultados electorales", "un ensayo de vacunas", "el festival de cine"],
        "ur": ["نئے ٹرانسپورٹ نیٹ ورک", "فٹ بال میچ", "انتخابی نتائج", "ویکسین کے تجربے", "فلمی میلے"],
    ]
    static let details: [String: [String]] = [
        "en": ["in paragraph ", "on line ", "in sentence ", "around ", "in the year 19", "with about "],
        "zh": ["在第", "大约", "在19"], "es": ["en el párrafo ", "en la línea ", "hacia 19"], "ur": ["پیراگراف ", "سطر "],
    ]
    static let optionWords: [String: [String]] = [
        "en": ["library", "kitchen", "the bank", "a river", "school", "the airport", "happiness", "to rest", "a newspaper", "the office"],
        "zh": ["图书馆", "厨房", "银行", "河流", "学校", "机场", "幸福", "休息"],
        "es": ["biblioteca", "cocina", "el banco", "un río", "escuela", "el aeropuerto"],
        "ur": ["کتب خانہ", "باورچی خانہ", "بینک", "دریا", "اسکول", "ہوائی اڈہ"],
    ]
    static let fullWidth: [Character: Character] = [":": "：", "(": "（", ")": "）", ",": "，", ".": "。", "?": "？", "!": "！", ";": "；"]

    /// The instruction language usually sets the language of the prose;
    /// sometimes the model answers in English anyway.
    mutating func proseLanguage(_ instruction: String) -> String {
        instruction == "en" || rng.chance(35) ? "en" : instruction
    }

    mutating func sentence(_ lang: String) -> String {
        var s = rng.pick(Self.subjects[lang]!)
        let space = lang == "zh" ? "" : " "
        s += space + rng.pick(Self.verbs[lang]!) + space + rng.pick(Self.objects[lang]!)
        if rng.chance(40) { s += space + rng.pick(Self.details[lang]!) + String(1 + rng.next(99)) }
        if lang == "en" || lang == "es", let first = s.first { s = first.uppercased() + s.dropFirst() }
        return s + (lang == "zh" ? "。" : lang == "ur" ? "۔" : ".")
    }

    /// An option letter written the way models number options, sometimes
    /// with the option's text repeated; `letter` is upper case.
    mutating func numbered(_ letter: String, _ lang: String) -> String {
        let l = rng.chance(20) ? letter.lowercased() : letter
        let text = rng.pick(Self.optionWords[lang]!)
        switch rng.next(14) {
        case 0: return "(\(l))"
        case 1: return "\(l))"
        case 2: return "\(l)."
        case 3: return "[\(l)]"
        case 4: return "Option \(l)"
        case 5: return "选项\(l)"
        case 6: return "Opción \(l)"
        case 7: return "\(l): \(text)"
        case 8: return "\(l)) \(text)"
        case 9: return "(\(l)) \(text)"
        case 10: return "\(l). \(text)"
        case 11: return "**\(l)**"
        case 12: return "\(l)（\(text)）"
        default: return l
        }
    }

    /// One raw output and its gold for `bench`.
    mutating func row(_ bench: String, instruction: String) -> (raw: String, gold: String) {
        let pool = cases[bench]!
        let goldPool = Self.golds[bench]!
        var core: String
        var expected: String?
        var caseGold: String?
        if (bench == "csqa" || bench == "belebele") && rng.chance(60) {
            // The cases hold few multiple-choice answers: most letters come
            // from the numbering styles instead.
            let letter = rng.pick(goldPool)
            core = numbered(letter, proseLanguage(instruction))
            expected = letter
        } else {
            let c = rng.pick(pool)
            core = c.raw
            expected = c.answer
            caseGold = c.gold
        }
        switch rng.next(20) {
        case 0, 1: core = core.lowercased()
        case 2, 3: core = core.uppercased()
        case 4, 5: if let f = core.first { core = f.uppercased() + core.dropFirst() }
        case 6: core = String(core.map { Self.fullWidth[$0] ?? $0 })
        default: break
        }
        switch rng.next(20) {
        case 0, 1: core = "**\(core)**"
        case 2: core = "\"\(core)\""
        case 3: core = "“\(core)”"
        case 4: core = "「\(core)」"
        default: break
        }
        let lang = proseLanguage(instruction)
        var raw = rng.chance(45) ? rng.pick(Self.leads[lang]!) + core : core
        switch rng.next(20) {
        case 0, 1, 2, 3, 4, 5: break
        case 6, 7: raw += "."
        case 8: raw += lang == "zh" ? "。" : "!"
        case 9, 10, 11, 12:
            raw += rng.pick(Self.because[lang]!) + sentence(lang)
        case 13, 14, 15, 16, 17:
            raw += rng.chance(70) ? "\n\n" : "\n"
            raw += rng.pick(Self.explanationStarts[lang]!)
            for _ in 0..<(1 + rng.next(3)) { raw += sentence(lang) + (lang == "zh" ? "" : " ") }
        case 18: raw += "\n" + core
        default: raw += "\n" + rng.pick(Self.leads[lang]!) + core + "\n" + sentence(lang)
        }
        if rng.chance(8) { raw = rng.pick(["\n", " ", "\n\n", "  "]) + raw }
        if rng.chance(10) { raw += rng.pick(["\n", " ", "\n\n", " \n"]) }
        let gold = caseGold ?? (expected.flatMap { e in rng.chance(60) && goldPool.contains(e) ? e : nil } ?? rng.pick(goldPool))
        return (raw, gold)
    }

    static let filler = ["The committee met on Tuesday to discuss the new proposal for the regional transport network. ",
                         "委员会周二开会讨论了区域交通网络的新提案。", "La comisión se reunió el martes para discutir la nueva propuesta. ",
                         "کمیٹی نے منگل کو علاقائی ٹرانسپورٹ نیٹ ورک کی نئی تجویز پر تبادلہ خیال کیا۔ "]

    /// Writes the file: the study's 28 cells (English data with English
    /// instructions; zh, es, ur data with English and native instructions),
    /// `rowsPerCell` rows each, in the study's row layout.
    mutating func write(to url: URL, rowsPerCell: Int) throws -> Written {
        let langs = ["en", "zh", "es", "ur"]
        var cells: [(key: String, bench: String, instruction: String)] = []
        for d in langs {
            for i in d == "en" ? ["en"] : ["en", d] {
                for b in Self.benchmarks { cells.append(("template1_\(b)_data=\(d)_instr=\(i)", b, i)) }
            }
        }
        var w = Written()
        for b in Self.benchmarks { w.cases[b] = cases[b]!.count }
        var out = "{\n  \"summary\": {\n"
        out += cells.map { "    \"\($0.key)_acc\": 0.25" }.joined(separator: ",\n") + "\n  },\n  \"parse_failure_rates\": {\n"
        out += cells.map { "    \"\($0.key)\": 0.5" }.joined(separator: ",\n") + "\n  }"
        for cell in cells {
            var seen: Set<[UInt8]> = []
            out += ",\n  \"\(cell.key)\": ["
            for r in 0..<rowsPerCell {
                let text = (0..<(cell.bench == "belebele" ? 6 : 2)).map { _ in Self.filler[rng.next(Self.filler.count)] }.joined()
                let (raw, gold) = row(cell.bench, instruction: cell.instruction)
                seen.insert(Array(raw.utf8))
                out += r == 0 ? "\n" : ",\n"
                out += "    {\n      \"text\": \(Self.quote(text)),\n      \"template\": \"template1\",\n      \"instruction_lang\": \"\(cell.instruction)\",\n"
                out += "      \"raw_output\": \(Self.quote(raw)),\n      \"pred\": null,\n      \"gold\": \(Self.quote(gold)),\n      \"correct\": false\n    }"
            }
            out += "\n  ]"
            w.rows += rowsPerCell
            w.rowsByBenchmark[cell.bench, default: 0] += rowsPerCell
            w.distinctByBenchmark[cell.bench, default: 0] += seen.count
        }
        out += "\n}"
        let data = Data(out.utf8)
        try data.write(to: url)
        w.bytes = data.count
        return w
    }

    /// JSON text of `s`, through the project's one JSON writer (one spelling per string,
    /// so equal strings are equal bytes; non-ASCII written as is, as Python's
    /// `json.dumps(s, ensure_ascii=False)` reads it back).
    static func quote(_ s: String) -> String { Value.string(s).canonicalJSON }
}

struct BenchDataError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
