// LadderPlan
