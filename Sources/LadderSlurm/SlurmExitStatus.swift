import Foundation

/// How a Slurm job's process ended, decoded from what Slurm reports.
///
/// `squeue --json` (22.05) reports `exit_code` as the raw wait status, so an
/// exit code of 3 appears as 768 (3 << 8) and a job killed by signal 9 as 9;
/// `scontrol show job` writes `ExitCode=3:0` (exit code, then signal); newer
/// JSON writes `{"status": ..., "return_code": N, "signal": {...}}`. None of
/// them is trusted over the step's own result file in the store.
public struct SlurmExitStatus: Sendable, Equatable, CustomStringConvertible {
    public var code: Int
    public var signal: Int

    public init(code: Int, signal: Int) {
        self.code = code
        self.signal = signal
    }

    /// From a raw wait status (`WEXITSTATUS`, `WTERMSIG`).
    public init(waitStatus raw: Int) {
        let sig = raw & 0x7f
        if sig == 0 {
            self.init(code: (raw >> 8) & 0xff, signal: 0)
        } else {
            self.init(code: 0, signal: sig)
        }
    }

    /// From `scontrol show job`'s `ExitCode=3:0`.
    public init?(scontrol text: String) {
        guard let r = text.range(of: "ExitCode=") else { return nil }
        let field = text[r.upperBound...].prefix { !$0.isWhitespace }
        let parts = field.split(separator: ":")
        guard parts.count == 2, let c = Int(parts[0]), let s = Int(parts[1]) else { return nil }
        self.init(code: c, signal: s)
    }

    public var succeeded: Bool { code == 0 && signal == 0 }

    public var description: String {
        signal != 0 ? "killed by signal \(signal)" : "exit status \(code)"
    }
}
