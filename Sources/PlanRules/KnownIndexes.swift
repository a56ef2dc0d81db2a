/// The indexes the schema history knows on each table before the spec (PlanccKit fills it from
/// the schema model): rules that ask whether a column list is indexed read the spec's own
/// indexes and these.
public struct KnownIndexes: Sendable {
    /// Per table, the column lists of its primary key and indexes (unique constraints included).
    public var columns: [String: [[String]]]
    /// Tables the history knows whole (created by a baseline or create_table): an index not listed
    /// for them does not exist, as far as the specs say.
    public var complete: Set<String>

    public init(columns: [String: [[String]]] = [:], complete: Set<String> = []) {
        self.columns = columns
        self.complete = complete
    }
}
