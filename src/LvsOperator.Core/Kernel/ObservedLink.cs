namespace LvsOperator.Core.Kernel;

public sealed record ObservedLink(string Name, bool IsUp);
