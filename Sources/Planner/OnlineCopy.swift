import PlanSpec

/// What the schema history knows of a table's foreign keys and triggers: they decide which
/// online schema change tool can copy a large MySQL table (PlanccKit fills it from the model).
public struct TableLinks: Sendable, Equatable {
    /// Foreign keys on the table or referencing it, as `orders.orders_user_fk to users`; nil when
    /// the history cannot tell (no baseline, or author SQL since).
    public var foreignKeys: [String]?
    /// Triggers on the table; nil when the history cannot tell. Specs make no triggers but
    /// plancc's own sync triggers, and a baseline cannot list any, so only an empty list
    /// under a strict history is "none known".
    public var triggers: [String]?

    public init(foreignKeys: [String]?, triggers: [String]?) {
        self.foreignKeys = foreignKeys
        self.triggers = triggers
    }
}

/// The two online schema change tools a table-copying MySQL step can hand over to.
public enum OnlineCopyTool: String, Sendable, CaseIterable {
    /// Copies rows in chunks and applies concurrent writes from the binlog: no triggers on the
    /// table. It supports neither foreign keys nor tables with triggers (it refuses to start),
    /// nor MariaDB.
    case ghost = "gh-ost"
    /// Copies rows in chunks while triggers mirror writes; re-points child tables' foreign keys
    /// (`--alter-foreign-keys-method`) and keeps the table's own triggers (`--preserve-triggers`).
    case ptOnlineSchemaChange = "pt-online-schema-change"
}

/// A step that copies a MySQL table (ALGORITHM=COPY, writes wait): above
/// `rollout.online_copy_rows` the script stops before it and names the command to run instead.
public struct OnlineCopy: Sendable {
    public var phase: Phase
    public var origin: StepOrigin
    public var table: String
    public var choice: OnlineCopyChoice
    /// The ready-to-run command of each tool the choice leaves open, in `OnlineCopyTool` order.
    public var commands: [(tool: OnlineCopyTool, text: String)]

    public init(phase: Phase, origin: StepOrigin, table: String, choice: OnlineCopyChoice,
                commands: [(tool: OnlineCopyTool, text: String)]) {
        self.phase = phase; self.origin = origin; self.table = table; self.choice = choice; self.commands = commands
    }
}

/// Which tool fits a table, and why.
public struct OnlineCopyChoice: Sendable, Equatable {
    /// nil: the history cannot tell; the script then picks from information_schema when it stops.
    public var tool: OnlineCopyTool?
    public var reason: String
    /// Whether pt-online-schema-change must handle foreign keys (`--alter-foreign-keys-method`:
    /// known to exist, or not known to be absent) and triggers (`--preserve-triggers`).
    public var foreignKeys = true
    public var triggers = true

    /// gh-ost where the table has neither foreign keys nor triggers, pt-online-schema-change
    /// where it has either (or the server is MariaDB), from what the history and the plan know.
    public static func choose(for table: String, in plan: Plan) -> OnlineCopyChoice {
        let links = plan.tableLinks[table]
        let keys = (links?.foreignKeys ?? []) + plan.foreignKeysAdded(on: table)
        let triggers = (links?.triggers ?? []) + plan.syncTriggers(on: table)
        let t = "'\(table)'"
        // pt-online-schema-change handles foreign keys unless they are known to be absent, and
        // triggers always: a baseline cannot list triggers, and --preserve-triggers costs nothing without them.
        let handleKeys = !keys.isEmpty || links?.foreignKeys == nil, handleTriggers = true
        if !keys.isEmpty || !triggers.isEmpty {
            let what = [keys.isEmpty ? nil : "foreign keys (\(keys.joined(separator: ", ")))",
                        triggers.isEmpty ? nil : "triggers (\(triggers.joined(separator: ", ")))"].compactMap { $0 }
            return OnlineCopyChoice(tool: .ptOnlineSchemaChange, reason: "\(t) has \(what.joined(separator: " and ")), which gh-ost does not support",
                                    foreignKeys: handleKeys, triggers: handleTriggers)
        }
        if plan.spec.targets.mySQLServer.isMariaDB {
            return OnlineCopyChoice(tool: .ptOnlineSchemaChange,
                                    reason: "the target is \(plan.spec.targets.mySQLServer.displayName), which gh-ost does not support",
                                    foreignKeys: handleKeys, triggers: handleTriggers)
        }
        if links?.foreignKeys != nil, links?.triggers != nil {
            return OnlineCopyChoice(tool: .ghost, reason: """
                the schema history (a baseline, no author SQL since) shows no foreign key on or to \(t) and no trigger on it; \
                gh-ost refuses to start on a table with triggers or foreign keys, so one made outside plancc stops it before it copies
                """)
        }
        return OnlineCopyChoice(tool: nil, reason: """
            the schema history cannot tell whether \(t) has foreign keys or triggers (no baseline, or author SQL since): \
            gh-ost if it has neither, pt-online-schema-change otherwise; the script's stop message names the one information_schema calls for
            """)
    }
}

extension Plan {
    /// Every step of the forward, backfill, contract and rollback scripts, with its phase.
    var allSteps: [(phase: Phase, step: Step)] {
        [Phase.forward, .backfill, .contract, .rollback].flatMap { phase in steps(in: phase).map { (phase, $0) } }
    }

    /// Foreign keys any script of the plan adds on `table` or pointing at it (taken to exist
    /// whenever the table is copied: the cautious reading).
    func foreignKeysAdded(on table: String) -> [String] {
        var names: [String] = []
        for (_, step) in allSteps {
            guard case let .addForeignKey(t, name, shape, _) = step.action,
                  t == table || shape.referencedTable.value == table else { continue }
            let text = "\(t).\(name) to \(shape.referencedTable.value)"
            if !names.contains(text) { names.append(text) }
        }
        return names
    }

    /// The sync triggers plancc itself installs on `table` (expand_contract).
    func syncTriggers(on table: String) -> [String] {
        var names: [String] = []
        for (_, step) in allSteps {
            if case let .installSyncTrigger(trigger) = step.action, trigger.table == table, !names.contains(trigger.name) {
                names.append(trigger.name)
            }
        }
        return names
    }
}
