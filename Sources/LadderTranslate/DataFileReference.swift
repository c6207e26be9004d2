import Foundation
import LadderCore

/// Where a versioned data file (a prompt template, a glossary) comes from:
/// `builtin:NAME` for one shipped with this module, else a path relative to
/// the ladder's directory. Its bytes' SHA-256 enters the step key.
struct DataFileReference: Sendable {
    let spelling: String
    let url: URL
    let isBuiltin: Bool
    /// A built-in file's bytes (compiled into the binary); nil for a file on disk.
    private let builtinData: Data?

    init(_ spelling: String, ladderDirectory: String?, builtinFolder: String, what: String) throws {
        self.spelling = spelling
        if spelling.hasPrefix("builtin:") {
            let name = String(spelling.dropFirst("builtin:".count))
            // Only `Prompts/` ships files (compiled in); other folders have no built-ins.
            let shipped = builtinFolder == "Prompts" ? EmbeddedPrompts.names : []
            guard !name.isEmpty, shipped.contains(name + ".json"), let data = EmbeddedPrompts.data(name + ".json") else {
                let known = shipped.filter { $0.hasSuffix(".json") }.map { "builtin:" + String($0.dropLast(5)) }
                throw LadderError.badInput("translate: no built-in \(what) '\(spelling)'; built-in: \(known.joined(separator: ", "))")
            }
            self.url = URL(fileURLWithPath: builtinFolder + "/" + name + ".json")
            builtinData = data
            isBuiltin = true
        } else {
            let path = spelling.hasPrefix("/") ? spelling : ((ladderDirectory ?? FileManager.default.currentDirectoryPath) as NSString)
                .appendingPathComponent(spelling)
            url = URL(fileURLWithPath: path)
            builtinData = nil
            isBuiltin = false
        }
    }

    func read(what: String) throws -> Data {
        if let builtinData { return builtinData }
        guard let d = FileManager.default.contents(atPath: url.path) else {
            throw LadderError.badInput("translate: the \(what) \(spelling) does not exist (looked at \(url.path))")
        }
        return d
    }
}
