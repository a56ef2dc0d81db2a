/// Bounds that keep a hostile file from using unbounded time or memory.
public struct YAMLLimits: Sendable {
    /// Files larger than this are refused before parsing.
    public var maxBytes: Int = 1 << 20
    /// Collections nested deeper than this are refused.
    public var maxDepth: Int = 64
    /// The total number of nodes that aliases may add by expansion.
    public var maxAliasExpansion: Int = 10_000

    public init() {}
    public static let `default` = YAMLLimits()
}
