// LadderScoring
