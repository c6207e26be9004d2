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
            out[String(id)] = SlurmJobState(id: String(id), name: j["name"]?.stringValue, state: state, exit: exit,
                                            reason: reason == "None" ? nil : reason)
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
