import Foundation
import LadderCore

/// The outcome of a subset run: the selected files, what was dropped and why,
/// and the report.
public struct SubsetResult: Sendable {
    /// Selected files in path order, each carrying its split and idx.
    public var items: [SubsetItem]
    /// Files the filters dropped, stage by stage, in canonical order within a stage.
    public var dropped: [DroppedFile]
    /// Counts and provenance.
    public var report: SubsetReport

    public init(items: [SubsetItem], dropped: [DroppedFile], report: SubsetReport) {
        self.items = items
        self.dropped = dropped
        self.report = report
    }

    /// Items of one split, in idx order.
    public func items(in split: SubsetItem.Split) -> [SubsetItem] {
        items.filter { $0.split == split }.sorted { $0.idx < $1.idx }
    }

    /// Writes the subset into `directory` (created if needed):
    /// `files/<sha256>.py` per selected file, `manifest.jsonl` (one row per item,
    /// train then validation, each in idx order), `dropped.jsonl`, and last
    /// `subset.json` (the report). The output is byte-identical for identical
    /// inputs; `subset.json` appearing marks a complete directory.
    public func write(to directory: URL) throws {
        let fm = FileManager.default
        let filesDir = directory.appendingPathComponent("files")
        do {
            try fm.createDirectory(at: filesDir, withIntermediateDirectories: true)
        } catch {
            throw LadderError.io("\(filesDir.path): cannot create the output folder (\(error.localizedDescription))")
        }
        for item in items {
            let url = directory.appendingPathComponent(item.filename)
            guard fm.createFile(atPath: url.path, contents: Data(item.content)) else {
                throw LadderError.io("\(url.path): cannot write a selected file")
            }
        }
        AtomicFile.syncDirectory(filesDir)
        let rows = items(in: .train) + items(in: .validation)
        try AtomicFile.write(try Self.jsonLines(rows), to: directory.appendingPathComponent("manifest.jsonl"))
        try AtomicFile.write(try Self.jsonLines(dropped), to: directory.appendingPathComponent("dropped.jsonl"))
        try AtomicFile.write(try reportJSON(), to: directory.appendingPathComponent("subset.json"))
    }

    /// The report as pretty, key-sorted JSON (the content of `subset.json`).
    public func reportJSON() throws -> Data {
        try JSONWriter.data(report)
    }

    static func jsonLines<T: Encodable>(_ rows: [T]) throws -> Data {
        try JSONWriter.lines(rows)
    }
}
