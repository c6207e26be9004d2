import Foundation
import LadderCore
import LadderTensor

/// Sequences of equal length laid end to end: row `s · length + t` is token `t` of
/// sequence `s`. A negative target ignores its row (padding, the last position).
public struct TokenBatch: Sendable, Equatable {
    public var tokens: [Int]
    public var targets: [Int]
    public var sequences: Int
    public var length: Int

    public init(tokens: [Int], targets: [Int], sequences: Int, length: Int) {
        precondition(tokens.count == sequences * length && targets.count == tokens.count, "batch shape")
        self.tokens = tokens
        self.targets = targets
        self.sequences = sequences
        self.length = length
    }

    /// Next-token targets within each sequence; `pad` tokens are neither read as
    /// targets nor predicted from.
    public init(sequences seqs: [[Int]], pad: Int) {
        let length = seqs.map(\.count).max() ?? 0
        var tokens: [Int] = [], targets: [Int] = []
        for s in seqs {
            for t in 0..<length {
                tokens.append(t < s.count ? s[t] : pad)
                targets.append(t + 1 < s.count ? s[t + 1] : -1)
            }
        }
        self.init(tokens: tokens, targets: targets, sequences: seqs.count, length: length)
    }

    public var targetCount: Int { targets.reduce(0) { $0 + ($1 >= 0 ? 1 : 0) } }
}

/// What one forward and backward pass gives back.
public struct PassResult: Sendable {
    /// Summed cross-entropy over the counted targets (nats).
    public var lossSum: Double
    public var targetCount: Int
    /// Base-model gradients when the base is trained.
    public var base: ModelWeights?
    /// Adapter gradients when an adapter is trained.
    public var lora: LoRAAdapter?
    /// Floating-point operations of the matrix products.
    public var flops: Int

    public var meanLoss: Double { targetCount > 0 ? lossSum / Double(targetCount) : 0 }
}

/// What the backward pass needs from one projection with an adapter.
struct LoRATape {
    /// The projection's input after dropout.
    var input: Matrix
    /// `input · Aᵀ`.
    var u: Matrix
    /// Dropout's keep mask scaled by 1/(1−p), when dropout is on.
    var mask: Matrix?
}

/// One layer's saved activations.
struct LayerTape {
    var x: Matrix
    var xn: Matrix
    var mean: [Float] = []
    var rstd: [Float] = []
    var q = Matrix(rows: 0, cols: 0), k = Matrix(rows: 0, cols: 0), v = Matrix(rows: 0, cols: 0)
    var probs = Matrix(rows: 0, cols: 0)
    var ctx = Matrix(rows: 0, cols: 0)
    var gate = Matrix(rows: 0, cols: 0), up = Matrix(rows: 0, cols: 0), act = Matrix(rows: 0, cols: 0)
    var lora: [LoRATape?] = Array(repeating: nil, count: Projection.allCases.count)
}

extension Transformer {
    /// Mean-free loss over `batch` (no gradients): summed loss and target count.
    public func loss(_ batch: TokenBatch, lora: LoRAAdapter? = nil) -> (lossSum: Double, targetCount: Int) {
        var pass = Pass(model: self, lora: lora, dropout: nil, keepTape: false)
        let r = pass.run(batch, gradScale: 0, trainBase: false, trainLoRA: false)
        return (r.lossSum, r.targetCount)
    }

    /// Loss and gradients of `gradScale · mean loss` over `batch` for the base weights
    /// (`trainBase`) and/or the adapter's A and B (when `lora` is given; the base is
    /// then frozen unless `trainBase`). `dropout` draws LoRA dropout masks; nil
    /// turns dropout off.
    public func gradients(_ batch: TokenBatch, gradScale: Float, trainBase: Bool, lora: LoRAAdapter? = nil,
                          dropout: inout ModelRandom?) -> PassResult {
        var pass = Pass(model: self, lora: lora, dropout: dropout, keepTape: true)
        let r = pass.run(batch, gradScale: gradScale, trainBase: trainBase, trainLoRA: lora != nil)
        dropout = pass.dropout
        return r
    }
}

