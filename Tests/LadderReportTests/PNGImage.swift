import Foundation

/// Just enough of a PNG decoder to look at a browser screenshot: 8-bit
/// greyscale, RGB or RGBA, not interlaced. Follows the PNG specification
/// (W3C, 2nd edition): chunks, zlib-wrapped DEFLATE (RFC 1950/1951) over the
/// concatenated IDAT data, then per-row filters 0-4.
struct PNGImage {
    var width: Int
    var height: Int
    /// Channels per pixel (1, 2, 3 or 4).
    var channels: Int
    var pixels: [UInt8]

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The RGB value at (x, y).
    func rgb(_ x: Int, _ y: Int) -> (Int, Int, Int) {
        let i = (y * width + x) * channels
        if channels < 3 { return (Int(pixels[i]), Int(pixels[i]), Int(pixels[i])) }
        return (Int(pixels[i]), Int(pixels[i + 1]), Int(pixels[i + 2]))
    }

    init(data: Data) throws {
        let bytes = [UInt8](data)
        guard bytes.count > 8, bytes[0..<8].elementsEqual([137, 80, 78, 71, 13, 10, 26, 10]) else { throw Failure(description: "not a PNG file") }
        var pos = 8
        var compressed: [UInt8] = []
        var header: [UInt8] = []
        func u32(_ p: Int) -> Int { Int(bytes[p]) << 24 | Int(bytes[p + 1]) << 16 | Int(bytes[p + 2]) << 8 | Int(bytes[p + 3]) }
        while pos + 8 <= bytes.count {
            let length = u32(pos)
            let type = String(decoding: bytes[(pos + 4)..<(pos + 8)], as: UTF8.self)
            guard pos + 12 + length <= bytes.count else { throw Failure(description: "truncated \(type) chunk") }
            let body = bytes[(pos + 8)..<(pos + 8 + length)]
            if type == "IHDR" { header = Array(body) }
            if type == "IDAT" { compressed += body }
            if type == "IEND" { break }
            pos += 12 + length
        }
        guard header.count == 13 else { throw Failure(description: "no IHDR chunk") }
        width = Int(header[0]) << 24 | Int(header[1]) << 16 | Int(header[2]) << 8 | Int(header[3])
        height = Int(header[4]) << 24 | Int(header[5]) << 16 | Int(header[6]) << 8 | Int(header[7])
        guard header[8] == 8, header[12] == 0 else { throw Failure(description: "only 8-bit, non-interlaced images are supported") }
        switch header[9] {
        case 0: channels = 1
        case 4: channels = 2
        case 2: channels = 3
        case 6: channels = 4
        default: throw Failure(description: "colour type \(header[9]) is not supported")
        }
        guard compressed.count > 2 else { throw Failure(description: "no image data") }
        var inflater = Inflater(Array(compressed.dropFirst(2)))
        let raw = try inflater.inflate()
        let stride = width * channels
        guard raw.count >= height * (stride + 1) else { throw Failure(description: "image data too short") }
        var out = [UInt8](repeating: 0, count: height * stride)
        for y in 0..<height {
            let filter = raw[y * (stride + 1)]
            let src = y * (stride + 1) + 1, dst = y * stride
            for i in 0..<stride {
                let a = i >= channels ? Int(out[dst + i - channels]) : 0
                let b = y > 0 ? Int(out[dst - stride + i]) : 0
                let c = (i >= channels && y > 0) ? Int(out[dst - stride + i - channels]) : 0
                let x = Int(raw[src + i])
                let predicted: Int
                switch filter {
                case 0: predicted = 0
                case 1: predicted = a
                case 2: predicted = b
                case 3: predicted = (a + b) / 2
                case 4:
                    let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                    predicted = (pa <= pb && pa <= pc) ? a : (pb <= pc ? b : c)
                default: throw Failure(description: "unknown row filter \(filter)")
                }
                out[dst + i] = UInt8((x + predicted) & 0xff)
            }
        }
        pixels = out
    }
}

/// DEFLATE decoder (RFC 1951): stored, fixed-Huffman and dynamic-Huffman blocks,
/// with canonical Huffman codes decoded one bit at a time.
struct Inflater {
    private let input: [UInt8]
    private var pos = 0
    private var bitBuffer = 0
    private var bitCount = 0
    private var output: [UInt8] = []

    init(_ input: [UInt8]) { self.input = input }

