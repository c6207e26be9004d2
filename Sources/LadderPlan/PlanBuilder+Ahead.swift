import Foundation
import LadderCore
import LadderSpec

/// Why expanding ahead stopped. On a worker: the cell reads another cell (`all.STEP`, an
/// input of another condition), so the plan's own builder expands it. On the plan's
/// builder: the worker met an error or a file problem; the plan is then made again on
/// one thread, which reports it exactly where and how it always does.
struct AheadDeclined: Error {}

/// A worker builder expanding the later cells of a ladder on its own thread, while the
/// plan's builder expands the earlier ones (`PlanBuilder.planAhead`).
final class AheadWorker: @unchecked Sendable {
    let builder: PlanBuilder
    /// The first cell the worker owns: it owns every cell from here on, in condition and cell order.
    let first: CellRef
    private let done = DispatchSemaphore(value: 0)
    private var joined = false
    /// Set by the worker before it signals `done`; read after `finish()`.
    private var stopped = false

    init(builder: PlanBuilder, first: CellRef) {
        self.builder = builder
        self.first = first
    }

    func owns(_ ref: CellRef) -> Bool {
        ref.condition > first.condition || (ref.condition == first.condition && ref.cell >= first.cell)
    }

    func start(_ cells: [CellRef]) {
        Thread.detachNewThread { [self] in
            do { try builder.expandAhead(cells) } catch { stopped = true }
            done.signal()
        }
    }

    /// Waits for the worker to end (once); false when it stopped on an error.
    @discardableResult
    func finish() -> Bool {
        if !joined { done.wait(); joined = true }
        return !stopped
    }
}

/// What a two-thread plan no longer needs once it is expanded (the worker and its half of the
/// plan, the interning and recipe tables), freed on another thread while the paths render.
final class Leftovers: @unchecked Sendable {
    var worker: AheadWorker?
    var interned: [ByteKey: InternedParams] = [:]
    var recipes: [RecipeID: StepRecipe] = [:]

    func dropInBackground() {
        DispatchQueue.global(qos: .utility).async { [self] in
            worker = nil
            interned = [:]
            recipes = [:]
        }
    }
}

extension PlanBuilder {
    /// Plans of this many steps (by `estimatedSteps`) expand on two threads when the machine
    /// has two cores. Below, a thread costs more than it saves. Above, the worker's half of the
    /// plan, held until this thread has taken it over, would cost about 20 MB more at 100k
    /// steps (162 against 137 MiB at peak), while one thread plans them in under a second.
    static let aheadSteps = 2_000...50_000

    /// Plans a big ladder on two threads. A worker builder expands the later cells (53% of them
    /// by pipeline length) while this thread expands the earlier ones as always; this thread
    /// then takes the worker's cells over in the order a one-thread expansion visits them
    /// (`takeOver`). Steps are content-addressed, so each worker step has the key this thread
    /// would have given it; the plan (its step order, each step's users in order, its paths)
    /// is the one `build()` makes alone. Nil when declined or when anything went wrong: the
    /// caller then plans on one thread, which reports the problem.
    static func planAhead(ladder: Ladder, catalog: any EngineCatalog, checkFiles: Bool, force: Bool?) -> Plan? {
        guard force ?? (ProcessInfo.processInfo.activeProcessorCount > 1) else { return nil }
        let builder = PlanBuilder(ladder: ladder, catalog: catalog, checkFiles: checkFiles)
        if force == nil, !aheadSteps.contains(builder.estimatedSteps) { return nil }
        // Files are read and engines fingerprinted once, here, and handed to the worker (steps
        // may name built-in engines no declaration lists); a problem is reported by the one-thread plan.
        do {
            for s in ladder.sources { _ = try builder.sourceHash(s.name, at: s.location) }
            for e in ladder.engines { _ = try builder.engineInfo(e.name, at: e.location) }
            for t in ladder.steps { _ = try builder.engineInfo(t.engine, at: t.engineLocation) }
        } catch {
            return nil
        }
        guard builder.fileProblems.isEmpty else { return nil }
        let cells = builder.workerCells()
        guard let first = cells.first else { return nil }
        let ahead = AheadWorker(builder: PlanBuilder(workerOf: builder), first: first)
        builder.ahead = ahead
        builder.twoThreads = true
        ahead.start(cells)
        do {
            return try builder.build()
        } catch {
            ahead.finish()
            return nil
        }
    }

