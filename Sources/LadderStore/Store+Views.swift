import Foundation
import LadderCore

extension Store {
    /// Builds (or rebuilds) `views/<name>/` as a tree of relative symlinks
    /// into `objects/`, laid out by the entries' paths.
    ///
    /// `views/<name>` is itself a symlink to a generation directory
    /// `views/.gen/<name>-<digest>` named by the digest of the entries: the
    /// new generation is built aside and fsynced, then a new symlink is
    /// renamed over the old one, so a reader sees the old view or the new
    /// one, never a mix. The same entries give the same generation, so a
    /// rebuild with unchanged content touches nothing.
    @discardableResult
    public func buildView(named name: String, entries: [ViewEntry]) throws -> ViewReport {
        try requireExclusive("building a view")
        let comps = try RelativePath.components(name)
        guard comps.count == 1, !name.hasPrefix(".") else {
            throw StoreError.badPath(path: name, reason: "a view name must be one path component not starting with '.'")
        }
        let sorted = try validated(entries)
        let views = root.appendingPathComponent("views").path
        let gens = views + "/.gen"
        try FileIO.makeDirectory(views)
        try FileIO.makeDirectory(gens)
        let digest = String(Store.viewDigest(name: name, entries: sorted).prefix(16))
        let genName = "\(name)-\(digest)"
        let link = views + "/" + name
        let url = URL(fileURLWithPath: link)
        let current = try? FileIO.readLink(link)
        if current == ".gen/" + genName, FileIO.lstatOrNil(gens + "/" + genName) != nil {
            return ViewReport(url: url, entries: sorted.count, changed: false)
        }
        if let st = FileIO.lstatOrNil(link), st.st_mode & S_IFMT != S_IFLNK {
            throw StoreError.io("cannot build view \(name): \(link) exists and is not a view link; move it away")
        }
        let gen = gens + "/" + genName
        if FileIO.lstatOrNil(gen) == nil {
            let staging = gens + "/.tmp-" + UUID().uuidString
            do {
                try populate(staging, with: sorted)
                try JSONWriter.write(ViewManifest(name: name, entries: sorted), to: URL(fileURLWithPath: gens + "/" + genName + ".json"))
                guard rename(staging, gen) == 0 else {
                    throw StoreError.io("cannot move view generation into \(gen): \(FileIO.reason())")
                }
                try FileIO.sync(gens)
            } catch {
                try? FileIO.removeTree(staging)
                throw error
            }
        }
        let newLink = views + "/.tmp-link-" + UUID().uuidString
        guard symlink(".gen/" + genName, newLink) == 0 else {
            throw StoreError.io("cannot create view link \(newLink): \(FileIO.reason())")
        }
        guard rename(newLink, link) == 0 else {
            let why = FileIO.reason()
            unlink(newLink)
            throw StoreError.io("cannot swap view \(link): \(why)")
        }
        try FileIO.sync(views)
        try removeStaleGenerations(of: name, keeping: genName, in: gens)
        return ViewReport(url: url, entries: sorted.count, changed: true)
    }

    /// Every object the current views point at.
    public func viewReferences() throws -> Set<ObjectHash> {
        var out = Set<ObjectHash>()
        let gens = root.appendingPathComponent("views/.gen").path
        guard FileIO.lstatOrNil(gens) != nil else { return out }
        for raw in try FileIO.names(in: gens) {
            let file = String(decoding: raw, as: UTF8.self)
            guard file.hasSuffix(".json"), !file.hasPrefix(".") else { continue }
            guard let data = FileManager.default.contents(atPath: gens + "/" + file),
                  let manifest = try? JSONDecoder().decode(ViewManifest.self, from: data) else {
                throw StoreError.io("view manifest \(gens)/\(file) is unreadable; rebuild the views or delete it")
            }
            for e in manifest.entries { out.insert(e.hash) }
        }
        return out
    }

    private func validated(_ entries: [ViewEntry]) throws -> [ViewEntry] {
        var seen: [String: ViewEntry] = [:]
        for var e in entries {
            e.path = try RelativePath.normalized(e.path)
            if let sub = e.subpath { e.subpath = try RelativePath.normalized(sub) }
            if let other = seen[e.path], other != e {
                throw StoreError.badPath(path: e.path, reason: "two view entries want this path, pointing at different objects")
            }
            guard objects.contains(e.hash) else { throw StoreError.notFound(e.hash) }
            seen[e.path] = e
        }
        for e in seen.values {
            let parts = e.path.split(separator: "/")
            for n in parts.indices.dropLast() {
                let prefix = parts[...n].joined(separator: "/")
                if seen[prefix] != nil {
                    throw StoreError.badPath(path: e.path, reason: "it lies inside the view entry '\(prefix)', which is a link")
                }
            }
        }
        return seen.values.sorted { $0.path < $1.path }
    }

    private func populate(_ dir: String, with entries: [ViewEntry]) throws {
        try FileIO.makeDirectory(dir)
        var made: [String] = [dir]
        for e in entries {
            let parts = e.path.split(separator: "/").map(String.init)
            var current = dir
            for part in parts.dropLast() {
                current += "/" + part
                if FileIO.lstatOrNil(current) == nil {
                    try FileIO.makeDirectory(current)
                    made.append(current)
                }
            }
            // From views/.gen/<gen>/<parent dirs>/ back up to the store root.
            let ups = String(repeating: "../", count: parts.count + 2)
            var target = ups + "objects/" + e.hash.hex.prefix(2) + "/" + e.hash.hex
            if let sub = e.subpath { target += "/" + sub }
            guard symlink(target, current + "/" + parts.last!) == 0 else {
                throw StoreError.io("cannot create view link \(current)/\(parts.last!): \(FileIO.reason())")
            }
        }
        for d in made.reversed() { try FileIO.sync(d) }
    }

    private func removeStaleGenerations(of name: String, keeping keep: String, in gens: String) throws {
        for raw in try FileIO.names(in: gens) {
            let entry = String(decoding: raw, as: UTF8.self)
            if entry.hasPrefix(".tmp-") {
                try FileIO.removeTree(gens + "/" + entry)
                continue
            }
            let base = entry.hasSuffix(".json") ? String(entry.dropLast(5)) : entry
            guard base != keep, base.hasPrefix(name + "-") else { continue }
            let suffix = base.dropFirst(name.count + 1)
            guard suffix.count == 16, suffix.allSatisfy({ $0.isHexDigit }) else { continue }
            try FileIO.removeTree(gens + "/" + entry)
        }
    }

    static func viewDigest(name: String, entries: [ViewEntry]) -> String {
        var text = ViewManifest.currentVersion + "\n" + name + "\n"
        for e in entries { text += e.path + "\u{0}" + e.hash.hex + "\u{0}" + (e.subpath ?? "") + "\n" }
        return SHA256.hex(text)
    }
}
