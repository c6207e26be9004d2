import Foundation
import LadderCore

/// Where a ladder's steps run by default (`executor:`); `ladder run
/// --executor` overrides the kind. Not part of any step key: where a step
/// runs does not change what it produces (docs/keys.md).
public struct ExecutorDecl: Sendable, Equatable {
    /// `local` or `slurm`.
    public var kind: String
    /// Slurm partition (`-p`).
    public var partition: String?
    /// Slurm account (`-A`).
    public var account: String?
    /// Slurm quality of service (`--qos`).
    public var qos: String?
    /// Extra `sbatch` arguments, passed as given (no shell).
    public var sbatchFlags: [String]
    /// Seconds between two polls of the cluster.
    public var pollSeconds: Double?
    /// Most jobs submitted and not yet ended at once.
    public var maxSubmitted: Int?
    /// Submit same-engine, same-resource steps handed over together as one job array (default true).
    public var arrays: Bool
    /// Most tasks of one job array running at once (`--array=...%N`).
    public var arrayParallel: Int?
    public var location: SourceLocation

    public static let kinds = ["local", "slurm"]
    static let keys = ["kind", "partition", "account", "qos", "sbatch_flags", "poll_seconds", "max_submitted", "arrays", "array_parallel"]

    public init(kind: String, partition: String? = nil, account: String? = nil, qos: String? = nil, sbatchFlags: [String] = [],
                pollSeconds: Double? = nil, maxSubmitted: Int? = nil, arrays: Bool = true, arrayParallel: Int? = nil, location: SourceLocation) {
        self.kind = kind
        self.partition = partition
        self.account = account
        self.qos = qos
        self.sbatchFlags = sbatchFlags
        self.pollSeconds = pollSeconds
        self.maxSubmitted = maxSubmitted
        self.arrays = arrays
        self.arrayParallel = arrayParallel
        self.location = location
    }
}

extension LadderParser {
    /// `executor: slurm` or `executor: {kind: slurm, partition: gpu, account: lab, qos: normal, sbatch_flags: [...]}`.
    func parseExecutor(_ node: YAMLNode) throws -> ExecutorDecl {
        if case .scalar = node {
            return ExecutorDecl(kind: try kind(node), location: node.location)
        }
        let m = try node.mapping("executor")
        try m.check(known: ExecutorDecl.keys)
        var decl = ExecutorDecl(kind: try kind(m.required("kind")), location: m.location)
        for key in m.keys where key != "kind" && decl.kind != "slurm" {
            throw SpecError("executor.\(key) applies to the slurm executor only", at: m.keyLocation(key),
                            hint: "use `kind: slurm`, or remove `\(key)`")
        }
        decl.partition = try m.value("partition")?.string("executor.partition")
        decl.account = try m.value("account")?.string("executor.account")
        decl.qos = try m.value("qos")?.string("executor.qos")
        decl.sbatchFlags = try m.value("sbatch_flags")?.strings("executor.sbatch_flags") ?? []
        for (flag, n) in zip(decl.sbatchFlags, sequenceItems(m.value("sbatch_flags"))) where !flag.hasPrefix("-") {
            throw SpecError("executor.sbatch_flags: '\(flag)' is not an sbatch option", at: n.location,
                            hint: "write each option with its value in one entry, e.g. `--constraint=a100`")
        }
        if let n = m.value("poll_seconds") {
            let v = try n.double("executor.poll_seconds")
            guard v >= 0.1 else { throw SpecError("executor.poll_seconds must be at least 0.1", at: n.location) }
            decl.pollSeconds = v
        }
        if let n = m.value("max_submitted") {
            let v = try n.int("executor.max_submitted")
            guard v >= 1 else { throw SpecError("executor.max_submitted must be at least 1", at: n.location) }
            decl.maxSubmitted = v
        }
        decl.arrays = try m.value("arrays")?.bool("executor.arrays") ?? true
        if let n = m.value("array_parallel") {
            let v = try n.int("executor.array_parallel")
            guard v >= 1 else { throw SpecError("executor.array_parallel must be at least 1", at: n.location) }
            decl.arrayParallel = v
        }
        return decl
    }

    private func kind(_ node: YAMLNode) throws -> String {
        let k = try node.string("executor.kind")
        guard ExecutorDecl.kinds.contains(k) else {
            throw SpecError("unknown executor '\(k)'", at: node.location,
                            hint: Suggestion.hint(for: k, in: ExecutorDecl.kinds, noun: "executor"))
        }
        return k
    }

    private func sequenceItems(_ node: YAMLNode?) -> [YAMLNode] {
        switch node {
        case .sequence(let items, _)?: return items
        case let n?: return [n]
        case nil: return []
        }
    }
}
