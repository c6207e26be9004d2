import Foundation
import LadderCore
import LadderStore

/// Commands that write where the user says (`reparse`, `report --html`, `engine run --out`)
/// never write into a stored step output: as root, a read-only object directory would not stop
/// them, and the next `fsck` would find the object corrupt.
enum StoredOutputGuard {
    /// Bad input when `directory` is inside a store's objects (through `views/` too).
    static func refuse(_ directory: URL, writing what: String, instead: String) throws {
        guard let root = Store.root(containing: directory) else { return }
        throw LadderError.badInput("\(what) would be written into \(directory.path), a stored step output of the store at "
                                   + "\(root.path); stored outputs are read-only: \(instead)")
    }
}
