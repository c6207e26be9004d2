import Foundation
import LadderCore

/// Where a versioned data file (a prompt template, a glossary) comes from:
/// `builtin:NAME` for one shipped with this module, else a path relative to
/// the ladder's directory. Its bytes' SHA-256 enters the step key.
struct DataFileReference: Sendable {
    let spelling: String
    let url: URL
    let isBuiltin: Bool

    init(_ spelling: String, ladderDirectory: String?, builtinFolder: String, what: String) throws {
        self.spelling = spelling
        if spelling.hasPrefix("builtin:") {
            let name = String(spelling.dropFirst("builtin:".count))
            guard !name.isEmpty, !name.contains("/"),
                  let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: builtinFolder) else {
                let folder = Bundle.module.resourceURL?.appendingPathComponent(builtinFolder).path ?? ""
                let known = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
                    .filter { $0.hasSuffix(".json") }.map { "builtin:" + String($0.dropLast(5)) }.sorted()
                throw LadderError.badInput("translate: no built-in \(what) '\(spelling)'; built-in: \(known.joined(separator: ", "))")
            }
            self.url = url
            isBuiltin = true
        } else {
            let path = spelling.hasPrefix("/") ? spelling : ((ladderDirectory ?? FileManager.default.currentDirectoryPath) as NSString)
                .appendingPathComponent(spelling)
            url = URL(fileURLWithPath: path)
            isBuiltin = false
        }
    }

    func read(what: String) throws -> Data {
        guard let d = FileManager.default.contents(atPath: url.path) else {
            throw LadderError.badInput("translate: the \(what) \(spelling) does not exist (looked at \(url.path))")
        }
        return d
    }
}
