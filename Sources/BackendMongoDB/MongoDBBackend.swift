import Planner
import PlanSpec

/// mongosh scripts for `mongosh "$URI" FILE`: top-level `await`, the mongosh subset in
/// Runtime.swift, and every value written as JSON. docs/mongodb.md says what is covered.
public struct MongoDBBackend: LoweringBackend {
    public init() {}
    public var dialect: Dialect { .mongodb }

    public func render(_ plan: Plan) -> [GeneratedFile] { lower(plan).files }

    /// The scripts, with a statement for each call a step's code makes, as the writer of the step
    /// stated it (`StepCode.Call`, `Statements.of`), so the records say what the mongosh scripts
    /// do: no lock timeouts and so no retries, document locks per batch, an exclusive collection
    /// lock for a catalog change.
    public func lower(_ plan: Plan) -> Lowered {
        let facts = PlanFacts(plan)
        var statements: [Statement] = []
        let files = Phase.allCases.map { phase in
            let context = StepContext(facts: facts, phase: phase, rollout: plan.spec.rollout)
            let steps: [(StepOrigin, StepCode)] = phase == .verify
                ? plan.verify.map { ($0.origin, VerifyChecks.render($0.expectation, facts)) }
                : plan.steps(in: phase).enumerated().map { index, step in
                    var context = context
                    context.subject = "change \(step.origin.changeIndex) (\(step.origin.operation))"
                    let code = Self.render(step.action, context)
                    statements += Statements.of(code, origin: step.origin, phase: phase)
                    // A step on a collection that a later step renames runs only while the rename is
                    // still to do: on a re-run it would make the old collection again.
                    guard let target = Plan.renameTarget(of: step, after: index, in: plan.steps(in: phase)), code.hasCode else {
                        return (step.origin, code)
                    }
                    return (step.origin, code.wrapped("if (!(await planccInfo(\(JS.string(target))))) {"))
                }
            let deferred = phase == .contract ? Self.deferredRequirements(plan, context) : []
            statements.insert(contentsOf: deferred.flatMap { Statements.of($0.1, origin: $0.0, phase: phase) },
                              at: statements.firstIndex { $0.phase == phase } ?? statements.endIndex)
            return GeneratedFile(path: "mongodb/\(phase.rawValue).js", contents: script(plan, phase, deferred + steps))
        }
        return Lowered(statements: statements, files: files)
    }

    /// Fields an expand/contract forward added without `required` (MongoDB keeps no defaults,
    /// so old code's inserts would be refused): contract requires them first, on the collection
    /// under the name it has when contract runs (a rename later in forward moved it; the old
    /// name is then a read-only view). A collection forward soft-dropped is left alone: contract
    /// drops it.
    static func deferredRequirements(_ plan: Plan, _ context: StepContext) -> [(StepOrigin, StepCode)] {
        guard plan.spec.rollout.mode == .expandContract else { return [] }
        return plan.forward.enumerated().compactMap { index, step in
            guard case let .addColumn(t, column) = step.action else { return nil }
            let name = nameAtContract(t, after: index, in: plan.forward)
            guard name != Plan.graveyardName(t), let code = ColumnSteps.requireAdded(table: name, column: column, context) else { return nil }
            return (step.origin, code)
        }
    }

    /// The collection `table` is after the renames of `steps` that follow `index`.
    static func nameAtContract(_ table: String, after index: Int, in steps: [Step]) -> String {
        var name = table
        for step in steps.dropFirst(index + 1) {
            if case let .renameTable(from, to) = step.action, from == name { name = to }
        }
        return name
    }

