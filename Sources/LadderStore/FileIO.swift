import Foundation
import LadderCore

/// Thin POSIX helpers. The store walks trees with `opendir`/`lstat` rather
/// than `FileManager` because it must see symlinks as symlinks, read names as
/// bytes, and fsync what it writes.
enum FileIO {
    static func reason() -> String { String(cString: strerror(errno)) }

    /// `lstat`, or nil when nothing is there.
    static func lstatOrNil(_ path: String) -> stat? {
        var st = stat()
        return lstat(path, &st) == 0 ? st : nil
    }

    static func kind(_ st: stat) -> TreeEncoding.Kind? {
        switch st.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .dir
        case S_IFLNK: return .symlink
        default: return nil
        }
    }

    /// Names in a directory, excluding `.` and `..`, as raw bytes.
    static func names(in dir: String) throws -> [[UInt8]] {
        guard let d = opendir(dir) else { throw StoreError.io("cannot list \(dir): \(reason())") }
        defer { closedir(d) }
        return names(in: d)
    }

    /// Names in an open directory stream, excluding `.` and `..`, as raw bytes.
    static func names(in d: OpaquePointer) -> [[UInt8]] {
        var out: [[UInt8]] = []
        while let ent = readdir(d) {
            let bytes: [UInt8] = withUnsafePointer(to: &ent.pointee.d_name) { p in
                p.withMemoryRebound(to: UInt8.self, capacity: 256) { c in
                    var n = 0
                    while n < 256 && c[n] != 0 { n += 1 }
                    return Array(UnsafeBufferPointer(start: c, count: n))
                }
            }
            if bytes == [0x2e] || bytes == [0x2e, 0x2e] { continue }
            out.append(bytes)
        }
        return out
    }

    /// The symlink's target string.
    static func readLink(_ path: String) throws -> String {
        var buf = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink(path, &buf, buf.count - 1)
        guard n >= 0 else { throw StoreError.io("cannot read symlink \(path): \(reason())") }
        return String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// fsync a file or directory by path; failures are reported because a
    /// store that cannot make writes durable must not claim they are.
    static func sync(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError.io("cannot open \(path) to sync it: \(reason())") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw StoreError.io("cannot sync \(path): \(reason())") }
    }

    static func makeDirectory(_ path: String, mode: mode_t = 0o755) throws {
        if mkdir(path, mode) != 0 && errno != EEXIST {
            throw StoreError.io("cannot create directory \(path): \(reason())")
        }
    }

    /// Removes a file or tree, first making read-only directories of the
    /// store writable again so that unlinking their entries is permitted.
    /// Works on directory descriptors so that names which are not UTF-8
    /// (left in tmp/ by an engine) are removed too.
    static func removeTree(_ path: String) throws {
        guard let st = lstatOrNil(path) else { return }
        guard st.st_mode & S_IFMT == S_IFDIR else {
            guard unlink(path) == 0 || errno == ENOENT else { throw StoreError.io("cannot remove \(path): \(reason())") }
            return
        }
        chmod(path, 0o755)
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError.io("cannot open \(path) to remove it: \(reason())") }
        defer { close(fd) }
        try removeContents(of: fd, display: path)
        guard rmdir(path) == 0 || errno == ENOENT else { throw StoreError.io("cannot remove \(path): \(reason())") }
    }

    private static func removeContents(of fd: Int32, display: String) throws {
        let copy = dup(fd)
        guard copy >= 0, let d = fdopendir(copy) else { throw StoreError.io("cannot list \(display): \(reason())") }
        var names: [[CChar]] = []
        while let ent = readdir(d) {
            let name: [CChar] = withUnsafePointer(to: &ent.pointee.d_name) { p in
                p.withMemoryRebound(to: CChar.self, capacity: 256) { c in
                    var n = 0
                    while n < 256 && c[n] != 0 { n += 1 }
                    return Array(UnsafeBufferPointer(start: c, count: n)) + [0]
                }
            }
            if name == [0x2e, 0] || name == [0x2e, 0x2e, 0] { continue }
            names.append(name)
        }
        closedir(d)
        for name in names {
            var st = stat()
            guard fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
            if st.st_mode & S_IFMT == S_IFDIR {
                fchmodat(fd, name, 0o755, 0)
                let child = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                guard child >= 0 else { throw StoreError.io("cannot open a directory under \(display): \(reason())") }
                defer { close(child) }
                try removeContents(of: child, display: display)
                guard unlinkat(fd, name, AT_REMOVEDIR) == 0 else { throw StoreError.io("cannot remove a directory under \(display): \(reason())") }
            } else {
                guard unlinkat(fd, name, 0) == 0 || errno == ENOENT else { throw StoreError.io("cannot remove a file under \(display): \(reason())") }
            }
        }
    }

    /// Total bytes of regular files under `path` (the file itself if it is one).
    static func byteCount(_ path: String) -> Int64 {
        guard let st = lstatOrNil(path) else { return 0 }
        guard st.st_mode & S_IFMT == S_IFDIR else { return Int64(st.st_size) }
        var total: Int64 = 0
        for name in (try? names(in: path)) ?? [] {
            total += byteCount(path + "/" + String(decoding: name, as: UTF8.self))
        }
        return total
    }
}
