// LadderEngines
