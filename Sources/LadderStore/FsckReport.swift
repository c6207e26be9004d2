import Foundation

/// What `Store.fsck()` found. `isClean` is what `ladder fsck` turns into its
/// exit status; the lists say exactly what and where.
public struct FsckReport: Sendable, Equatable {
    /// Objects re-hashed in full.
    public var objectsChecked = 0
    /// Objects whose content no longer matched their name (moved to
    /// `corrupt/` when the store was opened exclusively).
    public var corrupt: [ObjectHash] = []
    /// Paths under `objects/` that are not objects.
    public var strays: [String] = []
    /// Database references to objects that are not in the store.
    public var missingReferences: [ObjectReference] = []
    /// Database references to objects found corrupt.
    public var corruptReferences: [ObjectReference] = []
    /// Database references whose hash is not even well-formed.
    public var malformedReferences: [ObjectReference] = []
    /// Problems SQLite's own integrity and foreign-key checks report.
    public var databaseProblems: [String] = []
    /// Entries of `corrupt/` (earlier quarantines; informational, `gc` removes them).
    public var quarantined: [String] = []

    public init() {}

    /// True when nothing needs attention.
    public var isClean: Bool {
        corrupt.isEmpty && strays.isEmpty && missingReferences.isEmpty && corruptReferences.isEmpty
            && malformedReferences.isEmpty && databaseProblems.isEmpty
    }
}

extension Store {
    /// Verifies every object in full and every database reference to one.
    /// With exclusive access corrupt objects are moved aside, so the steps
    /// that made them will run again; with shared access it only reports.
    public func fsck() throws -> FsckReport {
        var report = FsckReport()
        report.databaseProblems = try database.integrityProblems()
        let scan = try objects.scan()
        report.strays = scan.strays
        let results = try objects.check(scan.objects, policy: .full)
        report.objectsChecked = scan.objects.count
        report.corrupt = scan.objects.filter { if case .corrupt = results[$0] { return true }; return false }
        let corruptSet = Set(report.corrupt)
        for ref in try database.references() {
            guard let hash = try? ObjectHash(ref.hashText) else {
                report.malformedReferences.append(ref)
                continue
            }
            if corruptSet.contains(hash) {
                report.corruptReferences.append(ref)
            } else if results[hash] == nil {
                report.missingReferences.append(ref)
            }
        }
        report.quarantined = objects.quarantined()
        return report
    }
}
