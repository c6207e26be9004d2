import Foundation
import LadderSpec
import ArgumentParser
import LadderCore
import LadderEngines
import LadderPlan

/// `ladder plan LADDER.yaml [--json|--dot]`: what would run, what is cached, why.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plan", abstract: "Show the steps a ladder expands to, shared steps once.")

    @Argument(help: "The ladder file.") var ladder: String
    @Flag(name: .long, help: "Do not require the files the ladder names (sources, engine programs) to exist here.") var offline = false
    @OptionGroup var options: CommonOptions
    @Flag(name: .long, help: "Print the step graph in Graphviz dot.") var dot = false

    func run() throws {
        let plan = try LadderLoader().plan(ladder, checkFiles: !offline)
        let renderer = PlanRenderer(plan: plan, status: StoreStatus.cached(plan: plan, store: options.store))
        if options.json { Output.json(renderer.json) } else if dot { Output.write(renderer.dot) } else { Output.write(renderer.text) }
    }
}
