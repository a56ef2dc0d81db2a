import PlanSpec

/// What the application's code must do around each phase for a change to be safe.
enum ApplicationImpacts {
    static func steps(_ change: Change, _ spec: SpecFacts) -> [ApplicationStep] {
        let soft = spec.expandContract
        switch change.operation {
        case let .createTable(op):
            return [.init(.afterForward, "Code may start using table '\(op.table)'.")]
        case let .dropTable(op):
            return [.init(.beforeForward, "Remove every read and write of table '\(op.table)' and deploy that first.")]
        case let .renameTable(op):
            return soft
                ? [.init(.afterForward, "Move every reader and writer from '\(op.from)' to '\(op.to)'; the old name is a view until contract."),
                   .init(.beforeContract, "Make sure nothing uses '\(op.from)' any more.")]
                : [.init(.beforeForward, "Deploy code using '\(op.to)' together with forward: code using '\(op.from)' fails from forward on.")]
        case let .addColumn(op):
            var steps = [ApplicationStep(.afterForward, "Code may read and write '\(op.table).\(op.column.name)'.")]
            if !op.column.nullable && op.column.defaultValue == nil {
                steps.insert(.init(.beforeForward, "Every insert into '\(op.table)' must set '\(op.column.name)'."), at: 0)
            }
            if let value = op.column.defaultValue, !value.volatile, !op.column.nullable, spec.spec.dialects.contains(.mongodb) {
                steps.append(.init(soft ? .beforeContract : .afterForward, "MongoDB keeps no defaults: "
                    + (soft ? "'\(op.table).\(op.column.name)' is required there only from contract, which gives the default to documents old code inserted without it; from then on "
                        : "from forward on ")
                    + "every insert into '\(op.table)' must set '\(op.column.name)' there."))
            }
            return steps
        case let .dropColumn(op):
            return [.init(.beforeForward, "Remove every read and write of '\(op.table).\(op.column)' (including SELECT * mappings) and deploy that first.")]
        case let .renameColumn(op):
            let mongo = spec.spec.dialects.contains(.mongodb)
            return soft
                ? [.init(.afterForward, "Move reads and writes from '\(op.from)' to '\(op.to)'; \(mongo ? "on SQL " : "")both stay in sync until contract. "
                        + "Until contract, where '\(op.from)' has a default, an insert that sets '\(op.to)' to NULL explicitly gets that default instead "
                        + "(the default fills '\(op.from)' and the sync copies it): write the value meant, or leave the column out."
                        + (mongo ? " MongoDB has no triggers, so nothing keeps them in sync there: until contract new code must write both "
                            + "'\(op.from)' and '\(op.to)' (the same value), and read '\(op.to)' knowing that what old code writes to '\(op.from)' "
                            + "reaches it only when backfill runs." : "")),
                   .init(.beforeContract, "Make sure nothing uses '\(op.table).\(op.from)' any more."
                        + (mongo ? " On MongoDB run backfill again now: it copies what old code wrote to '\(op.from)' since the first run; "
                            + "contract refuses while a document is not copied." : ""))]
                : [.init(.beforeForward, "Deploy code using '\(op.to)' together with forward: code using '\(op.from)' fails from forward on.")]
        case let .alterColumnType(op):
            let phase: ApplicationStep.When = soft ? .beforeContract : .beforeForward
            return [.init(phase, "Code reading or writing '\(op.table).\(op.column)' must handle \(op.type.description)."
                          + (soft && spec.spec.dialects.contains(.mongodb)
                              ? " On MongoDB run backfill again once no old code runs: with no triggers, it copies what was written to "
                                + "'\(op.column)' since the first run; contract refuses while a document is not copied." : ""))]
        case let .setNotNull(op):
            return soft
                ? [.init(.beforeContract, "Every insert and update of '\(op.table)' must write a non-NULL '\(op.column)', and no row may be left NULL: contract refuses while one is.")]
                : [.init(.beforeForward, "Every insert and update of '\(op.table)' must write a non-NULL '\(op.column)'.")]
        case let .dropNotNull(op):
            return [.init(.beforeForward, "Every reader of '\(op.table).\(op.column)' must handle NULL before code starts writing it.")]
        case let .setDefault(op):
            return [.init(.afterForward, "Inserts that leave out '\(op.table).\(op.column)' now get the new default.")]
        case let .dropDefault(op):
            return [.init(.beforeForward, "Every insert into '\(op.table)' must set '\(op.column)' itself.")]
        case let .createIndex(op):
            return op.unique ? [.init(.beforeForward, "Code must stop writing duplicates of (\(op.columns.map(\.name.value).joined(separator: ", "))) in '\(op.table)'.")] : []
        case .dropIndex:
            return []
        case let .addPrimaryKey(op):
            return [.init(.beforeForward, "Code must stop writing duplicate or NULL keys into '\(op.table)'.")]
        case let .addForeignKey(op):
            return [.init(.beforeForward, "Code must write only '\(op.table)' rows whose (\(op.foreignKey.columns.map(\.value).joined(separator: ", "))) exist in '\(op.foreignKey.referencedTable)'.")]
        case let .addCheck(op):
            return [.init(.beforeForward, "Code must write only '\(op.table)' rows that satisfy check '\(op.name)'.")]
        case let .dropConstraint(op):
            return [.init(.afterForward, "Code must no longer rely on constraint '\(op.name)' to refuse bad rows.")]
        case let .backfill(op):
            return [.init(.afterBackfill, "Code may rely on the backfilled values of '\(op.table)' once the backfill has finished.")]
        case .sql:
            return [.init(.beforeForward, "Review what the hand-written code changes for the application; plancc cannot tell.")]
        }
    }
}
