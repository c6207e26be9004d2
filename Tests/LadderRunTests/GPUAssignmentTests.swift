import Foundation
import LadderCore
@testable import LadderRun
import LadderSpec
import Testing

/// The local executor hands GPUs out as devices: a step that asks for GPUs sees only its
/// own in `CUDA_VISIBLE_DEVICES`, two steps running at once never share one, and a step
/// that asks for none keeps the runner's view.
struct GPUAssignmentTests {
    @Test func stepsRunningAtOnceHoldDifferentDevicesAndGiveThemBack() {
        var pool = ResourcePool(capacity: Resources(cpus: 8, gpus: 3), jobs: 8, devices: ["GPU-a", "GPU-b", "GPU-c"])
        let one = Resources(gpus: 1), two = Resources(gpus: 2)
        let a = pool.take(one)
        #expect(a == ["GPU-a"])
        #expect(pool.fits(two))
        let b = pool.take(two)
        #expect(b == ["GPU-b", "GPU-c"])
        #expect(!pool.fits(one))
        #expect(pool.take(Resources(cpus: 1)) == [])             // no GPUs asked, none held
        pool.give(one, devices: a)
        #expect(pool.freeDevices == ["GPU-a"])
        pool.give(two, devices: b)
        #expect(pool.freeDevices == ["GPU-a", "GPU-b", "GPU-c"])  // back in the machine's order
        #expect(pool.take(two) == ["GPU-a", "GPU-b"])
    }

    @Test func aGpuCountSetByHandHandsOutCudaIndices() {
        var pool = ResourcePool(capacity: Resources(gpus: 2), jobs: 2, devices: ["GPU-a"])
        #expect(pool.devices == ["0", "1"])
        #expect(pool.take(Resources(gpus: 2)) == ["0", "1"])
        #expect(GPUCount.devices(environment: ["CUDA_VISIBLE_DEVICES": "GPU-3f2a, GPU-77"], deviceDirectory: "/nonexistent")
                == ["GPU-3f2a", "GPU-77"])
        #expect(GPUCount.devices(environment: ["CUDA_VISIBLE_DEVICES": "2,,3"], deviceDirectory: "/nonexistent") == ["2"])
    }

    static let yaml = """
    ladder: gpus
    axes: {w: [a, b]}
    engines:
      trainer: {run: [sh, trainer.sh], files: [trainer.sh]}
      counter: {run: [sh, counter.sh], files: [counter.sh]}
    steps:
      train: {engine: trainer, params: {w: "${w}"}, resources: {gpus: 1}}
      count: {engine: counter, params: {w: "${w}"}}
    conditions:
      c: {cells: {w: [a, b]}, pipeline: [train, count]}

    """

    /// Notes its device, then waits (up to 10 s) until both train steps have started, so
    /// they hold their devices at the same time.
    static let trainer = """
    echo "$CUDA_VISIBLE_DEVICES" >> started.txt
    i=0
    while [ "$(wc -l < started.txt)" -lt 2 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    echo "devices=$CUDA_VISIBLE_DEVICES"
    echo done > "$OUT/done.txt"
    ok

    """

    static let counter = """
    echo "devices=$CUDA_VISIBLE_DEVICES"
    echo done > "$OUT/done.txt"
    ok

    """

    @Test(.enabled(if: LadderBinary.available, "the ladder executable is not built beside the tests"))
    func twoGpuStepsAtOnceEachSeeTheirOwnDeviceAndOtherStepsSeeTheRunners() throws {
        let t = try TestLadder()
        defer { t.remove() }
        try t.write("l.yaml", Self.yaml)
        try t.script("trainer.sh", Self.trainer)
        try t.script("counter.sh", Self.counter)
        try t.write("started.txt", "")
        let run = try LadderBinary.run(["run", "l.yaml", "--jobs", "2"], in: t.dir, environment: ["CUDA_VISIBLE_DEVICES": "5,7"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(t.lines("started.txt").sorted() == ["5", "7"])
        for w in ["a", "b"] {
            let train = try LadderBinary.run(["log", "c[w=\(w)].train"], in: t.dir, tag: "log-\(w)").stdout
            #expect(train.contains("devices=5\n") || train.contains("devices=7\n"), "\(train)")
            let count = try LadderBinary.run(["log", "c[w=\(w)].count"], in: t.dir, tag: "log-count-\(w)").stdout
            #expect(count.contains("devices=5,7\n"), "\(count)")
        }
    }
}
