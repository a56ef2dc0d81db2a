import PlanDiagnostics

/// Help for analysis rule ids in SARIF output; filled from the rule registry.
enum RuleHelpCatalog {
    static var sarifRules: [SARIFRenderer.RuleHelp] { [] }
}
