import ArgumentParser
import Foundation
import LadderCore
import LadderRun
import LadderSpec

/// `ladder run LADDER.yaml`: run what is missing, resume after failures.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run a ladder: only what the store lacks.")

    @Argument(help: "The ladder file.") var ladder: String
    @OptionGroup var options: CommonOptions
    @Option(name: .long, help: "Most steps at once (default: cores).") var jobs: Int?
    @Flag(name: .long, help: "After a failure, go on with steps that do not depend on it.") var keepGoing = false
    @Option(name: .long, help: "Run only matching steps and what they need, e.g. condition=condition-2,lang=ur.") var only: String?
    @Option(name: .long, help: "Name this run (default: generated).") var name: String?
    @Option(name: .long, help: "Seconds to wait for another run holding the store.") var wait: Double = 0
    @Option(name: .long, help: "Executor: local.") var executor: String = "local"
    @Option(name: .long, help: "GPUs the local executor hands out (default: CUDA_VISIBLE_DEVICES, else the /dev/nvidiaN devices).") var gpus: Int?

    func run() throws {
        guard executor == "local" else { throw LadderError.badInput("--executor \(executor): only `local` is available") }
        var o = RunOptions()
        o.store = options.store
        if let jobs { guard jobs > 0 else { throw LadderError.badInput("--jobs must be at least 1") }; o.jobs = jobs }
        if let gpus { guard gpus >= 0 else { throw LadderError.badInput("--gpus must be 0 or more") }; o.capacity.gpus = gpus }
        o.keepGoing = keepGoing
        o.only = only
        o.name = name
        o.lockWait = wait
        let interrupt = Interrupt()
        interrupt.install()
        let summary = try RunService(progress: Progress(), interrupt: interrupt).run(ladderPath: ladder, options: o)
        if options.json { Output.json(summary.json) } else { Output.write(summary.text) }
        if summary.interrupted { throw ExitCode(130) }
        if summary.failed > 0 { throw ExitCode(1) }
    }
}
