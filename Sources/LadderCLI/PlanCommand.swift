import Foundation
import LadderSpec
import ArgumentParser
import LadderCore
import LadderEngines
import LadderPlan
import LadderRun

/// `ladder plan LADDER.yaml [--json|--dot]`: what would run, what is cached, why.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plan", abstract: "Show the steps a ladder expands to, shared steps once.")

    @Argument(help: "The ladder file.") var ladder: String
    @Flag(name: .long, help: "Do not require the files the ladder names (sources, engine programs) to exist here.") var offline = false
    @OptionGroup var options: CommonOptions
    @Flag(name: .long, help: "Print the step graph in Graphviz dot.") var dot = false
    @Option(name: .long, help: "Show only matching steps and what they read, e.g. condition=condition-2,lang=ur.") var only: String?

    func run() throws {
        let plan = try LadderLoader().plan(ladder, checkFiles: !offline)
        let selection = try only.map { try StepSelector($0).select(in: plan) }
        let (status, whys) = PlanStatus(plan: plan).statusAndReasons(storePath: options.store)
        let renderer = PlanRenderer(plan: plan, status: status, whys: whys, selection: selection)
        if options.json { Output.json(renderer.json) } else if dot { Output.write(renderer.dot) } else { Output.write(renderer.text) }
    }
}
