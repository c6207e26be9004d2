import Foundation
import LadderCore

/// Writes into the state directory: a temporary file renamed into place, so a
/// reader never sees half a file. No fsync: the state is a cache of work that
/// can be redone (answers are paid once, but a lost answer is only asked again),
/// and a file per finished item must not cost a disk flush.
enum StateFile {
    static func write(_ data: Data, to url: URL) throws {
        let tmp = url.deletingLastPathComponent().appendingPathComponent(".tmp-\(UUID().uuidString)")
        do {
            try data.write(to: tmp)
            if rename(tmp.path, url.path) != 0 {
                throw LadderError.io("cannot rename into \(url.path): \(String(cString: strerror(errno)))")
            }
        } catch {
            try? FileManager.default.removeItem(at: tmp)
            throw (error as? LadderError) ?? LadderError.io("cannot write \(url.path): \(error.localizedDescription)")
        }
    }
}
