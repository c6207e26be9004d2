// LadderReport
