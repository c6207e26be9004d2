import Foundation
import LadderCore
import LadderPlan
import LadderRun
import LadderSpec

extension SlurmExecutor {
    /// Builds the executor from the ladder's `executor:` block; `maxSubmitted` (from
    /// `--jobs`) and `pollSeconds` override it when given.
    public static func factory(maxSubmitted: Int? = nil, pollSeconds: Double? = nil, ladderBinary binary: String? = nil,
                               client: any SlurmClient = SlurmCommands()) -> ExecutorFactory {
        { context in
            guard SlurmCommands.available || !(client is SlurmCommands) else {
                throw LadderError.badInput("--executor slurm: sbatch is not on PATH (run `ladder run` on a Slurm submit host)")
            }
            var settings = SlurmSettings(context.plan.ladder.executor, ladderBinary: binary ?? ladderBinary())
            if let maxSubmitted { settings.maxSubmitted = maxSubmitted }
            if let pollSeconds { settings.pollSeconds = pollSeconds }
            return try SlurmExecutor(context: context, client: client, settings: settings)
        }
    }

    /// The `ladder` the jobs run: `LADDER_BINARY` when set, else this very executable.
    static func ladderBinary() -> String {
        if let b = ProcessInfo.processInfo.environment["LADDER_BINARY"], !b.isEmpty { return b }
        return Bundle.main.executableURL?.resolvingSymlinksInPath().path ?? CommandLine.arguments[0]
    }
}
