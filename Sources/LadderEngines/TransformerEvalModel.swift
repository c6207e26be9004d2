import Foundation
import LadderCore
import LadderEval
import LadderModel
import LadderTensor

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
        let contexts = zip(requests, encoded).map { r, c in context(r.prompt, room: c.map(\.count).max() ?? 0) }
        try checkTokens(contexts.flatMap { $0 } + encoded.flatMap { $0.flatMap { $0 } })
        return scores(contexts: contexts, continuations: encoded)
    }

    func checkTokens(_ tokens: [Int]) throws {
        if let bad = tokens.first(where: { $0 < 0 || $0 >= model.config.vocabSize }) {
            throw LadderError.badInput("eval: token id \(bad) is outside the model's vocabulary of \(model.config.vocabSize)")
        }
    }

    /// Σ log p of each continuation after its context. The batch's prompts mostly
    /// come from one cell and open with the same instruction, so the tokens every
    /// context starts with run once and their cache is shared; then each context's
    /// rest runs once, and each continuation on a copy of its context's cache.
    func scores(contexts: [[Int]], continuations: [[[Int]]]) -> [[Double]] {
        var shared = contexts[0].count - 1
        for c in contexts.dropFirst() {
            var i = 0
            while i < min(shared, c.count - 1), c[i] == contexts[0][i] { i += 1 }
            shared = i
        }
        let longest = continuations.flatMap { $0.map(\.count) }.max() ?? 0
        var prefix = [KVCache(config: model.config, capacity: (contexts.map(\.count).max() ?? 0) + longest)]
        if shared > 0 { _ = model.step([Array(contexts[0].prefix(shared))], caches: &prefix, select: [(0, shared - 1)]) }
        var caches = Array(repeating: prefix[0], count: contexts.count)
        let rests = contexts.map { Array($0[shared...]) }
        let last = model.step(rests, caches: &caches, select: rests.indices.map { ($0, rests[$0].count - 1) })
        // A continuation's token t > 0 is scored by row t − 1 of its own segment.
        var segments: [[Int]] = [], segmentCaches: [KVCache] = [], select: [(segment: Int, row: Int)] = []
        var firstRow: [[Int]] = contexts.map { _ in [] }
        for (i, conts) in continuations.enumerated() {
            for c in conts {
                firstRow[i].append(select.count)
                guard c.count > 1 else { continue }
                for t in 0..<(c.count - 1) { select.append((segments.count, t)) }
                segments.append(Array(c.dropLast()))
                segmentCaches.append(caches[i])
            }
        }
        let rest = segments.isEmpty ? Matrix(rows: 0, cols: model.config.vocabSize) : model.step(segments, caches: &segmentCaches, select: select)
        return continuations.enumerated().map { i, conts in
            conts.enumerated().map { j, c in
                var total = 0.0
                for (t, token) in c.enumerated() {
                    total += t == 0 ? Kernels.logProbability(last, row: i, token: token)
                                    : Kernels.logProbability(rest, row: firstRow[i][j] + t - 1, token: token)
                }
                return total
            }
        }
    }

    func generate(prompts: [String], maxNewTokens: Int) throws -> [Generation] {
        let contexts = prompts.map { context($0, room: maxNewTokens) }
        return try model.generate(prompts: contexts, maxNewTokens: maxNewTokens, stopTokens: [BPETokenizer.eosId],
                                  batchSize: max(1, contexts.count))
            .map { Generation(text: tokenizer.decode($0.tokens), hitMaxNewTokens: !$0.stopped) }
    }
}
