import Foundation
import LadderCore
import LadderEval
import LadderModel

/// LadderModel's transformer as the evaluation's `EvalModel`: a prompt is
/// `<BOS_TOKEN>` + its BPE tokens; an option's continuation is scored on a
/// copy of its prompt's KV cache (the prompt runs once per batch entry);
/// generation is greedy and stops at `<EOS_TOKEN>`. A prompt longer than the
/// model's positions keeps its `<BOS_TOKEN>` and its last tokens (counted in
/// `truncatedPrompts`).
final class TransformerEvalModel: EvalModel {
    let model: Transformer
    let tokenizer: BPETokenizer
    private(set) var truncatedPrompts = 0

    init(model: Transformer, tokenizer: BPETokenizer) {
        self.model = model
        self.tokenizer = tokenizer
    }

    /// Loads a base model directory and, when given, merges a PEFT adapter into it.
    static func load(base: URL, adapter: URL?) throws -> TransformerEvalModel {
        var model = try Transformer.load(from: base)
        let tokenizer = try BPETokenizer.load(from: base)
        guard tokenizer.vocabularySize <= model.config.vocabSize else {
            throw LadderError.badInput("eval: the base model's tokenizer has \(tokenizer.vocabularySize) tokens but its config \(model.config.vocabSize)")
        }
        if let adapter {
            let configURL = adapter.appendingPathComponent("adapter_config.json")
            guard let data = FileManager.default.contents(atPath: configURL.path) else {
                throw LadderError.badInput("eval: input 'adapter' (\(adapter.path)) has no adapter_config.json; pass a lora-train output")
            }
            let settings = try LoRAAdapter.settings(fromPEFTConfig: try Value.parseJSON(data), source: configURL.path)
            let weights = try SafeTensors.read(adapter.appendingPathComponent("adapter_model.safetensors"))
            let lora = try LoRAAdapter(config: model.config, settings: settings, tensors: weights.tensors, source: adapter.path)
            model = model.merging(lora)
        }
        return TransformerEvalModel(model: model, tokenizer: tokenizer)
    }

    /// Positions the model can attend over (its rotary table's length).
    var positions: Int { min(model.config.maxPositionEmbeddings, 8192) }

    func context(_ prompt: String, room: Int) -> [Int] {
        let tokens = [BPETokenizer.bosId] + tokenizer.encode(prompt)
        let keep = max(2, positions - room)
        guard tokens.count > keep else { return tokens }
        truncatedPrompts += 1
        return [BPETokenizer.bosId] + tokens.suffix(keep - 1)
    }

    func scoreContinuations(_ requests: [ScoringRequest]) throws -> [[Double]] {
        let encoded = requests.map { r in r.continuations.map { tokenizer.encode($0) } }
        let batch = zip(requests, encoded).map { r, c in
            (context: context(r.prompt, room: c.map(\.count).max() ?? 0), continuations: c)
        }
        return try model.logLikelihoods(batch).map { $0.map(\.logLikelihood) }
    }

    func generate(prompts: [String], maxNewTokens: Int) throws -> [Generation] {
        let contexts = prompts.map { context($0, room: maxNewTokens) }
        return try model.generate(prompts: contexts, maxNewTokens: maxNewTokens, stopTokens: [BPETokenizer.eosId],
                                  batchSize: max(1, contexts.count))
            .map { Generation(text: tokenizer.decode($0.tokens), hitMaxNewTokens: !$0.stopped) }
    }
}
