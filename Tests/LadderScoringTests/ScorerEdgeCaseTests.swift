import Testing
import LadderScoring

/// Inputs chosen to hit the places where Python's semantics are easy to get
/// wrong (case mappings, `\b` next to CJK or combining marks, CPython-only
/// whitespace, hedges, negated glued labels); expectations from running the
/// study's own extractors.
@Suite struct ScorerEdgeCaseTests {
    static let cases: [(String, String, String?, String?)] = [
        ("csqa", "\u{130} a", "A", "A"),
        ("csqa", "\u{DF}", nil, nil),
        ("csqa", "the answer: \u{DF} c", "C", "C"),
        ("csqa", "answer - e", "E", "E"),
        ("csqa", "ANSWER:B", "B", "B"),
        ("csqa", "Answer\u{A0}:\u{3000}d", "D", "D"),
        ("csqa", "_a", nil, nil),
        ("csqa", "\u{E9}) b", "B", "B"),
        ("csqa", "\u{1C}\u{1F}  c\n a", "C", "C"),
        ("csqa", "答案是C", nil, nil),
        ("csqa", "答案 C", "C", "C"),
        ("belebele", "E or D", "D", "D"),
        ("belebele", "\u{FF21}", nil, nil),
        ("belebele", "\u{1C5}", nil, nil),
        ("csqa", "a\u{307}", "A", "A"),
        ("xnli", "\u{130}entailment", "entailment", "entailment"),
        ("xnli", "蕴含entailment", "entailment", "entailment"),
        ("xnli", "假设是entailment", nil, "entailment"),
        ("xnli", "没有entailment", nil, nil),
        ("xnli", "没有任何关系", nil, "neutral"),
        ("xnli", "NEUTRAL.", "neutral", "neutral"),
        ("xnli", "Implicaci\u{F3}n", "entailment", "entailment"),
        ("xnli", "IMPLICACI\u{D3}N", "entailment", "entailment"),
        ("xnli", "کوئی واضح تعلق نہیں", nil, "neutral"),
        ("xnli", "no es neutro_", "neutral", "neutral"),
        ("xnli", "entailment_", nil, "entailment"),
        ("xnli", "\u{2028}neutral", "neutral", "neutral"),
        ("xnli", "这是必然结果", nil, "entailment"),
        ("xnli", "x\nentailment", nil, nil),
        ("xnli", "\u{3A3}\u{391}\u{3A3} contradiction", "contradiction", "contradiction"),
        ("sib200", "Science / Physics", "science/technology", "science/technology"),
        ("sib200", "SCIENCE/تکنیک", "science/technology", "science/technology"),
        ("sib200", "Ciencia y Tecnolog\u{ED}a", "science/technology", "science/technology"),
        ("sib200", "physics", "science/technology", "science/technology"),
        ("sib200", "\"Travel\".", "travel", "travel"),
        ("sib200", "science and politics", "politics", nil),
        ("sib200", "科学和技术", nil, "science/technology"),
        ("sib200", "政治与体育", nil, nil),
        ("sib200", "答案是travel", "travel", "travel"),
        ("sib200", "health/travel", "travel", nil),
        ("sib200", "sport", "sports", "sports"),
        ("sib200", "Sport.", "sports", "sports"),
        ("sib200", "AI", "science/technology", "science/technology"),
        ("sib200", "سائنس، ٹیکنالوجی۔", nil, "science/technology"),
        ("sib200", "travel & travel", "travel", "travel"),
        ("sib200", "\u{3002}", nil, nil),
        ("sib200", "geography and geography and health", "health", nil),
        ("sib200", " e ", nil, nil),
        ("sib200", "Entertainment\tand\tsports", "sports", nil),
        ("sib200", "the topic is science and technology", nil, "science/technology"),
        ("sib200", "\u{130}nternet security", nil, nil),
    ]

    @Test func bothScorersAgreeWithTheStudyOnTrickyInputs() throws {
        let registry = try ScorerRegistry()
        let strict = try registry.scorer(named: "strict-v1")
        let refined = try registry.scorer(named: "refined-v1")
        var failures: [String] = []
        for (bench, raw, s, r) in Self.cases {
            let gotS = strict.extract(raw, benchmark: Benchmark(bench)).pred
            let gotR = refined.extract(raw, benchmark: Benchmark(bench)).pred
            if gotS != s { failures.append("strict \(bench) \(String(reflecting: raw)): expected \(s ?? "none"), got \(gotS ?? "none")") }
            if gotR != r { failures.append("refined \(bench) \(String(reflecting: raw)): expected \(r ?? "none"), got \(gotR ?? "none")") }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    @Test func matchViaNamesTheRuleThatDecided() throws {
        let registry = try ScorerRegistry()
        let strict = try registry.scorer(named: "strict-v1")
        let refined = try registry.scorer(named: "refined-v1")
        #expect(strict.extract("B) because", benchmark: .csqa).via == "letter")
        #expect(strict.extract("AnswerB", benchmark: .csqa) == Extraction(pred: "B", via: "answer-prefix"))
        #expect(refined.extract("Neutral", benchmark: .xnli).via == "label-word")
        #expect(refined.extract("中立", benchmark: .xnli).via == "native-label")
        #expect(refined.extract("假设是entailment", benchmark: .xnli).via == "english-substring")
        #expect(refined.extract("这是必然结果", benchmark: .xnli).via == "paraphrase")
        #expect(strict.extract("science/physics", benchmark: .sib200).via == "scitech-prefix")
        #expect(strict.extract("科学/技术", benchmark: .sib200).via == "scitech-native")
        #expect(strict.extract("chemistry", benchmark: .sib200).via == "scitech-subcategory")
        #expect(strict.extract("sport", benchmark: .sib200).via == "alias")
        #expect(strict.extract("it is travel", benchmark: .sib200).via == "substring")
        #expect(refined.extract("旅游", benchmark: .sib200).via == "term")
        #expect(refined.extract("health / travel", benchmark: .sib200) == Extraction(pred: nil, via: "hedge"))
        #expect(refined.extract("nothing here", benchmark: .sib200) == Extraction(pred: nil, via: nil))
    }

    @Test func aBenchmarkWithoutRulesGivesNoAnswer() throws {
        let refined = try ScorerRegistry().scorer(named: "refined-v1")
        #expect(!refined.supports(Benchmark("mmlu")))
        #expect(refined.extract("A", benchmark: Benchmark("mmlu")) == Extraction(pred: nil, via: nil))
    }

    @Test func scoringRowsCountsCorrectAndFailedAndComparesCodePoints() throws {
        let refined = try ScorerRegistry().scorer(named: "refined-v1")
        let rows = [RowInput(rawOutput: "travel", gold: "travel"), RowInput(rawOutput: "health", gold: "travel"),
                    RowInput(rawOutput: "???", gold: "travel")]
        let (scored, tally) = refined.score(rows, benchmark: .sib200)
        #expect(tally == CellTally(n: 3, correct: 1, failed: 1))
        #expect(scored.map(\.correct) == [true, false, false])
        #expect(scored[2].pred == nil)
        // Python compares code points: a decomposed gold never equals a precomposed answer.
        let choice = refined.score([RowInput(rawOutput: "A", gold: "A\u{301}")], benchmark: .csqa)
        #expect(choice.tally.correct == 0)
        #expect(CellTally().accuracy == 0.0 && CellTally().failureRate == 0.0)
    }
}
