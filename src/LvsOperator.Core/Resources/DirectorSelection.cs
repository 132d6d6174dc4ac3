namespace LvsOperator.Core.Resources;

/// <summary>Which nodes act as directors for a VirtualService.</summary>
public sealed record DirectorSelection
{
    /// <summary>Nodes whose labels match all of these; absent means every node running the agent.</summary>
    public IReadOnlyDictionary<string, string>? NodeSelector { get; init; }
}