/// One training pass: forward with a tape, then backward.
struct Pass {
    let model: Transformer
    let lora: LoRAAdapter?
    var dropout: ModelRandom?
    let keepTape: Bool
    var flops = 0
    var tapes: [LayerTape] = []
    var baseGrad: ModelWeights?
    var loraGrad: LoRAAdapter?

    init(model: Transformer, lora: LoRAAdapter?, dropout: ModelRandom?, keepTape: Bool) {
        self.model = model
        self.lora = lora
        self.dropout = dropout
        self.keepTape = keepTape
    }

    var config: ModelConfig { model.config }

    mutating func run(_ batch: TokenBatch, gradScale: Float, trainBase: Bool, trainLoRA: Bool) -> PassResult {
        let n = batch.tokens.count, h = config.hiddenSize
        let count = batch.targetCount
        if trainBase { baseGrad = ModelWeights(zerosFor: config) }
        if trainLoRA, let lora { loraGrad = LoRAAdapter(zerosFor: config, settings: lora.settings) }
        let positions = (0..<n).map { $0 % max(batch.length, 1) }

        var x = Matrix(rows: n, cols: h)
        Kernels.gatherRows(model.weights.embed, ids: batch.tokens, into: &x)
        for l in 0..<config.numHiddenLayers {
            x = layerForward(l, x, batch: batch, positions: positions)
        }
        var xf = Matrix(rows: n, cols: h)
        var mean: [Float] = [], rstd: [Float] = []
        Kernels.layerNorm(x, weight: model.weights.norm, eps: config.layerNormEps, into: &xf, mean: &mean, rstd: &rstd)
        var (logits, fl) = BLAS.product(xf, model.weights.embed, transposeB: true, alpha: config.logitScale)
        flops += fl
        let scale = count > 0 ? gradScale / Float(count) : 0
        let (lossSum, counted) = Kernels.crossEntropy(&logits, targets: batch.targets, gradScale: scale)
        guard keepTape, trainBase || trainLoRA, count > 0 else {
            return PassResult(lossSum: lossSum, targetCount: counted, base: baseGrad, lora: loraGrad, flops: flops)
        }

        // Backward. `logits` now holds d(loss)/d(logits).
        let (dxf, fx) = BLAS.product(logits, model.weights.embed, alpha: config.logitScale)
        flops += fx
        if baseGrad != nil {
            flops += BLAS.gemm(logits, transposeA: true, xf, into: &baseGrad!.embed, alpha: config.logitScale, beta: 1)
        }
        var dx = Matrix(rows: n, cols: h)
        if baseGrad != nil {
            Kernels.layerNormBackward(dxf, x: x, weight: model.weights.norm, mean: mean, rstd: rstd, dx: &dx, dWeight: &baseGrad!.norm)
        } else {
            Kernels.layerNormBackward(dxf, x: x, weight: model.weights.norm, mean: mean, rstd: rstd, dx: &dx)
        }
        for l in stride(from: config.numHiddenLayers - 1, through: 0, by: -1) {
            dx = layerBackward(l, dx, batch: batch, positions: positions)
        }
        if baseGrad != nil { Kernels.scatterAddRows(dx, ids: batch.tokens, into: &baseGrad!.embed) }
        return PassResult(lossSum: lossSum, targetCount: counted, base: baseGrad, lora: loraGrad, flops: flops)
    }

    // MARK: Projections (with an optional adapter)

    mutating func project(_ input: Matrix, layer l: Int, _ p: Projection, tape: inout LayerTape) -> Matrix {
        var (y, f) = BLAS.product(input, model.weights.layers[l][p], transposeB: true)
        flops += f
        guard let lora, lora.targets(p) else { return y }
        let a = lora.layers[l].a[p.index], b = lora.layers[l].b[p.index]
        var xd = input
        var mask: Matrix?
        let rate = Float(lora.settings.dropout)
        if rate > 0, var rng = dropout {
            let m = Kernels.dropoutMask(rows: input.rows, cols: input.cols, rate: rate) { rng.next() }
            dropout = rng
            xd = Kernels.multiplied(input, by: m)
            mask = m
        }
        let (u, fu) = BLAS.product(xd, a, transposeB: true)
        flops += fu
        flops += BLAS.gemm(u, b, transposeB: true, into: &y, alpha: lora.settings.scaling, beta: 1)
        if keepTape { tape.lora[p.index] = LoRATape(input: xd, u: u, mask: mask) }
        return y
    }

