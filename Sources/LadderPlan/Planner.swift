import Foundation
import LadderCore
import LadderSpec

/// Expands a ladder into a plan: cells per condition, one step per pipeline entry
/// (or per fan-out value), shared steps merged by key, cycles reported with their path.
public struct Planner {
    public let ladder: Ladder
    public let catalog: any EngineCatalog
    /// When false, files the ladder names (sources, engine programs, `files:`) are not
    /// required to exist (`validate --offline`, `manifest`): keys then use declared pins.
    public var checkFiles: Bool
    /// Whether a second thread expands half of the cells ahead (`PlanBuilder+Ahead`): nil
    /// decides by the plan's size and the machine's cores; the plan is the same either way.
    public var expandAhead: Bool?

    public init(ladder: Ladder, catalog: any EngineCatalog, checkFiles: Bool = true) {
        self.ladder = ladder
        self.catalog = catalog
        self.checkFiles = checkFiles
    }

    public func plan() throws -> Plan {
        do {
            if let plan = PlanBuilder.planAhead(ladder: ladder, catalog: catalog, checkFiles: checkFiles, force: expandAhead) {
                return plan
            }
            return try PlanBuilder(ladder: ladder, catalog: catalog, checkFiles: checkFiles).build()
        } catch let e as SpecError {
            if let text = try? String(contentsOfFile: ladder.file, encoding: .utf8) { throw e.withSource(text) }
            throw e
        } catch let e as SpecErrors {
            if let text = try? String(contentsOfFile: ladder.file, encoding: .utf8) { throw e.withSource(text) }
            throw e
        }
    }
}

/// Identifies one condition cell during expansion.
struct CellID: Hashable {
    var condition: String
    var cell: Cell
}

/// A condition cell by position: the condition's index in the ladder and the cell's
/// index among that condition's cells (what the expansion tables are indexed by).
struct CellRef: Equatable {
    var condition: Int
    var cell: Int
}

/// Mutable state of one expansion. Steps are appended only after their inputs,
/// so append order is a topological order.
final class PlanBuilder {
    let ladder: Ladder
    let catalog: any EngineCatalog
    var steps: [PlannedStep] = []
    var index = StepIndex()
    /// Each cell's expansion, by condition index and cell index (nil until expanded).
    var resolved: [[CellSteps?]] = []
    /// Each condition's pipeline template names, by condition index.
    var pipelineTemplates: [[String]] = []
    /// Each condition's steps per cell: one per pipeline entry, or one per fan-out value.
    var stepsPerCell: [Int] = []
    var inProgress: [(CellRef, String)] = []
    var cellsByCondition: [String: [Cell]] = [:]
    /// Each condition's cells and compiled `${name}` template, by condition index.
    var cellLists: [[Cell]] = []
    var nameTemplates: [(text: String, compiled: CompiledText?)] = []
    /// Recipes of conditions without `where` rules, by condition index and pipeline position.
    var plainRecipes: [[StepRecipe?]] = []
    var fingerprints: [String: String] = [:]
    var sourceHashes: [String: String?] = [:]
    /// Each step's upstream step indices (its inputs' steps, in input order), flat: step i
    /// reads `upstreamFlat[upstreamStart[i]..<upstreamStart[i + 1]]`.
    var upstreamFlat: [Int32] = []
    var upstreamStart: [Int32] = [0]
    /// Each source's declared corpus (renderPaths).
    var sourceCorpora: [String: String?] = [:]
    let sharedScopeLadder: ScopeLadder
    let checkFiles: Bool
    /// Missing or mismatched files, collected so every one is reported at once.
    var fileProblems: [SpecError] = []
    /// Parameter checkers by engine name (nil: parameters unchecked), and scorer names, made once.
    var parameterCheckers: [String: ParameterChecker?] = [:]
    lazy var scorerNames: [String] = catalog.scorerNames(ladder: ladder)
    /// Recipes by condition, pipeline entry and matching rules; engines by name.
    var recipes: [RecipeID: StepRecipe] = [:]
    var engineInfos: [String: EngineInfo] = [:]
    var conditionIndices: [String: Int] = [:]
    /// Parameter sets seen so far, by engine name and canonical encoding (`EngineInfo.internPrefix` + JSON).
    var internedParams: [ByteKey: InternedParams] = [:]
    /// Parameter sets and source files whose plan-time file check already ran.
    var checkedSources: Set<SourceCheck> = []
    /// Scratch buffers reused by every step.
    var scratch = StepScratch()
    /// One SHA-256 context for every step key.
    var keyHasher = SHA256()
    /// Expanding ahead (`PlanBuilder+Ahead`): set on a worker, which leaves cells that read
    /// other cells to the plan's own builder and notes, for each step it makes or joins, where
    /// that call's user sits in the step's users (`callUsers`, from `callStart` of each cell).
    var isWorker = false
    var callUsers: [Int32] = []
    var callStart: [[Int32]] = []
    /// On the plan's own builder: the worker that expanded cells ahead and which cells it owns.
    var ahead: AheadWorker?
    /// Paths are rendered on two threads (set with `ahead`).
    var twoThreads = false

