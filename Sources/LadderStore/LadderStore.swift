// LadderStore
