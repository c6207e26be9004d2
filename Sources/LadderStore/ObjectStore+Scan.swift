import Foundation

extension ObjectStore {
    /// Every object name in `objects/`, plus the paths (relative to the store
    /// root) of anything there that is not an object: staging names left by
    /// another tool, or files whose name does not fit their prefix folder.
    public func scan() throws -> (objects: [ObjectHash], strays: [String]) {
        var objects: [ObjectHash] = []
        var strays: [String] = []
        guard FileIO.lstatOrNil(objectsPath) != nil else { return ([], []) }
        for rawPrefix in try FileIO.names(in: objectsPath) {
            let prefix = String(decoding: rawPrefix, as: UTF8.self)
            let dir = objectsPath + "/" + prefix
            guard prefix.utf8.count == 2, FileIO.lstatOrNil(dir).map({ $0.st_mode & S_IFMT == S_IFDIR }) == true else {
                strays.append("objects/" + prefix)
                continue
            }
            for rawName in try FileIO.names(in: dir) {
                let name = String(decoding: rawName, as: UTF8.self)
                if ObjectHash.isValid(name), name.hasPrefix(prefix) {
                    objects.append(ObjectHash(trusted: name))
                } else {
                    strays.append("objects/\(prefix)/\(name)")
                }
            }
        }
        return (objects.sorted(), strays.sorted())
    }

    /// Bytes of regular files in an object (0 when absent).
    public func size(of hash: ObjectHash) -> Int64 {
        FileIO.byteCount(path(of: hash))
    }

    /// Entries of `corrupt/` (quarantined objects), relative to the store root.
    func quarantined() -> [String] {
        ((try? FileIO.names(in: corruptPath)) ?? []).map { "corrupt/" + String(decoding: $0, as: UTF8.self) }.sorted()
    }

    /// Deletes one object (gc). Needs exclusive access.
    func delete(_ hash: ObjectHash) throws {
        try requireWritable("deleting an object")
        try FileIO.removeTree(path(of: hash))
    }
}
