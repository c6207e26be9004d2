import Foundation
import LadderCore
import LadderSpec

/// What the cluster offers, from `sinfo`: the largest node of the partition
/// the ladder submits to, so a request no node can satisfy fails at submit
/// time instead of pending forever.
public struct SlurmCluster: Sendable, Equatable {
    public struct Node: Sendable, Equatable {
        public var name: String
        public var cpus: Int
        /// Megabytes.
        public var memoryMB: Int
        public var gpus: Int
        public var partitions: [String]
    }

    public var nodes: [Node]
    /// The partition jobs go to (`-p`), or the cluster's default one.
    public var partition: String?

    /// Parses `sinfo -h -N -o "%N|%c|%m|%G|%P"`; the default partition carries a `*`.
    public init(sinfo text: String, partition requested: String?) {
        var byName: [String: Node] = [:]
        var order: [String] = []
        var defaultPartition: String?
        for line in text.split(separator: "\n") {
            let f = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard f.count == 5 else { continue }
            var part = f[4]
            if part.hasSuffix("*") { part.removeLast(); defaultPartition = part }
            let gpus = Self.gpus(inGres: f[3])
            if byName[f[0]] == nil {
                order.append(f[0])
                byName[f[0]] = Node(name: f[0], cpus: Int(f[1]) ?? 0, memoryMB: Int(f[2].filter(\.isNumber)) ?? 0, gpus: gpus, partitions: [])
            }
            byName[f[0]]?.partitions.append(part)
        }
        nodes = order.compactMap { byName[$0] }
        partition = requested ?? defaultPartition
    }

    /// `gpu:2`, `gpu:a100:4(S:0-1)`, `gpu:1,shard:8` → GPUs per node.
    static func gpus(inGres gres: String) -> Int {
        var total = 0
        for entry in gres.split(separator: ",") where entry.hasPrefix("gpu") {
            let plain = entry.split(separator: "(").first ?? entry
            if let n = plain.split(separator: ":").last.flatMap({ Int($0) }) { total += n }
        }
        return total
    }

    /// Nodes jobs can go to.
    public var candidates: [Node] {
        guard let partition else { return nodes }
        return nodes.filter { $0.partitions.contains(partition) }
    }

    /// Why no node of the partition can ever run a step with these resources, if none can.
    public func impossible(_ r: Resources) -> String? {
        let nodes = candidates
        guard !nodes.isEmpty else {
            return "partition \(partition ?? "(default)") has no nodes (sinfo lists: \(Set(self.nodes.flatMap(\.partitions)).sorted().joined(separator: ", ")))"
        }
        let cpus = max(r.cpus ?? 1, 1), gpus = r.gpus ?? 0, mb = Self.megabytes(r.memory)
        if nodes.contains(where: { $0.cpus >= cpus && $0.gpus >= gpus && (mb == 0 || $0.memoryMB >= mb) }) { return nil }
        let biggest = "largest node: \(nodes.map(\.cpus).max() ?? 0) cpus, \(nodes.map(\.memoryMB).max() ?? 0) MB, \(nodes.map(\.gpus).max() ?? 0) GPUs"
        return "no node of partition \(partition ?? "(default)") has \(cpus) cpus, \(gpus) GPUs and \(mb) MB together (\(biggest)); lower the step's resources or choose another partition"
    }

    /// Bytes to whole megabytes, rounded up (`--mem` takes megabytes).
    static func megabytes(_ bytes: Int?) -> Int {
        guard let b = bytes, b > 0 else { return 0 }
        return (b + (1 << 20) - 1) >> 20
    }
}
