import Foundation
import LadderSpec
import ArgumentParser
import LadderCore
import LadderEngines
import LadderPlan
import LadderRun

/// `ladder explain LADDER.yaml STEP`: why this step would (not) run.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explain", abstract: "Show a step's resolved parameters, inputs and key ingredients.")

    @Argument(help: "The ladder file.") var ladder: String
    @Flag(name: .long, help: "Do not require the files the ladder names (sources, engine programs) to exist here.") var offline = false
    @Argument(help: "A step key (or its first digits) or label such as 'condition-2[lang=ur,tier=5k,seed=42].train'.") var step: String
    @OptionGroup var options: CommonOptions

    func run() throws {
        let plan = try LadderLoader().plan(ladder, checkFiles: !offline)
        let found = plan.find(step)
        guard let s = found.first else {
            let ofTemplate = plan.steps.filter { $0.users.contains { $0.template == step || $0.condition == step } }
            guard ofTemplate.isEmpty else {
                throw LadderError.badInput("'\(step)' names \(ofTemplate.count) steps; explain one of them:\n"
                                           + ofTemplate.map { "  \($0.shortKey)  \($0.label)" }.joined(separator: "\n"))
            }
            throw LadderError.badInput("no step matches '\(step)'; `ladder plan \(ladder)` lists keys and labels")
        }
        guard found.count == 1 else {
            throw LadderError.badInput("'\(step)' matches \(found.count) steps; give more of the key:\n"
                                       + found.map { "  \($0.shortKey)  \($0.label)" }.joined(separator: "\n"))
        }
        let (status, whys) = PlanStatus(plan: plan).statusAndReasons(storePath: options.store)
        let renderer = PlanRenderer(plan: plan, status: status, whys: whys)
        if options.json { Output.json(renderer.stepJSON(s)) } else { Output.write(renderer.explain(s)) }
    }
}
