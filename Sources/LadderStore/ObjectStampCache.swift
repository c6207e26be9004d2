import Foundation

/// Where `ObjectStore` keeps the metadata stamps of objects it fully
/// verified, so `VerifyPolicy.trustStamps` can skip re-hashing. The state
/// database implements it (table `object_stamps`); calls are batched so a
/// check of ten thousand objects costs one query and one transaction.
public protocol ObjectStampCache: Sendable {
    /// The recorded stamps of those `hashes` that have one.
    func stamps(for hashes: [ObjectHash]) throws -> [ObjectHash: String]
    /// Records stamps taken right after a successful full verification.
    func saveStamps(_ stamps: [ObjectHash: String]) throws
    /// Drops stamps of objects found missing or corrupt.
    func forgetStamps(_ hashes: [ObjectHash]) throws
}