    /// Adds `dy · W` (and the adapter's share) to `dx`; adds weight gradients where trained.
    mutating func projectBackward(_ dy: Matrix, input: Matrix, layer l: Int, _ p: Projection, tape: LayerTape, dx: inout Matrix) {
        let w = model.weights.layers[l][p]
        flops += BLAS.gemm(dy, w, into: &dx, beta: 1)
        if baseGrad != nil {
            flops += BLAS.gemm(dy, transposeA: true, input, into: &baseGrad!.layers[l].projections[p.index], beta: 1)
        }
        guard let lora, let t = tape.lora[p.index] else { return }
        let s = lora.settings.scaling
        let a = lora.layers[l].a[p.index], b = lora.layers[l].b[p.index]
        let (du, fdu) = BLAS.product(dy, b, alpha: s)
        flops += fdu
        if loraGrad != nil {
            flops += BLAS.gemm(dy, transposeA: true, t.u, into: &loraGrad!.layers[l].b[p.index], alpha: s, beta: 1)
            flops += BLAS.gemm(du, transposeA: true, t.input, into: &loraGrad!.layers[l].a[p.index], beta: 1)
        }
        if let mask = t.mask {
            let (dxd, f) = BLAS.product(du, a)
            flops += f
            BLAS.axpy(1, Kernels.multiplied(dxd, by: mask), &dx)
        } else {
            flops += BLAS.gemm(du, a, into: &dx, beta: 1)
        }
    }

    // MARK: Layers

    mutating func layerForward(_ l: Int, _ x: Matrix, batch: TokenBatch, positions: [Int]) -> Matrix {
        let n = x.rows, h = config.hiddenSize
        let nH = config.numAttentionHeads, nKV = config.numKeyValueHeads, hd = config.headDim
        let T = batch.length, B = batch.sequences
        var tape = LayerTape(x: x, xn: Matrix(rows: n, cols: h))
        Kernels.layerNorm(x, weight: model.weights.layers[l].inputLayerNorm, eps: config.layerNormEps, into: &tape.xn,
                          mean: &tape.mean, rstd: &tape.rstd)
        let xn = tape.xn
        var q = project(xn, layer: l, .q, tape: &tape)
        var k = project(xn, layer: l, .k, tape: &tape)
        let v = project(xn, layer: l, .v, tape: &tape)
        let win = model.window(l)
        if win != nil {
            Kernels.rotary(&q, col: 0, heads: nH, headDim: hd, positions: positions, table: model.rotary)
            Kernels.rotary(&k, col: 0, heads: nKV, headDim: hd, positions: positions, table: model.rotary)
        }
        var probs = Matrix(rows: B * nH * T, cols: T)
        var ctx = Matrix(rows: n, cols: nH * hd)
        let scale = 1 / Float(hd).squareRoot()
        for b in 0..<B {
            for head in 0..<nH {
                let g = head / config.groups
                let qb = Block(row: b * T, col: head * hd, rows: T, cols: hd)
                let kb = Block(row: b * T, col: g * hd, rows: T, cols: hd)
                let sb = Block(row: (b * nH + head) * T, col: 0, rows: T, cols: T)
                flops += BLAS.gemm(q, aBlock: qb, k, bBlock: kb, transposeB: true, into: &probs, cBlock: sb, alpha: scale)
                Kernels.maskedSoftmax(&probs, sb, firstQuery: 0, window: win)
                flops += BLAS.gemm(probs, aBlock: sb, v, bBlock: kb, into: &ctx, cBlock: qb)
            }
        }
        let attn = project(ctx, layer: l, .o, tape: &tape)
        let gate = project(xn, layer: l, .gate, tape: &tape)
        let up = project(xn, layer: l, .up, tape: &tape)
        var act = Matrix(rows: n, cols: config.intermediateSize)
        Kernels.siluMul(gate: gate, up: up, into: &act)
        let mlp = project(act, layer: l, .down, tape: &tape)
        var out = x
        BLAS.axpy(1, attn, &out)
        BLAS.axpy(1, mlp, &out)
        if keepTape {
            tape.q = q; tape.k = k; tape.v = v; tape.probs = probs; tape.ctx = ctx
            tape.gate = gate; tape.up = up; tape.act = act
            tapes.append(tape)
        }
        return out
    }

