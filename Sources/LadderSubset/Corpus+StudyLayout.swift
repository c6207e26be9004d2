import Foundation
import LadderCore

extension Corpus {
    /// Reads the study's layout: `manifest.csv` with columns `idx, filename,
    /// file_path, license` (optional `repo`, `stars`), each `filename` a file next
    /// to the manifest. `file_path` is the population's sort key; `idx` is read
    /// only to check the row is well formed, never used as an identity.
    public static func loadStudyLayout(manifest: URL) throws -> Corpus {
        let name = manifest.lastPathComponent
        guard let data = FileManager.default.contents(atPath: manifest.path) else {
            throw LadderError.io("\(manifest.path): cannot read the manifest")
        }
        let table = try CSVTable(bytes: [UInt8](data), name: name)
        let idxColumn = try table.column("idx", in: name)
        let filenameColumn = try table.column("filename", in: name)
        let pathColumn = try table.column("file_path", in: name)
        let licenseColumn = try table.column("license", in: name)
        let repoColumn = table.header.firstIndex(of: "repo")
        let starsColumn = table.header.firstIndex(of: "stars")
        let root = manifest.deletingLastPathComponent()
        var files: [CorpusFile] = []
        files.reserveCapacity(table.records.count)
        for record in table.records {
            let here = "\(name):\(record.line)"
            let cells = record.fields.map { $0.trimmingSpaces() }
            guard Int(cells[idxColumn]) != nil else {
                throw LadderError.badInput("\(here): idx \"\(cells[idxColumn])\" is not an integer")
            }
            let filename = cells[filenameColumn]
            guard !filename.isEmpty, !filename.hasPrefix("/"), !filename.split(separator: "/").contains("..") else {
                throw LadderError.badInput("\(here): filename \"\(filename)\" must be a relative path inside \(root.path)")
            }
            let path = cells[pathColumn]
            guard !path.isEmpty else {
                throw LadderError.badInput("\(here): empty file_path (every row needs the file's source path)")
            }
            var stars: Int?
            if let starsColumn, !cells[starsColumn].isEmpty {
                guard let value = Int(cells[starsColumn]) else {
                    throw LadderError.badInput("\(here): stars \"\(cells[starsColumn])\" is not an integer")
                }
                stars = value
            }
            let fileURL = root.appendingPathComponent(filename)
            guard let content = FileManager.default.contents(atPath: fileURL.path) else {
                throw LadderError.badInput("\(here): file \"\(filename)\" not found next to the manifest in \(root.path)")
            }
            let license = cells[licenseColumn]
            let repo = repoColumn.map { cells[$0] }.flatMap { $0.isEmpty ? nil : $0 }
            files.append(CorpusFile(
                path: path, content: [UInt8](content), licenses: license.isEmpty ? [] : [license],
                repo: repo, stars: stars, origin: here))
        }
        return Corpus(format: .studyLayout, files: files)
    }
}