    /// `cells`: each condition's cells when already expanded (a worker's).
    init(ladder: Ladder, catalog: any EngineCatalog, checkFiles: Bool = true, cells known: [[Cell]]? = nil) {
        self.ladder = ladder
        self.catalog = catalog
        self.checkFiles = checkFiles
        sharedScopeLadder = ScopeLadder(ladder)
        for (i, c) in ladder.conditions.enumerated() {
            let cells = known?[i] ?? c.cells.cells(in: ladder)
            cellsByCondition[c.name] = cells
            cellLists.append(cells)
            resolved.append(Array(repeating: nil, count: cells.count))
            plainRecipes.append(Array(repeating: nil, count: c.pipeline.count))
            conditionIndices[c.name] = i
            pipelineTemplates.append(c.pipeline.map(\.template))
            stepsPerCell.append(c.pipeline.reduce(0) { $0 + (ladder.step($1.template)?.forEach?.values.count ?? 1) })
            let name = c.nameTemplate ?? ladder.variables["naming"]?["name"]?.stringValue ?? "${condition}"
            nameTemplates.append((name, CompiledText(name, ladder: ladder)))
        }
    }

    /// At most one step per pipeline entry (and fan-out value) per cell.
    var estimatedSteps: Int {
        cellLists.indices.reduce(0) { $0 + cellLists[$1].count * stepsPerCell[$1] }
    }

    /// A cell's expansion record: each entry's count and its steps, in one allocation.
    func newCellSteps(_ condition: Int) -> CellSteps {
        CellSteps(templates: pipelineTemplates[condition], capacity: pipelineTemplates[condition].count + stepsPerCell[condition])
    }

    func build() throws -> Plan {
        // Reserve the most steps the ladder can make up front.
        let estimate = estimatedSteps
        steps.reserveCapacity(estimate)
        index.reserveCapacity(estimate)
        for (ci, c) in ladder.conditions.enumerated() {
            for k in cellLists[ci].indices {
                _ = try resolve(CellRef(condition: ci, cell: k), from: c.location, via: c.name)
            }
        }
        // Sources and programs no step reads are checked too: the ladder names them.
        for s in ladder.sources { _ = try sourceHash(s.name, at: s.location) }
        for e in ladder.engines where e.run != nil { _ = try engineInfo(e.name, at: e.location) }
        let leftovers = Leftovers()
        if let ahead {
            guard ahead.finish(), ahead.builder.fileProblems.isEmpty else { throw AheadDeclined() }
            leftovers.worker = self.ahead
            self.ahead = nil
        }
        if !fileProblems.isEmpty {
            var seen: Set<String> = []
            let unique = fileProblems.filter { seen.insert($0.description).inserted }
            throw SpecErrors(unique.sorted { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) })
        }
        // What only expansion needed goes before the paths are rendered (peak memory); with two
        // threads it is freed on another thread meanwhile.
        if twoThreads {
            swap(&leftovers.interned, &internedParams)
            swap(&leftovers.recipes, &recipes)
            leftovers.dropInBackground()
        }
        dropExpansionTables()
        let paths = try renderPaths()
        resolved = []
        return Plan(ladder: ladder, steps: steps, paths: paths,
                    cells: ladder.conditions.map { ($0.name, cellsByCondition[$0.name] ?? []) }, index: index)
    }

    /// Frees what only expansion needs: interned parameter sets, recipes, scratch buffers.
    func dropExpansionTables() {
        internedParams = [:]
        recipes = [:]
        plainRecipes = []
        scratch = StepScratch()
    }

    /// Expands one condition cell's pipeline, returning template → step indices.
    func resolve(_ ref: CellRef, from location: SourceLocation, via: String) throws -> CellSteps {
        if let done = resolved[ref.condition][ref.cell] { return done }
        if let ahead, let taken = try takeOver(ref, from: ahead) { return taken }
        let condition = ladder.conditions[ref.condition]
        let id = CellID(condition: condition.name, cell: cellLists[ref.condition][ref.cell])
        if let start = inProgress.firstIndex(where: { $0.0 == ref }) {
            let chain = inProgress[start...].map { "\(ladder.conditions[$0.0.condition].name)[\(cellLists[$0.0.condition][$0.0.cell])].\($0.1)" }
                + ["\(id.condition)[\(id.cell)]"]
            throw SpecError("cycle between steps: \(chain.joined(separator: " -> "))", at: location,
                            hint: "a step cannot depend, directly or through other conditions, on its own cell")
        }
        inProgress.append((ref, via))
        defer { inProgress.removeLast() }
        if isWorker { callStart[ref.condition][ref.cell] = Int32(callUsers.count) }
        var results = newCellSteps(ref.condition)
        var previous: [Int] = []
        var scope = Scope(ladder: sharedScopeLadder, condition: condition.name, cell: id.cell)
        let nameTemplate = nameTemplates[ref.condition]
        if let fast = nameTemplate.compiled?.render(scope) {
            scope.name = fast
        } else {
            do { scope.name = try Interpolator.render(nameTemplate.text, scope: scope, at: condition.location) } catch let e as SpecError {
                scope.nameError = e
            }
        }
        let templates = pipelineTemplates[ref.condition]
        for position in templates.indices {
            inProgress[inProgress.count - 1].1 = templates[position]
            let recipe = try self.recipe(at: position, condition: condition, conditionIndex: ref.condition, cell: id.cell)
            var made: [Int] = []
            made.reserveCapacity(recipe.instances.count)
            // The fan-out value is set in place: no copy of the scope per step.
            for local in recipe.instances {
                scope.local = local
                let idx = try makeStep(recipe, scope: scope, id: id, previous: previous, results: results, condition: condition)
                made.append(idx)
            }
            scope.local = nil
            results.append(made)
            previous = made
        }
        resolved[ref.condition][ref.cell] = results
        return results
    }
}
