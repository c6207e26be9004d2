import Foundation
import LadderCore

/// Jobs read inputs from and write outputs into the store, so the store must
/// be on a file system every node mounts at the same path. A cluster whose
/// nodes are all this host (a workstation running Slurm) sees any directory.
public enum SharedStoreCheck {
    /// File system types (as /proc/mounts names them) that several hosts can mount.
    static let networkFileSystems: Set<String> = ["nfs", "nfs4", "lustre", "gpfs", "cifs", "smb3", "smbfs", "ceph", "beegfs",
                                                  "9p", "afs", "glusterfs", "fuse.glusterfs", "fuse.sshfs", "fuse.juicefs",
                                                  "fuse.ceph", "fuse.beegfs", "panfs", "wekafs", "orangefs", "pvfs2"]

    /// Throws a message saying what to do when `store` is local to this host and some node is another host.
    public static func check(store: String, nodes: [String], localNames: Set<String> = SharedStoreCheck.localNames(),
                             mounts: String? = nil) throws {
        let remote = nodes.filter { !localNames.contains($0) }
        guard !remote.isEmpty else { return }
        if ProcessInfo.processInfo.environment["LADDER_SLURM_SHARED_STORE"] == "1" { return }
        let type = fileSystemType(of: store, mounts: mounts ?? ((try? String(contentsOfFile: "/proc/mounts", encoding: .utf8)) ?? ""))
        if let type, networkFileSystems.contains(type) { return }
        throw LadderError.badInput("""
            the store \(store) is on a file system local to this host (\(type ?? "unknown type")), \
            but Slurm runs jobs on \(remote.prefix(5).joined(separator: ", "))\(remote.count > 5 ? ", ..." : ""), which cannot see it; \
            pass --store DIR on a file system every node mounts at the same path (NFS, Lustre, GPFS, CephFS, BeeGFS), \
            or set LADDER_SLURM_SHARED_STORE=1 if it is shared in a way this check does not know
            """)
    }

    /// The type of the mount holding `path` (the longest mount point that prefixes it).
    static func fileSystemType(of path: String, mounts: String) -> String? {
        let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        var best: (point: String, type: String)?
        for line in mounts.split(separator: "\n") {
            let f = line.split(separator: " ")
            guard f.count >= 3 else { continue }
            let point = f[1].replacingOccurrences(of: "\\040", with: " ")
            let inside = point == "/" || real == point || real.hasPrefix(point + "/")
            if inside && point.count >= (best?.point.count ?? -1) { best = (point, String(f[2])) }
        }
        return best?.type
    }

    /// This host's names as Slurm may list it.
    public static func localNames() -> Set<String> {
        var names: Set<String> = ["localhost", "127.0.0.1"]
        let host = ProcessInfo.processInfo.hostName
        names.insert(host)
        if let short = host.split(separator: ".").first { names.insert(String(short)) }
        var buf = [CChar](repeating: 0, count: 256)
        if gethostname(&buf, buf.count) == 0 {
            let h = String(cString: buf)
            names.insert(h)
            if let short = h.split(separator: ".").first { names.insert(String(short)) }
        }
        return names
    }
}
