import Foundation
import LadderSpec

/// How jobs are submitted: the ladder's `executor:` block, then command-line overrides.
public struct SlurmSettings: Sendable, Equatable {
    public var partition: String?
    public var account: String?
    public var qos: String?
    public var sbatchFlags: [String] = []
    /// Seconds between two polls of the cluster.
    public var pollSeconds: Double = 5
    /// Most jobs submitted and not yet ended at once.
    public var maxSubmitted: Int = 200
    /// Submit steps of one engine with the same resources, handed over together, as one job array.
    public var arrays = true
    /// Most tasks of one job array running at once (`--array=...%N`); nil: no cap of its own.
    public var arrayParallel: Int?
    /// The `ladder` binary the jobs run (it must be at this path on every node).
    public var ladderBinary: String

    public init(ladderBinary: String) {
        self.ladderBinary = ladderBinary
    }

    /// From the ladder's declaration (nil: defaults).
    public init(_ decl: ExecutorDecl?, ladderBinary: String) {
        self.init(ladderBinary: ladderBinary)
        guard let decl else { return }
        partition = decl.partition
        account = decl.account
        qos = decl.qos
        sbatchFlags = decl.sbatchFlags
        if let p = decl.pollSeconds { pollSeconds = p }
        if let m = decl.maxSubmitted { maxSubmitted = m }
        arrays = decl.arrays
        arrayParallel = decl.arrayParallel
    }

    /// `sbatch` arguments for one step: resources, placement, name and output file.
    public func arguments(name: String, resources r: Resources, output: String, workingDirectory: String) -> [String] {
        var a = ["--job-name=\(name)", "--output=\(output)", "--chdir=\(workingDirectory)", "--cpus-per-task=\(max(r.cpus ?? 1, 1))"]
        let mb = SlurmCluster.megabytes(r.memory)
        if mb > 0 { a.append("--mem=\(mb)M") }
        if let g = r.gpus, g > 0 { a.append("--gpus=\(g)") }
        if let t = r.time, t > 0 { a.append("--time=\(Self.duration(t))") }
        if let partition { a.append("--partition=\(partition)") }
        if let account { a.append("--account=\(account)") }
        if let qos { a.append("--qos=\(qos)") }
        return a + sbatchFlags
    }

    /// Seconds as Slurm's `D-HH:MM:SS`, rounded up to whole minutes (Slurm's granularity).
    public static func duration(_ seconds: Int) -> String {
        let minutes = (seconds + 59) / 60
        let d = minutes / 1440, h = (minutes % 1440) / 60, m = minutes % 60
        return d > 0 ? String(format: "%d-%02d:%02d:00", d, h, m) : String(format: "%02d:%02d:00", h, m)
    }

    /// The job script: the node runs one step of the store, nothing else.
    public func script(key: String, store: String) -> String {
        "#!/bin/sh\n# ladder step \(key)\nexec \(Self.quote(ladderBinary)) exec-step \(key) --store \(Self.quote(store))\n"
    }

    /// The job-array script: task I runs the step on line I + 1 of `keys`.
    public func arrayScript(keys: String, store: String) -> String {
        "#!/bin/sh\n# ladder steps listed in \(keys)\nKEY=$(sed -n \"$((SLURM_ARRAY_TASK_ID + 1))p\" \(Self.quote(keys)))\n"
            + "exec \(Self.quote(ladderBinary)) exec-step \"$KEY\" --store \(Self.quote(store))\n"
    }

    /// Single-quoted for /bin/sh.
    static func quote(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
