import Foundation

/// Why an engine attempt failed, so retry policies can tell time-outs and exit codes apart.
public enum EngineFailure: Error, CustomStringConvertible {
    case exited(status: Int32, reason: String)
    case timedOut(seconds: TimeInterval)

    public var description: String {
        switch self {
        case .exited(_, let reason): return reason
        case .timedOut(let s):
            return "timed out after \(Int(s)) s (the engine ran past its time limit of \(Int(s)) s and was stopped)"
        }
    }
}
