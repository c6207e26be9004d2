import Foundation
import LadderCore
import LadderEval
import LadderPlan
import LadderSpec

/// `eval`: answers the study's benchmarks (SIB-200, XNLI, X-CSQA, Belebele) with
/// the CPU transformer — input `base` (a `pretrain` output), optional input
/// `adapter` (a `lora-train` output, merged into the base; leave it out for the
/// baseline), input `benchmarks` (a directory in the layout of LadderEval's
/// README) — over benchmarks × templates × data languages × instruction
/// languages. Prompts come from template files (`template_dir`, relative to the
/// ladder; their sha256 enters the step key). Writes the study's
/// `{benchmark}_results_{template}.json` with example ids and `eval_summary.json`;
/// rows go to `{state_dir}/rows.jsonl` as they are produced, so a killed attempt
/// resumes at the batch where it stopped. The work is in LadderEval.
public struct EvalEngine: BuiltinEngine {
    public let name = "eval"
    public let summary = "answer SIB-200, XNLI, X-CSQA and Belebele with the CPU model (+ adapter); study-format results with example ids, resumable"
    public let parameters: [ParameterSpec] = [
        ParameterSpec("benchmarks", .list(.string), default: .array(Benchmark.allCases.map { .string($0.rawValue) }),
                      allowed: Benchmark.allCases.map(\.rawValue), doc: "benchmarks to answer"),
        ParameterSpec("templates", .list(.string), default: .array([.string("template1"), .string("template2")]),
                      doc: "template names, each in every template file read"),
        ParameterSpec("data_langs", .list(.string), default: .array(["en", "zh", "es", "ur"].map(Value.string)),
                      doc: "languages of the test data (en, zh, es, ur for the FLORES-based sets)"),
        ParameterSpec("instr_langs", .list(.string), default: .array([.string("en")]),
                      doc: "instruction languages; every template needs a prompt in each"),
        ParameterSpec("template_dir", .string, default: .string(EvalEngine.defaultTemplateDir),
                      doc: "directory of {benchmark}.json template files, relative to the ladder; their hashes enter the key"),
        ParameterSpec("mode", .string, default: .string(EvalMode.loglikelihood.rawValue), allowed: EvalMode.allCases.map(\.rawValue),
                      doc: "loglikelihood: rank the options; generate: greedy text, max_new_tokens"),
        ParameterSpec("max_new_tokens", .int, default: .int(10), doc: "generate mode: the most tokens an answer may have (the study's 10)"),
        ParameterSpec("limit", .int, doc: "answer N examples per benchmark and data language, balanced over the gold answers"),
        ParameterSpec("batch_size", .int, default: .int(8), doc: "prompts per model call (part of the key: scores depend on it in the last bits)"),
    ]

    public static let defaultTemplateDir = "templates/eval"

    public init() {}

    // MARK: parameters

