import Foundation
import LadderCore
import LadderSpec
import LadderSubset

/// `subset`: filters a corpus and draws a deterministic, CPython-compatible
/// sample with a train/validation split. Input `corpus`: a directory of .py
/// files, a JSONL file, or the study's layout (files + manifest.csv).
/// Parameters are those of `SubsetSpec` (size, seed, algorithm, nested,
/// validation_fraction, filters); `validation` is accepted for validation_fraction.
public struct SubsetEngine: BuiltinEngine {
    public let name = "subset"
    public let summary = "filter a corpus, near-dedup, draw a CPython-compatible sample, split train/validation"
    public let parameters: [ParameterSpec] = [
        ParameterSpec("size", .int, required: true, doc: "files to select"),
        ParameterSpec("seed", .int, required: true, doc: "seed of the draw"),
        ParameterSpec("algorithm", .string, default: .string("cpython-random-sample"),
                      allowed: SubsetSpec.Algorithm.allCases.map(\.rawValue), doc: "how files are drawn"),
        ParameterSpec("nested", .list(.int), doc: "tier sizes that share one draw (must include size)"),
        ParameterSpec("validation_fraction", .number, default: .double(0.1), aliases: ["validation"],
                      doc: "fraction of the selection for the validation split, in [0, 1)"),
        ParameterSpec("filters", .object, doc: "license, min_stars, lines, near_dedup, ... (null turns one off)"),
        ParameterSpec("legesher_version", .any, doc: "recorded with the step; does not change the draw"),
    ]

    public init() {}

    public func check(params: [String: Value]) throws { _ = try Self.spec(params) }

    /// The subset spec the parameters describe (`validation` is `validation_fraction`).
    static func spec(_ given: [String: Value]) throws -> SubsetSpec {
        var params = given
        if let v = params.removeValue(forKey: "validation") { params["validation_fraction"] = v }
        params.removeValue(forKey: "legesher_version")
        for (k, v) in params where v == .null { params.removeValue(forKey: k) }
        do {
            let spec = try JSONDecoder().decode(SubsetSpec.self, from: Data(Value.object(params).canonicalJSON.utf8))
            try spec.validate()
            return spec
        } catch let e as LadderError {
            throw LadderError.badInput("subset: \(e.description)")
        } catch {
            throw LadderError.badInput("subset: \(DecodingProblem.describe(error))")
        }
    }

    public func run(_ request: EngineRequest, context: EngineContext) throws -> EngineResult {
        guard let path = try request.input("corpus").path else { throw LadderError.badInput("subset: input 'corpus' has no path") }
        let spec = try Self.spec(request.params)
        context.log("reading corpus \(path)")
        let corpus = try Corpus.load(from: URL(fileURLWithPath: path))
        try context.checkCancelled()
        let result = try Subsetter().run(corpus: corpus, spec: spec)
        try context.checkCancelled()
        try result.write(to: URL(fileURLWithPath: request.outputDir))
        var metrics: [String: Value] = ["corpus_files": .int(result.report.corpusFiles), "population": .int(result.report.populationSize),
                                        "selected": .int(result.report.selected), "train": .int(result.report.train),
                                        "validation": .int(result.report.validation)]
        for f in result.report.filters { metrics["dropped_\(f.stage.rawValue)"] = .int(f.dropped) }
        context.log("selected \(result.report.selected) of \(result.report.populationSize) (corpus \(result.report.corpusFiles))")
        let items = result.items.map { ItemRecord(id: $0.filePath, status: "ok", output: "files/\($0.sha256).py") }
        return EngineResult(metrics: metrics, items: items)
    }
}
