import Foundation

/// Finds programs the way `/usr/bin/env` does, and tells file-like arguments from words.
enum ProgramLookup {
    static func find(_ name: String, path: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
        for dir in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static let scriptExtensions = ["py", "sh", "R", "r", "jl", "pl", "rb", "js", "lua"]

    /// An argument that names a file: it has a `/`, or ends in a script extension.
    static func looksLikeFile(_ arg: String) -> Bool {
        if arg.hasPrefix("-") { return false }
        if arg.contains("/") { return true }
        guard let dot = arg.lastIndex(of: ".") else { return false }
        return scriptExtensions.contains(String(arg[arg.index(after: dot)...]))
    }
}
