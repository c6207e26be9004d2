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
}
