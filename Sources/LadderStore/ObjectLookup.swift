import Foundation

/// What reading an object found. A corrupt object is never handed out: the
/// caller gets `.corrupt` and must treat it as a miss (re-run the step).
public enum ObjectLookup: Equatable, Sendable {
    /// Present and its content hashes to its name; the URL is inside `objects/`.
    case hit(URL)
    /// No object by that name.
    case missing
    /// Present but its content hashes to `actual`. With exclusive access it
    /// has been moved to `corrupt/`, so a re-run can store a good copy.
    case corrupt(actual: String)

    /// The URL when this is a hit.
    public var url: URL? {
        if case .hit(let u) = self { return u }
        return nil
    }
}

/// How much work a read spends on proving an object is intact.
public enum VerifyPolicy: Sendable, Equatable {
    /// Re-hash every byte. What `fsck` uses, and the default for single reads.
    case full
    /// Skip re-hashing when the object's file metadata (device, inode, size,
    /// mode, mtime and ctime of every entry) equals what was recorded at its
    /// last full verification. See the module README for why this is safe
    /// against everything but silent media corruption, which `fsck` catches.
    case trustStamps
}

/// What `ObjectStore.ingest` did.
public struct IngestResult: Equatable, Sendable {
    /// The object's name.
    public var hash: ObjectHash
    /// Whether the object is a single file or a directory tree.
    public var kind: TreeEncoding.Kind
    /// Regular files in the object.
    public var files: Int
    /// Bytes in those files.
    public var bytes: Int64
    /// True when an intact object with this name was already stored (a no-op).
    public var alreadyPresent: Bool
    /// True when a corrupt object with this name was moved aside and replaced.
    public var replacedCorrupt: Bool
}

/// Running totals of verified reads, so tests and reports can tell cache
/// hits from misses and corruption.
public struct VerificationCounts: Equatable, Sendable {
    /// Reads that found an intact object.
    public var hits = 0
    /// Of `hits`, those settled by a matching metadata stamp without re-hashing.
    public var stampHits = 0
    /// Reads that found no object.
    public var misses = 0
    /// Reads that found an object whose content no longer matches its name.
    public var corrupt = 0

    public init() {}
}
