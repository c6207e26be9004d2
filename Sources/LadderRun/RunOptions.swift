import Foundation
import LadderCore
import LadderPlan
import LadderStore
import LadderSpec

/// How `ladder run` runs a plan.
public struct RunOptions: Sendable {
    /// Store directory (default `runs`).
    public var store: String = "runs"
    /// Most steps running at once; defaults to the number of cores.
    public var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    /// After a failure, go on with steps that do not depend on it.
    public var keepGoing = false
    /// `condition=...,lang=...,engine=...`; nil runs everything.
    public var only: String?
    /// A name for the run (default: generated).
    public var name: String?
    /// Seconds to wait for another `ladder run` holding the store.
    public var lockWait: TimeInterval = 0
    /// Total resources the local executor hands out (GPUs: as many as `gpuDevices`).
    public var capacity: Resources
    /// The GPU devices a step that asks for GPUs is given (its `CUDA_VISIBLE_DEVICES`), when
    /// `capacity.gpus` counts them; else the CUDA indices 0..<`capacity.gpus`.
    public var gpuDevices: [String]

    /// On Ctrl-C, leave steps that run elsewhere (cluster jobs) running; a later run adopts them.
    public var detach = false

    public init() {
        gpuDevices = GPUCount.devices()
        capacity = Resources(cpus: ProcessInfo.processInfo.activeProcessorCount, gpus: gpuDevices.count,
                             memory: Int(ProcessInfo.processInfo.physicalMemory), time: nil)
    }
}
