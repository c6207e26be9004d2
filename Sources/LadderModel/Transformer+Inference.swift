import Foundation
import LadderCore
import LadderTensor

/// The keys and values one sequence has produced so far, per layer (after rotary
/// positions on sliding layers), so that each new token costs one row of work.
public struct KVCache: Sendable {
    var keys: [Matrix]
    var values: [Matrix]
    /// Positions filled.
    public private(set) var length = 0

    public init(config: ModelConfig, capacity: Int = 64) {
        keys = (0..<config.numHiddenLayers).map { _ in Matrix(rows: max(capacity, 1), cols: config.keyValueWidth) }
        values = keys
    }

    var capacity: Int { keys.first?.rows ?? 0 }

    mutating func reserve(_ n: Int) {
        guard n > capacity else { return }
        let c = max(n, capacity * 2)
        keys = keys.map { $0.resized(rows: c) }
        values = values.map { $0.resized(rows: c) }
    }

    mutating func advance(_ n: Int) { length += n }
}

/// One greedy continuation.
public struct GenerationResult: Sendable, Equatable {
    /// The new tokens, without the stop token.
    public var tokens: [Int]
    /// True when a stop token ended it, false when `max_new_tokens` did.
    public var stopped: Bool

    public init(tokens: [Int], stopped: Bool) {
        self.tokens = tokens
        self.stopped = stopped
    }
}

/// The log-likelihood of one continuation given a context.
public struct ContinuationScore: Sendable, Equatable {
    /// Σ log p(token | everything before it), natural log.
    public var logLikelihood: Double
    public var tokenCount: Int
    /// True when every token is the model's most likely next token.
    public var isGreedy: Bool
}

extension Transformer {
    /// Runs `segments[i]` as the next tokens of the sequence cached in `caches[i]`,
    /// extends the caches, and returns the logits of the rows `select` names
    /// (segment, index within the segment), in that order. Adapters must be merged
    /// first (`merging`).
    public func step(_ segments: [[Int]], caches: inout [KVCache], select: [(segment: Int, row: Int)]) -> Matrix {
        precondition(segments.count == caches.count, "one cache per segment")
        let nH = config.numAttentionHeads, hd = config.headDim, h = config.hiddenSize
        var starts: [Int] = [], n = 0
        for s in segments { starts.append(n); n += s.count }
        var positions: [Int] = []
        positions.reserveCapacity(n)
        for (i, s) in segments.enumerated() {
            caches[i].reserve(caches[i].length + s.count)
            for t in 0..<s.count { positions.append(caches[i].length + t) }
        }
        var x = Matrix(rows: n, cols: h)
        Kernels.gatherRows(weights.embed, ids: segments.flatMap { $0 }, into: &x)
        let scale = 1 / Float(hd).squareRoot()
        for l in 0..<config.numHiddenLayers {
            let lw = weights.layers[l]
            var xn = Matrix(rows: n, cols: h)
            var mean: [Float] = [], rstd: [Float] = []
            Kernels.layerNorm(x, weight: lw.inputLayerNorm, eps: config.layerNormEps, into: &xn, mean: &mean, rstd: &rstd)
            var q = Matrix(rows: n, cols: config.queryWidth)
            var k = Matrix(rows: n, cols: config.keyValueWidth), v = k
            BLAS.gemm(xn, lw[.q], transposeB: true, into: &q)
            BLAS.gemm(xn, lw[.k], transposeB: true, into: &k)
            BLAS.gemm(xn, lw[.v], transposeB: true, into: &v)
            let win = window(l)
            if win != nil {
                Kernels.rotary(&q, col: 0, heads: nH, headDim: hd, positions: positions, table: rotary)
                Kernels.rotary(&k, col: 0, heads: config.numKeyValueHeads, headDim: hd, positions: positions, table: rotary)
            }
            var ctx = Matrix(rows: n, cols: config.queryWidth)
            for (i, seg) in segments.enumerated() where !seg.isEmpty {
                let r0 = starts[i], ns = seg.count, past = caches[i].length, total = past + ns
                caches[i].keys[l].setRows(past, from: k, rows: r0..<(r0 + ns))
                caches[i].values[l].setRows(past, from: v, rows: r0..<(r0 + ns))
                var s = Matrix(rows: ns, cols: total)
                for head in 0..<nH {
                    let g = head / config.groups
                    let qb = Block(row: r0, col: head * hd, rows: ns, cols: hd)
                    let kb = Block(row: 0, col: g * hd, rows: total, cols: hd)
                    BLAS.gemm(q, aBlock: qb, caches[i].keys[l], bBlock: kb, transposeB: true, into: &s, alpha: scale)
                    Kernels.maskedSoftmax(&s, .all(s), firstQuery: past, window: win)
                    BLAS.gemm(s, caches[i].values[l], bBlock: kb, into: &ctx, cBlock: qb)
                }
            }
            var attn = Matrix(rows: n, cols: h)
            BLAS.gemm(ctx, lw[.o], transposeB: true, into: &attn)
            var gate = Matrix(rows: n, cols: config.intermediateSize), up = gate, act = gate
            BLAS.gemm(xn, lw[.gate], transposeB: true, into: &gate)
            BLAS.gemm(xn, lw[.up], transposeB: true, into: &up)
            Kernels.siluMul(gate: gate, up: up, into: &act)
            BLAS.gemm(act, lw[.down], transposeB: true, into: &attn, beta: 1)
            BLAS.axpy(1, attn, &x)
        }
        for (i, s) in segments.enumerated() { caches[i].advance(s.count) }
        var picked = Matrix(rows: select.count, cols: h)
        for (j, sel) in select.enumerated() { picked.setRows(j, from: x, rows: (starts[sel.segment] + sel.row)..<(starts[sel.segment] + sel.row + 1)) }
        var xf = Matrix(rows: select.count, cols: h)
        var mean: [Float] = [], rstd: [Float] = []
        Kernels.layerNorm(picked, weight: weights.norm, eps: config.layerNormEps, into: &xf, mean: &mean, rstd: &rstd)
        var logits = Matrix(rows: select.count, cols: config.vocabSize)
        BLAS.gemm(xf, weights.embed, transposeB: true, into: &logits, alpha: config.logitScale)
        return logits
    }

