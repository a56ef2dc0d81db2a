import PlanSpec

/// Every analysis rule, in the order `plancc rules` and `docs/rules.md` list them: first the
/// risk of each operation (the contract's table), then the impact rules. A rule file under
/// `Rules/` that is missing here, or an id listed twice, fails `RuleRegistryTests`.
public enum RuleRegistry {
    public static let all: [any Rule.Type] = [
        CreateTableRule.self, DropTableRule.self, RenameTableRule.self,
        AddNullableColumnRule.self, AddNotNullColumnRule.self, DropColumnRule.self, RenameColumnRule.self,
        AlterColumnTypeRule.self, SetNotNullRule.self, DropNotNullRule.self, ChangeDefaultRule.self,
        CreateIndexRule.self, DropIndexRule.self, AddPrimaryKeyRule.self, AddForeignKeyRule.self,
        AddCheckRule.self, DropConstraintRule.self, BackfillRule.self, RawSQLRule.self,
        // Impact rules: what the operation table alone does not see.
        BackfillManyRowsRule.self, BackfillLargeTableRule.self, UniqueOnLargeTableRule.self,
        TypeChangeRewritesTableRule.self, NarrowingTypeChangeRule.self, NotNullWithoutBackfillRule.self,
        ForeignKeyWithoutIndexRule.self, RawSQLWithoutRollbackRule.self, RenameInSingleStepRule.self,
        DropCreatedInSpecRule.self, UnrelatedTablesRule.self, ShadowColumnLosesAttributesRule.self,
        CascadeOnLargeTableRule.self, BackfillKeyWithoutIndexRule.self, EnumValuesChangedRule.self,
    ]

    /// The rule with this id.
    public static func rule(_ id: String) -> (any Rule.Type)? {
        all.first { $0.id == id }
    }

    /// Ids that occur more than once in `rules`, in first-seen order.
    public static func duplicateIDs(in rules: [any Rule.Type]) -> [String] {
        var seen: Set<String> = [], duplicates: [String] = []
        for rule in rules where !seen.insert(rule.id).inserted && !duplicates.contains(rule.id) {
            duplicates.append(rule.id)
        }
        return duplicates
    }

    /// The position of a rule in `all`, to order findings at the same place.
    static func order(of id: String) -> Int {
        all.firstIndex { $0.id == id } ?? all.count
    }
}
