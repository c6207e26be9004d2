import Foundation
import LadderCore

extension ObjectStore {
    /// Stores small bytes (request and result JSON, logs) as a file object
    /// and returns their name. Atomic like `ingest`; a no-op when present.
    @discardableResult
    public func putBlob(_ data: Data) throws -> ObjectHash {
        try requireWritable("storing a blob")
        let hash = ObjectHash.of(data)
        let final = path(of: hash)
        if FileIO.lstatOrNil(final) != nil {
            if let existing = FileManager.default.contents(atPath: final), ObjectHash.of(existing) == hash { return hash }
            try quarantine(hash)
        }
        let staging = tmpPath + "/.blob-" + UUID().uuidString
        let fd = open(staging, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreError.io("cannot create \(staging): \(FileIO.reason())") }
        var failure: String? = nil
        data.withUnsafeBytes { buf in
            var off = 0
            while off < buf.count {
                let n = write(fd, buf.baseAddress! + off, buf.count - off)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { failure = FileIO.reason(); return }
                off += n
            }
        }
        fchmod(fd, 0o444)
        if failure == nil && fdatasync(fd) != 0 { failure = FileIO.reason() }
        close(fd)
        if let failure {
            unlink(staging)
            throw StoreError.io("cannot write blob \(hash.short) to \(staging): \(failure)")
        }
        try install(staging, as: hash, isDirectory: false)
        return hash
    }

    /// The bytes of a blob (or any file object), verified against its name.
    public func blob(_ hash: ObjectHash) throws -> Data {
        let p = path(of: hash)
        guard let st = FileIO.lstatOrNil(p) else {
            count { $0.misses += 1 }
            throw StoreError.notFound(hash)
        }
        guard st.st_mode & S_IFMT == S_IFREG, let data = FileManager.default.contents(atPath: p) else {
            throw StoreError.io("object \(hash.short) at \(p) is not a readable file; read trees with verifiedPath(of:)")
        }
        let actual = ObjectHash.of(data)
        guard actual == hash else {
            count { $0.corrupt += 1 }
            if writable { try quarantine(hash) }
            if let cache = stampCache, writable { try cache.forgetStamps([hash]) }
            throw StoreError.corrupt(hash, actual: actual.hex)
        }
        count { $0.hits += 1 }
        return data
    }
}
