import Foundation
import LadderCore
import LadderModel
import LadderSpec

/// `pretrain`: the demo's base model, playing tiny-aya-base's role. Trains a
/// byte-level BPE tokenizer and a small Cohere2-layout transformer from scratch on
/// text (input `text`: a `.txt` file or a directory of them; blank lines separate
/// documents), and writes a transformers-loadable model directory: `config.json`,
/// `model.safetensors`, `tokenizer.json`, `tokenizer_config.json`,
/// `generation_config.json`, plus `training_metrics.json`.
public struct PretrainEngine: BuiltinEngine {
    public let name = "pretrain"
    public let summary = "train a small Cohere2-layout base model and its byte-level BPE tokenizer from text (the demo's base model)"
    public let parameters: [ParameterSpec] = [
        ParameterSpec("vocab_size", .int, default: .int(1024), doc: "tokenizer size to learn (3 special tokens + 256 bytes + merges)"),
        ParameterSpec("hidden_size", .int, default: .int(128), doc: "model width"),
        ParameterSpec("intermediate_size", .int, default: .int(256), doc: "MLP width"),
        ParameterSpec("num_hidden_layers", .int, default: .int(4), doc: "decoder layers"),
        ParameterSpec("num_attention_heads", .int, default: .int(4), doc: "query heads"),
        ParameterSpec("num_key_value_heads", .int, default: .int(2), doc: "key/value heads (grouped-query attention)"),
        ParameterSpec("sliding_window", .int, default: .int(64), doc: "positions a sliding-attention layer sees"),
        ParameterSpec("sliding_window_pattern", .int, default: .int(4), doc: "every N-th layer is full attention, the others sliding"),
        ParameterSpec("rope_theta", .number, default: .double(10000), doc: "rotary base"),
        ParameterSpec("logit_scale", .number, default: .double(1.0), doc: "multiplies the tied head's logits (Cohere's logit_scale)"),
        ParameterSpec("max_position_embeddings", .int, default: .int(2048), doc: "recorded in config.json"),
        ParameterSpec("initializer_range", .number, default: .double(0.02), doc: "standard deviation of the initial weights"),
        ParameterSpec("heldout_fraction", .number, default: .double(0.05), doc: "fraction of sequences kept out of training for the held-out loss"),
    ] + TrainingParameterSpecs.specs(learningRate: 3e-3, epochs: 2, batchSize: 8, warmupRatio: 0.05, weightDecay: 0.01, maxSeqLength: 128)

    public init() {}

    func config(_ p: ModelParams, vocabSize: Int) throws -> ModelConfig {
        let layers = try p.int("num_hidden_layers", 4)
        let pattern = try p.int("sliding_window_pattern", 4)
        guard pattern >= 1 else { throw LadderError.badInput("pretrain: sliding_window_pattern must be at least 1") }
        let config = ModelConfig(vocabSize: vocabSize, hiddenSize: try p.int("hidden_size", 128),
                                 intermediateSize: try p.int("intermediate_size", 256), numHiddenLayers: layers,
                                 numAttentionHeads: try p.int("num_attention_heads", 4), numKeyValueHeads: try p.int("num_key_value_heads", 2),
                                 layerTypes: (0..<max(layers, 0)).map { ($0 + 1) % pattern == 0 ? .full : .sliding },
                                 slidingWindow: try p.int("sliding_window", 64), ropeTheta: try p.double("rope_theta", 10000),
                                 logitScale: Float(try p.double("logit_scale", 1.0)),
                                 maxPositionEmbeddings: try p.int("max_position_embeddings", 2048),
                                 initializerRange: Float(try p.double("initializer_range", 0.02)),
                                 padTokenId: BPETokenizer.padId, bosTokenId: BPETokenizer.bosId, eosTokenId: BPETokenizer.eosId)
        do { try config.validate() } catch let e as LadderError { throw LadderError.badInput("pretrain: \(e.description)") }
        return config
    }

    func settings(_ p: ModelParams) throws -> TrainingSettings {
        try p.trainingSettings(learningRate: 3e-3, epochs: 2, batchSize: 8, warmupRatio: 0.05, weightDecay: 0.01)
    }

    public func check(params: [String: Value]) throws {
        let p = ModelParams(engine: name, params: params)
        let vocab = try p.int("vocab_size", 1024)
        guard vocab >= 259 else { throw LadderError.badInput("pretrain: vocab_size must be at least 259 (3 special tokens and 256 bytes)") }
        _ = try config(p, vocabSize: vocab)
        _ = try settings(p)
        _ = try p.maxSeqLength(128)
        let f = try p.double("heldout_fraction", 0.05)
        guard f >= 0, f < 1 else { throw LadderError.badInput("pretrain: heldout_fraction must be in [0, 1)") }
    }

