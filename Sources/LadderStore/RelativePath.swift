import Foundation

/// Validation of relative paths that callers hand to the store (view
/// entries, subpaths inside an object, output names).
///
/// Such paths come from rendered plan templates, so they are checked as
/// strings before any file-system call: a path that is absolute, empty, has
/// an empty, `.` or `..` component, or a NUL byte, could land outside the
/// directory it is meant for.
public enum RelativePath {
    /// The components of `path`, or `StoreError.badPath` saying what is wrong.
    public static func components(_ path: String) throws -> [String] {
        guard !path.isEmpty else { throw StoreError.badPath(path: path, reason: "it is empty") }
        guard !path.hasPrefix("/") else { throw StoreError.badPath(path: path, reason: "it is absolute; give it relative to the view or object") }
        guard !path.utf8.contains(0) else { throw StoreError.badPath(path: path, reason: "it contains a NUL byte") }
        var parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        // One trailing slash is a common way to write a directory; allow it.
        if parts.count > 1, parts.last == "" { parts.removeLast() }
        for part in parts {
            switch part {
            case "": throw StoreError.badPath(path: path, reason: "it has an empty component ('//')")
            case ".": throw StoreError.badPath(path: path, reason: "it has a '.' component")
            case "..": throw StoreError.badPath(path: path, reason: "it has a '..' component, which could leave the directory")
            default: continue
            }
        }
        return parts
    }

    /// `path` with a trailing slash removed, after validation.
    public static func normalized(_ path: String) throws -> String {
        try components(path).joined(separator: "/")
    }
}
