import Foundation
#if canImport(Glibc)
import Glibc
#endif
import LadderCore
import LadderEngines
import LadderRun
import LadderSpec

/// Runner figures (issue 3): the local executor's per-step overhead on 1,000
/// trivial external steps, and a no-op re-run of a finished ~10k-step ladder.
func runBenchmark(_ report: inout BenchReport) throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("ladder-bench-run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: root) }
    try externalOverhead(root.appendingPathComponent("external"), &report)
    try noopRerun(root.appendingPathComponent("noop"), &report)
}

/// The smallest external engine: reads `output_dir`, `result_path` and `plan_key`
/// from the request (one JSON key per line, as the runner writes it) with shell
/// built-ins only, so each step costs one `sh` process.
private let engineScript = """
    #!/bin/sh
    while IFS= read -r line; do
      case $line in
        *'"output_dir"'*) out=${line#*: \\"}; out=${out%\\"*} ;;
        *'"result_path"'*) res=${line#*: \\"}; res=${res%\\"*} ;;
        *'"plan_key"'*) key=${line#*: \\"}; key=${key%\\"*} ;;
      esac
    done < "$1"
    printf '%s\\n' "$key" > "$out/out.txt"
    printf '{"status": "ok"}\\n' > "$res"

    """

private let jobs = 2

/// 250 cells × a 4-step chain = 1,000 external steps, run with `--jobs 2`; then the
/// same script on 1,000 requests spawned directly, 2 at a time, as the processes' own cost.
private func externalOverhead(_ dir: URL, _ report: inout BenchReport) throws {
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    try Data(engineScript.utf8).write(to: dir.appendingPathComponent("engine.sh"))
    let shards = (0..<50).map { String(format: "s%02d", $0) }
    let seeds = (1...5).map(String.init)
    var yaml = """
        ladder: bench-external
        axes:
          shard: [\(shards.joined(separator: ", "))]
          seed: [\(seeds.joined(separator: ", "))]
        engines:
          touch: {run: [sh, engine.sh], version: "1"}
        steps:

        """
    var previous: String?
    for stage in ["prepare", "train", "eval", "score"] {
        let inputs = previous.map { ", inputs: {data: \($0)}" } ?? ""
        yaml += "  \(stage): {engine: touch\(inputs), params: {stage: \(stage), shard: \"${shard}\", seed: \"${seed}\"}}\n"
        previous = stage
    }
    yaml += "conditions:\n  work: {cells: {shard: [\(shards.joined(separator: ", "))], seed: [\(seeds.joined(separator: ", "))]},"
    yaml += " pipeline: [prepare, train, eval, score]}\n"
    let ladderPath = dir.appendingPathComponent("external.yaml").path
    try Data(yaml.utf8).write(to: URL(fileURLWithPath: ladderPath))
    let script = dir.appendingPathComponent("engine.sh").path
    let stepCount = shards.count * seeds.count * 4

    // Ladder run and direct spawns alternate, three times, so a burst of other load on
    // the machine hits both sides of one difference rather than one side of the figure.
    var overheads: [Double] = [], ladderTimes: [Double] = [], directTimes: [Double] = []
    for rep in 0..<3 {
        var options = RunOptions()
        options.store = dir.appendingPathComponent("store-\(rep)").path
        options.jobs = jobs
        let (summary, ladderSeconds) = try BenchReport.measure {
            try RunService(progress: Progress(quiet: true)).run(ladderPath: ladderPath, options: options)
        }
        guard summary.count("executed") == stepCount, summary.steps.count == stepCount else {
            throw LadderError.stepFailed("external-step ladder: \(summary.text)")
        }
        let directSeconds = try directCost(dir.appendingPathComponent("direct-\(rep)"), script: script, count: stepCount)
        ladderTimes.append(ladderSeconds)
        directTimes.append(directSeconds)
        overheads.append((ladderSeconds - directSeconds) / Double(stepCount) * 1e3)
    }
    let spread = overheads.map { String(format: "%.1f", $0) }.joined(separator: ", ")
    report.add(BenchFigure(area: "run", name: "local executor overhead per external step (1,000 steps, --jobs \(jobs), median of 3)",
                           value: BenchReport.median(overheads), unit: "ms", target: "< 5 ms",
                           note: String(format: "ladder run %.2f s − same 1,000 processes spawned directly %.2f s ",
                                        BenchReport.median(ladderTimes), BenchReport.median(directTimes))
                               + "(posix_spawn + waitpid, 2 at a time); runs: \(spread) ms; quoted (issue 3): Snakemake 9.27 24–53 ms per job"))
}

