// LadderPython
