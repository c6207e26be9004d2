import Foundation

extension Kernels {
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
}
