import Foundation

/// Runtime errors as values. `exitCode` follows the command-line contract:
/// 1 a step failed, 2 bad input.
public enum LadderError: Error, CustomStringConvertible, Equatable {
    /// Bad input the user must fix (exit 2). The message says where and what to do.
    case badInput(String)
    /// One or more steps failed (exit 1).
    case stepFailed(String)
    /// File-system or database trouble.
    case io(String)

    public var description: String {
        switch self {
        case .badInput(let m), .stepFailed(let m), .io(let m): return m
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .badInput: return 2
        case .stepFailed, .io: return 1
        }
    }
}
