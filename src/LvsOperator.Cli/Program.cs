return LvsOperator.Cli.LvsCtl.Run(args, Console.Out, Console.Error);
