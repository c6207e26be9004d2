import Foundation
import LadderCore
import LadderPlan
import LadderStore
import LadderSpec

/// Slots of the local machine: a step starts only when its cpus, gpus and
/// memory fit beside the running ones, and at most `jobs` run at once.
struct ResourcePool {
    let capacity: Resources
    let jobs: Int
    private(set) var running = 0
    private var cpus = 0, gpus = 0, memory = 0

    init(capacity: Resources, jobs: Int) {
        self.capacity = capacity
        self.jobs = max(1, jobs)
    }

    /// Needs clamped to the machine, so a step wanting more than there is runs alone.
    func clamp(_ r: Resources) -> (cpus: Int, gpus: Int, memory: Int) {
        (min(max(r.cpus ?? 1, 1), max(capacity.cpus ?? 1, 1)), r.gpus ?? 0, min(r.memory ?? 0, capacity.memory ?? Int.max))
    }

    /// Why a step can never run here, if it cannot.
    func impossible(_ r: Resources) -> String? {
        let need = r.gpus ?? 0
        let have = capacity.gpus ?? 0
        return need > have ? "needs \(need) GPU(s); the local executor has \(have) (set CUDA_VISIBLE_DEVICES or run where GPUs are)" : nil
    }

    func fits(_ r: Resources) -> Bool {
        let n = clamp(r)
        if running == 0 { return true }
        return running < jobs && cpus + n.cpus <= (capacity.cpus ?? 1) && gpus + n.gpus <= (capacity.gpus ?? 0)
            && memory + n.memory <= (capacity.memory ?? Int.max)
    }

    mutating func take(_ r: Resources) {
        let n = clamp(r)
        running += 1; cpus += n.cpus; gpus += n.gpus; memory += n.memory
    }

    mutating func give(_ r: Resources) {
        let n = clamp(r)
        running -= 1; cpus -= n.cpus; gpus -= n.gpus; memory -= n.memory
    }
}
