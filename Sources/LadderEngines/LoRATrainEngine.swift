import Foundation
import LadderCore
import LadderModel
import LadderSpec

/// `lora-train`: LoRA fine-tuning of a base model (input `base`: a `pretrain`
/// output, or any directory with a Cohere2 `config.json`, `model.safetensors` and
/// a ladder-written `tokenizer.json`) on a code dataset (input `data`: the output
/// of subset, transpile or translate), with the study's hyperparameters. The
/// `train` split trains; the `validation` split (else a seeded `heldout_fraction`
/// of the training sequences) gives the held-out loss.
///
/// Writes a PEFT adapter — `adapter_config.json`, `adapter_model.safetensors`, laid
/// out as PEFT 0.21 writes them — and `training_metrics.json` (loss curve,
/// held-out losses, tokens seen, tokens dropped by truncation per file). Wall time
/// and GFLOP/s go to the step's metrics only, so the files are a function of the
/// request: the same seed gives the same bytes.
public struct LoRATrainEngine: BuiltinEngine {
    public let name = "lora-train"
    public let summary = "LoRA fine-tuning of a base model on a code dataset; PEFT-format adapter (the demo's train step)"
    static let allModules = Projection.allCases.map(\.rawValue)
    public let parameters: [ParameterSpec] = [
        ParameterSpec("r", .int, default: .int(16), aliases: ["lora_r"], doc: "LoRA rank"),
        ParameterSpec("lora_alpha", .number, default: .int(32), doc: "LoRA scaling numerator (scaling = lora_alpha / r)"),
        ParameterSpec("lora_dropout", .number, default: .double(0), doc: "dropout on the adapters' input, in [0, 1)"),
        ParameterSpec("target_modules", .list(.string), default: .array(LoRATrainEngine.allModules.map(Value.string)),
                      allowed: LoRATrainEngine.allModules, doc: "projections that get adapters"),
        ParameterSpec("packing", .bool, default: .bool(true),
                      doc: "lay files end to end in max_seq_length sequences (false: one file a sequence, truncated)"),
        ParameterSpec("heldout_fraction", .number, default: .double(0.1),
                      doc: "fraction of training sequences held out when the dataset has no validation split"),
        ParameterSpec("base_model_name_or_path", .string, doc: "written into adapter_config.json (default null)"),
        ParameterSpec("adapter_name", .string, doc: "recorded in training_metrics.json"),
    ] + TrainingParameterSpecs.specs(learningRate: 2e-4, epochs: 1, batchSize: 4, warmupRatio: 0.03, weightDecay: 0, maxSeqLength: 256)

    public init() {}

    func lora(_ p: ModelParams) throws -> LoRASettings {
        try LoRASettings(r: try p.int("r", 16, aliases: ["lora_r"]), alpha: try p.double("lora_alpha", 32),
                         dropout: try p.double("lora_dropout", 0),
                         targets: try LoRASettings.projections(named: try p.strings("target_modules", Self.allModules)))
    }

    func settings(_ p: ModelParams) throws -> TrainingSettings {
        try p.trainingSettings(learningRate: 2e-4, epochs: 1, batchSize: 4, warmupRatio: 0.03, weightDecay: 0)
    }

    public func check(params: [String: Value]) throws {
        let p = ModelParams(engine: name, params: params)
        do { _ = try lora(p) } catch let e as LadderError { throw LadderError.badInput("lora-train: \(e.description)") }
        _ = try settings(p)
        _ = try p.maxSeqLength(256)
        let f = try p.double("heldout_fraction", 0.1)
        guard f >= 0, f < 1 else { throw LadderError.badInput("lora-train: heldout_fraction must be in [0, 1)") }
    }

    static let validationSplits: Set<String> = ["validation", "valid", "val", "dev"]

