import Foundation
import LadderCore
import LadderPlan
import LadderRun
import LadderSlurm
import LadderSpec

/// Picks where a run's steps go: `--executor`, else the ladder's `executor:`, else this machine.
enum ExecutorChoice {
    static func factory(_ flag: String?, jobs: Int?, detach: Bool) -> ExecutorFactory {
        { context in
            let kind = flag ?? context.plan.ladder.executor?.kind ?? "local"
            switch kind {
            case "slurm":
                return try SlurmExecutor.factory(maxSubmitted: jobs, pollSeconds: pollOverride())(context)
            default:
                if detach { throw LadderError.badInput("--detach needs an executor that runs steps elsewhere (--executor slurm)") }
                return try LocalExecutor.factory(context)
            }
        }
    }

    /// `LADDER_SLURM_POLL_SECONDS`: a faster poll for tests and small clusters.
    static func pollOverride() -> Double? {
        ProcessInfo.processInfo.environment["LADDER_SLURM_POLL_SECONDS"].flatMap(Double.init)
    }
}