/// Wall time of running the engine script on `count` requests, `jobs` at a time,
/// with nothing but `posix_spawn` + `waitpid` around it: the processes' own cost.
private func directCost(_ direct: URL, script: String, count: Int) throws -> Double {
    var requests: [String] = []
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    for i in 0..<count {
        let work = direct.appendingPathComponent("w\(i)")
        let out = work.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let request = EngineRequest(step: SHA256.hex("step \(i)"), planKey: SHA256.hex("plan \(i)"), engine: "touch",
                                    params: ["stage": .string("prepare")], inputs: [:], outputDir: out.path,
                                    scratchDir: work.appendingPathComponent("scratch").path,
                                    stateDir: work.appendingPathComponent("state").path,
                                    resultPath: work.appendingPathComponent("result.json").path, seed: nil,
                                    resources: Resources(cpus: 1))
        let url = work.appendingPathComponent("request.json")
        try encoder.encode(request).write(to: url)
        requests.append(url.path)
    }
    let env = ["PATH", "HOME", "LANG"].compactMap { k in ProcessInfo.processInfo.environment[k].map { "\(k)=\($0)" } }
    let failures = Counter()
    let paths = requests
    let seconds = BenchReport.time {
        DispatchQueue.concurrentPerform(iterations: jobs) { lane in
            for i in stride(from: lane, to: count, by: jobs) {
                let log = (paths[i] as NSString).deletingLastPathComponent + "/log.txt"
                if spawnAndWait(["/usr/bin/env", "sh", script, paths[i]], env: env, log: log) != 0 { failures.add() }
            }
        }
    }
    guard failures.value == 0 else { throw LadderError.stepFailed("direct engine runs: \(failures.value) of \(count) failed") }
    return seconds
}

/// Starts `argv` with stdout and stderr to `log` and waits; returns the wait status (-1 if it could not start).
private func spawnAndWait(_ argv: [String], env: [String], log: String) -> Int32 {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    let cArgv = argv.map { strdup($0) } + [nil]
    let cEnv = env.map { strdup($0) } + [nil]
    defer { for p in cArgv + cEnv { free(p) } }
    var pid: pid_t = 0
    guard posix_spawn(&pid, argv[0], &actions, nil, cArgv, cEnv) == 0 else { return -1 }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1, errno == EINTR {}
    return status
}

/// The ~10k-step synthetic study ladder with every engine the external script
/// (each step's output is its plan key, so no two steps share an execution key):
/// one full run (reported, not the target), then no-op re-runs.
private func noopRerun(_ dir: URL, _ report: inout BenchReport) throws {
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    var ladder = SyntheticLadder.medium
    ladder.engines = .external(script: "engine.sh")
    try Data(engineScript.utf8).write(to: dir.appendingPathComponent("engine.sh"))
    try SyntheticLadder.writeSources(to: dir)
    let ladderPath = dir.appendingPathComponent("synthetic.yaml").path
    try Data(ladder.yaml().utf8).write(to: URL(fileURLWithPath: ladderPath))
    var options = RunOptions()
    options.store = dir.appendingPathComponent("store").path
    options.jobs = jobs
    let service = RunService(progress: Progress(quiet: true))

    let (first, firstSeconds) = try BenchReport.measure { try service.run(ladderPath: ladderPath, options: options) }
    let n = first.steps.count
    guard first.count("executed") == n else { throw LadderError.stepFailed("first run of the 10k ladder: \(first.text)") }
    report.add(BenchFigure(area: "run", name: "first full run, \(n) external steps (--jobs \(jobs))", value: firstSeconds, unit: "s",
                           target: "-", note: String(format: "%.1f ms per step, one sh process each", firstSeconds / Double(n) * 1e3)))

    // Outputs younger than the store's racy-timestamp margin are re-hashed rather than trusted.
    Thread.sleep(forTimeInterval: 2.2)
    var times: [Double] = []
    for _ in 0..<4 {
        let (again, seconds) = try BenchReport.measure { try service.run(ladderPath: ladderPath, options: options) }
        guard again.count("reused") == n else { throw LadderError.stepFailed("no-op re-run executed steps: \(again.text)") }
        times.append(seconds)
    }
    // The same no-op re-run as users start it: the release `ladder` binary, a fresh process each time.
    var cliTimes: [Double] = []
    if let binary = LadderBinary.path {
        for _ in 0..<3 {
            cliTimes.append(try LadderBinary.time([binary, "run", ladderPath, "--store", options.store, "--jobs", String(jobs)]))
        }
    }
    // How much of a re-run is planning (parse, expand, hash the sources), for the notes.
    var planTimes: [Double] = []
    for _ in 0..<3 { planTimes.append(try BenchReport.measure { try LadderLoader().plan(ladderPath) }.1) }
    let planning = String(format: "of which loading + planning the ladder %.2f s", BenchReport.median(planTimes))
    report.add(BenchFigure(area: "run", name: "no-op re-run of the finished \(n)-step ladder, first after the full run", value: times[0],
                           unit: "s", target: "< 0.5 s", note: planning + "; quoted (issue 3): Snakemake 9.27 17.6 s, DVC 7.4 s at 550 stages"))
    report.add(BenchFigure(area: "run", name: "no-op re-run of the finished \(n)-step ladder (median of 3 more)",
                           value: BenchReport.median(Array(times.dropFirst())), unit: "s", target: "< 0.5 s",
                           note: planning + "; the rest: store lookups, run record, views"))
    if cliTimes.isEmpty {
        report.add(BenchFigure(area: "run", name: "no-op re-run through the `ladder` binary", value: .nan, unit: "s", target: "< 0.5 s",
                               note: "not measured: no release `ladder` beside ladder-bench (make bench builds it)"))
    } else {
        report.add(BenchFigure(area: "run", name: "no-op re-run of the finished \(n)-step ladder through the release `ladder` binary (median of 3)",
                               value: BenchReport.median(cliTimes), unit: "s", target: "< 0.5 s",
                               note: "process start, load, plan, store lookups, run record, views; runs: "
                                   + cliTimes.map { String(format: "%.2f", $0) }.joined(separator: ", ") + " s"))
    }
}

/// A thread-safe count of failures across lanes.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func add() { lock.lock(); n += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return n }
}
