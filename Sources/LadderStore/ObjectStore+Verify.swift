import Foundation
import LadderCore

extension ObjectStore {
    /// The object's path after proving its content matches its name.
    /// Throws `StoreError.notFound` or `StoreError.corrupt` (and moves a
    /// corrupt object aside when writable). `subpath` points inside a tree.
    public func verifiedPath(of hash: ObjectHash, subpath: String? = nil, policy: VerifyPolicy = .full) throws -> URL {
        switch try check([hash], policy: policy)[hash] ?? .missing {
        case .hit(let url):
            guard let subpath else { return url }
            return url.appendingPathComponent(try RelativePath.normalized(subpath))
        case .missing:
            throw StoreError.notFound(hash)
        case .corrupt(let actual):
            throw StoreError.corrupt(hash, actual: actual)
        }
    }

    /// One object's state; see `check(_:policy:)`.
    public func lookup(_ hash: ObjectHash, policy: VerifyPolicy = .full) throws -> ObjectLookup {
        try check([hash], policy: policy)[hash] ?? .missing
    }

    /// Verifies many objects at once: one stamp query, one stamp write.
    /// Every object is either re-hashed or (with `.trustStamps`) matched
    /// against the metadata recorded at its last full verification. Throws
    /// only for trouble with the stamp cache; object problems are results.
    public func check(_ hashes: [ObjectHash], policy: VerifyPolicy) throws -> [ObjectHash: ObjectLookup] {
        var out: [ObjectHash: ObjectLookup] = [:]
        out.reserveCapacity(hashes.count)
        for (h, state) in try states(hashes, policy: policy) {
            switch state {
            case .intact: out[h] = .hit(unverifiedPath(of: h))
            case .missing: out[h] = .missing
            case .corrupt(let actual): out[h] = .corrupt(actual: actual)
            }
        }
        return out
    }

    /// What `check` found, without building a URL per object (a `URL` of a directory
    /// costs a `stat` and percent-encoding; `Store.reuse` asks about ten thousand).
    enum ObjectState: Equatable {
        case intact, missing, corrupt(actual: String)
    }

    /// `check` without the URLs.
    /// `moveCorrupt: false` leaves a corrupt object (and its stamp) where it is, for a caller
    /// that only asks and lets the step-by-step path find it again.
    func states(_ hashes: [ObjectHash], policy: VerifyPolicy, moveCorrupt: Bool = true) throws -> [ObjectHash: ObjectState] {
        var unique: [ObjectHash] = []
        var seen = Set<ObjectHash>()
        for h in hashes where seen.insert(h).inserted { unique.append(h) }
        let known = policy == .trustStamps ? (try stampCache?.stamps(for: unique) ?? [:]) : [:]
        let startedAt = Date().timeIntervalSince1970
        var results: [ObjectHash: ObjectState] = [:]
        results.reserveCapacity(unique.count)
        var fresh: [ObjectHash: String] = [:]
        var dropped: [ObjectHash] = []
        var tally = VerificationCounts()
        for h in unique {
            let p = path(of: h)
            // The stamp walk fails on a missing object, so a matching stamp needs no lstat first.
            if let recorded = known[h], let now = ObjectStore.stamp(of: p), now.stamp == recorded {
                results[h] = .intact
                tally.hits += 1
                tally.stampHits += 1
                continue
            }
            guard FileIO.lstatOrNil(p) != nil else {
                results[h] = .missing
                tally.misses += 1
                if known[h] != nil { dropped.append(h) }
                continue
            }
            let before = ObjectStore.stamp(of: p)
            let actual: String
            do { actual = try TreeWalker.walk(p, mode: .hashOnly).hash.hex } catch { actual = "unreadable (\(error))" }
            if actual == h.hex {
                results[h] = .intact
                tally.hits += 1
                if let before, before.newestChange < startedAt - racyMargin, ObjectStore.stamp(of: p)?.stamp == before.stamp {
                    fresh[h] = before.stamp
                }
            } else {
                results[h] = .corrupt(actual: actual)
                tally.corrupt += 1
                guard moveCorrupt else { continue }
                dropped.append(h)
                if writable { try quarantine(h) }
            }
        }
        count { c in
            c.hits += tally.hits; c.stampHits += tally.stampHits
            c.misses += tally.misses; c.corrupt += tally.corrupt
        }
        if let cache = stampCache, writable {
            if !fresh.isEmpty { try cache.saveStamps(fresh) }
            if !dropped.isEmpty { try cache.forgetStamps(dropped) }
        }
        return results
    }

    /// A digest of the metadata of every entry of the object at `path`, and
    /// the newest change time among them (seconds since 1970). Includes the
    /// inode and device so that a replacement by rename is noticed, and
    /// ctime because no user call can set it back.
    ///
    /// The digested text has one line per entry, in name order (byte-wise), the object
    /// itself first as `.`: `REL\0DEV INO SIZE MODE MTIME_S.MTIME_NS CTIME_S.CTIME_NS\n`,
    /// numbers in plain decimal (`stampLine`). Entries of a directory are looked up
    /// relative to it (`fstatat`), not by walking the whole path again.
    static func stamp(of path: String) -> (stamp: String, newestChange: Double)? {
        var text: [UInt8] = []
        text.reserveCapacity(192)
        var newest = 0.0
        func visit(_ p: String, _ rel: String, _ st: stat) -> Bool {
            newest = max(newest, Double(st.st_ctim.tv_sec) + Double(st.st_ctim.tv_nsec) / 1e9)
            stampLine(st, rel, into: &text)
            guard st.st_mode & S_IFMT == S_IFDIR else { return true }
            guard let d = opendir(p) else { return false }
            defer { closedir(d) }
            let names = FileIO.names(in: d)
            let fd = dirfd(d)
            for raw in names.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
                let name = String(decoding: raw, as: UTF8.self)
                var child = stat()
                guard fstatat(fd, name, &child, AT_SYMLINK_NOFOLLOW) == 0, visit(p + "/" + name, rel + "/" + name, child) else {
                    return false
                }
            }
            return true
        }
        guard let st = FileIO.lstatOrNil(path), visit(path, ".", st) else { return nil }
        return (SHA256.hex(Data(text)), newest)
    }

    /// One entry's line of a stamp's text.
    static func stampLine(_ st: stat, _ rel: String, into text: inout [UInt8]) {
        func number<N: BinaryInteger>(_ v: N, then separator: UInt8) {
            text.append(contentsOf: String(v).utf8)
            text.append(separator)
        }
        text.append(contentsOf: rel.utf8)
        text.append(0)
        number(st.st_dev, then: 0x20)
        number(st.st_ino, then: 0x20)
        number(st.st_size, then: 0x20)
        number(st.st_mode, then: 0x20)
        number(st.st_mtim.tv_sec, then: 0x2e); number(st.st_mtim.tv_nsec, then: 0x20)
        number(st.st_ctim.tv_sec, then: 0x2e); number(st.st_ctim.tv_nsec, then: 0x0a)
    }
}
