import Foundation

/// The element-wise and row-wise operations of a transformer, forward and
/// backward, over whole matrices. Loops run over unsafe buffers here so that
/// nothing outside this module handles memory directly.
public enum Kernels {
    // MARK: exp

    /// e^x in Float32 without a libm call or a branch, so that loops over rows vectorise:
    /// x = n·ln2 + r with n = round(x·log2 e) and |r| ≤ ln2/2, e^r by its Taylor series to
    /// degree 7 (truncation error below 1e-8 relative), times 2^n built from exponent
    /// bits. The argument is clamped to [−87.3, 88.7] (results saturate near 1e-38 and
    /// 3e38 instead of reaching 0 and ∞, harmless for softmax and SiLU); NaN stays NaN.
    @inline(__always)
    public static func exp(_ x: Float) -> Float {
        let xc: Float = x < -87.3 ? -87.3 : (x > 88.7 ? 88.7 : x)
        // Adding 1.5·2^23 rounds to an integer; its low bits then hold n.
        let t = xc * 1.442_695_04 + 12_582_912
        let n = t - 12_582_912
        let r = (xc - n * 0.693_145_75) - n * 1.428_606_8e-6
        var p: Float = 1.0 / 5040
        p = p * r + 1.0 / 720
        p = p * r + 1.0 / 120
        p = p * r + 1.0 / 24
        p = p * r + 1.0 / 6
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        return p * Float(bitPattern: (t.bitPattern &- 0x4B40_0000 &+ 127) << 23)
    }

    /// `exp` on eight lanes (the same formula).
    @inline(__always)
    static func exp8(_ x: SIMD8<Float>) -> SIMD8<Float> {
        var xc = x.replacing(with: -87.3, where: x .< -87.3)
        xc = xc.replacing(with: 88.7, where: xc .> 88.7)
        let t = xc * 1.442_695_04 + 12_582_912
        let n = t - 12_582_912
        let r = (xc - n * 0.693_145_75) - n * 1.428_606_8e-6
        var p = SIMD8<Float>(repeating: 1.0 / 5040)
        p = p * r + 1.0 / 720
        p = p * r + 1.0 / 120
        p = p * r + 1.0 / 24
        p = p * r + 1.0 / 6
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        let bits = (unsafeBitCast(t, to: SIMD8<UInt32>.self) &- 0x4B40_0000 &+ 127) &<< 23
        return p * unsafeBitCast(bits, to: SIMD8<Float>.self)
    }

