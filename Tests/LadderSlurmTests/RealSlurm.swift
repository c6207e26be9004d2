import Foundation

/// A running Slurm cluster reachable from here (`scripts/slurm-cluster.sh start`
/// in CI), and the `ladder` binary started as the head of a run.
enum RealSlurm {
    /// Why the real-cluster tests cannot run here, or nil when they can.
    static let unavailable: String? = {
        guard SlurmTestLadder.binary != nil else { return "the built ladder binary is missing" }
        // Without a configuration file sinfo retries for a minute before it gives up.
        let conf = ProcessInfo.processInfo.environment["SLURM_CONF"] ?? "/etc/slurm/slurm.conf"
        guard FileManager.default.fileExists(atPath: conf) else {
            return "no Slurm configuration at \(conf) (start a cluster with scripts/slurm-cluster.sh start and export SLURM_CONF)"
        }
        guard let sinfo = run("sinfo", ["-h", "-o", "%T"]) else {
            return "sinfo is not on PATH (start a cluster with scripts/slurm-cluster.sh start and export SLURM_CONF)"
        }
        guard sinfo.status == 0, sinfo.output.contains("idle") || sinfo.output.contains("mixed") else {
            return "no idle Slurm node (sinfo: \(sinfo.output.prefix(200)))"
        }
        return nil
    }()

    static let available: Bool = {
        if let why = unavailable { FileHandle.standardError.write(Data("Slurm tests skipped: \(why)\n".utf8)) }
        return unavailable == nil
    }()

    static func run(_ name: String, _ args: [String]) -> (status: Int32, output: String)? {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let path else { return nil }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        p.standardInput = FileHandle.nullDevice
        let ended = DispatchSemaphore(value: 0)
        p.terminationHandler = { _ in ended.signal() }
        guard (try? p.run()) != nil else { return nil }
        let box = OutputBox()
        let reader = out.fileHandleForReading
        let read = DispatchSemaphore(value: 0)
        Thread.detachNewThread { box.data = reader.readDataToEndOfFile(); read.signal() }
        // A controller that does not answer must not hold the tests up.
        if ended.wait(timeout: .now() + 15) == .timedOut {
            p.terminate()
            ended.wait()
        }
        read.wait()
        let data = box.data
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Jobs Slurm lists (MinJobAge keeps ended ones), as (id, name, state).
    static func jobs() -> [(id: Int, name: String, state: String)] {
        guard let r = run("squeue", ["--json", "--states=all"]),
              let json = try? JSONSerialization.jsonObject(with: Data(r.output.utf8)) as? [String: Any],
              let jobs = json["jobs"] as? [[String: Any]] else { return [] }
        return jobs.map { j in
            ((j["job_id"] as? Int) ?? 0, (j["name"] as? String) ?? "", (j["job_state"] as? String) ?? "\(j["job_state"] ?? "")")
        }
    }

    /// The highest job id so far: jobs a test submits have higher ones.
    static func lastJobID() -> Int { jobs().map(\.id).max() ?? 0 }

    /// States of the jobs submitted after `lastJobID`.
    static func states(after last: Int) -> [String] {
        jobs().filter { $0.id > last }.sorted { $0.id < $1.id }.map(\.state)
    }

    /// `ladder ARGS` started in `dir`, output captured to files there.
    final class Head {
        let process = Process()
        let err: URL
        let out: URL

        init(_ args: [String], in dir: URL, tag: String) throws {
            out = dir.appendingPathComponent(".out-\(tag)")
            err = dir.appendingPathComponent(".err-\(tag)")
            _ = FileManager.default.createFile(atPath: out.path, contents: nil)
            _ = FileManager.default.createFile(atPath: err.path, contents: nil)
            process.executableURL = URL(fileURLWithPath: SlurmTestLadder.binary ?? "ladder")
            process.arguments = args
            process.currentDirectoryURL = dir
            var env = ProcessInfo.processInfo.environment
            env["LADDER_SLURM_POLL_SECONDS"] = "0.5"
            process.environment = env
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = try FileHandle(forWritingTo: out)
            process.standardError = try FileHandle(forWritingTo: err)
            try process.run()
        }

        func wait() -> Int32 {
            process.waitUntilExit()
            return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        }

        var stdout: String { (try? String(contentsOf: out, encoding: .utf8)) ?? "" }
        var stderr: String { (try? String(contentsOf: err, encoding: .utf8)) ?? "" }
    }
}

private final class OutputBox: @unchecked Sendable {
    var data = Data()
}
