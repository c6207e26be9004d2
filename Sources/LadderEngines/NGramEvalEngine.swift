import Foundation
import LadderCore
import LadderSpec
import LadderToyModel

/// `ngram-eval`: the demo's evaluation. Answers SIB-200 topic questions with a
/// character n-gram model (input `model`, an `ngram-train` output; without it, an
/// untrained model: the demo's baseline), for each template × data language ×
/// instruction language, and writes study-format `results_{template}.json` files
/// (raw generations + gold, keyed by the benchmark's example id) for `reparse`.
/// Input `benchmarks`: a directory holding `sib200/<flores code>/test.tsv`.
/// Params: `benchmarks` ([sib200]), `templates`, `data_langs`, `instr_langs`, `limit`, `cache_weight`.
public struct NGramEvalEngine: BuiltinEngine {
    public let name = "ngram-eval"
    public let summary = "answer SIB-200 with an n-gram model; study-format raw results (the demo's evaluation)"
    public let parameters: [ParameterSpec] = [
        ParameterSpec("benchmarks", .list(.string), default: .array([.string("sib200")]), allowed: ["sib200"], doc: "benchmarks to answer"),
        ParameterSpec("templates", .list(.string), default: .array([.string("template1")]), allowed: ["template1", "template2"],
                      doc: "prompt templates"),
        ParameterSpec("data_langs", .list(.string), default: .array([.string("en")]), allowed: ["en", "zh", "es", "ur"],
                      doc: "languages of the test data"),
        ParameterSpec("instr_langs", .list(.string), default: .array([.string("en")]), allowed: ["en", "zh", "es", "ur"],
                      doc: "languages of the instructions"),
        ParameterSpec("limit", .int, doc: "answer only the first N examples per language"),
        ParameterSpec("cache_weight", .number, default: .double(0.5), doc: "weight of the prompt cache in the model's mixture"),
    ]

    public init() {}

    public func behaviourData(settings: [String: Value]) throws -> [String: String] {
        ["procedure": SIB200Task.procedureVersion]
    }

    func strings(_ v: Value?, _ name: String, default d: [String]) throws -> [String] {
        guard let v else { return d }
        guard let list = v.arrayValue?.compactMap(\.stringValue), !list.isEmpty else {
            throw LadderError.badInput("ngram-eval: `\(name)` must be a non-empty list of words")
        }
        var out: [String] = []
        for s in list where !out.contains(s) { out.append(s) }
        return out
    }

    public func run(_ request: EngineRequest, context: EngineContext) throws -> EngineResult {
        let p = request.params
        let benchmarks = try strings(p["benchmarks"], "benchmarks", default: ["sib200"])
        for b in benchmarks where b != "sib200" {
            throw LadderError.badInput("ngram-eval answers sib200 only; '\(b)' needs a real model engine")
        }
        let templates = try strings(p["templates"], "templates", default: ["template1"]).map { try SIB200Template(parsing: $0) }
        let dataLangs = try strings(p["data_langs"], "data_langs", default: ["en"])
        let instrLangs = try strings(p["instr_langs"], "instr_langs", default: ["en"])
        guard let dir = try request.input("benchmarks").path else { throw LadderError.badInput("ngram-eval: input 'benchmarks' has no path") }
        let task = try SIB200Task(directory: URL(fileURLWithPath: dir).appendingPathComponent("sib200"),
                                  cacheWeight: p["cache_weight"]?.doubleValue ?? 0.5)
        let model: CharNGramModel
        if let m = request.inputs["model"], let mp = m.path {
            model = try CharNGramModel(contentsOf: URL(fileURLWithPath: mp).appendingPathComponent("model.bin"))
        } else {
            model = try CharNGramModel()
        }
        let rows = try task.evaluate(model: model, templates: templates, dataLangs: dataLangs, instrLangs: instrLangs,
                                     limit: p["limit"]?.intValue, checkpoint: context.checkCancelled)
        let out = URL(fileURLWithPath: request.outputDir)
        for t in templates {
            try AtomicFile.write(try SIB200Row.studyResults(rows, template: t.rawValue),
                                 to: out.appendingPathComponent("sib200_results_\(t.rawValue).json"))
        }
        try AtomicFile.write(try SIB200Row.jsonLines(rows), to: out.appendingPathComponent("rows.jsonl"))
        context.log("answered \(rows.count) prompts (\(templates.count) templates × \(dataLangs.count) data × \(instrLangs.count) instruction languages)")
        return EngineResult(metrics: ["prompts": .int(rows.count)])
    }
}
