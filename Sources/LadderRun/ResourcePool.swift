import Foundation
import LadderCore
import LadderPlan
import LadderStore
import LadderSpec

/// Slots of the local machine: a step starts only when its cpus, gpus and
/// memory fit beside the running ones, and at most `jobs` run at once. GPUs are
/// handed out as devices, so two steps never share one.
struct ResourcePool {
    let capacity: Resources
    let jobs: Int
    private(set) var running = 0
    private var cpus = 0, memory = 0
    /// Every device, in the order they are handed out, and those no step holds (the GPUs in use
    /// are the others).
    let devices: [String]
    private(set) var freeDevices: [String]

    /// `devices`: the machine's GPUs by name (`GPUCount.devices()`); used when there are as
    /// many as `capacity.gpus`, else (`--gpus N` set otherwise) the CUDA indices 0..<N.
    init(capacity: Resources, jobs: Int, devices: [String] = []) {
        self.capacity = capacity
        self.jobs = max(1, jobs)
        let count = max(capacity.gpus ?? 0, 0)
        self.devices = devices.count == count ? devices : (0..<count).map(String.init)
        freeDevices = self.devices
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
        return running < jobs && cpus + n.cpus <= (capacity.cpus ?? 1) && n.gpus <= freeDevices.count
            && memory + n.memory <= (capacity.memory ?? Int.max)
    }

    /// Takes a step's share; returns the GPU devices it holds until `give` (the first free ones).
    mutating func take(_ r: Resources) -> [String] {
        let n = clamp(r)
        running += 1; cpus += n.cpus; memory += n.memory
        let held = Array(freeDevices.prefix(n.gpus))
        freeDevices.removeFirst(held.count)
        return held
    }

    mutating func give(_ r: Resources, devices held: [String]) {
        let n = clamp(r)
        running -= 1; cpus -= n.cpus; memory -= n.memory
        freeDevices.append(contentsOf: held)
        freeDevices.sort { (devices.firstIndex(of: $0) ?? 0) < (devices.firstIndex(of: $1) ?? 0) }
    }
}
