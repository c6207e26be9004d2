import Foundation
import LadderCore
import LadderReport
import LadderRun
import LadderStore

/// Writes the HTML report at the end of a run whose analysis step executed
/// (a run that reused it has nothing new to report, and `ladder report RUN`
/// writes one on demand): `STORE/reports/RUN-NAME.html`, replaced atomically.
enum ReportWriter {
    /// The study's reading order: the strict extractor, then the refined one.
    static let scorerOrder = ["strict-v1", "refined-v1"]

    /// The path written, or nil when no analysis executed in this run.
    static func write(for summary: RunSummary, store path: String) throws -> String? {
        guard summary.results?.executed == true else { return nil }
        let store = try StoreOpener.shared(path)
        defer { store.close() }
        let snapshot = try SnapshotLoader(store: store).load(String(summary.runID))
        let page = try HTMLReport.render(snapshot, options: .init(scorerOrder: scorerOrder))
        let out = (path as NSString).appendingPathComponent("reports/\(summary.runName).html")
        try FileManager.default.createDirectory(atPath: (out as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try AtomicFile.write(page, to: URL(fileURLWithPath: out))
        return out
    }
}
