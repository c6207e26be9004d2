import Foundation
import LadderCore
import LadderTensor

/// The safetensors file format (huggingface/safetensors, README "Format"): an
/// 8-byte little-endian header length N, N bytes of JSON header (`__metadata__`:
/// string → string, then one entry per tensor: `dtype`, `shape`, `data_offsets`
/// [begin, end) relative to the data that follows), padded with spaces to a
/// multiple of 8, then the raw little-endian data. Tensors are laid out in name
/// order, as the reference library does for tensors of one dtype.
public enum SafeTensors {
    /// One tensor of a file: its shape and Float32 values (row-major).
    public struct Tensor: Sendable, Equatable {
        public var shape: [Int]
        public var values: [Float]

        public init(shape: [Int], values: [Float]) {
            precondition(shape.reduce(1, *) == values.count, "tensor shape \(shape) for \(values.count) values")
            self.shape = shape
            self.values = values
        }

        public init(_ m: Matrix, shape: [Int]? = nil) { self.init(shape: shape ?? m.shape, values: m.storage) }

        /// The tensor as a matrix: 2-d as is, 1-d as one row.
        public var matrix: Matrix {
            switch shape.count {
            case 1: return Matrix(rows: 1, cols: shape[0], storage: values)
            case 2: return Matrix(rows: shape[0], cols: shape[1], storage: values)
            default: return Matrix(rows: 1, cols: values.count, storage: values)
            }
        }
    }

    /// A header entry as read, before any data is touched.
    public struct HeaderEntry: Sendable, Equatable {
        public var dtype: String
        public var shape: [Int]
        public var begin: Int
        public var end: Int
    }

    /// The file's bytes for `tensors` (all written as F32) and `metadata`.
    public static func encode(_ tensors: [String: Tensor], metadata: [String: String] = ["format": "pt"]) -> [UInt8] {
        let names = tensors.keys.sorted(by: Value.byteOrder)
        var header: [UInt8] = Array("{".utf8)
        var first = true
        if !metadata.isEmpty {
            Value.quote("__metadata__", into: &header)
            header.append(contentsOf: ":{".utf8)
            for (i, k) in metadata.keys.sorted(by: Value.byteOrder).enumerated() {
                if i > 0 { header.append(UInt8(ascii: ",")) }
                Value.quote(k, into: &header)
                header.append(UInt8(ascii: ":"))
                Value.quote(metadata[k]!, into: &header)
            }
            header.append(UInt8(ascii: "}"))
            first = false
        }
        var offset = 0
        for name in names {
            let t = tensors[name]!
            if !first { header.append(UInt8(ascii: ",")) }
            first = false
            Value.quote(name, into: &header)
            let size = t.values.count * 4
            header.append(contentsOf: ":{\"dtype\":\"F32\",\"shape\":[\(t.shape.map(String.init).joined(separator: ","))],\"data_offsets\":[\(offset),\(offset + size)]}".utf8)
            offset += size
        }
        header.append(UInt8(ascii: "}"))
        while header.count % 8 != 0 { header.append(UInt8(ascii: " ")) }
        var out: [UInt8] = []
        out.reserveCapacity(8 + header.count + offset)
        var n = UInt64(header.count).littleEndian
        withUnsafeBytes(of: &n) { out.append(contentsOf: $0) }
        out.append(contentsOf: header)
        for name in names {
            for v in tensors[name]!.values {
                var bits = v.bitPattern.littleEndian
                withUnsafeBytes(of: &bits) { out.append(contentsOf: $0) }
            }
        }
        return out
    }

    /// Writes a safetensors file atomically.
    public static func write(_ tensors: [String: Tensor], metadata: [String: String] = ["format": "pt"], to url: URL) throws {
        try AtomicFile.write(Data(encode(tensors, metadata: metadata)), to: url)
    }

