import Foundation
import LadderCore

/// One job as `squeue --json` (or `sacct --json`) describes it.
public struct SlurmJobState: Sendable, Equatable {
    public var id: String
    public var name: String?
    /// `PENDING`, `RUNNING`, `COMPLETED`, `FAILED`, `CANCELLED`, ...
    public var state: String
    public var exit: SlurmExitStatus?
    /// Why a pending job waits, as Slurm says it (`Resources`, `Priority`, ...).
    public var reason: String?
    /// For a task of a job array: the array's job id and the task's index.
    public var arrayJobID: String?
    public var arrayTaskID: Int?
    /// Pending tasks of an array Slurm still shows as one record (`2-4%2`).
    public var arrayTaskString: String?

    /// States after which the job will not run again.
    public static let terminal: Set<String> = ["COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY",
                                               "PREEMPTED", "BOOT_FAIL", "DEADLINE", "SPECIAL_EXIT", "REVOKED"]

    public var isTerminal: Bool { Self.terminal.contains(state) }

    /// Jobs of a `squeue --json` or `sacct --json` answer, by id. Reads both the
    /// 22.05 shapes (a string state, a raw wait status) and the later ones (a
    /// list of state words, an exit-code object).
    public static func parse(_ data: Data) throws -> [String: SlurmJobState] {
        let root: Value
        do {
            root = try JSONDecoder().decode(Value.self, from: data)
        } catch {
            throw LadderError.io("cannot read Slurm's JSON answer: \(error)")
        }
        guard case .object(let top) = root, case .array(let jobs)? = top["jobs"] else {
            throw LadderError.io("Slurm's JSON answer has no `jobs` list")
        }
        var out: [String: SlurmJobState] = [:]
        for case .object(let j) in jobs {
            guard let id = number(j["job_id"]) else { continue }
            var state = word(j["job_state"]) ?? ""
            if state.isEmpty, case .object(let s)? = j["state"] { state = word(s["current"]) ?? "" }
            let exit = exitStatus(j["exit_code"])
            let reason = j["state_reason"]?.stringValue
            var job = SlurmJobState(id: String(id), name: j["name"]?.stringValue, state: state, exit: exit,
                                    reason: reason == "None" ? nil : reason)
            if let a = number(j["array_job_id"]), a != 0 {
                job.arrayJobID = String(a)
                job.arrayTaskID = number(j["array_task_id"])
                let pending = j["array_task_string"]?.stringValue ?? ""
                job.arrayTaskString = pending.isEmpty ? nil : pending
            }
            out[String(id)] = job
        }
        return out
    }

    /// The state of job `id`: a plain id, or `ARRAY_TASK` for a task of a job array
    /// (a task still pending may only appear inside the array's pending record).
    public static func lookup(_ id: String, in jobs: [String: SlurmJobState]) -> SlurmJobState? {
        let parts = id.split(separator: "_")
        guard parts.count == 2, let task = Int(parts[1]) else { return jobs[id] }
        let array = String(parts[0])
        if let member = jobs.values.first(where: { $0.arrayJobID == array && $0.arrayTaskID == task }) { return member }
        if let pending = jobs.values.first(where: { $0.arrayJobID == array && $0.arrayTaskString != nil }),
           SlurmJobState.indices(pending.arrayTaskString ?? "").contains(task) {
            return pending
        }
        return nil
    }

    /// `2-4%2`, `0,3,5-7` → the task indices.
    static func indices(_ text: String) -> Set<Int> {
        var out: Set<Int> = []
        for part in text.split(separator: "%").first?.split(separator: ",") ?? [] {
            let ends = part.split(separator: "-").compactMap { Int($0) }
            if ends.count == 2, ends[0] <= ends[1] { out.formUnion(ends[0]...ends[1]) } else if ends.count == 1 { out.insert(ends[0]) }
        }
        return out
    }

    /// An integer, or 22.05+'s `{"set": true, "number": N}`.
    static func number(_ v: Value?) -> Int? {
        switch v {
        case .int(let i)?: return i
        case .double(let d)?: return Int(d)
        case .object(let o)?:
            if o["set"]?.boolValue == false { return nil }
            return number(o["number"])
        default: return nil
        }
    }

    /// A state word, or the first of a list of them.
    static func word(_ v: Value?) -> String? {
        switch v {
        case .string(let s)?: return s
        case .array(let a)?: return a.first?.stringValue
        default: return nil
        }
    }

    static func exitStatus(_ v: Value?) -> SlurmExitStatus? {
        if let raw = number(v) { return SlurmExitStatus(waitStatus: raw) }
        guard case .object(let o)? = v else { return nil }
        var sig = 0
        if case .object(let s)? = o["signal"] { sig = number(s["id"]) ?? number(s["signal_id"]) ?? 0 }
        guard let code = number(o["return_code"]) else { return nil }
        return SlurmExitStatus(code: code, signal: sig)
    }
}
