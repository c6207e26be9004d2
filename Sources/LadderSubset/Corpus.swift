import Foundation
import LadderCore

/// The files a subset is drawn from, read from one of the supported layouts.
///
/// Readers keep the source's order; the subsetter sorts by path itself, so the
/// order files arrive in never changes a selection.
public struct Corpus: Sendable {
    /// The layout a corpus was read from.
    public enum Format: String, Sendable, Codable {
        /// A directory tree of `.py` files.
        case directory
        /// A JSON Lines file, one object per source file.
        case jsonl
        /// The study's layout: files plus a `manifest.csv` (`idx, filename, file_path, license`).
        case studyLayout = "study-layout"
    }

    /// The layout the files came from.
    public var format: Format
    /// The files, in the order the source lists them.
    public var files: [CorpusFile]

    public init(format: Format, files: [CorpusFile]) {
        self.format = format
        self.files = files
    }

    /// Reads a corpus, choosing the reader from what `url` is: a `.jsonl` file, a
    /// directory holding `manifest.csv` (the study's layout), or any other directory
    /// (every `.py` file below it).
    public static func load(from url: URL) throws -> Corpus {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw LadderError.badInput("\(url.path): corpus not found (give a .jsonl file or a directory)")
        }
        if isDirectory.boolValue {
            let manifest = url.appendingPathComponent("manifest.csv")
            if FileManager.default.fileExists(atPath: manifest.path) {
                return try loadStudyLayout(manifest: manifest)
            }
            return try loadDirectory(url)
        }
        let ext = url.pathExtension.lowercased()
        guard ext == "jsonl" || ext == "ndjson" else {
            throw LadderError.badInput("\(url.path): unsupported corpus file (expected .jsonl, a directory of .py files, or a directory with manifest.csv; convert Parquet to JSONL first)")
        }
        return try loadJSONL(url)
    }

    /// Reads every regular `.py` file below `root` (hidden files and folders skipped).
    /// Paths are relative to `root`, with `/` separators.
    public static func loadDirectory(_ root: URL) throws -> Corpus {
        let base = root.standardizedFileURL.resolvingSymlinksInPath()
        guard let walker = FileManager.default.enumerator(
            at: base, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles]
        ) else {
            throw LadderError.io("\(root.path): cannot list the corpus directory")
        }
        var relativePaths: [String] = []
        let prefix = base.path.hasSuffix("/") ? base.path : base.path + "/"
        for case let url as URL in walker where url.pathExtension == "py" {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let full = url.resolvingSymlinksInPath().path
            guard full.hasPrefix(prefix) else { continue }
            relativePaths.append(String(full.dropFirst(prefix.count)))
        }
        relativePaths.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var files: [CorpusFile] = []
        files.reserveCapacity(relativePaths.count)
        for relative in relativePaths {
            let url = base.appendingPathComponent(relative)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw LadderError.io("\(url.path): cannot read corpus file")
            }
            files.append(CorpusFile(path: relative, content: [UInt8](data)))
        }
        return Corpus(format: .directory, files: files)
    }
}