    private struct Huffman {
        var counts = [Int](repeating: 0, count: 16)
        var symbols: [Int] = []
        init(lengths: [Int]) {
            for l in lengths { counts[l] += 1 }
            counts[0] = 0
            var offsets = [Int](repeating: 0, count: 16)
            for l in 1..<16 { offsets[l] = offsets[l - 1] + counts[l - 1] }
            symbols = [Int](repeating: 0, count: lengths.count)
            for (symbol, l) in lengths.enumerated() where l > 0 {
                symbols[offsets[l]] = symbol
                offsets[l] += 1
            }
        }
    }

    private static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    private static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    private static let distBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
                                   4097, 6145, 8193, 12289, 16385, 24577]
    private static let distExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
    private static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    private mutating func bits(_ n: Int) throws -> Int {
        while bitCount < n {
            guard pos < input.count else { throw PNGImage.Failure(description: "compressed data ended early") }
            bitBuffer |= Int(input[pos]) << bitCount
            pos += 1
            bitCount += 8
        }
        let v = bitBuffer & ((1 << n) - 1)
        bitBuffer >>= n
        bitCount -= n
        return v
    }

    private mutating func decode(_ h: Huffman) throws -> Int {
        var code = 0, first = 0, index = 0
        for length in 1..<16 {
            code |= try bits(1)
            let count = h.counts[length]
            if code - first < count { return h.symbols[index + code - first] }
            index += count
            first = (first + count) << 1
            code <<= 1
        }
        throw PNGImage.Failure(description: "invalid Huffman code")
    }

    mutating func inflate() throws -> [UInt8] {
        var last = 0
        repeat {
            last = try bits(1)
            switch try bits(2) {
            case 0:
                bitBuffer = 0
                bitCount = 0
                guard pos + 4 <= input.count else { throw PNGImage.Failure(description: "truncated stored block") }
                let len = Int(input[pos]) | Int(input[pos + 1]) << 8
                pos += 4
                guard pos + len <= input.count else { throw PNGImage.Failure(description: "truncated stored block") }
                output += input[pos..<(pos + len)]
                pos += len
            case 1:
                let lit = Huffman(lengths: [Int](repeating: 8, count: 144) + [Int](repeating: 9, count: 112) + [Int](repeating: 7, count: 24) + [Int](repeating: 8, count: 8))
                try codes(lit, Huffman(lengths: [Int](repeating: 5, count: 30)))
            case 2:
                let nlen = try bits(5) + 257, ndist = try bits(5) + 1, ncode = try bits(4) + 4
                var clens = [Int](repeating: 0, count: 19)
                for i in 0..<ncode { clens[Self.codeLengthOrder[i]] = try bits(3) }
                let clh = Huffman(lengths: clens)
                var lengths: [Int] = []
                while lengths.count < nlen + ndist {
                    let sym = try decode(clh)
                    switch sym {
                    case 0..<16: lengths.append(sym)
                    case 16:
                        guard let prev = lengths.last else { throw PNGImage.Failure(description: "repeat with no previous length") }
                        lengths += [Int](repeating: prev, count: 3 + (try bits(2)))
                    case 17: lengths += [Int](repeating: 0, count: 3 + (try bits(3)))
                    default: lengths += [Int](repeating: 0, count: 11 + (try bits(7)))
                    }
                }
                try codes(Huffman(lengths: Array(lengths[0..<nlen])), Huffman(lengths: Array(lengths[nlen..<(nlen + ndist)])))
            default:
                throw PNGImage.Failure(description: "invalid block type")
            }
        } while last == 0
        return output
    }

    private mutating func codes(_ lit: Huffman, _ dist: Huffman) throws {
        while true {
            let sym = try decode(lit)
            if sym < 256 { output.append(UInt8(sym)); continue }
            if sym == 256 { return }
            let li = sym - 257
            guard li < Self.lengthBase.count else { throw PNGImage.Failure(description: "invalid length symbol") }
            let length = Self.lengthBase[li] + (try bits(Self.lengthExtra[li]))
            let di = try decode(dist)
            guard di < Self.distBase.count else { throw PNGImage.Failure(description: "invalid distance symbol") }
            let distance = Self.distBase[di] + (try bits(Self.distExtra[di]))
            guard distance <= output.count else { throw PNGImage.Failure(description: "distance too far back") }
            let start = output.count - distance
            for i in 0..<length { output.append(output[start + i]) }
        }
    }
}