    @inline(__always)
    static func load8(_ p: UnsafeMutableBufferPointer<Float>, _ i: Int) -> SIMD8<Float> {
        UnsafeRawPointer(p.baseAddress! + i).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inline(__always)
    static func store8(_ v: SIMD8<Float>, _ p: UnsafeMutableBufferPointer<Float>, _ i: Int) {
        UnsafeMutableRawPointer(p.baseAddress! + i).storeBytes(of: v, as: SIMD8<Float>.self)
    }

    /// The largest of `p[from..<to]` (NaN when one is NaN), eight lanes at a time.
    static func maximum(_ p: UnsafeMutableBufferPointer<Float>, _ from: Int, _ to: Int) -> Float {
        var m = SIMD8<Float>(repeating: -.infinity)
        var nan = false
        var j = from
        while j + 8 <= to {
            let v = load8(p, j)
            nan = nan || any(v .!= v)
            m = m.replacing(with: v, where: v .> m)
            j += 8
        }
        var out = m.max()
        while j < to { out = Swift.max(out, p[j]); nan = nan || p[j].isNaN; j += 1 }
        return nan ? .nan : out
    }

    /// Replaces `p[from..<to]` by `exp(p − shift)` and returns their sum, eight lanes at a time.
    static func expShift(_ p: UnsafeMutableBufferPointer<Float>, _ from: Int, _ to: Int, _ shift: Float) -> Float {
        var sum = SIMD8<Float>(repeating: 0)
        var j = from
        while j + 8 <= to {
            let e = exp8(load8(p, j) - shift)
            store8(e, p, j)
            sum += e
            j += 8
        }
        var out = sum.sum()
        while j < to { let e = exp(p[j] - shift); p[j] = e; out += e; j += 1 }
        return out
    }

    /// `p[from..<to] *= factor`.
    static func scale(_ p: UnsafeMutableBufferPointer<Float>, _ from: Int, _ to: Int, _ factor: Float) {
        var j = from
        while j + 8 <= to { store8(load8(p, j) * factor, p, j); j += 8 }
        while j < to { p[j] *= factor; j += 1 }
    }

    // MARK: Layer norm (mean-centred, weight only, no bias: Cohere's LayerNorm)

    /// `y = w ⊙ (x − mean) / sqrt(var + eps)` per row; keeps each row's mean and
    /// reciprocal standard deviation for the backward pass.
    public static func layerNorm(_ x: Matrix, weight: Matrix, eps: Float, into y: inout Matrix,
                                 mean: inout [Float], rstd: inout [Float]) {
        let n = x.rows, h = x.cols
        precondition(weight.count == h && y.rows == n && y.cols == h, "layerNorm shapes")
        if mean.count != n { mean = [Float](repeating: 0, count: n) }
        if rstd.count != n { rstd = [Float](repeating: 0, count: n) }
        x.storage.withUnsafeBufferPointer { px in
            weight.storage.withUnsafeBufferPointer { pw in
                y.storage.withUnsafeMutableBufferPointer { py in
                    for r in 0..<n {
                        let base = r * h
                        var s: Float = 0
                        for c in 0..<h { s += px[base + c] }
                        let mu = s / Float(h)
                        var v: Float = 0
                        for c in 0..<h { let d = px[base + c] - mu; v += d * d }
                        let rs = 1 / (v / Float(h) + eps).squareRoot()
                        mean[r] = mu
                        rstd[r] = rs
                        for c in 0..<h { py[base + c] = pw[c] * ((px[base + c] - mu) * rs) }
                    }
                }
            }
        }
    }

    /// Backward of `layerNorm`: adds the input gradient to `dx` and the weight gradient to `dWeight`.
    public static func layerNormBackward(_ dy: Matrix, x: Matrix, weight: Matrix, mean: [Float], rstd: [Float],
                                         dx: inout Matrix, dWeight: inout Matrix) {
        let dw = layerNormBackward(dy, x: x, weight: weight, mean: mean, rstd: rstd, dx: &dx, weightGradient: true)
        precondition(dWeight.count == dw.count, "layerNormBackward weight gradient shape")
        for c in 0..<dw.count { dWeight.storage[c] += dw[c] }
    }

    /// Backward of `layerNorm` for a frozen weight: adds the input gradient to `dx` only.
    public static func layerNormBackward(_ dy: Matrix, x: Matrix, weight: Matrix, mean: [Float], rstd: [Float],
                                         dx: inout Matrix) {
        _ = layerNormBackward(dy, x: x, weight: weight, mean: mean, rstd: rstd, dx: &dx, weightGradient: false)
    }

    private static func layerNormBackward(_ dy: Matrix, x: Matrix, weight: Matrix, mean: [Float], rstd: [Float],
                                          dx: inout Matrix, weightGradient: Bool) -> [Float] {
        let n = x.rows, h = x.cols
        precondition(dy.rows == n && dy.cols == h && dx.rows == n && dx.cols == h, "layerNormBackward shapes")
        var dw = [Float](repeating: 0, count: weightGradient ? h : 0)
        dy.storage.withUnsafeBufferPointer { pdy in
            x.storage.withUnsafeBufferPointer { px in
                weight.storage.withUnsafeBufferPointer { pw in
                    dx.storage.withUnsafeMutableBufferPointer { pdx in
                        var xhat = [Float](repeating: 0, count: h)
                        var g = [Float](repeating: 0, count: h)
                        for r in 0..<n {
                            let base = r * h
                            let mu = mean[r], rs = rstd[r]
                            var sumG: Float = 0, sumGX: Float = 0
                            for c in 0..<h {
                                let xh = (px[base + c] - mu) * rs
                                xhat[c] = xh
                                let gc = pdy[base + c] * pw[c]
                                g[c] = gc
                                sumG += gc
                                sumGX += gc * xh
                            }
                            let mG = sumG / Float(h), mGX = sumGX / Float(h)
                            for c in 0..<h { pdx[base + c] += rs * (g[c] - mG - xhat[c] * mGX) }
                            if weightGradient { for c in 0..<h { dw[c] += pdy[base + c] * xhat[c] } }
                        }
                    }
                }
            }
        }
        return dw
    }

    // MARK: SwiGLU

    /// `act = silu(gate) ⊙ up`.
    public static func siluMul(gate: Matrix, up: Matrix, into act: inout Matrix) {
        precondition(gate.shape == up.shape && act.shape == gate.shape, "siluMul shapes")
        gate.storage.withUnsafeBufferPointer { pg in
            up.storage.withUnsafeBufferPointer { pu in
                act.storage.withUnsafeMutableBufferPointer { pa in
                    for i in 0..<pa.count {
                        let g = pg[i]
                        pa[i] = g / (1 + Kernels.exp(-g)) * pu[i]
                    }
                }
            }
        }
    }

    /// Backward of `siluMul`: writes (not adds) `dGate` and `dUp`.
    public static func siluMulBackward(_ dAct: Matrix, gate: Matrix, up: Matrix, dGate: inout Matrix, dUp: inout Matrix) {
        precondition(dAct.shape == gate.shape && gate.shape == up.shape && dGate.shape == gate.shape && dUp.shape == gate.shape,
                     "siluMulBackward shapes")
        dAct.storage.withUnsafeBufferPointer { pd in
            gate.storage.withUnsafeBufferPointer { pg in
                up.storage.withUnsafeBufferPointer { pu in
                    dGate.storage.withUnsafeMutableBufferPointer { pdg in
                        dUp.storage.withUnsafeMutableBufferPointer { pdu in
                            for i in 0..<pd.count {
                                let g = pg[i]
                                let s = 1 / (1 + Kernels.exp(-g))
                                let silu = g * s
                                pdu[i] = pd[i] * silu
                                pdg[i] = pd[i] * pu[i] * (s + g * s * (1 - s))
                            }
                        }
                    }
                }
            }
        }
    }

    // MARK: Rotary positions (interleaved pairs, as Cohere does)

    /// The rotary frequencies `1 / theta^(2i/d)` for `i < d/2`, in Float32 as transformers computes them.
    public static func rotaryFrequencies(headDim: Int, theta: Double) -> [Float] {
        (0..<(headDim / 2)).map { i in 1 / Float(pow(theta, Double(2 * i) / Double(headDim))) }
    }

    /// Rotates each pair (2i, 2i+1) of each head in columns `[col, col + heads·headDim)` of
    /// every row by `position(row) · freq[i]` (the inverse rotation when `inverse`, for
    /// the backward pass). `positions[r]` is the position of row `r`; the angles' cosines
    /// and sines come from `table` (computed on the spot past its end).
    public static func rotary(_ m: inout Matrix, col: Int, heads: Int, headDim: Int, positions: [Int],
                              table: RotaryTable, inverse: Bool = false) {
        precondition(positions.count == m.rows && col + heads * headDim <= m.cols && table.half == headDim / 2,
                     "rotary shapes")
        let cols = m.cols, half = headDim / 2
        var cosT = [Float](repeating: 0, count: half), sinT = [Float](repeating: 0, count: half)
        m.storage.withUnsafeMutableBufferPointer { p in
            for r in 0..<m.rows {
                table.fill(position: positions[r], cos: &cosT, sin: &sinT)
                if inverse { for i in 0..<half { sinT[i] = -sinT[i] } }
                for h in 0..<heads {
                    let base = r * cols + col + h * headDim
                    for i in 0..<half {
                        let x0 = p[base + 2 * i], x1 = p[base + 2 * i + 1]
                        p[base + 2 * i] = x0 * cosT[i] - x1 * sinT[i]
                        p[base + 2 * i + 1] = x1 * cosT[i] + x0 * sinT[i]
                    }
                }
            }
        }
    }

    // MARK: Attention softmax

    /// Softmax of each row of `s[block]` over the keys a causal (optionally
    /// sliding-window) mask allows; masked entries become 0. Row `i` is the query at
    /// absolute position `firstQuery + i`, column `j` the key at position `j`; a key
    /// is visible when `j <= q` and, with a window `w`, `q − j < w`.
    public static func maskedSoftmax(_ s: inout Matrix, _ block: Block, firstQuery: Int, window: Int?) {
        let cols = s.cols
        s.storage.withUnsafeMutableBufferPointer { p in
            for i in 0..<block.rows {
                let q = firstQuery + i
                let hi = min(q, block.cols - 1)
                let lo = window.map { max(0, q - $0 + 1) } ?? 0
                let base = (block.row + i) * cols + block.col
                if hi < lo {
                    for j in 0..<block.cols { p[base + j] = 0 }
                    continue
                }
                let mx = Kernels.maximum(p, base + lo, base + hi + 1)
                let sum = Kernels.expShift(p, base + lo, base + hi + 1, mx)
                Kernels.scale(p, base + lo, base + hi + 1, 1 / sum)
                for j in 0..<lo { p[base + j] = 0 }
                if hi + 1 < block.cols { for j in (hi + 1)..<block.cols { p[base + j] = 0 } }
            }
        }
    }

    /// Backward of a row softmax: `dP[block] ← P ⊙ (dP − rowsum(dP ⊙ P))` in place.
    public static func softmaxBackward(probabilities pm: Matrix, _ pBlock: Block, gradient dm: inout Matrix, _ dBlock: Block) {
        precondition(pBlock.rows == dBlock.rows && pBlock.cols == dBlock.cols, "softmaxBackward shapes")
        let pc = pm.cols, dc = dm.cols, n = pBlock.cols
        pm.storage.withUnsafeBufferPointer { pConst in
            let p = UnsafeMutableBufferPointer(mutating: pConst)  // read only
            dm.storage.withUnsafeMutableBufferPointer { d in
                for i in 0..<pBlock.rows {
                    let pb = (pBlock.row + i) * pc + pBlock.col, db = (dBlock.row + i) * dc + dBlock.col
                    var acc = SIMD8<Float>(repeating: 0)
                    var j = 0
                    while j + 8 <= n { acc += load8(p, pb + j) * load8(d, db + j); j += 8 }
                    var dot = acc.sum()
                    while j < n { dot += p[pb + j] * d[db + j]; j += 1 }
                    j = 0
                    while j + 8 <= n { store8(load8(p, pb + j) * (load8(d, db + j) - dot), d, db + j); j += 8 }
                    while j < n { d[db + j] = p[pb + j] * (d[db + j] - dot); j += 1 }
                }
            }
        }
    }

    // MARK: Loss and log-probabilities

    /// Cross-entropy of each row of `logits` against `targets` (a negative target
    /// ignores its row). Replaces `logits` with the gradient of
    /// `gradScale · Σ loss` and returns the summed loss (in Double) and the number of
    /// rows counted.
    public static func crossEntropy(_ logits: inout Matrix, targets: [Int], gradScale: Float) -> (loss: Double, count: Int) {
        precondition(targets.count == logits.rows, "crossEntropy: \(targets.count) targets for \(logits.rows) rows")
        let v = logits.cols
        var total = 0.0, count = 0
        logits.storage.withUnsafeMutableBufferPointer { p in
            for r in 0..<targets.count {
                let base = r * v
                let t = targets[r]
                if t < 0 {
                    for j in 0..<v { p[base + j] = 0 }
                    continue
                }
                precondition(t < v, "target \(t) outside a vocabulary of \(v)")
                let target = p[base + t]
                let mx = Kernels.maximum(p, base, base + v)
                // One exp per entry, kept in place; Float sums per block of 256, added in Double.
                var sum = 0.0
                var j = 0
                while j < v {
                    let end = min(v, j + 256)
                    sum += Double(Kernels.expShift(p, base + j, base + end, mx))
                    j = end
                }
                total += Double(mx) + Foundation.log(sum) - Double(target)
                count += 1
                Kernels.scale(p, base, base + v, Float(1 / sum) * gradScale)
                p[base + t] -= gradScale
            }
        }
        return (total, count)
    }

    /// `log softmax(row)[token]` of one row, in Double.
    public static func logProbability(_ logits: Matrix, row: Int, token: Int) -> Double {
        let v = logits.cols
        return logits.storage.withUnsafeBufferPointer { p in
            let base = row * v
            var mx = -Float.infinity
            for j in 0..<v { mx = max(mx, p[base + j]) }
            var sum: Double = 0
            for j in 0..<v { sum += Double(exp(p[base + j] - mx)) }
            return Double(p[base + token]) - Double(mx) - Foundation.log(sum)
        }
    }

    /// The column of the largest value of a row (the first on ties).
    public static func argmax(_ m: Matrix, row: Int) -> Int {
        let v = m.cols
        return m.storage.withUnsafeBufferPointer { p in
            var best = 0
            var bestValue = -Float.infinity
            for j in 0..<v where p[row * v + j] > bestValue { bestValue = p[row * v + j]; best = j }
            return best
        }
    }

    // MARK: Rows, element-wise products, reductions

    /// `out[i] = table[ids[i]]` (embedding lookup).
    public static func gatherRows(_ table: Matrix, ids: [Int], into out: inout Matrix) {
        precondition(out.rows == ids.count && out.cols == table.cols, "gatherRows shapes")
        let h = table.cols
        table.storage.withUnsafeBufferPointer { pt in
            out.storage.withUnsafeMutableBufferPointer { po in
                for (i, id) in ids.enumerated() {
                    precondition(id >= 0 && id < table.rows, "token id \(id) outside a vocabulary of \(table.rows)")
                    for c in 0..<h { po[i * h + c] = pt[id * h + c] }
                }
            }
        }
    }

    /// `table[ids[i]] += rows[i]` (embedding gradient).
    public static func scatterAddRows(_ rows: Matrix, ids: [Int], into table: inout Matrix) {
        precondition(rows.rows == ids.count && rows.cols == table.cols, "scatterAddRows shapes")
        let h = table.cols
        rows.storage.withUnsafeBufferPointer { pr in
            table.storage.withUnsafeMutableBufferPointer { pt in
                for (i, id) in ids.enumerated() { for c in 0..<h { pt[id * h + c] += pr[i * h + c] } }
            }
        }
    }

    /// `y = x ⊙ mask` (same shapes).
    public static func multiply(_ x: Matrix, by mask: Matrix, into y: inout Matrix) {
        precondition(x.shape == mask.shape && y.shape == x.shape, "multiply shapes")
        x.storage.withUnsafeBufferPointer { px in
            mask.storage.withUnsafeBufferPointer { pm in
                y.storage.withUnsafeMutableBufferPointer { py in
                    for i in 0..<py.count { py[i] = px[i] * pm[i] }
                }
            }
        }
    }

    /// A new matrix `x ⊙ mask`.
    public static func multiplied(_ x: Matrix, by mask: Matrix) -> Matrix {
        precondition(x.shape == mask.shape, "multiply shapes")
        let storage = [Float](unsafeUninitializedCapacity: x.count) { out, count in
            x.storage.withUnsafeBufferPointer { px in
                mask.storage.withUnsafeBufferPointer { pm in
                    for i in 0..<px.count { out[i] = px[i] * pm[i] }
                }
            }
            count = x.count
        }
        return Matrix(rows: x.rows, cols: x.cols, storage: storage)
    }

    /// An inverted-dropout mask: each entry 0 with probability `rate` (to 1/65536), else
    /// 1/(1 − rate). `random` gives 64 random bits, one call per four entries (16 bits each).
    public static func dropoutMask(rows: Int, cols: Int, rate: Float, random: () -> UInt64) -> Matrix {
        let n = rows * cols
        let threshold = UInt64((rate * 65536).rounded())
        let keep = 1 / (1 - rate)
        let storage = [Float](unsafeUninitializedCapacity: n) { out, count in
            var i = 0
            while i < n {
                var bits = random()
                for _ in 0..<min(4, n - i) {
                    out[i] = (bits & 0xFFFF) < threshold ? 0 : keep
                    bits >>= 16
                    i += 1
                }
            }
            count = n
        }
        return Matrix(rows: rows, cols: cols, storage: storage)
    }

    /// Σ x² in Double.
    public static func sumOfSquares(_ x: Matrix) -> Double {
        x.storage.withUnsafeBufferPointer { p in
            var s = 0.0
            for v in p { s += Double(v) * Double(v) }
            return s
        }
    }

    /// One AdamW step as torch.optim.AdamW takes it (decoupled weight decay first,
    /// bias-corrected moments); `step` counts from 1.
    public static func adamW(_ param: inout Matrix, gradient g: Matrix, m: inout Matrix, v: inout Matrix,
                             learningRate lr: Float, beta1: Float, beta2: Float, epsilon: Float,
                             weightDecay: Float, step: Int) {
        precondition(param.count == g.count && m.count == g.count && v.count == g.count, "adamW shapes")
        let bc1 = 1 - Float(pow(Double(beta1), Double(step)))
        let bc2 = 1 - Float(pow(Double(beta2), Double(step)))
        let stepSize = lr / bc1
        let bc2Root = bc2.squareRoot()
        let decay = 1 - lr * weightDecay
        g.storage.withUnsafeBufferPointer { pg in
            param.storage.withUnsafeMutableBufferPointer { pp in
                m.storage.withUnsafeMutableBufferPointer { pm in
                    v.storage.withUnsafeMutableBufferPointer { pv in
                        for i in 0..<pp.count {
                            let gi = pg[i]
                            pp[i] *= decay
                            pm[i] = beta1 * pm[i] + (1 - beta1) * gi
                            pv[i] = beta2 * pv[i] + (1 - beta2) * gi * gi
                            let denom = pv[i].squareRoot() / bc2Root + epsilon
                            pp[i] -= stepSize * pm[i] / denom
                        }
                    }
                }
            }
        }
    }
}

/// Cosines and sines of the rotary angles `position · freq[i]` (Float32, as transformers
/// computes them) for positions below `positions`, computed once per model.
public struct RotaryTable: Sendable {
    public let frequencies: [Float]
    public let positions: Int
    let half: Int
    let cos: [Float]
    let sin: [Float]

    public init(headDim: Int, theta: Double, positions: Int) {
        frequencies = Kernels.rotaryFrequencies(headDim: headDim, theta: theta)
        half = headDim / 2
        self.positions = positions
        var c = [Float](repeating: 0, count: positions * half), s = c
        for p in 0..<positions {
            for i in 0..<half {
                let a = Float(p) * frequencies[i]
                c[p * half + i] = Foundation.cos(a)
                s[p * half + i] = Foundation.sin(a)
            }
        }
        cos = c
        sin = s
    }

    func fill(position: Int, cos c: inout [Float], sin s: inout [Float]) {
        if position < positions {
            for i in 0..<half {
                c[i] = cos[position * half + i]
                s[i] = sin[position * half + i]
            }
        } else {
            for i in 0..<half {
                let a = Float(position) * frequencies[i]
                c[i] = Foundation.cos(a)
                s[i] = Foundation.sin(a)
            }
        }
    }
}
