import FrontlineCLI

// The executable stays thin: parsing, running and mapping errors to exit codes live in FrontlineCLI.
Frontline.main()
