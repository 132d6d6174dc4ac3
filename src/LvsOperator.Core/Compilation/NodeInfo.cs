namespace LvsOperator.Core.Compilation;

/// <summary>A node that runs the agent, with the labels director selection matches.</summary>
public sealed record NodeInfo(string Name, IReadOnlyDictionary<string, string> Labels);
