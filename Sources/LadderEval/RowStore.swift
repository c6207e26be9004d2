import Foundation
import LadderCore

/// The raw rows of an evaluation as they are produced: `rows.jsonl` in the
/// step's state directory, one JSON line per row (`cell`, `example_id`, …),
/// appended and flushed per batch. It outlives a killed attempt; the next one
/// reads it back and answers only what is missing. A last line cut short by a
/// kill is dropped (and cut off the file before anything is appended).
public final class RowStore {
    public let url: URL

    public init(url: URL) { self.url = url }

    /// The rows kept so far, in file order; a torn last line is removed from the file.
    public func load() throws -> [EvalRow] {
        guard let data = FileManager.default.contents(atPath: url.path), !data.isEmpty else { return [] }
        var complete = data
        if data.last != UInt8(ascii: "\n") {
            let cut = data.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? data.startIndex
            complete = data.prefix(upTo: cut)
            try truncate(to: UInt64(cut - data.startIndex))
        }
        var rows: [EvalRow] = []
        let decoder = JSONDecoder()
        for (i, line) in complete.split(separator: UInt8(ascii: "\n")).enumerated() where !line.isEmpty {
            do { rows.append(try decoder.decode(EvalRow.self, from: Data(line))) } catch {
                throw LadderError.io("\(url.path):\(i + 1): not a row of an evaluation (\(error.localizedDescription)); delete the file to start the step afresh")
            }
        }
        return rows
    }

    /// Appends `rows` and flushes them to disk.
    public func append(_ rows: [EvalRow]) throws {
        guard !rows.isEmpty else { return }
        let bytes = try JSONWriter.lines(rows)
        if !FileManager.default.fileExists(atPath: url.path) {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else { throw LadderError.io("cannot create \(url.path)") }
        }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: bytes)
        try handle.synchronize()
    }

    private func truncate(to length: UInt64) throws {
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.truncate(atOffset: length)
        try handle.synchronize()
    }
}
