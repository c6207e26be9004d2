import Foundation

/// The exclusive lock that keeps two writers (two `ladder run`, or a run and
/// a `gc`) off one store: `flock(2)` on `<store>/lock`.
///
/// flock is released by the kernel when the holder's descriptor closes,
/// including when the holder is killed, so a lock left by a crashed process
/// never blocks anyone and nobody deletes lock files by hand. The file's
/// content (pid, host, start time, command) is only for the message a
/// waiting process prints; it is never trusted as the lock itself. The
/// descriptor is opened close-on-exec so engine processes do not inherit
/// the lock and keep it alive after the runner exits.
public final class StoreLock: @unchecked Sendable {
    /// The lock file.
    public let url: URL
    private var fd: Int32
    private let guardLock = NSLock()

    private init(url: URL, fd: Int32) {
        self.url = url
        self.fd = fd
    }

    deinit { release() }

    /// Takes the lock, polling for up to `wait` seconds (0: refuse at once).
    /// Throws `StoreError.locked` naming the holder when it stays taken.
    /// `command` is recorded for the message other processes will see.
    public static func acquire(at url: URL, wait: TimeInterval, command: String = CommandLine.arguments.joined(separator: " ")) throws -> StoreLock {
        try FileIO.makeDirectory(url.deletingLastPathComponent().path)
        let fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StoreError.io("cannot open the store lock \(url.path): \(FileIO.reason())") }
        let deadline = Date().addingTimeInterval(max(0, wait))
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                let why = FileIO.reason()
                close(fd)
                throw StoreError.io("cannot lock \(url.path): \(why)")
            }
            if Date() >= deadline {
                let holder = describeHolder(fd: fd)
                close(fd)
                throw StoreError.locked(path: url.path, holder: holder)
            }
            usleep(50_000)
        }
        let info = "pid \(getpid())\nhost \(ProcessInfo.processInfo.hostName)\nsince \(ISO8601DateFormatter().string(from: Date()))\ncommand \(command)\n"
        ftruncate(fd, 0)
        _ = info.withCString { pwrite(fd, $0, strlen($0), 0) }
        return StoreLock(url: url, fd: fd)
    }

    /// Releases the lock (also done on deinit and by the kernel at exit).
    public func release() {
        guardLock.lock(); defer { guardLock.unlock() }
        guard fd >= 0 else { return }
        // Blank the holder description first so a stale one is never shown.
        ftruncate(fd, 0)
        flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }

    /// True until `release()`.
    public var isHeld: Bool {
        guardLock.lock(); defer { guardLock.unlock() }
        return fd >= 0
    }

    /// "pid N (host H, since T, command C)" from the lock file, as far as it is readable.
    static func describeHolder(fd: Int32) -> String {
        var buf = [UInt8](repeating: 0, count: 4096)
        let n = pread(fd, &buf, buf.count, 0)
        guard n > 0 else { return "another process (it has not written its pid yet)" }
        var fields: [String: String] = [:]
        for line in String(decoding: buf[0..<n], as: UTF8.self).split(separator: "\n") {
            guard let space = line.firstIndex(of: " ") else { continue }
            fields[String(line[..<space])] = String(line[line.index(after: space)...])
        }
        guard let pid = fields["pid"] else { return "another process" }
        var extra: [String] = []
        if let host = fields["host"] { extra.append("host \(host)") }
        if let since = fields["since"] { extra.append("since \(since)") }
        if let command = fields["command"] { extra.append("running `\(command)`") }
        return "pid \(pid)" + (extra.isEmpty ? "" : " (\(extra.joined(separator: ", ")))")
    }
}
