// LadderAnalysis