    /// Given d(loss)/d(layer output), returns d(loss)/d(layer input).
    mutating func layerBackward(_ l: Int, _ dx: Matrix, batch: TokenBatch, positions: [Int]) -> Matrix {
        let tape = tapes[l]
        let n = dx.rows, h = config.hiddenSize
        let nH = config.numAttentionHeads, nKV = config.numKeyValueHeads, hd = config.headDim
        let T = batch.length, B = batch.sequences
        var dxn = Matrix(rows: n, cols: h)

        // MLP: out = down(silu(gate(xn)) ⊙ up(xn)).
        var dact = Matrix(rows: n, cols: config.intermediateSize)
        projectBackward(dx, input: tape.act, layer: l, .down, tape: tape, dx: &dact)
        var dgate = Matrix(rows: n, cols: config.intermediateSize), dup = dgate
        Kernels.siluMulBackward(dact, gate: tape.gate, up: tape.up, dGate: &dgate, dUp: &dup)
        projectBackward(dgate, input: tape.xn, layer: l, .gate, tape: tape, dx: &dxn)
        projectBackward(dup, input: tape.xn, layer: l, .up, tape: tape, dx: &dxn)

        // Attention.
        var dctx = Matrix(rows: n, cols: nH * hd)
        projectBackward(dx, input: tape.ctx, layer: l, .o, tape: tape, dx: &dctx)
        var dq = Matrix(rows: n, cols: nH * hd), dk = Matrix(rows: n, cols: nKV * hd), dv = dk
        var dp = Matrix(rows: T, cols: T)
        let scale = 1 / Float(hd).squareRoot()
        for b in 0..<B {
            for head in 0..<nH {
                let g = head / config.groups
                let qb = Block(row: b * T, col: head * hd, rows: T, cols: hd)
                let kb = Block(row: b * T, col: g * hd, rows: T, cols: hd)
                let sb = Block(row: (b * nH + head) * T, col: 0, rows: T, cols: T)
                flops += BLAS.gemm(dctx, aBlock: qb, tape.v, bBlock: kb, transposeB: true, into: &dp)
                flops += BLAS.gemm(tape.probs, aBlock: sb, transposeA: true, dctx, bBlock: qb, into: &dv, cBlock: kb, beta: 1)
                Kernels.softmaxBackward(probabilities: tape.probs, sb, gradient: &dp, .all(dp))
                flops += BLAS.gemm(dp, tape.k, bBlock: kb, into: &dq, cBlock: qb, alpha: scale)
                flops += BLAS.gemm(dp, transposeA: true, tape.q, bBlock: qb, into: &dk, cBlock: kb, alpha: scale, beta: 1)
            }
        }
        if model.window(l) != nil {
            Kernels.rotary(&dq, col: 0, heads: nH, headDim: hd, positions: positions, table: model.rotary, inverse: true)
            Kernels.rotary(&dk, col: 0, heads: nKV, headDim: hd, positions: positions, table: model.rotary, inverse: true)
        }
        projectBackward(dq, input: tape.xn, layer: l, .q, tape: tape, dx: &dxn)
        projectBackward(dk, input: tape.xn, layer: l, .k, tape: tape, dx: &dxn)
        projectBackward(dv, input: tape.xn, layer: l, .v, tape: tape, dx: &dxn)

        // LayerNorm, plus the residual path.
        var dIn = dx
        let w = model.weights.layers[l].inputLayerNorm
        if baseGrad != nil {
            Kernels.layerNormBackward(dxn, x: tape.x, weight: w, mean: tape.mean, rstd: tape.rstd, dx: &dIn,
                                      dWeight: &baseGrad!.layers[l].inputLayerNorm)
        } else {
            Kernels.layerNormBackward(dxn, x: tape.x, weight: w, mean: tape.mean, rstd: tape.rstd, dx: &dIn)
        }
        return dIn
    }
}
