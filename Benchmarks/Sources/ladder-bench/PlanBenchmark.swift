import Foundation
import LadderCore
import LadderPlan
import LadderSpec

/// Planning figures (issue 2): parse + plan of synthetic study-shaped ladders at
/// about 1k, 10k and 100k steps, and the peak memory of planning the 100k ladder
/// in a fresh process, so earlier areas' allocations do not count.
func planBenchmark(_ report: inout BenchReport) throws {
    // Reference figures from issue 2, measured on this machine.
    // `threads`: nil plans as `ladder` does (two threads from 2,000 to 50,000 steps on a machine with
    // two cores); 1 or 2 forces one or two, shown beside the default for comparison.
    let sizes: [(label: String, ladder: SyntheticLadder, runs: Int, threads: Int?, target: String, reference: String)] = [
        ("1k", .small, 9, nil, "-", "quoted, not measured here (issue 2): Snakemake 9.27 dry-run, 1k jobs, 3.3 s; measured side by side: make bench-peers"),
        ("10k", .medium, 7, nil, "< 50 ms", "two threads (the default at this size); quoted, not measured here (issue 2): Snakemake 9.27 dry-run, 10k jobs, 12 s; measured side by side: make bench-peers"),
        ("10k", .medium, 7, 1, "-", "forced onto one thread, for comparison"),
        ("100k", .large, 3, nil, "< 1 s", "one thread (the default at this size); quoted, not measured here (issue 2): Snakemake 9.27 dry-run, 50k jobs, 60 s, 829 MB"),
        ("100k", .large, 3, 2, "-", "forced onto two threads, for comparison (not the default: see the peak memory below)"),
    ]
    for size in sizes {
        let text = size.ladder.yaml()
        var parse: [Double] = [], plan: [Double] = [], cpu: [Double] = []
        var steps = 0, shared = 0
        for _ in 0..<size.runs {
            let (ladder, p, pc) = try BenchReport.measureCPU { try parseSynthetic(text) }
            var planner = Planner(ladder: ladder, catalog: SyntheticLadder.catalog, checkFiles: false)
            planner.expandAhead = size.threads.map { $0 > 1 }
            let (planned, q, qc) = try BenchReport.measureCPU { try planner.plan() }
            parse.append(p)
            plan.append(q)
            cpu.append(pc + qc)
            steps = planned.steps.count
            shared = planned.sharedSteps.count
        }
        let total = zip(parse, plan).map { $0 + $1 }
        // CPU time is this thread's: with two threads it leaves out the worker's.
        var note = String(format: "parse %.1f ms + plan %.1f ms; CPU time of the calling thread %.1f ms (min %.1f); %d shared steps; ",
                          BenchReport.median(parse) * 1e3, BenchReport.median(plan) * 1e3, BenchReport.median(cpu) * 1e3,
                          (cpu.min() ?? 0) * 1e3, shared) + size.reference
        if steps != size.ladder.expectedSteps { note += "; expected \(size.ladder.expectedSteps) steps" }
        let threads = size.threads.map { $0 == 1 ? ", one thread" : ", two threads" } ?? ""
        report.add(BenchFigure(area: "plan", name: "parse + plan \(size.label)\(threads): \(steps) steps (median of \(size.runs))",
                               value: BenchReport.median(total) * 1e3, unit: "ms", target: size.target, note: note))
    }

    let child = try PlanChild.spawn(size: "100k")
    report.add(BenchFigure(area: "plan", name: "peak memory, parse + plan 100k: \(child.steps) steps (fresh process)",
                           value: child.peakMiB, unit: "MiB", target: "< 150 MB",
                           note: String(format: "VmHWM; %.1f MiB before parsing; quoted (issue 2): Snakemake 9.27 829 MB at 50k jobs",
                                        child.baselineMiB)))
    let two = try PlanChild.spawn(size: "100k", twoThreads: true)
    report.add(BenchFigure(area: "plan", name: "peak memory, parse + plan 100k, two threads: \(two.steps) steps (fresh process)",
                           value: two.peakMiB, unit: "MiB", target: "-",
                           note: String(format: "VmHWM; %.1f MiB before parsing; forced onto two threads: why plans above 50k steps stay on one",
                                        two.baselineMiB)))
}

/// Parses synthetic ladder text against the study's built-in engine names.
private func parseSynthetic(_ text: String) throws -> Ladder {
    try LadderParser(builtinEngines: SyntheticLadder.engineNames).parse(text: text, file: "synthetic.yaml")
}

/// Planning in a child process: `ladder-bench --plan-child SIZE` plans one
/// synthetic ladder and prints its step count and peak resident memory.
enum PlanChild {
    static let flag = "--plan-child"

    /// What the child reports.
    struct Figures {
        var steps: Int
        var baselineMiB: Double
        var peakMiB: Double
    }

    static func ladder(_ size: String) -> SyntheticLadder? {
        ["1k": SyntheticLadder.small, "10k": .medium, "100k": .large][size]
    }

    /// Runs in the child: prints `steps baselineMiB peakMiB` on one line.
    /// `threads`: "two-threads" or "one-thread" forces that many; anything else plans as `ladder` does.
    static func main(size: String, threads: String = "") throws {
        guard let l = ladder(size) else { throw LadderError.badInput("\(flag): unknown size '\(size)' (1k, 10k or 100k)") }
        let text = l.yaml()
        let baseline = BenchReport.peakRSSMiB()
        var planner = Planner(ladder: try parseSynthetic(text), catalog: SyntheticLadder.catalog, checkFiles: false)
        if threads == "two-threads" { planner.expandAhead = true }
        if threads == "one-thread" { planner.expandAhead = false }
        let plan = try planner.plan()
        let peak = BenchReport.peakRSSMiB()
        FileHandle.standardOutput.write(Data("\(plan.steps.count) \(baseline) \(peak)\n".utf8))
    }

    /// Starts this same executable with the hidden flag and reads its figures.
    static func spawn(size: String, twoThreads: Bool = false) throws -> Figures {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        p.arguments = [flag, size] + (twoThreads ? ["two-threads"] : [])
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let fields = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isWhitespace)
        guard p.terminationStatus == 0, fields.count == 3, let steps = Int(fields[0]),
              let base = Double(fields[1]), let peak = Double(fields[2]) else {
            throw LadderError.io("plan child exited with status \(p.terminationStatus) and printed '\(String(decoding: data, as: UTF8.self))'")
        }
        return Figures(steps: steps, baselineMiB: base, peakMiB: peak)
    }
}
