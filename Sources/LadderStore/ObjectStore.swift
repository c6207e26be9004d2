import Foundation
import LadderCore

/// The content-addressed half of the store: files and directory trees under
/// `objects/<first two hex>/<hash>`, named by SHA-256 (`TreeEncoding` for
/// trees), written atomically and verified on read.
///
/// Objects are made read-only when stored so an engine that is handed an
/// input path cannot change it by accident; verification catches the rest.
/// Writes need exclusive access (the store lock), reads do not.
public final class ObjectStore: @unchecked Sendable {
    /// The store's root directory (the one holding `objects/`).
    public let root: URL
    /// False when opened with shared access: ingest, blobs and quarantine throw.
    public let writable: Bool
    /// Where full verifications leave their metadata stamps, if anywhere.
    public let stampCache: (any ObjectStampCache)?
    /// A stamp is only recorded when every entry of the object last changed
    /// at least this many seconds before the verification began, so a write
    /// within the file system's timestamp granularity cannot hide behind an
    /// unchanged mtime (the "racy clean" problem described in git's
    /// Documentation/technical/racy-git.txt). Two seconds covers the
    /// coarsest common granularity (FAT); tests lower it.
    public let racyMargin: TimeInterval

    let objectsPath: String
    let tmpPath: String
    let corruptPath: String
    private let countsLock = NSLock()
    private var countsStorage = VerificationCounts()

    /// Opens (and with `writable`, creates) the object layout under `root`.
    public init(root: URL, writable: Bool, stampCache: (any ObjectStampCache)? = nil, racyMargin: TimeInterval = 2) throws {
        self.root = root.standardizedFileURL
        self.writable = writable
        self.stampCache = stampCache
        self.racyMargin = racyMargin
        objectsPath = self.root.path + "/objects"
        tmpPath = self.root.path + "/tmp"
        corruptPath = self.root.path + "/corrupt"
        if writable {
            for p in [self.root.path, objectsPath, tmpPath, corruptPath] { try FileIO.makeDirectory(p) }
        }
    }

    /// Verified-read totals since this store was opened.
    public var counts: VerificationCounts {
        countsLock.lock(); defer { countsLock.unlock() }
        return countsStorage
    }

    func count(_ update: (inout VerificationCounts) -> Void) {
        countsLock.lock(); defer { countsLock.unlock() }
        update(&countsStorage)
    }

    /// Where the object would be. Not verified: use `verifiedPath(of:)` to read.
    public func unverifiedPath(of hash: ObjectHash) -> URL {
        URL(fileURLWithPath: path(of: hash))
    }

    /// `unverifiedPath(of:).path` without building a `URL` (which stats a directory to
    /// decide on a trailing slash): what the runner puts in engine requests for every input.
    public func unverifiedFilePath(of hash: ObjectHash) -> String {
        path(of: hash)
    }

    func path(of hash: ObjectHash) -> String {
        objectsPath + "/" + hash.hex.prefix(2) + "/" + hash.hex
    }

    /// True when something is stored under this name (content not checked).
    public func contains(_ hash: ObjectHash) -> Bool {
        FileIO.lstatOrNil(path(of: hash)) != nil
    }

    func requireWritable(_ operation: String) throws {
        guard writable else { throw StoreError.notExclusive(operation: operation) }
    }

    /// The name a file or directory would have in the store, without storing
    /// it. The planner uses this to hash input directories the same way.
    public static func hash(of url: URL) throws -> ObjectHash {
        try TreeWalker.walk(url.path, mode: .hashOnly).hash
    }

    /// Stores a finished output (a file or a directory tree) and returns its name.
    ///
    /// The tree is validated and hashed, made read-only and fsynced, then
    /// renamed into `objects/` and the parent directory fsynced: a crash
    /// leaves no object or a complete one, never a partial one under a valid
    /// name. With `consume`, a source on the store's file system is moved
    /// rather than copied (the usual case for an engine's output directory
    /// under `tmp/`) and is gone afterwards either way. Storing content that
    /// is already present and intact is a no-op; a corrupt copy is replaced.
    public func ingest(_ source: URL, consume: Bool = false) throws -> IngestResult {
        try requireWritable("storing an output")
        let src = source.standardizedFileURL.path
        guard let srcStat = FileIO.lstatOrNil(src) else {
            throw StoreError.io("cannot store \(src): it does not exist")
        }
        guard !(src + "/").hasPrefix(objectsPath + "/") else {
            throw StoreError.badPath(path: src, reason: "it is already inside the store's objects/; store outputs from a work directory")
        }
        var inPlace = false
        if consume, let tmpStat = FileIO.lstatOrNil(tmpPath), tmpStat.st_dev == srcStat.st_dev {
            inPlace = true
        }
        let staging = tmpPath + "/.ingest-" + UUID().uuidString
        let walked: TreeWalker.Result
        do {
            walked = try TreeWalker.walk(src, mode: inPlace ? .sealInPlace : .copy(to: staging))
        } catch {
            try? FileIO.removeTree(staging)
            throw error
        }
        let candidate = inPlace ? src : staging
        let final = path(of: walked.hash)
        var result = IngestResult(hash: walked.hash, kind: walked.kind, files: walked.files, bytes: walked.bytes,
                                  alreadyPresent: false, replacedCorrupt: false)
        if FileIO.lstatOrNil(final) != nil {
            if (try? TreeWalker.walk(final, mode: .hashOnly).hash) == walked.hash {
                try FileIO.removeTree(candidate)
                if consume && !inPlace { try FileIO.removeTree(src) }
                result.alreadyPresent = true
                return result
            }
            try quarantine(walked.hash)
            result.replacedCorrupt = true
        }
        try install(candidate, as: walked.hash, isDirectory: walked.kind == .dir)
        if consume && !inPlace { try FileIO.removeTree(src) }
        return result
    }

    /// Renames a sealed candidate into its final place and makes that durable.
    func install(_ candidate: String, as hash: ObjectHash, isDirectory: Bool) throws {
        let prefixDir = objectsPath + "/" + hash.hex.prefix(2)
        if FileIO.lstatOrNil(prefixDir) == nil {
            try FileIO.makeDirectory(prefixDir)
            try FileIO.sync(objectsPath)
        }
        let final = path(of: hash)
        if rename(candidate, final) != 0 {
            // Only another writer could have put it there; its copy is as good as ours.
            if errno == EEXIST || errno == ENOTEMPTY {
                try FileIO.removeTree(candidate)
                return
            }
            throw StoreError.io("cannot move \(candidate) into the store as \(final): \(FileIO.reason())")
        }
        if isDirectory { chmod(final, 0o555) }
        try FileIO.sync(prefixDir)
    }

    /// Moves an object aside to `corrupt/` so that it is never read again and
    /// a re-run can store a good copy. Kept rather than deleted: it is
    /// evidence (`gc` removes it).
    public func quarantine(_ hash: ObjectHash) throws {
        try requireWritable("moving a corrupt object aside")
        let final = path(of: hash)
        guard FileIO.lstatOrNil(final) != nil else { return }
        chmod(final, 0o755)
        let aside = corruptPath + "/" + hash.hex + "-" + UUID().uuidString
        guard rename(final, aside) == 0 else {
            throw StoreError.io("cannot move corrupt object \(final) to \(aside): \(FileIO.reason())")
        }
        try FileIO.sync(objectsPath + "/" + hash.hex.prefix(2))
    }
}
