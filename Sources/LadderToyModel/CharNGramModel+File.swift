import Foundation
import LadderCore

/// The model file: a small binary format, byte-identical for identical
/// training texts, settings and seed.
///
///     magic       8 bytes  "LTCNGRAM"
///     version     1 byte   1
///     order       1 byte
///     smoothing   1 byte   0 witten-bell, 1 absolute discounting
///     discount    8 bytes  IEEE 754 bits, little-endian (0 for witten-bell)
///     seed        8 bytes  little-endian
///     max chars   8 bytes  little-endian, 0 = no budget
///     texts offered, texts used, characters used, gram count: LEB128 each
///     grams       `order` symbols (LEB128, most recent first; 1 = text
///                 start, else scalar + 2) then the count (LEB128), sorted
///                 by symbol slots
///     digest      32 bytes SHA-256 of everything before it
///
/// Only highest-order counts are stored; the rest is rebuilt on load.
extension CharNGramModel {
    static let magic = Array("LTCNGRAM".utf8)
    static let fileVersion: UInt8 = 1

    /// The model's file contents.
    public func serialized() -> Data {
        var out = ByteWriter()
        out.bytes(Self.magic)
        out.byte(Self.fileVersion)
        out.byte(UInt8(order))
        switch smoothing {
        case .wittenBell:
            out.byte(0)
            out.fixed64(0)
        case .absoluteDiscounting(let d):
            out.byte(1)
            out.fixed64(d.bitPattern)
        }
        out.fixed64(training.seed)
        out.fixed64(UInt64(training.maxChars ?? 0))
        out.varint(UInt64(training.textsOffered))
        out.varint(UInt64(training.textsUsed))
        out.varint(UInt64(training.charactersUsed))
        let full = sortedFullGrams()
        out.varint(UInt64(full.count))
        for (key, count) in full {
            for slot in 0..<order { out.varint(UInt64(key.symbol(at: slot))) }
            out.varint(UInt64(count))
        }
        out.bytes(SHA256.hex(out.data).hexBytes)
        return out.data
    }

    /// Writes the model file atomically.
    public func write(to url: URL) throws {
        try AtomicFile.write(serialized(), to: url)
    }

    /// Reads a model file written by `write(to:)`.
    public init(contentsOf url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw LadderError.io("cannot read model file \(url.path): \(error.localizedDescription)")
        }
        try self.init(serialized: data, origin: url.path)
    }

    /// Reads a model from file contents; `origin` names the file in errors.
    public init(serialized data: Data, origin: String) throws {
        let bytes = [UInt8](data)
        func bad(_ why: String) -> LadderError {
            .badInput("\(origin): not a usable character n-gram model file: \(why); train the model again")
        }
        guard bytes.count >= Self.magic.count + 32, Array(bytes.prefix(Self.magic.count)) == Self.magic else {
            throw bad("it does not start with the LTCNGRAM header")
        }
        let body = bytes.dropLast(32)
        guard SHA256.hex(Data(body)).hexBytes == Array(bytes.suffix(32)) else {
            throw bad("its checksum does not match (the file is damaged or truncated)")
        }
        var r = ByteReader(bytes: Array(body), position: Self.magic.count)
        guard let version = r.byte(), version == Self.fileVersion else { throw bad("unknown format version") }
        guard let rawOrder = r.byte(), let kind = r.byte(), let discountBits = r.fixed64() else { throw bad("header cut short") }
        let smoothing: NGramSmoothing
        switch kind {
        case 0: smoothing = .wittenBell
        case 1: smoothing = .absoluteDiscounting(Double(bitPattern: discountBits))
        default: throw bad("unknown smoothing code \(kind)")
        }
        do {
            try self.init(order: Int(rawOrder), smoothing: smoothing)
        } catch let error as LadderError {
            throw bad(error.description)
        }
        guard let seed = r.fixed64(), let budget = r.fixed64(), let offered = r.varint(), let used = r.varint(),
              let characters = r.varint(), let count = r.varint() else { throw bad("header cut short") }
        var full: [NGramKey: Int] = [:]
        full.reserveCapacity(Int(min(count, 1 << 24)))
        for i in 0..<count {
            var key = NGramKey.empty
            for slot in 0..<order {
                guard let s = r.varint(), s >= 1, s <= UInt64(NGramKey.slotMask) else { throw bad("gram \(i) has a bad symbol") }
                key.set(slot: slot, to: UInt32(s))
            }
            guard let c = r.varint(), c > 0, full.updateValue(Int(c), forKey: key) == nil else {
                throw bad("gram \(i) has a bad or repeated count")
            }
        }
        guard r.atEnd else { throw bad("trailing bytes after the grams") }
        rebuild(fromFullGrams: full)
        training = TrainingRecord(seed: seed, maxChars: budget == 0 ? nil : Int(budget), textsOffered: Int(offered),
                                  textsUsed: Int(used), charactersUsed: Int(characters))
    }
}

extension String {
    /// The bytes a lower-case hex string spells (a digest back to raw bytes).
    fileprivate var hexBytes: [UInt8] {
        let digits = Array(utf8)
        func value(_ c: UInt8) -> UInt8 { c <= 0x39 ? c - 0x30 : c - 0x61 + 10 }
        return stride(from: 0, to: digits.count - 1, by: 2).map { value(digits[$0]) << 4 | value(digits[$0 + 1]) }
    }
}
