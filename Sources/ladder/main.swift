import LadderCLI
LadderMain.main()
