import LadderCore

/// One file of the sampled population, by identity: its path and content hash.
public struct PopulationMember: Sendable, Equatable {
    /// The file's source path.
    public var path: String
    /// SHA-256 of the file's bytes.
    public var sha256: String

    public init(path: String, sha256: String) {
        self.path = path
        self.sha256 = sha256
    }

    /// SHA-256 of `bytes` as lower-case hex.
    public static func contentHash(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { buffer in
            var h = SHA256()
            h.update(buffer)
            return h.finalizeHex()
        }
    }

    /// The population hash: SHA-256 over a version line and then, per member in
    /// population order, `<byte length of path>:<path><sha256>\n`. The length
    /// prefix keeps paths containing tabs or newlines unambiguous.
    public static func hash(_ members: [PopulationMember]) -> String {
        var h = SHA256()
        h.update("ladder-population-v1\n")
        for member in members {
            h.update("\(member.path.utf8.count):\(member.path)\(member.sha256)\n")
        }
        return h.finalizeHex()
    }
}