    static func settings(_ params: [String: Value]) throws -> (EvalSettings, templateDir: String) {
        let p = ModelParams(engine: "eval", params: params)
        func list(_ name: String, _ d: [String]) throws -> [String] {
            let l = try p.strings(name, d)
            guard !l.isEmpty else { throw ParameterProblem(name, "eval: `\(name)` must name at least one") }
            return l
        }
        let benchmarks = try list("benchmarks", Benchmark.allCases.map(\.rawValue)).map { b in
            do { return try Benchmark(parsing: b) } catch let e as LadderError { throw ParameterProblem("benchmarks", "eval: \(e.description)") }
        }
        let matrix = EvalMatrix(benchmarks: benchmarks, templates: try list("templates", ["template1", "template2"]),
                                dataLangs: try list("data_langs", ["en", "zh", "es", "ur"]), instrLangs: try list("instr_langs", ["en"]))
        let modeName = try p.string("mode", EvalMode.loglikelihood.rawValue) ?? EvalMode.loglikelihood.rawValue
        guard let mode = EvalMode(rawValue: modeName) else {
            throw ParameterProblem("mode", "eval: mode '\(modeName)' is not one of \(EvalMode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let maxNew = try p.int("max_new_tokens", 10), batch = try p.int("batch_size", 8)
        let limit = try p.value("limit").map { _ in try p.int("limit", 0) }
        guard maxNew > 0 else { throw ParameterProblem("max_new_tokens", "eval: max_new_tokens must be at least 1") }
        guard batch > 0 else { throw ParameterProblem("batch_size", "eval: batch_size must be at least 1") }
        if let limit, limit <= 0 { throw ParameterProblem("limit", "eval: limit must be at least 1") }
        for d in matrix.dataLangs {
            for b in benchmarks {
                do { _ = try b.folder(for: d) } catch let e as LadderError { throw ParameterProblem("data_langs", "eval: \(e.description)") }
            }
        }
        let settings = try EvalSettings(matrix: matrix, mode: mode, maxNewTokens: maxNew, limit: limit, batchSize: batch)
        return (settings, try p.string("template_dir", defaultTemplateDir) ?? defaultTemplateDir)
    }

    public func check(params: [String: Value]) throws {
        _ = try Self.settings(params)
    }

    public func evaluationCells(params: [String: Value]) -> [EvaluationCell] {
        guard let (s, _) = try? Self.settings(params) else { return [] }
        return s.matrix.cells.map { EvaluationCell(benchmark: $0.benchmark.rawValue, key: $0.key) }
    }

    // MARK: template files (engine data)

    static let templateMemo = Memo<String, TemplateSet>()

    static func templateDirectory(_ dir: String, ladderDir: String?) -> URL {
        URL(fileURLWithPath: dir.hasPrefix("/") ? dir : ((ladderDir ?? ".") as NSString).appendingPathComponent(dir))
    }

    /// Reads (once per content) and checks the template files the step needs; problems point at the parameter to fix.
    static func templateSets(_ s: EvalSettings, directory: URL, params: [String: Value]) throws -> [Benchmark: TemplateSet] {
        var out: [Benchmark: TemplateSet] = [:]
        for b in s.matrix.benchmarks {
            let url = TemplateSet.file(b, in: directory)
            let at = params["template_dir"] == nil ? "benchmarks" : "template_dir"
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw ParameterProblem(at, "eval: no template file for \(b.rawValue): \(url.path) does not exist",
                                       hint: "template_dir names a directory of {benchmark}.json files, relative to the ladder (default \(defaultTemplateDir))")
            }
            let set: TemplateSet
            do {
                set = try templateMemo.value(url.path + "\u{0}" + SHA256.hex(data)) { try TemplateSet(data: data, benchmark: b, origin: url.path) }
            } catch let e as LadderError { throw ParameterProblem(at, "eval: \(e.description)") }
            do { try set.check(templates: s.matrix.templates, instrLangs: []) } catch let e as LadderError {
                throw ParameterProblem("templates", "eval: \(e.description)")
            }
            do { try set.check(templates: s.matrix.templates, instrLangs: s.matrix.instrLangs) } catch let e as LadderError {
                throw ParameterProblem("instr_langs", "eval: \(e.description)", hint: "add the language to the template file, or drop it from instr_langs")
            }
            out[b] = set
        }
        return out
    }

    public func stepData(params: [String: Value], ladder: Ladder) throws -> Value? {
        let (s, dir) = try Self.settings(params)
        let sets = try Self.templateSets(s, directory: Self.templateDirectory(dir, ladderDir: ladder.directory), params: params)
        return .object(["templates": .object(Dictionary(uniqueKeysWithValues: sets.map { ($0.key.rawValue, .string($0.value.sha256)) }))])
    }

    // MARK: benchmark files (plan time)

    static let examplesMemo = Memo<String, [BenchmarkExample]>()

    public func check(params: [String: Value], sources: [String: String], ladder: Ladder) throws {
        guard let dir = sources["benchmarks"], FileManager.default.fileExists(atPath: dir) else { return }
        let (s, templateDir) = try Self.settings(params)
        let sets = try? Self.templateSets(s, directory: Self.templateDirectory(templateDir, ladderDir: ladder.directory), params: params)
        let loader = BenchmarkLoader(directory: URL(fileURLWithPath: dir))
        for b in s.matrix.benchmarks {
            for d in s.matrix.dataLangs {
                let examples: [BenchmarkExample]
                do {
                    // Parsed once per process and file version (path, size, modification time): a
                    // plan of many eval steps reads each benchmark file once.
                    var key = ""
                    for f in try loader.files(b, lang: d) {
                        guard let a = try? FileManager.default.attributesOfItem(atPath: f.path) else {
                            throw LadderError.badInput("\(f.path): no such benchmark file (input 'benchmarks' is \(dir))")
                        }
                        let size = (a[.size] as? NSNumber)?.int64Value ?? -1
                        let modified = (a[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
                        key += "\(f.path)\u{0}\(size)\u{0}\(modified.bitPattern)\u{0}"
                    }
                    examples = try Self.examplesMemo.value(key) { try loader.examples(b, lang: d) }
                } catch let e as LadderError {
                    throw ParameterProblem("data_langs", "eval: \(b.rawValue) in data language \(d): \(e.description)")
                }
                guard let set = sets?[b] else { continue }
                if let bad = examples.first(where: { !set.options.contains($0.gold) }) {
                    throw ParameterProblem("benchmarks", "eval: \(try loader.file(b, lang: d).path):\(bad.line): gold answer '\(bad.gold)' is not among the options of \(set.origin)")
                }
            }
        }
    }

    // MARK: run

    public func run(_ request: EngineRequest, context: EngineContext) throws -> EngineResult {
        let (settings, templateDir) = try Self.settings(request.params)
        let sets = try Self.templateSets(settings, directory: Self.templateDirectory(templateDir, ladderDir: request.ladderDir),
                                         params: request.params)
        if let planned = request.engineData?["templates"]?.objectValue {
            for (b, set) in sets where planned[b.rawValue]?.stringValue.map({ $0 != set.sha256 }) == true {
                throw LadderError.badInput("eval: \(set.origin) changed after the plan was made (sha256 \(set.sha256)); run again to plan with it")
            }
        }
        guard let benchDir = try request.input("benchmarks").path else { throw LadderError.badInput("eval: input 'benchmarks' has no path") }
        guard let basePath = try request.input("base").path else {
            throw LadderError.badInput("eval: input 'base' has no path (a model named by id cannot be loaded here; use a pretrain output)")
        }
        let loader = BenchmarkLoader(directory: URL(fileURLWithPath: benchDir))
        let evaluator = Evaluator(settings: settings, templates: sets, loader: loader)
        let items = try evaluator.items()
        let adapterPath = request.inputs["adapter"]?.path
        let model = try TransformerEvalModel.load(base: URL(fileURLWithPath: basePath), adapter: adapterPath.map(URL.init(fileURLWithPath:)))
        let store = RowStore(url: URL(fileURLWithPath: request.stateDir).appendingPathComponent("rows.jsonl"))
        let started = DispatchTime.now()
        var lastLog = 0
        let outcome = try evaluator.run(items, model: model, store: store, checkpoint: context.checkCancelled) { done, total in
            if done - lastLog >= 256 || done == total { context.log("eval: \(done)/\(total) prompts"); lastLog = done }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9

        var provenance: [String: Value] = ["base": .string(request.inputs["base"]?.hashes.first ?? "")]
        provenance["adapter"] = request.inputs["adapter"].map { .string($0.hashes.first ?? "") } ?? .null
        var templateFiles: [String: String] = [:]
        for (b, set) in sets { templateFiles["\(b.rawValue).json"] = set.sha256 }
        let writer = ResultsWriter(settings: settings)
        try writer.write(outcome.rows, to: URL(fileURLWithPath: request.outputDir), templateFiles: templateFiles,
                         benchmarkFiles: try loader.hashes(settings.matrix.benchmarks, langs: settings.matrix.dataLangs),
                         provenance: provenance)

        var perCell: [String: Int] = [:]
        for r in outcome.rows { perCell[r.cell, default: 0] += 1 }
        let records = settings.matrix.cells.map { ItemRecord(id: $0.key, status: "ok", extra: .object(["rows": .int(perCell[$0.key] ?? 0)])) }
        var metrics: [String: Value] = [
            "rows": .int(outcome.rows.count), "rows_resumed": .int(outcome.resumed), "rows_answered": .int(outcome.answered),
            "batches": .int(outcome.batches), "cells": .int(settings.matrix.cells.count), "truncated_prompts": .int(model.truncatedPrompts),
            "eval_seconds": .double((seconds * 1000).rounded() / 1000),
            "rows_per_second": .double(seconds > 0 ? (Double(outcome.answered) / seconds * 10).rounded() / 10 : 0),
        ]
        if settings.mode == .generate { metrics["hit_max_new_tokens"] = .int(outcome.rows.filter { $0.hitMaxNewTokens == true }.count) }
        context.log("eval: \(outcome.rows.count) rows in \(settings.matrix.cells.count) cells (\(settings.mode.rawValue)); "
                    + "\(outcome.resumed) resumed from an earlier attempt, \(outcome.answered) answered in \(String(format: "%.2f", seconds)) s")
        return EngineResult(metrics: metrics, items: records)
    }
}
