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
    @Option(name: .long, help: "Where steps run: local or slurm (default: the ladder's `executor:`, else local).") var executor: String?
    @Flag(name: .long, help: "On Ctrl-C leave cluster jobs running (a later run adopts them) instead of cancelling them.") var detach = false
    @Flag(name: .long, help: "List every step: starts, reused and skipped ones too.") var verbose = false
    @Option(name: .long, help: "GPUs the local executor hands out (default: CUDA_VISIBLE_DEVICES, else the /dev/nvidiaN devices).") var gpus: Int?
    @Flag(name: .long, help: "Do not write the HTML report (STORE/reports/RUN.html) after a run whose analysis step executed.") var noReport = false

    func run() throws {
        if let executor, !["local", "slurm"].contains(executor) {
            throw LadderError.badInput("--executor \(executor): choose local or slurm")
        }
        var o = RunOptions()
        o.detach = detach
        o.store = options.store
        if let jobs { guard jobs > 0 else { throw LadderError.badInput("--jobs must be at least 1") }; o.jobs = jobs }
        if let gpus { guard gpus >= 0 else { throw LadderError.badInput("--gpus must be 0 or more") }; o.capacity.gpus = gpus }
        o.keepGoing = keepGoing
        o.only = only
        o.name = name
        o.lockWait = wait
        let interrupt = Interrupt()
        interrupt.install()
        var summary = try RunService(progress: Progress(verbose: verbose), interrupt: interrupt,
                                     executor: ExecutorChoice.factory(executor, jobs: jobs, detach: detach))
            .run(ladderPath: ladder, options: o)
        if !noReport && !summary.interrupted {
            // The run is recorded whatever happens here: a report that cannot be written is a warning, not a failed run.
            do { summary.report = try ReportWriter.write(for: summary, store: o.store) } catch {
                FileHandle.standardError.write(Data("warning: the HTML report was not written: \(error)\n".utf8))
            }
        }
        if options.json { Output.json(summary.json) } else { Output.write(summary.render(verbose: verbose)) }
        if summary.interrupted { throw ExitCode(130) }
        if summary.failed > 0 { throw ExitCode(1) }
    }
}
