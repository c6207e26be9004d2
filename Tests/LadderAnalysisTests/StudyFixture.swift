import Foundation
@testable import LadderAnalysis

/// Study-format results with planted effects, scored by two toy scorers that
/// behave like the study's: `strict` accepts only English labels and takes the
/// first label of a hedged answer; `refined` also reads native-script labels
/// and refuses hedges. Effects come from the raw answers plus the scorers'
/// behaviour, never from written-in accuracies.
///
/// Planted:
/// - `cond-native`: on SIB-200 with zh instructions it answers well, mostly in
///   native script → a loss under strict, a win under refined.
/// - `cond-artefact`: on SIB-200 a third of its answers are hedges whose first
///   label is the gold one → a strict win that is a loss under refined.
/// - `cond-seeds`: three seeds with a real win under both scorers; seed 123's
///   xnli/en/en observation was never re-scored by refined (a missing scorer).
/// - `cond-gap`: the plan has seeds 42 and 123; seed 123's session is missing.
/// - the baseline lacks xnli with zh data and zh instructions (a missing counterpart).
enum StudyFixture {
    static let benchmarks = ["sib200", "xnli"]
    static let langs = ["en", "zh"]
    static let template = "template1"
    static let labels: [String: [String]] = [
        "sib200": ["science/technology", "travel", "politics", "sports", "health", "entertainment", "geography"],
        "xnli": ["entailment", "neutral", "contradiction"],
    ]
    static let native: [String: String] = [
        "science/technology": "科学/技术", "travel": "旅行", "politics": "政治", "sports": "体育", "health": "健康",
        "entertainment": "娱乐", "geography": "地理", "entailment": "蕴含", "neutral": "中立", "contradiction": "矛盾",
    ]

    enum Answer {
        case english(String), nativeScript(String), hedge([String])
    }

    static func strict(_ a: Answer) -> String? {
        switch a {
        case .english(let l): return l
        case .nativeScript: return nil
        case .hedge(let ls): return ls.first
        }
    }

    static func refined(_ a: Answer) -> String? {
        switch a {
        case .english(let l): return l
        case .nativeScript(let n): return native.first { $0.value == n }?.key
        case .hedge: return nil
        }
    }

    struct Session { var condition: String; var seed: String? }

    static let planned: [Session] = [
        Session(condition: "baseline", seed: nil),
        Session(condition: "cond-native", seed: "42"),
        Session(condition: "cond-artefact", seed: "42"),
        Session(condition: "cond-seeds", seed: "42"), Session(condition: "cond-seeds", seed: "123"), Session(condition: "cond-seeds", seed: "456"),
        Session(condition: "cond-gap", seed: "42"), Session(condition: "cond-gap", seed: "123"),
    ]

    /// The observations the plan expects.
    static func expected() -> [ObservationKey] {
        planned.flatMap { s in cells().map { c in key(s, c) } }
    }

    static func cells() -> [(benchmark: String, data: String, instr: String)] {
        benchmarks.flatMap { b in langs.flatMap { d in langs.map { i in (b, d, i) } } }
    }

    static func key(_ s: Session, _ c: (benchmark: String, data: String, instr: String)) -> ObservationKey {
        ObservationKey(condition: s.condition, seed: s.seed, template: template, benchmark: c.benchmark, dataLang: c.data, instrLang: c.instr)
    }

    /// Scored rows for both scorers, `perCell` examples per observation.
    static func rows(perCell: Int = 200) -> [ScoredRow] {
        var out: [ScoredRow] = []
        for s in planned where !(s.condition == "cond-gap" && s.seed == "123") {
            for c in cells() {
                if s.condition == "baseline" && c.benchmark == "xnli" && c.data == "zh" && c.instr == "zh" { continue }
                let k = key(s, c)
                var rng = SplitMix64(seed: SplitMix64.fnv1a(k.description))
                let labelSet = labels[c.benchmark]!
                for i in 0..<perCell {
                    let gold = labelSet[i % labelSet.count]
                    let answer = raw(s.condition, c, gold: gold, labels: labelSet, rng: &rng)
                    for (scorer, read) in [("strict-v1", strict), ("refined-v1", refined)] {
                        if scorer == "refined-v1" && s.condition == "cond-seeds" && s.seed == "123" && c.benchmark == "xnli" && c.data == "en" && c.instr == "en" { continue }
                        let pred = read(answer)
                        out.append(ScoredRow(condition: s.condition, seed: s.seed, template: template, benchmark: c.benchmark,
                                             dataLang: c.data, instrLang: c.instr, scorer: scorer, exampleId: "\(c.benchmark)-\(c.data)-\(i)",
                                             pred: pred, gold: gold, correct: pred == gold))
                    }
                }
            }
        }
        return out
    }

    static func raw(_ condition: String, _ c: (benchmark: String, data: String, instr: String), gold: String, labels: [String],
                    rng: inout SplitMix64) -> Answer {
        let wrong = labels.first { $0 != gold }!
        let u = rng.nextUnit(), v = rng.nextUnit()
        switch condition {
        case "cond-native" where c.benchmark == "sib200" && c.instr == "zh":
            let label = u < 0.75 ? gold : wrong
            return v < 0.85 ? .nativeScript(native[label]!) : .english(label)
        case "cond-artefact" where c.benchmark == "sib200":
            if u < 0.3 { return .hedge([gold, wrong]) }
            return .english(v < 0.4 / 0.7 ? gold : wrong)
        case "cond-seeds":
            return .english(u < 0.62 ? gold : wrong)
        default:
            return .english(u < 0.5 ? gold : wrong)
        }
    }

    static func input(perCell: Int = 200) -> AnalysisInput {
        AnalysisInput(observations: ScoredObservation.group(rows(perCell: perCell)), expected: expected())
    }
}
