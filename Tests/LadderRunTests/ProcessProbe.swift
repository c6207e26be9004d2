import Foundation

/// Looks at processes from outside: whether one still runs, and which ones
/// an interrupted run left behind (engines are named by their request path).
enum ProcessProbe {
    /// A zombie counts as gone: it has exited and only waits to be reaped.
    static func isRunning(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        #if os(Linux)
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return !stat[close...].hasPrefix(") Z")
        #else
        return true
        #endif
    }

    /// Polls for up to `seconds`; true once the process is gone.
    static func waitUntilGone(_ pid: Int32, seconds: Double = 10) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if !isRunning(pid) { return true }
            usleep(20_000)
        }
        return !isRunning(pid)
    }

    /// Polls for up to `seconds`; true once `condition` holds (an engine's group is registered
    /// just after it starts, so its first output can come before the registration).
    static func eventually(seconds: Double = 5, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(10_000)
        }
        return condition()
    }

    /// Live processes whose command line mentions `text` (Linux; elsewhere none are found).
    static func processes(mentioning text: String) -> [Int32] {
        #if os(Linux)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        return names.compactMap(Int32.init).filter { pid in
            guard pid != getpid(), let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            return String(decoding: data, as: UTF8.self).contains(text) && isRunning(pid)
        }
        #else
        return []
        #endif
    }

    /// Waits (up to `seconds`) until no live process mentions `text`; the ones left.
    static func waitForNone(mentioning text: String, seconds: Double = 10) -> [Int32] {
        let deadline = Date().addingTimeInterval(seconds)
        var left = processes(mentioning: text)
        while !left.isEmpty && Date() < deadline {
            usleep(20_000)
            left = processes(mentioning: text)
        }
        return left
    }
}