    /// Logits of every position of `tokens` (one sequence, no cache kept).
    public func logits(_ tokens: [Int]) -> Matrix {
        var caches = [KVCache(config: config, capacity: tokens.count)]
        return step([tokens], caches: &caches, select: (0..<tokens.count).map { (0, $0) })
    }

    /// Greedy continuations of `prompts` (each non-empty), `batchSize` sequences at
    /// a time: each prompt is run once, then one token per step for every sequence
    /// still going, until a token of `stopTokens` or `maxNewTokens`.
    public func generate(prompts: [[Int]], maxNewTokens: Int, stopTokens: Set<Int> = [], batchSize: Int = 8) throws -> [GenerationResult] {
        guard maxNewTokens >= 0 else { throw LadderError.badInput("generate: max_new_tokens must not be negative") }
        for (i, p) in prompts.enumerated() where p.isEmpty { throw LadderError.badInput("generate: prompt \(i) is empty (start it with the BOS token)") }
        try checkTokens(prompts.flatMap { $0 })
        var results: [GenerationResult] = []
        for chunkStart in stride(from: 0, to: prompts.count, by: max(batchSize, 1)) {
            let chunk = Array(prompts[chunkStart..<min(prompts.count, chunkStart + max(batchSize, 1))])
            var out = chunk.map { _ in GenerationResult(tokens: [], stopped: false) }
            guard maxNewTokens > 0 else { results += out; continue }
            var caches = chunk.map { KVCache(config: config, capacity: $0.count + maxNewTokens) }
            var logits = step(chunk, caches: &caches, select: chunk.indices.map { ($0, chunk[$0].count - 1) })
            var active = Array(chunk.indices)
            while !active.isEmpty {
                var next: [Int] = [], still: [Int] = []
                for (j, seq) in active.enumerated() {
                    let token = Kernels.argmax(logits, row: j)
                    if stopTokens.contains(token) { out[seq].stopped = true; continue }
                    out[seq].tokens.append(token)
                    if out[seq].tokens.count < maxNewTokens { still.append(seq); next.append(token) }
                }
                active = still
                if active.isEmpty { break }
                var sub = active.map { caches[$0] }
                logits = step(next.map { [$0] }, caches: &sub, select: active.indices.map { ($0, 0) })
                for (j, seq) in active.enumerated() { caches[seq] = sub[j] }
            }
            results += out
        }
        return results
    }

    /// Log-likelihoods of `continuations` after `context` (non-empty): the context
    /// is run once and its cache shared by every continuation.
    public func logLikelihoods(context: [Int], continuations: [[Int]]) throws -> [ContinuationScore] {
        try logLikelihoods([(context, continuations)]).first ?? []
    }

    /// Batched `logLikelihoods(context:continuations:)` over several requests.
    public func logLikelihoods(_ requests: [(context: [Int], continuations: [[Int]])]) throws -> [[ContinuationScore]] {
        for (i, r) in requests.enumerated() where r.context.isEmpty {
            throw LadderError.badInput("log-likelihood: the context of request \(i) is empty (start it with the BOS token)")
        }
        try checkTokens(requests.flatMap { $0.context + $0.continuations.flatMap { $0 } })
        var caches = requests.map { KVCache(config: config, capacity: $0.context.count + ($0.continuations.map(\.count).max() ?? 0)) }
        let last = step(requests.map(\.context), caches: &caches, select: requests.indices.map { ($0, requests[$0].context.count - 1) })
        // Every continuation but its last token runs on a copy of its context's cache; the
        // logits of its token t > 0 are those of row t − 1 of its segment.
        var segments: [[Int]] = [], segCaches: [KVCache] = [], select: [(segment: Int, row: Int)] = []
        var firstRow: [[Int?]] = requests.map { Array(repeating: nil, count: $0.continuations.count) }
        for (i, r) in requests.enumerated() {
            for (j, c) in r.continuations.enumerated() where c.count > 1 {
                firstRow[i][j] = select.count
                for t in 0..<(c.count - 1) { select.append((segments.count, t)) }
                segments.append(Array(c.dropLast()))
                segCaches.append(caches[i])
            }
        }
        let rest = segments.isEmpty ? Matrix(rows: 0, cols: config.vocabSize) : step(segments, caches: &segCaches, select: select)
        return requests.enumerated().map { i, r in
            r.continuations.enumerated().map { j, c in
                var total = 0.0, greedy = true
                for (t, token) in c.enumerated() {
                    let (m, row) = t == 0 ? (last, i) : (rest, firstRow[i][j]! + t - 1)
                    total += Kernels.logProbability(m, row: row, token: token)
                    if Kernels.argmax(m, row: row) != token { greedy = false }
                }
                return ContinuationScore(logLikelihood: total, tokenCount: c.count, isGreedy: greedy)
            }
        }
    }

    func checkTokens(_ tokens: [Int]) throws {
        if let bad = tokens.first(where: { $0 < 0 || $0 >= config.vocabSize }) {
            throw LadderError.badInput("token id \(bad) is outside the model's vocabulary of \(config.vocabSize)")
        }
    }
}
