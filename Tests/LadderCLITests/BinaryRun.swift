import Foundation

/// Runs a `ladder` binary as a user does, in a directory, and collects what it printed.
enum BinaryRun {
    /// Exit status, standard output and standard error (read to the end, then waited for).
    static func run(_ binary: URL, _ arguments: [String], in dir: URL) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = dir
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Standard error is drained on another thread so neither pipe can fill and block the child.
        let errData = Drained()
        let drained = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            errData.data = err.fileHandleForReading.readDataToEndOfFile()
            drained.signal()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        drained.wait()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData.data, as: UTF8.self))
    }
}

/// Bytes read on another thread, handed back after its semaphore.
private final class Drained: @unchecked Sendable {
    var data = Data()
}
