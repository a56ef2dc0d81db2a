/// The keys of format 1 exactly as the decoder allows them, for tools built on the same
/// model (`plancc schema`), so that editor completion cannot drift from what plancc reads.
public enum Vocabulary {
    public static var topLevelKeys: [String] { SpecLoader.topLevelKeys }
    public static var rolloutKeys: [String] { SpecLoader.rolloutKeys }
    public static var columnKeys: [String] { DiagnosticSink.columnKeys }
    /// `column`, `value`, `sql` and the dialect names.
    public static var expressionForms: [String] { DiagnosticSink.expressionForms }
    /// An index column as a mapping: `{ name, prefix }`, the prefix within `indexPrefixLengths`.
    public static let indexColumnKeys = ["name", "prefix"]
    public static let indexPrefixLengths: ClosedRange<Int> = 1...3072
    /// What `tables.<name>` may say of a table.
    public static let tableFactKeys = ["rows"]
}
