import Foundation

/// What a name token does at its position, as far as translation cares.
enum NameRole: UInt8 {
    /// Not a name, or not yet decided.
    case unset
    /// A load of the name: a builtin here means the builtin object.
    case reference
    /// The file binds the name here (assignment, parameter, def, import...).
    case binding
    /// After a dot: an attribute, never a builtin.
    case attribute
    /// `name=` inside a call: a parameter name of the callee.
    case keywordArgument
    /// A hard keyword.
    case keyword
    /// A soft keyword acting as a keyword (`match`/`case` statements,
    /// `type` aliases, the `_` wildcard pattern).
    case softKeyword
    /// A module or imported-name path inside an import statement.
    case importPath
}