    /// A worker sharing what this builder already knows of the ladder (cells, engines, source hashes).
    convenience init(workerOf main: PlanBuilder) {
        self.init(ladder: main.ladder, catalog: main.catalog, checkFiles: main.checkFiles, cells: main.cellLists)
        fingerprints = main.fingerprints
        sourceHashes = main.sourceHashes
        engineInfos = main.engineInfos
        isWorker = true
        callStart = cellLists.map { Array(repeating: -1, count: $0.count) }
    }

    /// The cells the worker expands: from `mainShare` percent of the expansion (by steps per cell)
    /// to the end, in order. This thread also takes the worker's cells over, so it keeps less.
    func workerCells(mainShare: Int = 47) -> [CellRef] {
        let total = estimatedSteps
        var sum = 0
        var out: [CellRef] = []
        for (ci, cells) in cellLists.enumerated() {
            for k in cells.indices {
                if 100 * sum >= mainShare * total { out.append(CellRef(condition: ci, cell: k)) }
                sum += stepsPerCell[ci]
            }
        }
        return out
    }

    /// Worker: expands each cell in order, leaving those that read other cells.
    func expandAhead(_ cells: [CellRef]) throws {
        for ref in cells {
            let c = ladder.conditions[ref.condition]
            do { _ = try resolve(ref, from: c.location, via: c.name) } catch is AheadDeclined { continue }
        }
        // What only expansion needed goes before the plan's builder takes the cells over (peak memory).
        dropExpansionTables()
    }

    /// A cell the worker expanded, made here: each of its calls, in order, joins the step
    /// with that key or appends the worker's step with this call's user (and its upstream
    /// steps, which are earlier calls of the same cell, renumbered). Nil when the worker
    /// does not own the cell or left it.
    func takeOver(_ ref: CellRef, from ahead: AheadWorker) throws -> CellSteps? {
        guard ahead.owns(ref) else { return nil }
        guard ahead.finish() else { throw AheadDeclined() }
        let w = ahead.builder
        guard let local = w.resolved[ref.condition][ref.cell] else { return nil }
        var results = newCellSteps(ref.condition)
        var call = Int(w.callStart[ref.condition][ref.cell])
        // The worker has ended: its tables are read through local copies (no copy of a whole step per read).
        let wSteps = w.steps, wIndex = w.index, wUsers = w.callUsers, wFlat = w.upstreamFlat, wStart = w.upstreamStart
        try local.forEachEntry { entry in
            var made: [Int] = []
            made.reserveCapacity(entry.count)
            for l32 in entry {
                let l = Int(l32)
                let user = wSteps[l].users[Int(wUsers[call])]
                call += 1
                let digest = wIndex.digest(of: l)
                if let existing = index[digest] {
                    steps[existing].users.append(user)
                    made.append(existing)
                    continue
                }
                for up in wFlat[Int(wStart[l])..<Int(wStart[l + 1])] {
                    guard let g = index[wIndex.digest(of: Int(up))] else { throw AheadDeclined() }
                    upstreamFlat.append(Int32(g))
                }
                var step = wSteps[l]
                step.users = [user]
                steps.append(step)
                upstreamStart.append(Int32(upstreamFlat.count))
                index.append(digest)
                made.append(steps.count - 1)
            }
            results.append(made)
        }
        resolved[ref.condition][ref.cell] = results
        return results
    }
}
