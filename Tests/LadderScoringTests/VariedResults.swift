import Foundation
import LadderCore
@testable import LadderScoring

/// A deterministic study-format results file that exercises what the
/// streaming reader takes shortcuts on: long texts in several scripts
/// (two-, three- and four-byte UTF-8, sequences that need the E0/ED range
/// checks), escapes of every kind, the same answer written with different
/// bytes (`"A"` and `"\u0041"`), multi-line answers, non-string golds,
/// numbers, nested metadata and keys in any order. `reference` scores it the
/// plain way: whole-document tree, then each row on its own.
enum VariedResults {
    static let cells: [String] = ["xnli", "csqa", "sib200", "belebele"].flatMap { b in
        [("en", "en"), ("zh", "zh"), ("ur", "en"), ("es", "es")].map { "template2_\(b)_data=\($0.0)_instr=\($0.1)" }
    }
    static let answers: [String: [String]] = [
        "xnli": ["entailment", "Neutral", " contradiction.\n", "蕴含", "中立", "假设是entailment", "没有entailment", "没有任何关系", "neutro",
                 "تردید", "entailment\n\nExplanation", "推论", "NEUTRAL\t", "\u{3000}中立\u{3000}", "none", ""],
        "csqa": ["A", "B) because", "Answer: C", "答案是C", "d.", "(E)", "the answer is b", "ج", "ANSWER - e", "\n\nC\nA", "Ω", "ﬁ A"],
        "sib200": ["science/technology", "Travel", "politics\n", "سائنس/ٹکنالوجی", "科学/技术", "ciencia y tecnología", "health / travel",
                   "The topic is sports.", "سیاست", "答案是travel", "physics", "Science/Physics", "旅游", "science, technology", "“health”"],
        "belebele": ["A", "b", "Answer: D", "(C) the passage", "答案：B", "None", "ΑΒΓ", "\u{A0}A\u{A0}"],
    ]
    static let golds: [String: [String]] = [
        "xnli": ["entailment", "neutral", "contradiction"], "csqa": ["A", "B", "C", "D", "E"],
        "sib200": ["science/technology", "travel", "politics", "sports", "health"], "belebele": ["A", "B", "C", "D"],
    ]
    static let fragments = ["The committee met on Tuesday to discuss the proposal. ", "委员会周二开会讨论了区域交通网络的新提案。",
                            "La comisión se reunió el martes. ", "کمیٹی نے منگل کو علاقائی ٹرانسپورٹ نیٹ ورک ", "हिन्दी पाठ। ",
                            "한국어 문장입니다. ", "ภาษาไทย ", "emoji 😀🚀 𝐀 ", "\u{D7FF}\u{E000}\u{FFFF}\u{10FFFF} ", "quote \" back \\ slash / tab\t nl\n",
                            "Ελληνικά ΣΑΣ. ", "x"]

    struct Rng {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
    }

