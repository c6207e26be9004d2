import Foundation
import LadderCore

/// The one code path that calls an engine, used by `ladder run` and by
/// `ladder engine run`: built-ins in process, external engines as a child process.
/// Both kinds get the same time limit and cancellation: an external engine (or
/// a `shell` command) is stopped with its process group; a built-in stops at
/// its next `checkCancelled()`, and one that returns past its limit fails too.
public struct EngineInvoker: Sendable {
    public enum Kind: Sendable {
        case builtin(any BuiltinEngine)
        case external(ExternalEngine)
    }

    public var kind: Kind
    /// `resources.time`: seconds the call may take; nil for no limit.
    public var timeLimit: TimeInterval?

    public init(kind: Kind, timeLimit: TimeInterval? = nil) {
        self.kind = kind
        self.timeLimit = timeLimit
    }

    /// Calls the engine; `work` holds the request, result and log files.
    public func invoke(_ request: EngineRequest, work: URL, context: EngineContext) throws -> (result: EngineResult, exitStatus: Int32?) {
        let ctx = EngineContext(logURL: work.appendingPathComponent("log.txt"), parent: context, timeLimit: timeLimit,
                                workDirectory: work)
        switch kind {
        case .builtin(let engine):
            let result: EngineResult
            do {
                result = try engine.run(request, context: ctx)
            } catch {
                // An engine stopped because its time ran out (e.g. a shell command it killed) fails
                // with the time-out, whichever of the two it noticed first.
                try ctx.checkTimeLimit()
                throw error
            }
            try ctx.checkTimeLimit()
            return (result, nil)
        case .external(let engine):
            let r = try engine.run(request, requestURL: work.appendingPathComponent("request.json"), context: ctx)
            return (r.result, r.exitStatus)
        }
    }
}
