import Foundation

/// Engines whose runner was killed (kill -9) keep running and may still write
/// into their work directory. The runner leaves a marker naming each engine's
/// process group and its start time; the next exclusive open kills the groups
/// that are still alive (the start time guards against a reused pid) before
/// emptying `tmp/`.
public enum OrphanedEngines {
    /// File in an attempt's work directory: `<pgid> <start time in clock ticks>`.
    public static let markerName = "engine.pgid"

    /// Writes the marker for a just-started engine process (its own group leader).
    public static func mark(workDirectory: URL, pid: Int32) {
        guard let start = startTime(pid) else { return }
        try? "\(pid) \(start)\n".write(to: workDirectory.appendingPathComponent(markerName), atomically: true, encoding: .utf8)
    }

    /// Kills the process group a marker names if that process is still the one that was marked.
    /// Returns true when something was killed.
    @discardableResult
    public static func reap(workDirectory: String) -> Bool {
        guard let text = try? String(contentsOfFile: workDirectory + "/" + markerName, encoding: .utf8) else { return false }
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard parts.count == 2, let pid = Int32(parts[0]), pid > 1, let start = UInt64(parts[1]), startTime(pid) == start else { return false }
        kill(-pid, SIGKILL)
        kill(pid, SIGKILL)
        for _ in 0..<250 {
            if kill(-pid, 0) != 0 && errno == ESRCH { break }
            usleep(20_000)
        }
        return true
    }

    /// Field 22 of `/proc/<pid>/stat`: when the process started, in clock ticks since boot.
    static func startTime(_ pid: Int32) -> UInt64? {
        #if os(Linux)
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // fields[0] is the state (field 3); the start time is field 22.
        return fields.count > 19 ? UInt64(fields[19]) : nil
        #else
        return nil
        #endif
    }
}
