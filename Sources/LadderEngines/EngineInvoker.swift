import Foundation
import LadderCore

/// The one code path that calls an engine, used by `ladder run` and by
/// `ladder engine run`: built-ins in process, external engines as a child process.
public struct EngineInvoker: Sendable {
    public enum Kind: Sendable {
        case builtin(any BuiltinEngine)
        case external(ExternalEngine, timeLimit: TimeInterval?)
    }

    public var kind: Kind

    public init(kind: Kind) { self.kind = kind }

    /// Calls the engine; `work` holds the request, result and log files.
    public func invoke(_ request: EngineRequest, work: URL, context: EngineContext) throws -> (result: EngineResult, exitStatus: Int32?) {
        let logURL = work.appendingPathComponent("log.txt")
        switch kind {
        case .builtin(let engine):
            let ctx = EngineContext(logURL: logURL, parent: context)
            return (try engine.run(request, context: ctx), nil)
        case .external(let engine, let limit):
            let r = try engine.run(request, requestURL: work.appendingPathComponent("request.json"), logURL: logURL,
                                   timeLimit: limit, context: context)
            return (r.result, r.exitStatus)
        }
    }
}
