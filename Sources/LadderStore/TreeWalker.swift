import Foundation
import LadderCore

/// One pass over a file or directory tree: validates every entry, hashes it
/// with `TreeEncoding`, and depending on the mode copies it into a staging
/// path or seals it in place (read-only modes, fsync) ready to be renamed
/// into `objects/`.
///
/// Hashing while copying means the name is computed from exactly the bytes
/// that land in the store, even if the source changes underneath.
final class TreeWalker {
    enum Mode {
        /// Read only; used to name trees outside the store and to verify objects.
        case hashOnly
        /// fsync and make read-only where it lies (its parent will be renamed).
        case sealInPlace
        /// Copy into this path (which must not exist), fsync and make read-only.
        case copy(to: String)
    }

    struct Result {
        var hash: ObjectHash
        var kind: TreeEncoding.Kind
        var files: Int
        var bytes: Int64
    }

    private enum Node { case file, dir, symlink(String) }

    private let mode: Mode
    private let buffer: UnsafeMutableRawBufferPointer
    private var nodes: [String: Node] = [:]
    private var links: [(dir: [String], rel: String, target: String)] = []
    private var files = 0
    private var bytes: Int64 = 0

    private init(mode: Mode) {
        self.mode = mode
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
    }

    deinit { buffer.deallocate() }

    /// The symlinks met during the walk, for `checkSymlinks`.
    var symlinkList: [(dir: [String], rel: String, target: String)] { links }

    /// The target of the symlink at a tree-relative path, if there is one.
    func symlinkTarget(at rel: String) -> String? {
        if case .symlink(let t)? = nodes[rel] { return t }
        return nil
    }

    /// Walks `root` and returns its hash and size. Throws `StoreError.unsafeEntry`
    /// for anything the store refuses, before anything is renamed into place.
    static func walk(_ root: String, mode: Mode) throws -> Result {
        let walker = TreeWalker(mode: mode)
        var destination: String? = nil
        if case .copy(let to) = mode { destination = to }
        let top = try walker.visit(root, destination, rel: [])
        try walker.checkSymlinks()
        return Result(hash: top.hash, kind: top.kind, files: walker.files, bytes: walker.bytes)
    }

    private var seals: Bool {
        if case .hashOnly = mode { return false }
        return true
    }

    private func visit(_ src: String, _ dst: String?, rel: [String]) throws -> (kind: TreeEncoding.Kind, exec: Bool, hash: ObjectHash) {
        let relText = rel.isEmpty ? "." : rel.joined(separator: "/")
        guard let st = FileIO.lstatOrNil(src) else {
            throw StoreError.io("cannot read \(src): \(FileIO.reason())")
        }
        guard let kind = FileIO.kind(st) else {
            throw StoreError.unsafeEntry(path: relText, reason: "it is not a regular file, directory or symlink (a device, socket or pipe)")
        }
        switch kind {
        case .file:
            let exec = st.st_mode & 0o100 != 0
            let hash = try hashFile(src, dst, executable: exec)
            nodes[relText] = .file
            return (.file, exec, hash)
        case .symlink:
            guard !rel.isEmpty else {
                throw StoreError.unsafeEntry(path: relText, reason: "the output itself is a symlink; store what it points to instead")
            }
            let target = try FileIO.readLink(src)
            guard !target.isEmpty else { throw StoreError.unsafeEntry(path: relText, reason: "the symlink has an empty target") }
            guard !target.hasPrefix("/") else {
                throw StoreError.unsafeEntry(path: relText, reason: "the symlink points to the absolute path \(target)")
            }
            nodes[relText] = .symlink(target)
            links.append((Array(rel.dropLast()), relText, target))
            if let dst, symlink(target, dst) != 0 {
                throw StoreError.io("cannot create symlink \(dst): \(FileIO.reason())")
            }
            return (.symlink, false, TreeEncoding.symlinkHash(target: target))
        case .dir:
            if let dst { try FileIO.makeDirectory(dst) }
            nodes[relText] = .dir
            var entries: [TreeEncoding.Entry] = []
            for raw in try FileIO.names(in: src) {
                let name = String(decoding: raw, as: UTF8.self)
                guard Array(name.utf8) == raw else {
                    throw StoreError.unsafeEntry(path: (rel + [name]).joined(separator: "/"), reason: "the name is not valid UTF-8")
                }
                let child = try visit(src + "/" + name, dst.map { $0 + "/" + name }, rel: rel + [name])
                entries.append(TreeEncoding.Entry(name: name, kind: child.kind, executable: child.exec, hash: child.hash))
            }
            if seals {
                let path = dst ?? src
                // The top directory stays writable until it has been renamed:
                // moving a directory needs write access to it (for its `..`).
                if !rel.isEmpty { chmod(path, 0o555) }
                try FileIO.sync(path)
            }
            return (.dir, false, TreeEncoding.hash(entries))
        }
    }

    private func hashFile(_ src: String, _ dst: String?, executable: Bool) throws -> ObjectHash {
        let sealMode: mode_t = executable ? 0o555 : 0o444
        let fd = open(src, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError.io("cannot open \(src): \(FileIO.reason())") }
        defer { close(fd) }
        var out: Int32 = -1
        if let dst {
            out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard out >= 0 else { throw StoreError.io("cannot create \(dst): \(FileIO.reason())") }
        }
        defer { if out >= 0 { close(out) } }
        var h = SHA256()
        while true {
            let n = read(fd, buffer.baseAddress, buffer.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw StoreError.io("cannot read \(src): \(FileIO.reason())")
            }
            if n == 0 { break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<n])
            h.update(chunk)
            bytes += Int64(n)
            if out >= 0 {
                var off = 0
                while off < n {
                    let w = write(out, chunk.baseAddress! + off, n - off)
                    if w < 0 && errno == EINTR { continue }
                    guard w > 0 else { throw StoreError.io("cannot write \(dst ?? ""): \(FileIO.reason())") }
                    off += w
                }
            }
        }
        files += 1
        // fdatasync: the bytes and the size must be durable before the
        // rename. The mode change rides along in the journal commit that the
        // directory fsync after the rename forces (ext4, xfs); on a file
        // system where it does not, a lost exec bit changes the tree hash,
        // so verification reports the object corrupt rather than using it.
        if out >= 0 {
            fchmod(out, sealMode)
            guard fdatasync(out) == 0 else { throw StoreError.io("cannot sync \(dst ?? ""): \(FileIO.reason())") }
        } else if case .sealInPlace = mode {
            fchmod(fd, sealMode)
            guard fdatasync(fd) == 0 else { throw StoreError.io("cannot sync \(src): \(FileIO.reason())") }
        }
        return ObjectHash(trusted: h.finalizeHex())
    }
}