    /// The `.txt` files under `url` (or `url` itself), sorted by relative path, as (name, text).
    static func texts(at url: URL) throws -> [(String, String)] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) else {
            throw LadderError.badInput("pretrain: \(url.path) does not exist")
        }
        let files: [(String, URL)]
        if isDir.boolValue {
            files = (FileManager.default.subpaths(atPath: url.path) ?? []).filter { $0.hasSuffix(".txt") }
                .sorted(by: Value.byteOrder).map { ($0, url.appendingPathComponent($0)) }
        } else {
            files = [(url.lastPathComponent, url)]
        }
        return try files.map { name, u in
            guard let d = FileManager.default.contents(atPath: u.path), let s = String(data: d, encoding: .utf8) else {
                throw LadderError.badInput("pretrain: \(u.path) is not readable UTF-8 text")
            }
            return (name, s)
        }
    }

    public func run(_ request: EngineRequest, context: EngineContext) throws -> EngineResult {
        try check(params: request.params)
        let p = ModelParams(engine: name, params: request.params)
        guard let path = try request.input("text").path else { throw LadderError.badInput("pretrain: input 'text' has no path") }
        let files = try Self.texts(at: URL(fileURLWithPath: path))
        var documents: [(id: String, text: String)] = []
        for (name, text) in files {
            let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
            for (i, para) in normalized.components(separatedBy: "\n\n").enumerated() {
                let t = para.trimmingCharacters(in: .whitespacesAndNewlines)
                if !t.isEmpty { documents.append(("\(name)#\(i)", t)) }
            }
        }
        guard !documents.isEmpty else { throw LadderError.badInput("pretrain: no text in \(path) (no non-empty .txt files)") }

        let tokenizer = try BPETrainer.train(texts: documents.map(\.text), vocabularySize: try p.int("vocab_size", 1024))
        context.log("tokenizer: \(tokenizer.vocabularySize) tokens (\(tokenizer.merges.count) merges) from \(documents.count) documents")
        try context.checkCancelled()
        let config = try self.config(p, vocabSize: tokenizer.vocabularySize)
        let settings = try self.settings(p)
        let packed = PackedSequences(documents: documents.map { ($0.id, tokenizer.encode($0.text)) }, maxLength: try p.maxSeqLength(128),
                                     packing: true, bos: config.bosTokenId, eos: config.eosTokenId)
        var sequences = packed.sequences
        var heldOut: [[Int]] = []
        let fraction = try p.double("heldout_fraction", 0.05)
        if fraction > 0 && sequences.count >= 2 {
            var rng = ModelRandom(seed: settings.seed, stream: "heldout")
            let k = min(sequences.count - 1, max(1, Int((fraction * Double(sequences.count)).rounded())))
            let chosen = Set(rng.permutation(sequences.count).prefix(k))
            heldOut = sequences.indices.filter { chosen.contains($0) }.map { sequences[$0] }
            sequences = sequences.indices.filter { !chosen.contains($0) }.map { sequences[$0] }
        }
        let model = Transformer(config: config, weights: ModelWeights.initial(config, seed: settings.seed))
        context.log("model: \(model.weights.parameterCount) parameters, \(config.numHiddenLayers) layers \(config.layerTypes.map(\.rawValue)); \(sequences.count) training and \(heldOut.count) held-out sequences of up to \(try p.maxSeqLength(128)) tokens")
        let (trained, report) = try Training.pretrain(model, train: sequences, heldOut: heldOut, settings: settings,
                                                      log: context.log, checkCancelled: context.checkCancelled)

        let out = URL(fileURLWithPath: request.outputDir)
        try trained.save(to: out)
        try tokenizer.save(to: out)
        let generation: Value = .object(["bos_token_id": .int(config.bosTokenId), "eos_token_id": .int(config.eosTokenId),
                                         "pad_token_id": .int(config.padTokenId)])
        try JSONWriter.write(generation, to: out.appendingPathComponent("generation_config.json"))
        var metrics = report.json.objectValue ?? [:]
        metrics["documents"] = .int(documents.count)
        metrics["text_files"] = .array(files.map { .string($0.0) })
        metrics["training_sequences"] = .int(sequences.count)
        metrics["held_out_sequences"] = .int(heldOut.count)
        metrics["parameters"] = .int(trained.weights.parameterCount)
        metrics["tokenizer_vocab_size"] = .int(tokenizer.vocabularySize)
        metrics["corpus_tokens"] = .int(packed.tokens)
        try JSONWriter.write(Value.object(metrics), to: out.appendingPathComponent("training_metrics.json"))

        let finalHeldOut = report.heldOut.last?.loss
        context.log("trained \(report.steps.count) steps in \(String(format: "%.1f", report.seconds)) s: \(Int(report.tokensPerSecond)) tokens/s, \(String(format: "%.1f", report.gflopsPerSecond)) GFLOP/s")
        var result: [String: Value] = ["parameters": .int(trained.weights.parameterCount), "tokens_seen": .int(report.tokensSeen),
                                       "optimizer_steps": .int(report.steps.count), "vocab_size": .int(tokenizer.vocabularySize),
                                       "final_loss": report.steps.last.map { .double($0.loss) } ?? .null,
                                       "held_out_loss": finalHeldOut.map(Value.double) ?? .null]
        for (k, v) in report.timingMetrics { result[k] = v }
        return EngineResult(metrics: result)
    }
}
