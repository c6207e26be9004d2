// LadderSpec
