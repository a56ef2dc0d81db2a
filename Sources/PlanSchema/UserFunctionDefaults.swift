import PlanDiagnostics
import PlanSpec
import PlanSQL

/// An `add_column` default calling a function an earlier `sql` change (of this spec or an
/// earlier one) created VOLATILE, or with no volatility written (PostgreSQL takes VOLATILE):
/// compiled as `volatile: true`, with warning W0104, as a volatile built-in is by
/// `VolatileDefaults` at load time. A function created IMMUTABLE or STABLE is computed once.
extension SpecReplay {
    func volatileUserDefault(_ change: inout Change) -> Diagnostic? {
        guard spec.dialects.contains(.postgresql), case var .addColumn(op) = change.operation, var value = op.column.defaultValue,
              !value.volatile, let read = change.sqlReads.first(where: { $0.field == .defaultValue }) else { return nil }
        for function in read.functions where function.schema == nil || function.schema == "public" {
            guard model.functionVolatility[function.name] == .volatile else { continue }
            value.volatile = true
            op.column.defaultValue = value
            change.operation = .addColumn(op)
            let (message, fix) = VolatileDefaults.warning(op, call: function.name, dialect: .postgresql, own: true)
            return Diagnostic(.volatileDefault, message, at: function.location, fix: fix, severity: .warning)
        }
        return nil
    }
}
