import Foundation
import LadderCore

/// The dataset layout shared by data engines: `files/<sha256>.py` plus
/// `manifest.jsonl`, one JSON object per item with at least `file_path`
/// (the item's identity across languages), `sha256`, `filename` and `split`.
/// Rows keep every other field they carry.
public struct DatasetDirectory {
    public var url: URL
    public var rows: [[String: Value]]

    public init(url: URL, rows: [[String: Value]]) {
        self.url = url
        self.rows = rows
    }

    /// Reads a dataset directory; a row without `file_path` or `filename` is an error naming its line.
    public static func read(_ url: URL) throws -> DatasetDirectory {
        let manifest = url.appendingPathComponent("manifest.jsonl")
        guard let data = FileManager.default.contents(atPath: manifest.path) else {
            throw LadderError.badInput("\(url.path): not a dataset directory (no manifest.jsonl); feed this step from subset, transpile or translate")
        }
        var rows: [[String: Value]] = []
        for (i, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() where !line.isEmpty {
            guard case .object(let o)? = try? Value.parseJSON(Data(line)),
                  o["file_path"]?.stringValue != nil, o["filename"]?.stringValue != nil else {
                throw LadderError.badInput("\(manifest.path):\(i + 1): a manifest row needs `file_path` and `filename`")
            }
            rows.append(o)
        }
        return DatasetDirectory(url: url, rows: rows)
    }

    /// The bytes of one row's file.
    public func content(of row: [String: Value]) throws -> [UInt8] {
        let rel = row["filename"]?.stringValue ?? ""
        guard !rel.hasPrefix("/"), !rel.split(separator: "/").contains("..") else {
            throw LadderError.badInput("manifest row \(row["file_path"]?.text ?? "?") names a file outside the dataset: \(rel)")
        }
        guard let d = FileManager.default.contents(atPath: url.appendingPathComponent(rel).path) else {
            throw LadderError.badInput("\(url.path): manifest names \(rel), which is missing")
        }
        return [UInt8](d)
    }

    /// Writes `files/<sha256>.py` for `bytes` under `directory` and returns the row's new `filename` and hash.
    public static func writeFile(_ bytes: [UInt8], into directory: URL) throws -> (filename: String, sha256: String) {
        let sha = SHA256.hex(Data(bytes))
        let rel = "files/\(sha).py"
        let dir = directory.appendingPathComponent("files")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(rel)
        if !FileManager.default.fileExists(atPath: url.path) {
            guard FileManager.default.createFile(atPath: url.path, contents: Data(bytes)) else {
                throw LadderError.io("\(url.path): cannot write")
            }
        }
        return (rel, sha)
    }

    /// Writes the manifest as sorted-key JSON lines.
    public static func writeManifest(_ rows: [[String: Value]], into directory: URL, name: String = "manifest.jsonl") throws {
        try JSONWriter.writeLines(rows.map(Value.object), to: directory.appendingPathComponent(name))
    }
}
