import Foundation

extension Kernels {
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
}
