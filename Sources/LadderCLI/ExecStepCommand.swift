import ArgumentParser
import Foundation
import LadderCore
import LadderEngines
import LadderRun

/// `ladder exec-step KEY --store DIR` (hidden): what a cluster job runs. Runs one
/// step whose task the head wrote into the store's job spool; writes outputs and
/// a result file, never the state database.
struct ExecStepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "exec-step", abstract: "Run one handed-over step (used by cluster jobs).",
                                                    shouldDisplay: false)

    @Argument(help: "The step's execution key.") var key: String
    @Option(name: .long, help: "Store directory.") var store: String = "runs"

    func run() throws {
        let context = EngineContext(logURL: nil)
        // scancel sends SIGTERM: stop the engine and still write the result ("interrupted").
        var sources: [any DispatchSourceSignal] = []
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let src = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            src.setEventHandler { context.cancel() }
            src.resume()
            sources.append(src)
        }
        let result = try ExecStepService().run(key: key, store: store, context: context)
        withExtendedLifetime(sources) {}
        Output.write("step \(key.prefix(12)): \(result.status)\(result.reason.map { ": \($0)" } ?? "")\n")
        switch result.status {
        case "succeeded": return
        case "interrupted": throw ExitCode(130)
        default: throw ExitCode(1)
        }
    }
}
