// LadderSubset
