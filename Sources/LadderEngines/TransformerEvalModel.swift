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

    /// Contexts sharing fewer opening tokens than this are not grouped.
    static let minimumShared = 8

    /// Consecutive contexts that open alike, as (first, end, shared tokens): a context
    /// joins the group while it shares at least `minimumShared` tokens and at least
    /// half of what the group shares so far with the group's first context (a long
    /// shared passage is not given up for a short shared word). A lone context
    /// shares nothing.
    static func groups(_ contexts: [[Int]]) -> [(start: Int, end: Int, shared: Int)] {
        var out: [(start: Int, end: Int, shared: Int)] = []
        var i = 0
        while i < contexts.count {
            var shared = contexts[i].count - 1, j = i + 1
            while j < contexts.count {
                let a = contexts[i], b = contexts[j]
                var n = 0
                while n < min(shared, b.count - 1), a[n] == b[n] { n += 1 }
                guard n >= minimumShared, n * 2 >= shared || j == i + 1 else { break }
                shared = n
                j += 1
            }
            out.append((i, j, j - i > 1 ? shared : 0))
            i = j
        }
        return out
    }

    /// Σ log p of each continuation after its context. The batch's contexts come
    /// sorted (see `Evaluator.batchOrder`), so neighbours often open alike — one
    /// instruction, or one passage in several instruction languages: each group's
    /// shared opening runs once and its cache is copied for the group's contexts;
    /// then each context's rest runs once, and each continuation on a copy of its
    /// context's cache.
    func scores(contexts: [[Int]], continuations: [[[Int]]]) -> [[Double]] {
        let longest = continuations.flatMap { $0.map(\.count) }.max() ?? 0
        let capacity = (contexts.map(\.count).max() ?? 0) + longest
        let groups = Self.groups(contexts)
        var prefixes: [[Int]] = [], prefixCaches: [KVCache] = []
        for g in groups where g.shared > 0 {
            prefixes.append(Array(contexts[g.start].prefix(g.shared)))
            prefixCaches.append(KVCache(config: model.config, capacity: capacity))
        }
        if !prefixes.isEmpty { _ = model.step(prefixes, caches: &prefixCaches, select: [(0, prefixes[0].count - 1)]) }
        var caches: [KVCache] = [], rests: [[Int]] = []
        var next = 0
        for g in groups {
            let cache = g.shared > 0 ? prefixCaches[next] : KVCache(config: model.config, capacity: capacity)
            if g.shared > 0 { next += 1 }
            for k in g.start..<g.end {
                caches.append(cache)
                rests.append(Array(contexts[k][g.shared...]))
            }
        }
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
