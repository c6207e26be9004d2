import Foundation
import LadderCore
import LadderSlurm

/// A one-host stand-in for a Slurm cluster: `submit` starts the job script as
/// a local process, `queue` answers in `squeue --json`'s 22.05 shape (raw wait
/// statuses), `cancel` sends SIGTERM as scancel does. Lets the executor's whole
/// path (spool, exec-step, ingest, adoption, cancel) run where Slurm is absent.
final class FakeSlurm: SlurmClient, @unchecked Sendable {
    private let lock = NSLock()
    private var jobs: [String: Process] = [:]
    private var cancelled: Set<String> = []
    private(set) var submissions: [[String]] = []
    private(set) var queueCalls = 0
    /// Job ids whose script is replaced by `sh -c 'exit 3'` (a job that dies without a result).
    var crashNext = false
    /// Added to every job's environment (as `sbatch --export=ALL` passes the submitter's).
    var environment: [String: String] = [:]
    let sinfo: String

    init(sinfo: String = "localhost|8|16000|(null)|debug*\n") {
        self.sinfo = sinfo
    }

    var submitted: Int { lock.lock(); defer { lock.unlock() }; return submissions.count }
    var cancelCount: Int { lock.lock(); defer { lock.unlock() }; return cancelled.count }

    func submit(arguments: [String], script: String) throws -> String {
        lock.lock()
        let crash = crashNext
        crashNext = false
        let id = String(1000 + submissions.count)
        submissions.append(arguments)
        lock.unlock()
        let output = arguments.first { $0.hasPrefix("--output=") }.map { String($0.dropFirst(9)) } ?? "/dev/null"
        // --array=0-N[%K]: N + 1 tasks, each told its index (the throttle is not imitated).
        let tasks = arguments.first { $0.hasPrefix("--array=0-") }
            .flatMap { Int($0.dropFirst(10).split(separator: "%")[0]) }.map { Array(0...$0) }
        for task in tasks ?? [-1] {
            let out = task < 0 ? output : output.replacingOccurrences(of: "%a", with: String(task))
            _ = FileManager.default.createFile(atPath: out, contents: nil)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/sh")
            p.arguments = crash ? ["-c", "echo dying; exit 3"] : [script]
            var env = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            if task >= 0 { env["SLURM_ARRAY_TASK_ID"] = String(task) }
            p.environment = env
            p.standardInput = FileHandle.nullDevice
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
            p.standardOutput = handle
            p.standardError = handle
            try p.run()
            lock.lock()
            jobs[task < 0 ? id : "\(id)_\(task)"] = p
            lock.unlock()
        }
        return id
    }

    var arraysSubmitted: Int {
        lock.lock(); defer { lock.unlock() }
        return submissions.filter { $0.contains { $0.hasPrefix("--array=") } }.count
    }

    func queue(jobIDs: [String]) throws -> Data {
        lock.lock(); defer { lock.unlock() }
        queueCalls += 1
        var rows: [Value] = []
        for id in jobIDs {
            guard let p = jobs[id] else { continue }
            var state = "RUNNING", raw = 0
            if !p.isRunning {
                raw = p.terminationReason == .uncaughtSignal ? Int(p.terminationStatus) : Int(p.terminationStatus) << 8
                state = cancelled.contains(id) ? "CANCELLED" : (raw == 0 ? "COMPLETED" : "FAILED")
            }
            let parts = id.split(separator: "_").map { Int($0)! }
            var row: [String: Value] = ["job_id": .int(parts.count == 2 ? parts[0] * 100 + parts[1] : parts[0]),
                                        "job_state": .string(state), "exit_code": .int(raw), "state_reason": .string("None")]
            if parts.count == 2 { row["array_job_id"] = .int(parts[0]); row["array_task_id"] = .int(parts[1]) }
            rows.append(.object(row))
        }
        return Data(Value.object(["jobs": .array(rows)]).canonicalJSON.utf8)
    }

    func showJob(_ id: String) -> String? { nil }

    func accounting(jobIDs: [String]) -> Data? { nil }

    func cancel(jobIDs: [String]) throws {
        lock.lock(); defer { lock.unlock() }
        for id in jobIDs {
            cancelled.insert(id)
            jobs[id]?.terminate()
        }
    }

    func nodes() throws -> String { sinfo }

    /// Waits until every started job has ended.
    func waitForAll(timeout: TimeInterval = 60) {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            lock.lock()
            let running = jobs.values.contains { $0.isRunning }
            lock.unlock()
            if !running { return }
            usleep(50_000)
        }
    }
}
