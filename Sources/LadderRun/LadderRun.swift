// LadderRun
