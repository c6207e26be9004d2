import Foundation

/// What `Store.gc` deleted (or, in a dry run, would delete).
public struct GCReport: Sendable, Equatable {
    /// True when nothing was deleted.
    public var dryRun: Bool
    /// Objects kept because something references them.
    public var liveObjects = 0
    /// Objects deleted (or to delete), sorted.
    public var deleted: [ObjectHash] = []
    /// Bytes of regular files in them.
    public var deletedBytes: Int64 = 0
    /// Quarantined entries in `corrupt/` and stray paths in `objects/` removed.
    public var junkRemoved = 0
    /// Bytes of those.
    public var junkBytes: Int64 = 0

    public init(dryRun: Bool) {
        self.dryRun = dryRun
    }
}

extension Store {
    /// Deletes every object nothing references any more.
    ///
    /// Live are: `roots` (what the caller's current plan needs), every object
    /// the database references for the runs in `keepRuns` (all runs when
    /// nil) — step outputs, attempt logs, ledger item outputs — and every
    /// object a current view links to. Also removes quarantined objects and
    /// strays. Needs exclusive access unless `dryRun`: a concurrent run could
    /// otherwise store an object and lose it before recording it.
    public func gc(roots: Set<ObjectHash>, keepRuns: Set<Int64>? = nil, dryRun: Bool = false) throws -> GCReport {
        if !dryRun { try requireExclusive("garbage collection") }
        var live = roots
        for ref in try database.references(keepRuns: keepRuns) {
            if let h = try? ObjectHash(ref.hashText) { live.insert(h) }
        }
        live.formUnion(try viewReferences())
        var report = GCReport(dryRun: dryRun)
        let scan = try objects.scan()
        for hash in scan.objects {
            if live.contains(hash) {
                report.liveObjects += 1
                continue
            }
            report.deleted.append(hash)
            report.deletedBytes += objects.size(of: hash)
            if !dryRun { try objects.delete(hash) }
        }
        for junk in scan.strays + objects.quarantined() {
            let path = root.path + "/" + junk
            report.junkRemoved += 1
            report.junkBytes += FileIO.byteCount(path)
            if !dryRun { try FileIO.removeTree(path) }
        }
        if !dryRun { try database.forgetStamps(report.deleted) }
        return report
    }
}
