import Foundation

extension Store {
    /// The root of the store whose `objects/` holds `path` (symbolic links followed, so a path
    /// through `views/` counts), or nil. Stored objects are read-only: commands that write next
    /// to a file they are given use this to refuse, instead of changing a stored output.
    public static func root(containing path: URL) -> URL? {
        // A path not made yet (an output directory to create) is judged by its nearest existing
        // ancestor, whose links can be followed.
        var probe = path.standardizedFileURL
        while probe.path != "/" && !probe.path.isEmpty && !FileManager.default.fileExists(atPath: probe.path) {
            probe = probe.deletingLastPathComponent()
        }
        var dir = probe.resolvingSymlinksInPath()
        while dir.path != "/" && !dir.path.isEmpty {
            let parent = dir.deletingLastPathComponent()
            if dir.lastPathComponent == "objects",
               FileManager.default.fileExists(atPath: parent.appendingPathComponent("state.sqlite").path) {
                return parent
            }
            dir = parent
        }
        return nil
    }
}
