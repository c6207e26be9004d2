import Foundation
import Testing
import LadderCore
import LadderEngines
import LadderPlan
import LadderRun
import LadderStore

/// `plan`, `explain` and `run --json` say why a step runs, in one vocabulary,
/// grouped by root cause: each case of `StepReason` is produced by the change it names.
@Suite struct ReasonTests {
    func planned(_ t: TestLadder) throws -> (Plan, [String: String], [String: StepWhy]) {
        let plan = try LadderLoader().plan(t.ladderPath)
        let (status, whys) = PlanStatus(plan: plan).statusAndReasons(storePath: t.storePath)
        return (plan, status, whys)
    }

    func why(_ plan: Plan, _ whys: [String: StepWhy], _ label: String) -> StepWhy? {
        plan.steps.first { $0.label == label }.flatMap { whys[$0.key] }
    }

    @Test func aFreshLadderIsNewStepsGroupedPerCondition() throws {
        let t = try WordsLadder.create()
        defer { t.remove() }
        let (plan, status, whys) = try planned(t)
        #expect(whys.count == 8)
        #expect(why(plan, whys, "c[w=a].make")?.reasons == [.newStep])
        let causes = RootCause.group(plan: plan, whys: whys)
        #expect(causes.map(\.text) == ["new steps of c", "new steps of d"])
        #expect(causes.map(\.total) == [6, 2])
        #expect(causes.allSatisfy { !$0.upperBound })
        #expect(PlanRenderer(plan: plan, status: status, whys: whys).text.contains("3 steps → 6 steps: new steps of c"))
    }

    @Test func oneParameterIsTheSingleRootCauseAndItsDependentsAreAnUpperBound() throws {
        let t = try WordsLadder.create()
        defer { t.remove() }
        try t.run()
        try t.write("l.yaml", WordsLadder.yaml.replacingOccurrences(of: "word: zed", with: "word: zeta"))
        let (plan, status, whys) = try planned(t)
        #expect(Set(whys.keys) == Set(plan.steps.filter { status[$0.key] == "run" }.map(\.key)))
        #expect(why(plan, whys, "d[w=z].make")?.reasons == [.parameterChanged(name: "word", old: .string("zed"), new: .string("zeta"))])
        let again = try #require(why(plan, whys, "d[w=z].again"))
        #expect(again.reasons == [.upstreamChanged(input: "x", upstream: "d[w=z].make")])
        #expect(again.mayBeCutOff)
        let causes = RootCause.group(plan: plan, whys: whys)
        #expect(causes.count == 1)
        #expect(causes.first?.line == "1 step → ≤ 2 steps: params.word of make zed → zeta")
        let text = PlanRenderer(plan: plan, status: status, whys: whys).text
        #expect(text.contains("why: 1 root cause → ≤ 2 steps to run"), "\(text)")

        // The run carries the same reasons, step by step.
        let s = try t.run()
        #expect(s.line("d[w=z].make")?.why?.reasons.first?.kind == "param")
        #expect(s.line("d[w=z].again")?.why?.reasons.first?.kind == "upstream")
        #expect(s.line("c[w=a].make")?.why == nil, "a reused step needs no reason")
        // And once it has run, nothing is left to explain.
        #expect(try planned(t).2.isEmpty)
    }

    @Test func anEngineScriptEditIsOneCauseAcrossItsSteps() throws {
        let t = try WordsLadder.create()
        defer { t.remove() }
        try t.run()
        try t.script("again.sh", WordsLadder.again.replacingOccurrences(of: "'a-z' 'A-Z'", with: "'a-y' 'B-Z'"))
        let (plan, _, whys) = try planned(t)
        #expect(whys.count == 4)
        #expect(whys.values.allSatisfy { $0.reasons == [.engineCodeChanged(engine: "ag")] })
        let causes = RootCause.group(plan: plan, whys: whys)
        #expect(causes.map(\.line) == ["4 steps: engine ag: code changed"])
    }

    @Test func aFailedStepIsTheRootOfItsNeverRunDependents() throws {
        let t = try WordsLadder.create()
        defer { t.remove() }
        try t.script("make.sh", """
            WORD=$(field word)
            if [ "$WORD" = b ] && [ ! -f fixed ]; then echo "not yet" >&2; exit 3; fi
            \(WordsLadder.make.replacingOccurrences(of: "WORD=$(field word)\n", with: ""))
            """)
        try t.run(keepGoing: true)
        let (plan, _, whys) = try planned(t)
        #expect(whys.count == 2)
        let make = try #require(why(plan, whys, "c[w=b].make"))
        #expect(make.reasons.first?.kind == "failed")
        #expect(make.reasons.first?.text.contains("exited with status 3") == true, "\(make.text)")
        let again = try #require(why(plan, whys, "c[w=b].again"))
        #expect(again.reasons.first == .newStep)
        #expect(again.roots == [make.roots[0]])
        let causes = RootCause.group(plan: plan, whys: whys)
        #expect(causes.map(\.line) == ["1 step → 2 steps: c[w=b].make failed before"])
    }

    @Test func missingOutputsAreNamed() throws {
        let t = try WordsLadder.create()
        defer { t.remove() }
        let first = try t.run()
        let key = try #require(first.line("c[w=a].make")?.key)
        let store = try t.openExclusive()
        let outputs = try store.database.outputs(stepKey: key)
        let path = store.objects.unverifiedPath(of: try #require(outputs["out"])).path
        store.close()
        t.chmodTree(path)
        try FileManager.default.removeItem(atPath: path)
        let (plan, _, whys) = try planned(t)
        #expect(why(plan, whys, "c[w=a].make")?.reasons == [.outputsInvalid(missing: ["out"], corrupt: [])])
    }

    @Test func explainAndPlanJSONCarryTheReason() throws {
        let t = try WordsLadder.create()
        defer { t.remove() }
        try t.run()
        try t.write("l.yaml", WordsLadder.yaml.replacingOccurrences(of: "tag: up", with: "tag: upper"))
        let (plan, status, whys) = try planned(t)
        let r = PlanRenderer(plan: plan, status: status, whys: whys)
        let step = try #require(plan.find("c[w=a].again").first)
        #expect(r.explain(step).contains("why:\n  params.tag up → upper\n"), "\(r.explain(step))")
        #expect(r.stepJSON(step)["why"]?["reasons"]?.arrayValue?.first?["kind"] == .string("param"))
        #expect(r.json["causes"]?.arrayValue?.first?["text"] == .string("params.tag of again up → upper"))
        let only = PlanRenderer(plan: plan, status: status, whys: whys,
                                selection: try StepSelector("condition=d").select(in: plan))
        #expect(only.steps.map(\.label) == ["d[w=z].make", "d[w=z].again"])
        #expect(only.causes.map(\.line) == ["1 step: params.tag of again up → upper"])
    }
}

extension TestLadder {
    /// Makes a stored tree writable so a test can damage it.
    func chmodTree(_ path: String) {
        if let e = FileManager.default.enumerator(atPath: path) {
            while let rel = e.nextObject() as? String { chmod((path as NSString).appendingPathComponent(rel), 0o755) }
        }
        chmod(path, 0o755)
        chmod((path as NSString).deletingLastPathComponent, 0o755)
    }
}