    /// Reads a safetensors file; a truncated or corrupt file is a bad-input error saying what is wrong.
    public static func read(_ url: URL) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw LadderError.badInput("\(url.path): cannot read the safetensors file (missing?)")
        }
        return try decode([UInt8](data), source: url.path)
    }

    /// Parses and checks the header of `bytes`: every entry, and that the data
    /// regions tile the data exactly (no gaps, overlaps, or missing bytes).
    public static func header(_ bytes: [UInt8], source: String) throws -> (entries: [String: HeaderEntry], metadata: [String: String], dataStart: Int) {
        func bad(_ m: String) -> LadderError { .badInput("\(source): not a valid safetensors file: \(m)") }
        guard bytes.count >= 8 else { throw bad("truncated: \(bytes.count) bytes, fewer than the 8-byte header length") }
        var n: UInt64 = 0
        for i in 0..<8 { n |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        guard n <= 100_000_000 else { throw bad("the header length \(n) is implausible (corrupt file)") }
        guard Int(n) <= bytes.count - 8 else {
            throw bad("truncated: the header is \(n) bytes long but only \(bytes.count - 8) bytes follow the length")
        }
        let headerBytes = bytes[8..<(8 + Int(n))]
        guard let json = try? Value.parseJSON(Data(headerBytes)), case .object(let o) = json else {
            throw bad("the \(n)-byte header is not a JSON object (corrupt file)")
        }
        var metadata: [String: String] = [:]
        var entries: [String: HeaderEntry] = [:]
        for (name, v) in o {
            if name == "__metadata__" {
                guard case .object(let m) = v else { throw bad("__metadata__ is not an object") }
                for (k, x) in m {
                    guard let s = x.stringValue else { throw bad("__metadata__ value of '\(k)' is not a string") }
                    metadata[k] = s
                }
                continue
            }
            guard let dtype = v["dtype"]?.stringValue,
                  let shape = v["shape"]?.arrayValue?.map({ $0.intValue ?? -1 }),
                  let offs = v["data_offsets"]?.arrayValue?.compactMap(\.intValue), offs.count == 2 else {
                throw bad("tensor '\(name)' lacks dtype, shape or data_offsets")
            }
            guard shape.allSatisfy({ $0 >= 0 }) else { throw bad("tensor '\(name)' has a bad shape") }
            guard let width = ["F32": 4, "BF16": 2, "F16": 2][dtype] else {
                throw bad("tensor '\(name)' has dtype \(dtype); this reader takes F32, BF16 and F16")
            }
            let need = shape.reduce(1, *) * width
            guard offs[0] >= 0, offs[1] >= offs[0], offs[1] - offs[0] == need else {
                throw bad("tensor '\(name)': shape \(shape) of \(dtype) needs \(need) bytes but data_offsets give \(offs[1] - offs[0])")
            }
            entries[name] = HeaderEntry(dtype: dtype, shape: shape, begin: offs[0], end: offs[1])
        }
        let dataStart = 8 + Int(n)
        let dataSize = bytes.count - dataStart
        var expected = 0
        for e in entries.values.sorted(by: { ($0.begin, $0.end) < ($1.begin, $1.end) }) {
            guard e.begin == expected else {
                throw bad(e.begin > expected ? "a gap in the data before byte \(e.begin)" : "tensors overlap at byte \(e.begin)")
            }
            expected = e.end
        }
        guard expected <= dataSize else {
            throw bad("truncated: the header describes \(expected) bytes of tensor data but the file holds \(dataSize)")
        }
        guard expected == dataSize else { throw bad("\(dataSize - expected) bytes after the last tensor (corrupt file)") }
        return (entries, metadata, dataStart)
    }

    /// Decodes every tensor of `bytes` to Float32.
    public static func decode(_ bytes: [UInt8], source: String) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        let (entries, metadata, start) = try header(bytes, source: source)
        var tensors: [String: Tensor] = [:]
        for (name, e) in entries {
            let count = e.shape.reduce(1, *)
            var values = [Float](repeating: 0, count: count)
            let base = start + e.begin
            switch e.dtype {
            case "F32":
                for i in 0..<count {
                    let p = base + 4 * i
                    let bits = UInt32(bytes[p]) | UInt32(bytes[p + 1]) << 8 | UInt32(bytes[p + 2]) << 16 | UInt32(bytes[p + 3]) << 24
                    values[i] = Float(bitPattern: bits)
                }
            case "BF16":
                for i in 0..<count {
                    let p = base + 2 * i
                    values[i] = Float(bitPattern: (UInt32(bytes[p]) | UInt32(bytes[p + 1]) << 8) << 16)
                }
            default:  // F16
                for i in 0..<count {
                    let p = base + 2 * i
                    values[i] = halfToFloat(UInt16(bytes[p]) | UInt16(bytes[p + 1]) << 8)
                }
            }
            tensors[name] = Tensor(shape: e.shape, values: values)
        }
        return (tensors, metadata)
    }

    /// IEEE 754 binary16 to Float32.
    static func halfToFloat(_ h: UInt16) -> Float {
        let sign: Float = (h & 0x8000) != 0 ? -1 : 1
        let exp = Int((h >> 10) & 0x1F), frac = Float(h & 0x3FF)
        if exp == 0 { return sign * frac * Float(pow(2.0, -24.0)) }
        if exp == 31 { return frac == 0 ? sign * .infinity : .nan }
        return sign * (1 + frac / 1024) * Float(pow(2.0, Double(exp - 15)))
    }
}
