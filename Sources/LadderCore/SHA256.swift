import CLibCrypto
import Foundation

/// Incremental SHA-256 over the system libcrypto.
///
/// Every key, artifact name and fingerprint in the project is a SHA-256 digest
/// rendered as lower-case hex; this is the one place that computes them.
public struct SHA256: ~Copyable {
    private let context: OpaquePointer

    public init() {
        guard let ctx = EVP_MD_CTX_new(), EVP_DigestInit_ex(ctx, EVP_sha256(), nil) == 1 else {
            fatalError("libcrypto could not initialise SHA-256")
        }
        context = ctx
    }

    deinit { EVP_MD_CTX_free(context) }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        EVP_DigestUpdate(context, base, bytes.count)
    }

    public mutating func update(_ data: Data) {
        data.withUnsafeBytes { update($0) }
    }

    public mutating func update(_ string: String) {
        var s = string
        s.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    /// Finishes the digest and returns its 32 bytes.
    public consuming func finalize() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        out.withUnsafeMutableBufferPointer { buf in
            _ = EVP_DigestFinal_ex(context, buf.baseAddress, &length)
        }
        return out
    }

    public consuming func finalizeHex() -> String { Hex.encode(finalize()) }

    /// The digest of `bytes` alone, written to `out` (32 bytes), reusing this context: for
    /// hashing many short texts (the planner's step keys) without allocating per text.
    /// Whatever was fed to this context before is discarded.
    public mutating func digest(of bytes: UnsafeRawBufferPointer, into out: UnsafeMutablePointer<UInt8>) {
        var length: UInt32 = 0
        // A null type keeps the context's digest: no provider lookup per text.
        guard EVP_DigestInit_ex2(context, nil, nil) == 1 else { fatalError("libcrypto could not reset SHA-256") }
        if let base = bytes.baseAddress, !bytes.isEmpty { EVP_DigestUpdate(context, base, bytes.count) }
        _ = EVP_DigestFinal_ex(context, out, &length)
    }

    /// SHA-256 of `data` as lower-case hex.
    public static func hex(_ data: Data) -> String {
        var h = SHA256()
        h.update(data)
        return h.finalizeHex()
    }

    /// SHA-256 of the UTF-8 bytes of `string` as lower-case hex.
    public static func hex(_ string: String) -> String {
        var h = SHA256()
        h.update(string)
        return h.finalizeHex()
    }

    /// SHA-256 of a file's bytes, streamed in 1 MiB blocks.
    public static func hex(fileAt url: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var h = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            h.update(chunk)
        }
        return h.finalizeHex()
    }
}

/// Lower-case hexadecimal rendering of bytes.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func encode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
