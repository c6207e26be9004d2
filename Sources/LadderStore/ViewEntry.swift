import Foundation

/// One link of a view: `views/<name>/<path>` → an object (or a path inside it).
public struct ViewEntry: Sendable, Equatable, Codable {
    /// Where the link goes in the view, relative (rendered from the plan).
    public var path: String
    /// The object it points to.
    public var hash: ObjectHash
    /// A path inside a tree object, when the link should point there.
    public var subpath: String?

    public init(path: String, hash: ObjectHash, subpath: String? = nil) {
        self.path = path
        self.hash = hash
        self.subpath = subpath
    }
}

/// What `Store.buildView` did.
public struct ViewReport: Sendable, Equatable {
    /// `views/<name>`, the stable path users open.
    public var url: URL
    /// Links in the view.
    public var entries: Int
    /// False when the view already had exactly this content (nothing touched).
    public var changed: Bool
}

/// The manifest kept next to each built view generation, so `gc` can count
/// what views reference without reading link targets back.
struct ViewManifest: Codable {
    var version = ViewManifest.currentVersion
    var name: String
    var entries: [ViewEntry]

    static let currentVersion = "ladder-view-v1"
}