    public func run(_ request: EngineRequest, context: EngineContext) throws -> EngineResult {
        try check(params: request.params)
        let p = ModelParams(engine: name, params: request.params)
        let lora = try self.lora(p)
        let settings = try self.settings(p)
        let maxLength = try p.maxSeqLength(256)
        let packing = try p.bool("packing", true)

        guard let dataPath = try request.input("data").path else { throw LadderError.badInput("lora-train: input 'data' has no path") }
        guard let basePath = try request.input("base").path else {
            throw LadderError.badInput("lora-train: input 'base' has no path (a model named by id cannot be loaded here; use a pretrain output)")
        }
        let baseURL = URL(fileURLWithPath: basePath)
        let base = try Transformer.load(from: baseURL)
        let tokenizer = try BPETokenizer.load(from: baseURL)
        guard tokenizer.vocabularySize <= base.config.vocabSize else {
            throw LadderError.badInput("lora-train: the base model's tokenizer has \(tokenizer.vocabularySize) tokens but its config \(base.config.vocabSize)")
        }
        let dataset = try DatasetDirectory.read(URL(fileURLWithPath: dataPath))
        var trainDocs: [(id: String, tokens: [Int])] = [], heldDocs: [(id: String, tokens: [Int])] = []
        var items: [ItemRecord] = []
        for row in dataset.rows {
            let id = row["file_path"]?.stringValue ?? "?"
            let split = row["split"]?.stringValue ?? "train"
            let bytes = try dataset.content(of: row)
            guard !bytes.isEmpty else {
                items.append(ItemRecord(id: id, status: "skipped", error: "empty file"))
                continue
            }
            let tokens = tokenizer.encode(String(decoding: bytes, as: UTF8.self))
            if Self.validationSplits.contains(split) { heldDocs.append((id, tokens)) } else if split == "train" { trainDocs.append((id, tokens)) } else {
                items.append(ItemRecord(id: id, status: "skipped", error: "split '\(split)' is neither train nor validation"))
            }
        }
        guard !trainDocs.isEmpty else {
            throw LadderError.badInput("lora-train: the dataset at \(dataPath) has no non-empty train files (\(dataset.rows.count) rows; empty or all filtered upstream?)")
        }
        try context.checkCancelled()
        let packed = PackedSequences(documents: trainDocs, maxLength: maxLength, packing: packing, bos: base.config.bosTokenId, eos: base.config.eosTokenId)
        var sequences = packed.sequences
        var heldOut: [[Int]] = []
        var heldOutSource = "none"
        if !heldDocs.isEmpty {
            heldOut = PackedSequences(documents: heldDocs, maxLength: maxLength, packing: packing, bos: base.config.bosTokenId,
                                      eos: base.config.eosTokenId).sequences
            heldOutSource = "validation split"
        } else {
            let fraction = try p.double("heldout_fraction", 0.1)
            if fraction > 0 && sequences.count >= 2 {
                var rng = ModelRandom(seed: settings.seed, stream: "heldout")
                let k = min(sequences.count - 1, max(1, Int((fraction * Double(sequences.count)).rounded())))
                let chosen = Set(rng.permutation(sequences.count).prefix(k))
                heldOut = sequences.indices.filter { chosen.contains($0) }.map { sequences[$0] }
                sequences = sequences.indices.filter { !chosen.contains($0) }.map { sequences[$0] }
                heldOutSource = "heldout_fraction of the training sequences"
            }
        }
        for d in packed.documents {
            items.append(ItemRecord(id: d.id, status: "ok", extra: .object(["tokens": .int(d.tokens), "dropped": .int(d.dropped)])))
        }
        for d in heldDocs { items.append(ItemRecord(id: d.id, status: "ok", extra: .object(["split": .string("validation")]))) }
        if packed.droppedTokens > 0 {
            context.log("truncation: \(packed.truncatedDocuments.count) of \(packed.documents.count) files lost \(packed.droppedTokens) of \(packed.tokens) tokens (max_seq_length \(maxLength), packing \(packing))")
        }

        let adapter = LoRAAdapter.initial(base.config, settings: lora, seed: settings.seed)
        context.log("lora-train: r \(lora.r), alpha \(lora.alpha), dropout \(lora.dropout), targets \(lora.targets.map(\.rawValue).joined(separator: ",")): \(adapter.parameterCount) trainable parameters; \(sequences.count) training sequences, \(heldOut.count) held-out (\(heldOutSource))")
        let (trained, report) = try Training.trainLoRA(base: base, adapter: adapter, train: sequences, heldOut: heldOut, settings: settings,
                                                       log: context.log, checkCancelled: context.checkCancelled)

        let out = URL(fileURLWithPath: request.outputDir)
        try JSONWriter.write(trained.peftConfig(baseModel: try p.string("base_model_name_or_path", nil)),
                             to: out.appendingPathComponent("adapter_config.json"))
        try SafeTensors.write(trained.tensors, to: out.appendingPathComponent("adapter_model.safetensors"))
        var metrics = report.json.objectValue ?? [:]
        metrics["adapter_name"] = try p.string("adapter_name", nil).map(Value.string) ?? .null
        metrics["trainable_parameters"] = .int(trained.parameterCount)
        metrics["training_files"] = .int(packed.documents.count)
        metrics["training_sequences"] = .int(sequences.count)
        metrics["held_out_sequences"] = .int(heldOut.count)
        metrics["held_out_source"] = .string(heldOutSource)
        metrics["max_seq_length"] = .int(maxLength)
        metrics["packing"] = .bool(packing)
        metrics["dataset_tokens"] = .int(packed.tokens)
        metrics["dropped_tokens"] = .int(packed.droppedTokens)
        metrics["truncated_files"] = .array(packed.truncatedDocuments.map {
            .object(["file_path": .string($0.id), "tokens": .int($0.tokens), "dropped": .int($0.dropped)])
        })
        try JSONWriter.write(Value.object(metrics), to: out.appendingPathComponent("training_metrics.json"))

        context.log("trained \(report.steps.count) steps in \(String(format: "%.1f", report.seconds)) s: \(Int(report.tokensPerSecond)) tokens/s, \(String(format: "%.1f", report.gflopsPerSecond)) GFLOP/s")
        var result: [String: Value] = ["trainable_parameters": .int(trained.parameterCount), "tokens_seen": .int(report.tokensSeen),
                                       "optimizer_steps": .int(report.steps.count), "dropped_tokens": .int(packed.droppedTokens),
                                       "final_loss": report.steps.last.map { .double($0.loss) } ?? .null,
                                       "held_out_loss_before": report.heldOut.first.map { .double($0.loss) } ?? .null,
                                       "held_out_loss": report.heldOut.last.map { .double($0.loss) } ?? .null]
        for (k, v) in report.timingMetrics { result[k] = v }
        return EngineResult(metrics: result, items: items)
    }
}
