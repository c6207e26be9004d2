import Foundation
import LadderCore

/// The name of an object in the store: a SHA-256 digest as 64 lower-case hex
/// characters. For a file it is the digest of its bytes (what `sha256sum`
/// prints); for a directory it is the digest of its `TreeEncoding`.
///
/// A distinct type rather than a bare `String` so that a step key, a path or
/// an arbitrary string can never be passed where an object name is expected.
public struct ObjectHash: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The 64 lower-case hex characters.
    public let hex: String

    /// Validates `hex`; throws `StoreError.invalidHash` unless it is exactly
    /// 64 lower-case hexadecimal characters.
    public init(_ hex: String) throws {
        guard ObjectHash.isValid(hex) else { throw StoreError.invalidHash(hex) }
        self.hex = hex
    }

    /// For digests this module computed itself, which are valid by construction.
    init(trusted hex: String) {
        self.hex = hex
    }

    /// The SHA-256 of `data`, the name `data` has when stored as a blob.
    public static func of(_ data: Data) -> ObjectHash {
        ObjectHash(trusted: SHA256.hex(data))
    }

    /// True when `s` has the shape of an object name.
    public static func isValid(_ s: String) -> Bool {
        var count = 0
        for b in s.utf8 {
            count += 1
            guard count <= 64, (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66) else { return false }
        }
        return count == 64
    }

    /// The first 12 characters, for messages and listings.
    public var short: String { String(hex.prefix(12)) }

    public var description: String { hex }

    public static func < (a: ObjectHash, b: ObjectHash) -> Bool { a.hex < b.hex }

    public init(from decoder: any Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        try self.init(s)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(hex)
    }
}