    static func generate(seed: UInt64, rowsPerCell: Int) -> String {
        var rng = Rng(state: seed)
        var out = "{\n  \"summary\": {"
        out += cells.enumerated().filter { $0.offset % 3 != 0 }.map { "\n    \"\($0.element)_acc\": \(["0.25", "1", "0", "0.5e0"][$0.offset % 4])" }.joined(separator: ",")
        out += "\n  },\n  \"parse_failure_rates\": {\"\(cells[1])\": 0.125},\n  \"model\": {\"name\": \"m\", \"params\": [1, -2.5, 3e-2, true, null, \"\\u00e9\"]}"
        out += ",\n  \"template2_csqa_data=zh_instr=en\": []"
        for cell in cells {
            let bench = String(cell.split(separator: "_")[1])
            out += ",\n  \"\(cell)\": ["
            for r in 0..<rowsPerCell {
                var text = ""
                for _ in 0..<(1 + rng.next(6)) { text += fragments[rng.next(fragments.count)] }
                let pool = answers[bench]!
                var raw = pool[rng.next(pool.count)]
                if rng.next(5) == 0 { raw += pool[rng.next(pool.count)] }
                if rng.next(9) == 0 { raw = "  " + raw + "\n" + text }
                let goldPool = golds[bench]!
                let gold = rng.next(20) == 0 ? ["3", "null", "2.50", "[\"A\"]"][rng.next(4)] : quote(goldPool[rng.next(goldPool.count)], &rng)
                var members = [
                    "\"text\": \(quote(text, &rng))", "\"index\": \(r)", "\"score\": -1.25e-3", "\"template\": \"template2\"",
                    "\"meta\": {\"k\": [1, 2.5e3, true, false, null, {}], \"s\": \(quote(text.count % 2 == 0 ? "é" : "ok", &rng))}",
                    "\"raw_output\": \(quote(raw, &rng))", "\"pred\": null", "\"gold\": \(gold)", "\"correct\": false",
                ]
                for i in stride(from: members.count - 1, to: 0, by: -1) { members.swapAt(i, rng.next(i + 1)) }
                out += (r == 0 ? "\n    {" : ",\n    {") + members.joined(separator: rng.next(2) == 0 ? ", " : ",\n      ") + "}"
            }
            out += "\n  ]"
        }
        return out + "\n}\n"
    }

    /// JSON text of `s`, choosing at random among the spellings Python's
    /// `json` reads as the same string.
    static func quote(_ s: String, _ rng: inout Rng) -> String {
        let escapeAll = rng.next(6) == 0
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += rng.next(4) == 0 ? "\\u000a" : "\\n"
            case "\t": out += "\\t"
            case "/": out += rng.next(3) == 0 ? "\\/" : "/"
            default:
                if u.value < 0x20 || (escapeAll && u.value >= 0x80) {
                    for unit in String(u).utf16 { out += String(format: "\\u%04x", unit) }
                } else if escapeAll && u == "A" {
                    out += "\\u0041"
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    struct Expected {
        var cells: [String] = []
        /// `tallies[scorer][cell]`.
        var tallies: [[CellTally]]
        /// The rows file, as `Reparser` writes it for several scorers.
        var lines: [String] = []
    }

    static func reference(file: URL, scorers: [TableScorer]) throws -> Expected {
        let doc = try OrderedJSON.parse(Data(contentsOf: file), origin: file.lastPathComponent)
        guard case .object(let members) = doc else { throw LadderError.badInput("not an object") }
        var expected = Expected(tallies: Array(repeating: [], count: scorers.count))
        for member in members where member.key != "summary" && member.key != "parse_failure_rates" {
            guard case .array(let rows) = member.value, let cell = CellKey(member.key) else { continue }
            expected.cells.append(cell.raw)
            for (k, scorer) in scorers.enumerated() {
                var tally = CellTally()
                for (i, row) in rows.enumerated() {
                    guard case .string(let raw) = row["raw_output"], let gold = row["gold"] else { throw LadderError.badInput("row \(i)") }
                    let e = scorer.extract(raw, benchmark: cell.benchmark)
                    var correct = false
                    var goldJSON = PythonJSON.compact(PythonJSON.normalizingNumbers(gold))
                    if case .string(let g) = gold {
                        correct = e.pred.map { Array($0.unicodeScalars) == Array(g.unicodeScalars) } ?? false
                        goldJSON = PythonJSON.quote(g)
                    }
                    tally.add(answered: e.pred != nil, correct: correct)
                    expected.lines.append("{\"scorer\": \(PythonJSON.quote(scorer.name)), \"cell\": \(PythonJSON.quote(cell.raw)), \"index\": \(i), "
                        + "\"pred\": \(e.pred.map(PythonJSON.quote) ?? "null"), \"gold\": \(goldJSON), "
                        + "\"correct\": \(correct), \"match_via\": \(e.via.map(PythonJSON.quote) ?? "null")}")
                }
                expected.tallies[k].append(tally)
            }
        }
        return expected
    }
}
