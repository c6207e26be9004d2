/// A dense row-major Float32 matrix: the one tensor type of the model code.
/// Vectors are 1 × n matrices; a 3-d tensor is a matrix whose rows are
/// concatenated slices (the model keeps batch × time in the rows).
public struct Matrix: Sendable, Equatable {
    public private(set) var rows: Int
    public private(set) var cols: Int
    /// `rows * cols` values, row after row.
    public var storage: [Float]

    /// A matrix of zeros.
    public init(rows: Int, cols: Int) {
        precondition(rows >= 0 && cols >= 0, "negative matrix shape")
        self.rows = rows
        self.cols = cols
        storage = [Float](repeating: 0, count: rows * cols)
    }

    /// A matrix over existing values (row-major; `storage.count == rows * cols`).
    public init(rows: Int, cols: Int, storage: [Float]) {
        precondition(storage.count == rows * cols, "matrix storage of \(storage.count) values for shape [\(rows), \(cols)]")
        self.rows = rows
        self.cols = cols
        self.storage = storage
    }

    /// A matrix with every value `value`.
    public init(rows: Int, cols: Int, repeating value: Float) {
        self.rows = rows
        self.cols = cols
        storage = [Float](repeating: value, count: rows * cols)
    }

    public var count: Int { storage.count }
    public var shape: [Int] { [rows, cols] }

    public subscript(row: Int, col: Int) -> Float {
        get { storage[row * cols + col] }
        set { storage[row * cols + col] = newValue }
    }

    /// Sets every value to zero without reallocating.
    public mutating func zero() {
        storage.withUnsafeMutableBufferPointer { p in
            guard let base = p.baseAddress else { return }
            base.update(repeating: 0, count: p.count)
        }
    }

    /// The same values seen as another shape with the same count.
    public func reshaped(rows: Int, cols: Int) -> Matrix {
        Matrix(rows: rows, cols: cols, storage: storage)
    }

    /// The transpose (a copy).
    public func transposed() -> Matrix {
        var out = Matrix(rows: cols, cols: rows)
        for r in 0..<rows { for c in 0..<cols { out.storage[c * rows + r] = storage[r * cols + c] } }
        return out
    }

    /// Rows `range` as a new matrix.
    public func rows(_ range: Range<Int>) -> Matrix {
        Matrix(rows: range.count, cols: cols, storage: Array(storage[(range.lowerBound * cols)..<(range.upperBound * cols)]))
    }

    /// Columns `range` as a new matrix.
    public func columns(_ range: Range<Int>) -> Matrix {
        var out = Matrix(rows: rows, cols: range.count)
        for r in 0..<rows {
            for (j, c) in range.enumerated() { out.storage[r * range.count + j] = storage[r * cols + c] }
        }
        return out
    }

    /// Largest absolute difference to `other` (same shape).
    public func maxAbsDifference(_ other: Matrix) -> Float {
        precondition(shape == other.shape, "shapes \(shape) and \(other.shape) differ")
        var m: Float = 0
        for i in 0..<storage.count { m = Swift.max(m, abs(storage[i] - other.storage[i])) }
        return m
    }

    /// True when every value is finite.
    public var isFinite: Bool { storage.allSatisfy(\.isFinite) }
}

/// A rectangle of a matrix: `rows × cols` values starting at (`row`, `col`).
/// GEMM operands and kernels address sub-matrices (one head of the attention,
/// one sequence of a batch) through blocks instead of copies.
public struct Block: Sendable, Equatable {
    public var row: Int
    public var col: Int
    public var rows: Int
    public var cols: Int

    public init(row: Int, col: Int, rows: Int, cols: Int) {
        self.row = row
        self.col = col
        self.rows = rows
        self.cols = cols
    }

    /// The whole of `m`.
    public static func all(_ m: Matrix) -> Block { Block(row: 0, col: 0, rows: m.rows, cols: m.cols) }

    func fits(_ m: Matrix) -> Bool {
        row >= 0 && col >= 0 && rows >= 0 && cols >= 0 && row + rows <= m.rows && col + cols <= m.cols
    }
}

extension Matrix {
    /// Copies rows `from` of `source` (same column count) into rows starting at `row`.
    public mutating func setRows(_ row: Int, from source: Matrix, rows range: Range<Int>) {
        precondition(source.cols == cols && row + range.count <= rows && range.upperBound <= source.rows, "setRows shapes")
        storage.replaceSubrange((row * cols)..<((row + range.count) * cols),
                                with: source.storage[(range.lowerBound * cols)..<(range.upperBound * cols)])
    }

    /// A copy with `rows` rows: the first rows kept, new rows zero.
    public func resized(rows newRows: Int) -> Matrix {
        var out = Matrix(rows: newRows, cols: cols)
        let keep = Swift.min(rows, newRows)
        out.storage.replaceSubrange(0..<(keep * cols), with: storage[0..<(keep * cols)])
        return out
    }
}
