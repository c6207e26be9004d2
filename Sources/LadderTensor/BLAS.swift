import CBLAS

/// Matrix products over OpenBLAS's `cblas_sgemm`, on one BLAS thread: the
/// runner's cpu slots decide parallelism, and one thread keeps the summation
/// order, and so the bytes, fixed for a given machine.
public enum BLAS {
    private static let singleThreaded: Void = {
        openblas_set_num_threads(1)
        #if os(Linux)
        // A training step allocates and frees the same few-MB activation matrices over and
        // over; by default glibc serves blocks that size with fresh mmap pages and returns
        // them on free, so every step pays page faults and zero-fills. Keep them in the heap.
        _ = mallopt(M_MMAP_THRESHOLD, 256 << 20)
        _ = mallopt(M_TRIM_THRESHOLD, 1 << 30)
        #endif
    }()

    /// Makes OpenBLAS use one thread (done before the first product; idempotent), and
    /// on Linux keeps freed activation-sized blocks in the heap (see above).
    public static func useOneThread() { _ = singleThreaded }

    /// The kernel family OpenBLAS chose for this CPU (`openblas_get_corename`), e.g. "SkylakeX".
    public static var coreName: String {
        guard let p = openblas_get_corename() else { return "unknown" }
        return String(cString: p)
    }

    /// The number of threads OpenBLAS uses now.
    public static var threads: Int { Int(openblas_get_num_threads()) }

    /// `c[cBlock] = alpha · op(a[aBlock]) · op(b[bBlock]) + beta · c[cBlock]`, where `op`
    /// transposes when asked. Blocks default to the whole matrix. Returns the
    /// floating-point operations done (2·m·n·k).
    @discardableResult
    public static func gemm(_ a: Matrix, aBlock: Block? = nil, transposeA: Bool = false,
                            _ b: Matrix, bBlock: Block? = nil, transposeB: Bool = false,
                            into c: inout Matrix, cBlock: Block? = nil,
                            alpha: Float = 1, beta: Float = 0) -> Int {
        useOneThread()
        let ab = aBlock ?? .all(a), bb = bBlock ?? .all(b), cb = cBlock ?? .all(c)
        precondition(ab.fits(a) && bb.fits(b) && cb.fits(c), "gemm block outside its matrix")
        let m = transposeA ? ab.cols : ab.rows
        let k = transposeA ? ab.rows : ab.cols
        let kb = transposeB ? bb.cols : bb.rows
        let n = transposeB ? bb.rows : bb.cols
        precondition(k == kb && cb.rows == m && cb.cols == n,
                     "gemm shapes: [\(m), \(k)] × [\(kb), \(n)] into [\(cb.rows), \(cb.cols)]")
        if m == 0 || n == 0 { return 0 }
        if k == 0 {
            scale(&c, cb, by: beta)
            return 0
        }
        let lda = a.cols, ldb = b.cols, ldc = c.cols
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                c.storage.withUnsafeMutableBufferPointer { pc in
                    cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                                Int32(m), Int32(n), Int32(k), alpha,
                                pa.baseAddress! + ab.row * lda + ab.col, Int32(lda),
                                pb.baseAddress! + bb.row * ldb + bb.col, Int32(ldb), beta,
                                pc.baseAddress! + cb.row * ldc + cb.col, Int32(ldc))
                }
            }
        }
        return 2 * m * n * k
    }

    /// A new matrix `alpha · op(a[aBlock]) · op(b[bBlock])`, written straight into fresh
    /// storage (no zero-fill first). Returns it with the floating-point operations done.
    public static func product(_ a: Matrix, aBlock: Block? = nil, transposeA: Bool = false,
                               _ b: Matrix, bBlock: Block? = nil, transposeB: Bool = false,
                               alpha: Float = 1) -> (Matrix, flops: Int) {
        useOneThread()
        let ab = aBlock ?? .all(a), bb = bBlock ?? .all(b)
        precondition(ab.fits(a) && bb.fits(b), "gemm block outside its matrix")
        let m = transposeA ? ab.cols : ab.rows
        let k = transposeA ? ab.rows : ab.cols
        let kb = transposeB ? bb.cols : bb.rows
        let n = transposeB ? bb.rows : bb.cols
        precondition(k == kb, "gemm shapes: [\(m), \(k)] × [\(kb), \(n)]")
        if m == 0 || n == 0 || k == 0 { return (Matrix(rows: m, cols: n), 0) }
        let lda = a.cols, ldb = b.cols
        let storage = [Float](unsafeUninitializedCapacity: m * n) { pc, count in
            a.storage.withUnsafeBufferPointer { pa in
                b.storage.withUnsafeBufferPointer { pb in
                    // beta 0: OpenBLAS writes every element of C without reading it.
                    cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                                Int32(m), Int32(n), Int32(k), alpha,
                                pa.baseAddress! + ab.row * lda + ab.col, Int32(lda),
                                pb.baseAddress! + bb.row * ldb + bb.col, Int32(ldb), 0,
                                pc.baseAddress!, Int32(n))
                }
            }
            count = m * n
        }
        return (Matrix(rows: m, cols: n, storage: storage), 2 * m * n * k)
    }

    /// `y += alpha · x` over whole matrices of the same count.
    public static func axpy(_ alpha: Float, _ x: Matrix, _ y: inout Matrix) {
        precondition(x.count == y.count, "axpy: \(x.count) and \(y.count) values")
        if x.count == 0 { return }
        x.storage.withUnsafeBufferPointer { px in
            y.storage.withUnsafeMutableBufferPointer { py in
                cblas_saxpy(Int32(px.count), alpha, px.baseAddress!, 1, py.baseAddress!, 1)
            }
        }
    }

    /// Multiplies a block of `m` by `factor` (0 clears it).
    public static func scale(_ m: inout Matrix, _ block: Block? = nil, by factor: Float) {
        let b = block ?? .all(m)
        let cols = m.cols
        m.storage.withUnsafeMutableBufferPointer { p in
            for r in b.row..<(b.row + b.rows) {
                let base = r * cols + b.col
                for c in 0..<b.cols { p[base + c] = factor == 0 ? 0 : p[base + c] * factor }
            }
        }
    }
}
