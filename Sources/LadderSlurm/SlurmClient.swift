import Foundation
import LadderCore

/// The Slurm commands the executor uses. `SlurmCommands` runs the real
/// programs; tests give a double that answers with recorded payloads.
public protocol SlurmClient: Sendable {
    /// `sbatch --parsable ARGS SCRIPT`: the new job's id, or an error with sbatch's message.
    func submit(arguments: [String], script: String) throws -> String
    /// `squeue --json` for these jobs (one call for all of them).
    func queue(jobIDs: [String]) throws -> Data
    /// `scontrol show job ID` text, for a job `squeue` no longer lists.
    func showJob(_ id: String) -> String?
    /// `sacct --json -j IDS`, or nil when accounting is disabled.
    func accounting(jobIDs: [String]) -> Data?
    /// `scancel IDS`.
    func cancel(jobIDs: [String]) throws
    /// `sinfo -h -N -o "%N|%c|%m|%G|%P"`: one line a node and partition.
    func nodes() throws -> String
}

/// Runs the real Slurm programs found on `PATH`.
public struct SlurmCommands: SlurmClient {
    public init() {}

    /// True when `sbatch` is on `PATH`.
    public static var available: Bool { ProgramRunner.find("sbatch") != nil }

    public func submit(arguments: [String], script: String) throws -> String {
        let r = try ProgramRunner.run("sbatch", ["--parsable"] + arguments + [script])
        guard r.status == 0 else { throw LadderError.stepFailed("sbatch refused the job: \(r.errorText)") }
        // --parsable prints "ID" or "ID;CLUSTER".
        let id = r.output.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
        guard !id.isEmpty, id.allSatisfy({ $0.isNumber || $0 == "_" }) else {
            throw LadderError.stepFailed("sbatch printed no job id: \(r.output) \(r.errorText)")
        }
        return id
    }

    public func queue(jobIDs: [String]) throws -> Data {
        let r = try ProgramRunner.run("squeue", ["--json", "--jobs=" + jobIDs.joined(separator: ",")])
        // squeue exits 1 with "Invalid job id specified" once every listed job has aged out.
        if r.status != 0 && r.errorText.contains("Invalid job id") { return Data(#"{"jobs":[]}"#.utf8) }
        guard r.status == 0 else { throw LadderError.io("squeue failed: \(r.errorText)") }
        return r.outputData
    }

    public func showJob(_ id: String) -> String? {
        guard let r = try? ProgramRunner.run("scontrol", ["show", "job", id]), r.status == 0 else { return nil }
        return r.output
    }

    public func accounting(jobIDs: [String]) -> Data? {
        guard let r = try? ProgramRunner.run("sacct", ["--json", "-j", jobIDs.joined(separator: ",")]), r.status == 0,
              !r.errorText.contains("accounting storage is disabled") else { return nil }
        return r.outputData
    }

    public func cancel(jobIDs: [String]) throws {
        guard !jobIDs.isEmpty else { return }
        let r = try ProgramRunner.run("scancel", jobIDs)
        guard r.status == 0 else { throw LadderError.io("scancel failed: \(r.errorText)") }
    }

    public func nodes() throws -> String {
        let r = try ProgramRunner.run("sinfo", ["-h", "-N", "-o", "%N|%c|%m|%G|%P"])
        guard r.status == 0 else { throw LadderError.io("sinfo failed: \(r.errorText)") }
        return r.output
    }
}

/// Runs a program from `PATH` with arguments (no shell) and collects its output.
enum ProgramRunner {
    struct Result {
        var status: Int32
        var outputData: Data
        var errorData: Data
        var output: String { String(decoding: outputData, as: UTF8.self) }
        var errorText: String { String(decoding: errorData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let p = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    static func run(_ name: String, _ arguments: [String]) throws -> Result {
        guard let exe = find(name) else { throw LadderError.io("\(name) is not on PATH (is this a Slurm submit host?)") }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = arguments
        p.standardInput = FileHandle.nullDevice
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Read both pipes to the end before waiting, so a large answer cannot block the child.
        let errData = DataBox()
        let group = DispatchGroup()
        group.enter()
        let errHandle = err.fileHandleForReading
        Thread.detachNewThread { errData.data = errHandle.readDataToEndOfFile(); group.leave() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, outputData: outData, errorData: errData.data)
    }
}

/// Bytes filled in by one reader thread and read after it has finished.
private final class DataBox: @unchecked Sendable {
    var data = Data()
}
