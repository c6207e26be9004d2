import Foundation

extension Kernels {
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
