import Foundation
import LadderCore
import LadderSubset

/// `subset`: filters a corpus and draws a deterministic, CPython-compatible
/// sample with a train/validation split. Input `corpus`: a directory of .py
/// files, a JSONL file, or the study's layout (files + manifest.csv).
/// Parameters are those of `SubsetSpec` (size, seed, algorithm, nested,
/// validation_fraction, filters); `validation` is accepted for validation_fraction.
public struct SubsetEngine: BuiltinEngine {
    public let name = "subset"
    public var version: String { Subsetter.version }
    public let summary = "filter a corpus, near-dedup, draw a CPython-compatible sample, split train/validation"

    public init() {}

    public func run(_ request: EngineRequest, context: EngineContext) throws -> EngineResult {
        guard let path = try request.input("corpus").path else { throw LadderError.badInput("subset: input 'corpus' has no path") }
        var params = request.params
        if let v = params.removeValue(forKey: "validation") { params["validation_fraction"] = v }
        for ignored in ["legesher_version"] { params.removeValue(forKey: ignored) }
        let known: Set<String> = ["size", "seed", "algorithm", "nested", "validation_fraction", "filters"]
        for k in params.keys where !known.contains(k) {
            throw LadderError.badInput("subset: unknown parameter '\(k)'; known: \(known.sorted().joined(separator: ", "))")
        }
        let spec: SubsetSpec
        do {
            spec = try JSONDecoder().decode(SubsetSpec.self, from: Data(Value.object(params).canonicalJSON.utf8))
            try spec.validate()
        } catch let e as LadderError {
            throw e
        } catch {
            throw LadderError.badInput("subset: parameters do not form a valid subset spec: \(error)")
        }
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
