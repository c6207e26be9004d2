import Foundation
import LadderAnalysis
import LadderCore
@testable import LadderReport

/// A small run in study format with planted effects, plus the steps that
/// produced it, so the diff and the report can be checked against known
/// causes. Two toy scorers read raw answers: `strict-v1` only English labels
/// (and the first label of a hedge), `refined-v1` also native-script labels
/// and no hedges.
///
/// - `cond-native`: good native-script answers on SIB-200 zh instructions (a win only under refined).
/// - `cond-artefact`: hedged answers on SIB-200 (a strict win that is a refined loss).
/// - `cond-seeds`: two seeds; its training `lr` decides its accuracy
///   (2e-4 → 0.64, 1e-4 → 0.40), so changing it flips a win into a loss.
enum ReportFixture {
    struct Settings {
        var seedsLR = "2e-4"
        var refinedTable = "sha256:refined-table-1"
        var extraCondition = false
        var runId = "run-a"
        var perCell = 60
    }

    static let labels = ["science", "travel", "politics", "sports"]
    static let native = ["science": "科学", "travel": "旅行", "politics": "政治", "sports": "体育"]
    static let benchmarks = ["sib200", "xnli"]
    static let langs = ["en", "zh"]

    struct Session { var condition: String; var seed: String?; var lang: String }

    static func sessions(_ s: Settings) -> [Session] {
        var out = [Session(condition: "baseline", seed: nil, lang: "en"), Session(condition: "cond-native", seed: "42", lang: "zh"),
                   Session(condition: "cond-artefact", seed: "42", lang: "en"),
                   Session(condition: "cond-seeds", seed: "42", lang: "en"), Session(condition: "cond-seeds", seed: "123", lang: "en")]
        if s.extraCondition { out.append(Session(condition: "cond-extra", seed: "42", lang: "es")) }
        return out
    }

    static func snapshot(_ s: Settings = Settings()) -> RunSnapshot {
        var steps: [StepRecord] = []
        var observations: [ScoredObservation] = []
        for session in sessions(s) {
            var axes = ["lang": session.lang]
            if let seed = session.seed { axes["seed"] = seed }
            var upstream = "base-model"
            if session.condition != "baseline" {
                let lr = session.condition == "cond-seeds" ? s.seedsLR : "2e-4"
                let train = step(session, axes, "train", ["param.lr": lr, "param.seed": session.seed ?? "", "engine.version": "train-1"], seconds: 3600)
                steps.append(train)
                upstream = train.key
            }
            let eval = step(session, axes, "eval", ["input.model": upstream, "engine.version": "eval-1", "param.benchmarks": "sib200,xnli"], seconds: 600)
            let reparse = step(session, axes, "reparse", ["input.eval": eval.key, "engine.version": "reparse-1",
                                                          "table.strict-v1": "sha256:strict-table-1", "table.refined-v1": s.refinedTable], seconds: 2)
            steps += [eval, reparse]
            observations += scored(session, settings: s, stepKey: reparse.key)
        }
        let conditions = [ConditionInfo(name: "baseline", isolates: "the base model with no adapter"),
                          ConditionInfo(name: "cond-native", isolates: "training on Chinese-keyword code; answers come back in native script"),
                          ConditionInfo(name: "cond-artefact", isolates: "a prompt whose answers hedge between labels"),
                          ConditionInfo(name: "cond-seeds", isolates: "English code, two seeds, learning rate under test")]
        return RunSnapshot(runId: s.runId, name: s.runId == "run-a" ? "before" : "after", ladder: "fixture-ladder", ladderHash: SHA256.hex("fixture-ladder"),
                           startedAt: "2026-01-01T10:00:00Z", finishedAt: "2026-01-01T12:00:00Z", host: "fixture-host", steps: steps,
                           observations: observations, expected: [], conditions: conditions,
                           scorerFingerprints: ["strict-v1": SHA256.hex("strict-v1"), "refined-v1": SHA256.hex("refined-v1" + s.refinedTable)],
                           analysis: AnalysisConfig(bootstrapResamples: 200))
    }

    static func step(_ session: Session, _ axes: [String: String], _ name: String, _ ingredients: [String: String], seconds: Double) -> StepRecord {
        let canonical = ([name] + ingredients.keys.sorted().map { "\($0)=\(ingredients[$0]!)" }).joined(separator: "\n")
        return StepRecord(identity: StepIdentity(condition: session.condition, axes: axes, step: name, engine: name),
                          key: SHA256.hex(canonical), ingredients: ingredients, status: .executed, seconds: seconds)
    }

    enum Answer { case english(String), nativeScript(String), hedge(String, String) }

    static func scored(_ session: Session, settings s: Settings, stepKey: String) -> [ScoredObservation] {
        var out: [ScoredObservation] = []
        for benchmark in benchmarks {
            for data in langs {
                for instr in langs {
                    let key = ObservationKey(condition: session.condition, seed: session.seed, template: "t1", benchmark: benchmark, dataLang: data, instrLang: instr)
                    // Only cond-seeds depends on the learning rate; every other session answers the same in both runs.
                    var rng = SplitMix64(seed: SplitMix64.fnv1a(session.condition == "cond-seeds" ? "\(key)|\(s.seedsLR)" : "\(key)"))
                    var strict = ScoredObservation(key: key, scorer: "strict-v1", stepKey: stepKey)
                    var refined = ScoredObservation(key: key, scorer: "refined-v1", stepKey: stepKey)
                    for i in 0..<s.perCell {
                        let gold = labels[i % labels.count], wrong = labels[(i + 1) % labels.count]
                        let u = rng.nextUnit(), v = rng.nextUnit()
                        let answer: Answer
                        switch session.condition {
                        case "cond-native" where benchmark == "sib200" && instr == "zh":
                            answer = v < 0.85 ? .nativeScript(native[u < 0.8 ? gold : wrong]!) : .english(u < 0.8 ? gold : wrong)
                        case "cond-artefact" where benchmark == "sib200":
                            answer = u < 0.35 ? .hedge(gold, wrong) : .english(v < 0.55 ? gold : wrong)
                        case "cond-seeds":
                            answer = .english(u < (s.seedsLR == "2e-4" ? 0.64 : 0.40) ? gold : wrong)
                        default:
                            answer = .english(u < 0.5 ? gold : wrong)
                        }
                        let id = "\(benchmark)-\(data)-\(i)"
                        let ps: String?, pr: String?
                        switch answer {
                        case .english(let l): ps = l; pr = l
                        case .nativeScript(let n): ps = nil; pr = native.first { $0.value == n }?.key
                        case .hedge(let first, _): ps = first; pr = nil
                        }
                        strict.append(exampleId: id, pred: ps, correct: ps == gold)
                        refined.append(exampleId: id, pred: pr, correct: pr == gold)
                    }
                    out += [strict, refined]
                }
            }
        }
        return out
    }
}
