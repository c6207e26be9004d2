import Foundation
import LadderCore
import LadderSpec
import LadderToyModel

/// `ngram-train`: the demo's model. Trains a character n-gram language model on
/// the `train` split of a dataset (subset, transpile or translate output).
/// Params: `seed`, `order` (4), `smoothing` (witten-bell), `max_chars` (budget; the seed picks which files fit).
public struct NGramTrainEngine: BuiltinEngine {
    public let name = "ngram-train"
    public let summary = "train a character n-gram language model on a dataset's train split (the demo's model)"
    public let parameters: [ParameterSpec] = [
        ParameterSpec("seed", .int, default: .int(0), doc: "picks which files fit the character budget"),
        ParameterSpec("order", .int, default: .int(4), doc: "n of the n-grams"),
        ParameterSpec("smoothing", .string, default: .string("witten-bell"), doc: "witten-bell or absolute-discounting[:D]"),
        ParameterSpec("max_chars", .int, doc: "character budget of the training text"),
    ]

    public init() {}

    public func run(_ request: EngineRequest, context: EngineContext) throws -> EngineResult {
        guard let path = try request.input("data").path else { throw LadderError.badInput("ngram-train: input 'data' has no path") }
        let dataset = try DatasetDirectory.read(URL(fileURLWithPath: path))
        let texts = try dataset.rows.filter { ($0["split"]?.stringValue ?? "train") == "train" }
            .map { String(decoding: try dataset.content(of: $0), as: UTF8.self) }
        guard !texts.isEmpty else { throw LadderError.badInput("ngram-train: the dataset has no train files") }
        let order = request.params["order"]?.intValue ?? 4
        let smoothingName = request.params["smoothing"]?.stringValue ?? "witten-bell"
        guard let smoothing = NGramSmoothing(name: smoothingName) else {
            throw LadderError.badInput("ngram-train: unknown smoothing '\(smoothingName)'; use witten-bell or absolute-discounting[:D]")
        }
        let seed = UInt64(truncatingIfNeeded: request.params["seed"]?.intValue ?? 0)
        let model = try CharNGramModel.trained(on: texts, order: order, smoothing: smoothing, seed: seed,
                                               maxChars: request.params["max_chars"]?.intValue, checkpoint: context.checkCancelled)
        let out = URL(fileURLWithPath: request.outputDir)
        try model.write(to: out.appendingPathComponent("model.bin"))
        let t = model.training
        try JSONWriter.write(t, to: out.appendingPathComponent("training.json"))
        context.log("trained order-\(order) model on \(t.textsUsed) of \(t.textsOffered) files (\(t.charactersUsed) characters), \(model.gramCount) grams")
        return EngineResult(metrics: ["files_used": .int(t.textsUsed), "characters": .int(t.charactersUsed), "grams": .int(model.gramCount)])
    }
}
