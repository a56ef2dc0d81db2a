import Planner

public let version = PlanccVersion.current