    private func script(_ plan: Plan, _ phase: Phase, _ steps: [(StepOrigin, StepCode)]) -> String {
        var script = ScriptBuilder(commentPrefix: "//")
        script.header(plan: plan, phase: phase, dialect: dialect,
                      notes: ["Uses top-level await; every call is awaited (docs/mongodb.md)."])
        guard !steps.isEmpty else {
            script.nothingToDo(phase)
            return script.text
        }
        let runsCode = steps.contains { $0.1.hasCode }
        if runsCode {
            script.raw(Runtime.core)
            if phase == .verify { script.line(); script.raw(Runtime.verify) }
            script.line()
        }
        for (origin, code) in steps {
            script.origin(origin)
            for line in code.lines { script.line(line) }
            script.line()
        }
        if phase == .verify {
            script.raw("""
            if (planccProblems.length > 0) {
              throw new Error(`verify found ${planccProblems.length} problem(s):\\n  - ${planccProblems.join("\\n  - ")}`);
            }
            print("verify: the change is in place");
            """)
        } else if runsCode {
            script.line("print(\(JS.string("\(phase.rawValue): done")));")
        }
        return script.text
    }

    static func render(_ action: Action, _ context: StepContext) -> StepCode {
        switch action {
        case let .createTable(op): TableSteps.create(op)
        case let .dropTable(t): TableSteps.drop(t)
        case let .renameTable(from, to): TableSteps.rename(from: from, to: to)
        case let .createCompatibilityView(view, table): TableSteps.compatibilityView(view: view, table: table)
        case let .dropView(view): TableSteps.dropView(view)
        case let .addColumn(t, column): ColumnSteps.add(table: t, column: column, context)
        case let .addShadowColumn(t, column, like, type): ColumnSteps.addShadow(table: t, field: column, like: like, type: type)
        case let .dropColumn(t, c): ColumnSteps.drop(table: t, field: c, context)
        case let .renameColumn(t, from, to): ColumnSteps.rename(table: t, from: from, to: to, context)
        case let .alterColumnType(t, c, type, using): ColumnSteps.alterType(table: t, field: c, type: type, using: using, context)
        case let .setNotNull(t, c, _): ColumnSteps.setNotNull(table: t, field: c)
        case let .dropNotNull(t, c, _): ColumnSteps.dropNotNull(table: t, field: c)
        case let .setDefault(t, c, _, _), let .dropDefault(t, c, _): ColumnSteps.defaultChange(table: t, field: c)
        case let .adoptColumnAttributes(t, from, to, includeDefault):
            AdoptAttributes.render(table: t, from: from, to: to, includeSchema: includeDefault)
        case let .requireCopied(t, from, to, value, _): DataSteps.requireCopied(table: t, from: from, to: to, value: value)
        case let .releaseNotNull(t, c): ColumnSteps.releaseRequired(table: t, field: c)
        case let .restoreNotNull(t, c, original): ColumnSteps.restoreRequired(table: t, field: c, original: original)
        case let .createIndex(t, name, shape): IndexSteps.create(table: t, name: name, shape: shape)
        case let .dropIndex(t, name): IndexSteps.drop(table: t, name: name)
        case let .addPrimaryKey(_, name, _): ConstraintSteps.notEnforced("primary keys besides _id", name)
        case let .addForeignKey(_, name, _, _): ConstraintSteps.notEnforced("foreign keys", name)
        case let .addCheck(t, name, expression, _): ConstraintSteps.addCheck(table: t, name: name, expression: expression)
        case let .addNotNullCheck(t, _, column): ColumnSteps.proveNotNull(table: t, field: column)
        case let .addUnique(t, name, columns): IndexSteps.create(table: t, name: name, fields: columns, unique: true, filter: nil)
        case let .validateConstraint(t, name): ConstraintSteps.validate(table: t, name: name, context)
        case let .dropConstraint(t, name): ConstraintSteps.drop(table: t, name: name, context)
        case let .backfill(work): DataSteps.backfill(work, context)
        case let .installSyncTrigger(sync): DataSteps.installSync(sync)
        case let .dropSyncTrigger(t, name): DataSteps.dropSync(table: t, name: name, context)
        case let .raw(text): DataSteps.raw(text)
        case let .authorCode(author): AuthorCodeSteps.render(author, subject: context.subject)
        case let .forgetAuthorCode(entry): AuthorCodeSteps.forget(entry)
        case let .note(text): .comment(text)
        }
    }
}
